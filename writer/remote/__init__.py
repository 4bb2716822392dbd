"""The server backend: Writer's requests answered by an OpenAI-compatible inference server
(llama.cpp's llama-server, vLLM, Ollama, LM Studio, llama-cpp-python's server). No Qt here."""
