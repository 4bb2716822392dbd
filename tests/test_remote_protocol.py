"""The server backend's protocol: server-sent events parsed whatever the chunking, and every
kind of misbehaving server turned into a sentence, against a scripted server of the tests' own."""

from __future__ import annotations

import json
import threading
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import fuzz_examples, wait_until
from tests.scripted_server import ScriptedServer, chunk, send_json, start_events, write
from writer.generation.requests import CancelToken, ContinuationRequest
from writer.generation.results import FinishReason
from writer.remote.backend import ServerBackend
from writer.remote.client import (
    BadReply,
    Busy,
    Endpoint,
    HttpClient,
    NotFound,
    Unauthorized,
    Unreachable,
)
from writer.remote.sse import MAX_EVENT_BYTES, Event, SSEError, SSEParser

# server-sent events ------------------------------------------------------------------------
event_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), max_size=40
)
events = st.lists(
    st.tuples(event_text, st.sampled_from(["message", "ping", "done"])), min_size=1, max_size=8
)
newlines = st.sampled_from([b"\n", b"\r\n", b"\r"])


def serialise(items: list[tuple[str, str]], newline: bytes) -> bytes:
    out = b": a comment the parser skips" + newline
    for data, name in items:
        if name != "message":
            out += b"event: " + name.encode() + newline
        for line in data.split("\n"):
            out += b"data: " + line.encode("utf-8") + newline
        out += newline
    return out


def split_at(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({c % (len(data) + 1) for c in cuts})
    pieces, last = [], 0
    for p in points:
        pieces.append(data[last:p])
        last = p
    pieces.append(data[last:])
    return pieces


@settings(max_examples=fuzz_examples(300), suppress_health_check=[HealthCheck.too_slow])
@given(events, newlines, st.lists(st.integers(min_value=0, max_value=10_000), max_size=12))
def test_events_are_the_same_however_the_bytes_are_cut(items, newline, cuts) -> None:
    """A stream cut anywhere (inside a UTF-8 character, between CR and LF) parses to the same
    events as the whole stream."""
    data = serialise(items, newline)
    whole = SSEParser().feed(data)
    parser = SSEParser()
    got: list[Event] = []
    for piece in split_at(data, cuts):
        got += parser.feed(piece)
    assert got == whole
    expected = [Event(text, name) for text, name in items]
    # an event with empty data is still an event (one empty data line)
    assert [(e.data, e.event) for e in got] == [(e.data, e.event) for e in expected]


@settings(max_examples=fuzz_examples(300))
@given(st.binary(max_size=2000), st.lists(st.integers(min_value=0, max_value=5000), max_size=6))
def test_any_bytes_give_events_or_a_sentence(data, cuts) -> None:
    """Whatever a server sends, the parser returns events or raises SSEError with a sentence,
    quickly and holding no more than its bound."""
    parser = SSEParser(max_event_bytes=512)
    started = time.perf_counter()
    problem = ""
    try:
        for piece in split_at(data, cuts):
            for event in parser.feed(piece):
                assert isinstance(event.data, str)
    except SSEError as exc:
        problem = str(exc)
    assert not problem or problem.startswith("the server sent")
    assert time.perf_counter() - started < 1.0
    assert len(parser._buffer) <= 512


def test_an_endless_line_is_refused_within_the_bound() -> None:
    parser = SSEParser()
    for _ in range(MAX_EVENT_BYTES // 65536 - 1):
        parser.feed(b"x" * 65536)
    with pytest.raises(SSEError, match="longer than"):
        parser.feed(b"x" * 2 * 65536)


# endpoints -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "root", "host"),
    [
        ("localhost:8080", "http://localhost:8080", "localhost:8080"),
        ("http://gpu-box:8000/v1", "http://gpu-box:8000", "gpu-box:8000"),
        ("https://api.example.com/v1/", "https://api.example.com", "api.example.com"),
        ("http://127.0.0.1:9000/prefix", "http://127.0.0.1:9000/prefix", "127.0.0.1:9000"),
        # an endpoint's address copied from a guide: the root before it
        ("http://127.0.0.1:8490/v1/chat/completions", "http://127.0.0.1:8490", "127.0.0.1:8490"),
        ("http://gpu-box:8000/v1/completions/", "http://gpu-box:8000", "gpu-box:8000"),
        ("http://127.0.0.1:8080/completion", "http://127.0.0.1:8080", "127.0.0.1:8080"),
        ("https://proxy.example/api/v1/models", "https://proxy.example/api", "proxy.example"),
    ],
)
def test_a_server_address_is_read_as_a_writer_types_it(typed: str, root: str, host: str) -> None:
    endpoint = Endpoint.parse(typed)
    assert endpoint.url == root
    assert endpoint.host == host


@pytest.mark.parametrize("typed", ["", "ftp://host", "http://:80", "http://host:99999"])
def test_a_bad_server_address_is_a_sentence(typed: str) -> None:
    with pytest.raises(ValueError, match=r"\."):
        Endpoint.parse(typed)


# a scripted server -----------------------------------------------------------------------------
def completions(*scripts):
    def route(server: ScriptedServer) -> None:
        server.route("POST", "/v1/completions", *scripts)

    return route


def no_extras(handler, body) -> None:
    """The discovery probes: one choice, no log-probabilities."""
    send_json(handler, {"choices": [{"index": 0, "text": " x", "finish_reason": "length"}]})


@pytest.fixture
def server():
    with ScriptedServer() as s:
        yield s


def backend_for(server: ScriptedServer, *stream_scripts, key: str | None = None) -> ServerBackend:
    server.route("POST", "/v1/completions", no_extras, no_extras, *stream_scripts)
    return ServerBackend(Endpoint.parse(server.url, key))


def run(backend: ServerBackend, text: str = "Once upon a time,", cancel: CancelToken | None = None):
    stream = backend.continuation(ContinuationRequest(text, stop_at="none"), cancel)
    pieces = [p.text for p in stream]
    return pieces, stream.stats


def test_a_character_cut_between_chunks_arrives_whole(server: ScriptedServer) -> None:
    def script(handler, _body) -> None:
        start_events(handler)
        data = chunk(" 灯塔", -0.1) + chunk("看守人", -0.2) + b"data: [DONE]\n\n"
        cut = data.index("塔".encode()) + 1  # inside the character's three bytes
        write(handler, data[:cut], 0.05)
        write(handler, data[cut:])

    pieces, stats = run(backend_for(server, script))
    assert "".join(pieces) == " 灯塔看守人"
    assert stats.finish_reason == FinishReason.END
    assert stats.token_probs == pytest.approx([0.905, 0.819], abs=1e-3)


def test_a_servers_suggestion_obeys_the_confidence_cut_off(server: ScriptedServer) -> None:
    """The rules of generation/rules.py, as the local engine applies them: the first unsure
    token ends the text before it, UNSURE."""

    def script(handler, _body) -> None:
        start_events(handler)
        words = [(" The", -2.5), (" keeper", -0.1), (" perhaps", -2.0), (" climbed", -0.1)]
        write(handler, b"".join(chunk(w, lp) for w, lp in words) + b"data: [DONE]\n\n")

    backend = backend_for(server, script)
    stream = backend.continuation(ContinuationRequest("Once", stop_at="none", min_prob=0.3))
    assert [p.text for p in stream] == [" The", " keeper"]  # never cut at the first token
    assert stream.stats.finish_reason == FinishReason.UNSURE


def test_a_servers_alternatives_never_repeat_the_text_after_the_cursor(
    server: ScriptedServer,
) -> None:
    """An alternative obeys the rules of every suggestion, from a server as from the engine: it
    ends before it repeats what follows the cursor."""

    def answer(handler, _body) -> None:
        text = " slept quietly on the rug by the fire."  # it spells the word at the cursor
        send_json(handler, {"choices": [{"index": 0, "text": text, "finish_reason": "stop"}]})

    backend = backend_for(server, answer)
    request = ContinuationRequest("The cat slept", after=" on the rug by the fire.")
    found = backend.alternatives(request, 1).items
    assert [alt.text for alt in found] == [" quietly"]


def test_a_malformed_event_is_a_sentence(server: ScriptedServer) -> None:
    def script(handler, _body) -> None:
        start_events(handler)
        write(handler, chunk(" fine") + b"data: {not json\n\n")

    with pytest.raises(BadReply, match="cannot read: an event is not JSON"):
        run(backend_for(server, script))


def test_a_stream_cut_before_its_end_is_a_sentence(server: ScriptedServer) -> None:
    def script(handler, _body) -> None:
        start_events(handler)
        write(handler, chunk(" half"))  # and the connection closes: no [DONE]

    with pytest.raises(BadReply, match="stopped in the middle of its answer"):
        run(backend_for(server, script))


def test_a_busy_server_is_asked_again_after_retry_after(server: ScriptedServer) -> None:
    def busy(handler, _body) -> None:
        send_json(handler, {"error": {"message": "busy"}}, 503, {"Retry-After": "1"})

    def fine(handler, _body) -> None:
        start_events(handler)
        write(handler, chunk(" at last", finish="stop") + b"data: [DONE]\n\n")

    backend = backend_for(server, busy, fine)
    started = time.perf_counter()
    pieces, _stats = run(backend)
    assert "".join(pieces) == " at last"
    assert time.perf_counter() - started >= 0.95


def test_a_server_busy_for_too_long_says_so(server: ScriptedServer) -> None:
    def busy(handler, _body) -> None:
        send_json(handler, {}, 429, {"Retry-After": "3600"})

    with pytest.raises(Busy, match=r"busy \(HTTP 429\)"):
        run(backend_for(server, busy))


def test_a_wrong_key_is_a_sentence(server: ScriptedServer) -> None:
    def refuse(handler, _body) -> None:
        send_json(handler, {"error": {"message": "Invalid API key"}}, 401)

    server.route("GET", "/v1/models", refuse)
    with pytest.raises(Unauthorized, match="refused Writer's API key"):
        ServerBackend(Endpoint.parse(server.url, "wrong"))
    assert server.requests[-1][3].get("Authorization") == "Bearer wrong"


def test_a_model_the_server_lacks_is_a_sentence(server: ScriptedServer) -> None:
    with pytest.raises(NotFound, match="no model called 'llama-70b'.*scripted"):
        ServerBackend(Endpoint.parse(server.url), "llama-70b")


def test_a_refused_connection_is_a_sentence() -> None:
    with ScriptedServer() as gone:
        url = gone.url
    with pytest.raises(Unreachable, match="connection was refused. Is the server running"):
        ServerBackend(Endpoint.parse(url))


def test_cancel_closes_the_stream_at_once_and_shows_nothing_more(server: ScriptedServer) -> None:
    def slow(handler, _body) -> None:
        start_events(handler)
        for word in [" one", " two", " three", " four", " five", " six"]:
            write(handler, chunk(word), 0.3)
        write(handler, b"data: [DONE]\n\n")

    backend = backend_for(server, slow)
    cancel = CancelToken()
    stream = backend.continuation(ContinuationRequest("Count", stop_at="none"), cancel)
    pieces = []
    started = None
    for piece in stream:
        pieces.append(piece.text)
        if len(pieces) == 1:
            threading.Timer(0.05, cancel.cancel).start()
            started = time.perf_counter()
    ended = time.perf_counter()
    assert pieces == [" one"]
    assert stream.stats.finish_reason == FinishReason.CANCELLED
    assert ended - started < 0.25  # not the 0.3 s until the server's next word


def test_the_next_request_after_a_failure_works(server: ScriptedServer) -> None:
    def cut(handler, _body) -> None:
        start_events(handler)
        write(handler, chunk(" half"))

    def fine(handler, _body) -> None:
        start_events(handler)
        write(handler, chunk(" whole", finish="stop") + b"data: [DONE]\n\n")

    backend = backend_for(server, cut, fine)
    with pytest.raises(BadReply):
        run(backend)
    assert run(backend)[0] == [" whole"]


def test_discovery_finds_what_the_server_lacks(server: ScriptedServer) -> None:
    backend = backend_for(server)
    assert not backend.server.logprobs
    assert not backend.server.choices
    assert any("gives no confidence" in note for note in backend.info.notes)
    assert backend.info.host == server.httpd.server_address[0] + ":" + str(
        server.httpd.server_address[1]
    )


def test_a_prompt_keeps_its_start_while_the_writer_types(server: ScriptedServer) -> None:
    """Each keystroke's prompt begins with the same bytes as the last one's, so the server's
    prompt cache can reuse it."""

    def fine(handler, _body) -> None:
        start_events(handler)
        write(handler, chunk(" x", finish="stop") + b"data: [DONE]\n\n")

    backend = backend_for(server, fine)
    text = "The river was high. " * 3000  # longer than the server's context
    run(backend, text + "It")
    run(backend, text + "It rained")
    first, second = (json.dumps(r[2]["prompt"]) for r in server.requests[-2:])
    assert second.startswith(first[:-1])  # the first prompt's text, then what was typed


def test_the_http_client_keeps_one_connection_for_the_next_request(server: ScriptedServer) -> None:
    client = HttpClient(Endpoint.parse(server.url))
    client.get_json("/v1/models")
    kept = client._idle
    assert kept is not None
    client.get_json("/v1/models")
    assert client._idle is kept
    client.close()


def test_each_rewrite_retry_is_sampled_hotter_with_the_passage_last(server: ScriptedServer) -> None:
    """A Retry that keeps returning the passage unchanged is asked again hotter (the session's
    rule, generation/rewrite.py `retry_sampling`); the passage is the prompt's last part, so a
    llama.cpp server's prompt cache serves everything before it."""
    from writer.generation.requests import RewriteRequest
    from writer.generation.rewrite import PASSAGE_LABEL, retry_sampling

    def answer(handler, _body) -> None:
        start_events(handler)
        write(handler, b'data: {"choices": [{"delta": {"content": "Same."}}]}\n\n')
        write(handler, b"data: [DONE]\n\n")

    server.route("POST", "/v1/chat/completions", answer)
    backend = backend_for(server)
    for attempt in range(4):
        request = RewriteRequest("Same.", "Improve it.", "Before.", "After.", attempt=attempt)
        assert backend.rewrite(request).text() == "Same."
    bodies = [body for _m, path, body, _h in server.requests if path == "/v1/chat/completions"]
    temperatures = [body["temperature"] for body in bodies]
    assert temperatures[0] == 0
    assert temperatures[1:] == sorted(temperatures[1:])
    assert temperatures[3] > temperatures[1]
    assert [body.get("seed") for body in bodies] == [None, 1, 2, 3]
    assert temperatures == [retry_sampling(a)[0] for a in range(4)]
    user = bodies[0]["messages"][-1]["content"]
    assert user.startswith("Improve it.")
    assert user.endswith(f"{PASSAGE_LABEL}\nSame.")
    assert user.index("After.") < user.index(PASSAGE_LABEL)


def test_a_server_not_ready_when_writer_connects_is_asked_again_by_itself(
    qtbot, monkeypatch
) -> None:
    """A server whose model was not up yet (or not yet started) when Writer connected was
    never asked again: Writer stayed on No model until the address was changed. It is asked
    again by itself, and the status bar says so meanwhile."""
    from writer import app as app_module
    from writer.app import AppState
    from writer.documents.journal_writer import JournalWriter
    from writer.settings import Settings
    from writer.worker import EngineWorker

    def loading(handler, _body) -> None:  # a server whose model is not up yet
        send_json(handler, {"error": {"code": 500, "message": "model not loaded"}}, 500)

    monkeypatch.setattr(app_module, "RETRY_FIRST_S", 0.2)
    with ScriptedServer() as server:
        server.route("GET", "/v1/models", loading, loading, models_answer)
        server.route("POST", "/v1/completions", no_extras)
        worker = EngineWorker()
        worker.start()
        state = AppState(Settings(use_server=True, server_url=server.url), worker,
                         JournalWriter(None), None)
        window = state.new_window()
        said: list[str] = []  # (every sentence the status bar showed: another, the spelling's
        # on a loaded machine, may come over one before it is looked at)
        window.statusBar().messageChanged.connect(said.append)
        try:
            window.show()
            state.load_model()
            wait_until(lambda: any("asks it again" in m for m in said), 10_000)
            wait_until(lambda: worker.is_loaded, 10_000)
            assert worker.info.host is not None
            models_asked = [r for r in server.requests if r[1] == "/v1/models"]
            assert len(models_asked) >= 3
            # connected: the sentence that it failed goes, and no retry is left to run
            wait_until(lambda: any("reached the server" in m for m in said))
            assert not state.retrying
        finally:
            state._quitting = True
            window.close()
            worker.stop()


def test_a_server_that_refuses_the_key_is_not_asked_again_and_says_why(
    qtbot, monkeypatch
) -> None:
    """A server that was not up, then up and refusing Writer's key: asking again cannot help
    until the key changes, so it is not asked again once a minute, quietly, under a sentence
    that said Writer asks it again by itself; the refusal is said."""
    from writer import app as app_module
    from writer.app import AppState
    from writer.documents.journal_writer import JournalWriter
    from writer.settings import Settings
    from writer.worker import EngineWorker

    def loading(handler, _body) -> None:
        send_json(handler, {"error": {"code": 500, "message": "model not loaded"}}, 500)

    def refused(handler, _body) -> None:
        send_json(handler, {"error": {"code": 401, "message": "Invalid API Key"}}, 401)

    monkeypatch.setattr(app_module, "RETRY_FIRST_S", 0.2)
    with ScriptedServer() as server:
        server.route("GET", "/v1/models", loading, loading, refused)
        worker = EngineWorker()
        worker.start()
        state = AppState(Settings(use_server=True, server_url=server.url), worker,
                         JournalWriter(None), None)
        window = state.new_window()
        try:
            window.show()
            state.load_model()
            wait_until(lambda: "asks it again" in window.statusBar().currentMessage(), 10_000)
            wait_until(lambda: "API key" in window.statusBar().currentMessage(), 10_000)
            assert not state.retrying
            assert "asks it again" not in window.statusBar().currentMessage()
        finally:
            state._quitting = True
            window.close()
            worker.stop()


def models_answer(handler, _body) -> None:
    send_json(handler, {"object": "list", "data": [{"id": "scripted", "object": "model"}]})
