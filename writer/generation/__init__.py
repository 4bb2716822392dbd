"""What generation means in Writer, whichever backend generates: requests and results, the
backend protocol, and the rules every suggestion and rewrite obeys. No model code, no Qt:
`writer.engine` (llama.cpp in this process) and `writer.remote` (an inference server) both
implement it, and tests/test_boundaries.py keeps it that way."""
