"""The server backend against llama.cpp's own llama-server (and its layers spread over two
rpc-servers), built by packaging/llama_server.sh from the llama-cpp-python source release of
the in-process engine, on free ports of 127.0.0.1 with the starter model. Skipped, with the
reason, where the binaries are not built."""

from __future__ import annotations

import http.client
import re
import signal
import time
from contextlib import ExitStack
from pathlib import Path

import pytest

from tests.conftest import wait_until
from writer.assist.presets import PRESETS
from writer.bench.llama_server import NOT_BUILT, binaries, llama_server, rpc_server, rpc_servers
from writer.bench.remote import WORDS_PER_WRITER, free_port, load, wait_for_server
from writer.generation.requests import CancelToken, ContinuationRequest, RewriteRequest
from writer.generation.results import FinishReason
from writer.remote.backend import ServerBackend
from writer.remote.client import Endpoint, Unauthorized

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(binaries() is None, reason=NOT_BUILT),
]

STORY = "The history of the city begins in the twelfth century, when "
DOC = (
    "The lighthouse stood at the end of the long pier, and every evening the keeper climbed "
    "its hundred steps to light the lamp. The town below knew the rhythm of his days. "
) * 6


@pytest.fixture(scope="module")
def server(starter_model: Path):
    with llama_server(starter_model, n_ctx=2048, threads=1, parallel=4) as child:
        yield child


@pytest.fixture
def backend(server):
    b = ServerBackend(Endpoint.parse(server.address))
    yield b
    b.close()


@pytest.fixture(scope="module")
def tiny_server(tiny_model: Path):
    """llama-server with the tiny model (conftest): for what is counted in tokens and slots,
    a hundred times quicker to read than the starter."""
    with llama_server(tiny_model, n_ctx=2048, threads=1, parallel=4) as child:
        yield child


def test_discovery_recognises_llama_server_once(backend: ServerBackend) -> None:
    found = backend.server
    assert found.kind == "llama.cpp server"
    assert found.slots == 4
    assert found.n_ctx == 2048
    assert found.llama_cpp
    assert found.choices
    assert not found.infill  # the starter model has no fill-in-the-middle tokens
    assert found.logprobs, f"n_probs cost {found.logprobs_ms:.1f} ms a token"
    notes = backend.info.notes
    assert notes[0].startswith("llama.cpp server: 4 writers at once, prompt cache")
    assert "confidence shading" in notes[0]
    assert sum("llama.cpp server" in note for note in notes) == 1


def test_ghost_text_streams_with_confidence(backend: ServerBackend) -> None:
    stream = backend.continuation(ContinuationRequest(STORY, max_tokens=12, stop_at="none"))
    pieces = list(stream)
    assert "".join(p.text for p in pieces).strip()
    assert len(stream.stats.token_probs) == stream.stats.generated_tokens > 2
    assert all(0.0 < p.prob <= 1.0 for p in pieces)
    assert any(p < 1.0 for p in stream.stats.token_probs)


def test_the_prefix_is_reused_while_the_writer_types(backend: ServerBackend) -> None:
    first = backend.continuation(ContinuationRequest(DOC, max_tokens=4, stop_at="none"))
    first.text()
    typed = backend.continuation(ContinuationRequest(DOC + "It", max_tokens=4, stop_at="none"))
    typed.text()
    stats = typed.stats
    assert stats.prompt_tokens > 150
    assert stats.reused_tokens >= stats.prompt_tokens - 8, stats
    assert stats.evaluated_tokens <= 8


def test_alternatives_are_distinct_with_probabilities(backend: ServerBackend) -> None:
    found = backend.alternatives(ContinuationRequest(STORY, max_tokens=16), 3)
    texts = [a.text for a in found.items]
    assert 2 <= len(texts) <= 3
    assert len(set(texts)) == len(texts)
    assert all(a.token_probs for a in found.items)


def test_a_rewrite_streams_from_the_chat_endpoint(backend: ServerBackend) -> None:
    request = RewriteRequest(
        "The keeper climbed the steps evry evening.",
        PRESETS["Fix spelling and grammar"],
        max_tokens=40,
    )
    stream = backend.rewrite(request)
    assert stream.text().strip()
    assert stream.stats.finish_reason != FinishReason.CANCELLED


def test_cancel_ends_the_stream_and_frees_the_slot(backend: ServerBackend) -> None:
    cancel = CancelToken()
    stream = backend.continuation(
        ContinuationRequest("Write a long story.", max_tokens=400, stop_at="none"), cancel
    )
    got = []
    for piece in stream:
        got.append(piece.text)
        if len(got) == 3:
            cancel.cancel()
    assert len(got) == 3
    assert stream.stats.finish_reason == FinishReason.CANCELLED
    assert backend.continuation(ContinuationRequest(STORY, max_tokens=4, stop_at="none")).text()


def test_a_long_chinese_document_fits_the_slots_context(tiny_server) -> None:
    """Counted three characters a token, a Chinese window was three to nine times the slot's
    context, and llama-server refused every suggestion (HTTP 400)."""
    backend = ServerBackend(Endpoint.parse(tiny_server.address))
    doc = "灯塔看守人每天晚上都爬上螺旋楼梯，点亮那盏古老的灯。镇上的人都知道他的生活节奏。" * 300
    stream = backend.continuation(ContinuationRequest(doc, max_tokens=4, stop_at="none"))
    stream.text()
    assert stream.stats.finish_reason == FinishReason.LENGTH, stream.stats
    assert 400 < stream.stats.prompt_tokens <= 2048 - 4, stream.stats
    # the server's count of that prompt (the starter takes about two tokens a character, not
    # three) lets the next window take more of the slot
    then = backend.continuation(ContinuationRequest(doc + "后来", max_tokens=4, stop_at="none"))
    then.text()
    assert then.stats.finish_reason == FinishReason.LENGTH, then.stats
    assert stream.stats.prompt_tokens * 1.2 < then.stats.prompt_tokens <= 2048 - 4, then.stats
    backend.close()


def test_a_document_that_spells_special_tokens_is_read_as_text(
    backend: ServerBackend, starter_model: Path
) -> None:
    """llama-server would read "<|endoftext|>" in the document as the model's end-of-text
    token; the server reads the prompt as the local engine reads the text: the same tokens."""
    from writer.engine.engine import Engine

    doc = (
        "A chat model's turn ends with <|im_end|> and the text with <|endoftext|>. "
        "The template writes <|im_start|>user, the message, then <|im_end|>. So the model "
    )
    with Engine.load(starter_model, n_ctx=512, probe=False) as engine:
        as_text = len(engine.runtime.tokenize(doc.rstrip(" "), special=False))
        as_tokens = len(engine.runtime.tokenize(doc.rstrip(" "), special=True))
    assert as_text > as_tokens + 10
    stream = backend.continuation(ContinuationRequest(doc, max_tokens=4, stop_at="none"))
    stream.text()
    assert stream.stats.finish_reason == FinishReason.LENGTH, stream.stats
    assert stream.stats.prompt_tokens == as_text, (stream.stats.prompt_tokens, as_text)


def test_a_passage_that_spells_a_special_token_is_rewritten_as_text(
    backend: ServerBackend,
) -> None:
    """A chat's messages are read with the server's special tokens: "<|im_end|>" in the
    passage would end the message there (one token where its characters are seven). Defused,
    the passage costs what a look-alike that is no special token costs, a token more for the
    invisible joiner."""
    from writer.generation.requests import RewriteRequest
    from writer.remote.specials import JOINERS

    counted = {}
    for mark in ("<|im_end|>", "<|im_xnd|>"):
        selection = f"A chat turn ends with {mark} and the next one begins on a new line."
        stream = backend.rewrite(RewriteRequest(selection, "Make it shorter.", max_tokens=2))
        assert not any(j in stream.text() for j in JOINERS)
        counted[mark] = stream.stats.prompt_tokens
    assert counted["<|im_xnd|>"] > 60, counted
    assert 0 <= counted["<|im_end|>"] - counted["<|im_xnd|>"] <= 2, counted


def test_eight_writers_on_four_slots_get_every_answer(tiny_server, tiny_model: Path) -> None:
    """(Slots and answers counted: the tiny model's server, conftest.)"""
    from writer.engine.engine import Engine

    with Engine.load(tiny_model, n_ctx=512, probe=False) as engine:
        found = load(tiny_server.address, None, engine.runtime.tokenize, writers=8)
    assert found["errors"] == 0, found["first_error"]
    assert found["requests"] == 8 * WORDS_PER_WRITER
    assert found["empty"] < found["requests"] // 2
    assert found["tok_s"] > 0


def test_infill_with_a_fim_model_keeps_the_rules_and_reads_only_the_typed_text(
    fim_model: Path,
) -> None:
    """Writer reads the server's fill-in-the-middle layout (the tokens the copy declares) and
    lays the prompt out itself: a word typed in the middle is all the server evaluates, where
    its own `/infill` (the layout not used) reads the text after the cursor again."""
    from tests.conftest import FIM

    with llama_server(fim_model, n_ctx=1024, threads=1) as child:
        backend = ServerBackend(Endpoint.parse(child.address))
        try:
            assert backend.server.infill
            layout = backend.server.fim
            assert layout is not None
            assert (layout.pre, layout.suf, layout.mid) == tuple(FIM.values())
            assert "fill-in-the-middle" in backend.info.notes[0]
            after = " the keeper climbed the stairs to light the lamp. " * 6
            evaluated = {}
            for name in ("laid out", "infill"):
                backend.server.fim = layout if name == "laid out" else None
                first = backend.continuation(
                    ContinuationRequest(DOC + "That night ", after=after, max_tokens=12)
                )
                assert after.strip() not in first.text()  # never repeats what follows
                again = backend.continuation(
                    ContinuationRequest(DOC + "That night the old ", after=after, max_tokens=12)
                )
                again.text()
                assert again.stats.reused_tokens > 100, again.stats
                evaluated[name] = again.stats.evaluated_tokens
            assert evaluated["laid out"] <= 4, evaluated  # " the old": the suffix stays
            assert evaluated["infill"] > 60, evaluated  # the suffix read again
            # alternatives in the middle: the laid-out prompt, ids and text mixed, is read by
            # the OpenAI-compatible endpoint too, with several choices
            backend.server.fim = layout
            here = ContinuationRequest(DOC + "That night the old ", after=after, max_tokens=12)
            found = backend.alternatives(here, 3)
            assert found.stats.finish_reason == FinishReason.END
            assert all(after.strip() not in alt.text for alt in found.items)
        finally:
            backend.close()


def test_a_server_still_loading_is_waited_for_not_failed(starter_model: Path) -> None:
    """llama-server answers 503 while it loads its model: Writer asks again with backoff and
    opens it, rather than failing or hanging."""
    port = free_port()
    with llama_server(starter_model, n_ctx=4096, threads=1, port=port, wait=False):
        statuses = []
        deadline = time.monotonic() + 30
        while not statuses or statuses[-1] != 200:
            assert time.monotonic() < deadline, statuses
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/v1/models")
                statuses.append(conn.getresponse().status)
                conn.close()
            except OSError:
                time.sleep(0.005)
                continue
            if statuses[-1] == 503:
                break  # it is loading: now Writer asks
        started = time.perf_counter()
        backend = ServerBackend(Endpoint.parse(f"http://127.0.0.1:{port}"))
        try:
            assert 503 in statuses, statuses
            assert backend.server.llama_cpp
            assert time.perf_counter() - started < 15
            short = ContinuationRequest(STORY, max_tokens=3, stop_at="none")
            assert backend.continuation(short).text()
        finally:
            backend.close()


# layers over two machines -------------------------------------------------------------------
def test_layers_go_to_two_rpc_servers_and_writer_works_over_them(starter_model: Path) -> None:
    with rpc_servers(2) as rpcs:
        idle = [r.rss_mb() for r in rpcs]
        with llama_server(
            starter_model, n_ctx=1024, threads=1, rpc=[r.address for r in rpcs],
            extra=["--verbose"],  # it lists each layer's device
        ) as child:  # fmt: skip
            held = [r.rss_mb() - before for r, before in zip(rpcs, idle, strict=True)]
            log = child.output()
            backend = ServerBackend(Endpoint.parse(child.address))
            try:
                assert backend.continuation(
                    ContinuationRequest(STORY, max_tokens=8, stop_at="none")
                ).text().strip()
                found = backend.alternatives(
                    ContinuationRequest(STORY, max_tokens=12), 2
                )
                assert found.items
                rewrite = backend.rewrite(
                    RewriteRequest("The keeper climbed evry step.",
                                   PRESETS["Fix spelling and grammar"], max_tokens=30)
                )  # fmt: skip
                assert rewrite.text().strip()
            finally:
                backend.close()
    # each rpc-server holds its share of the 93 MB of weights, and llama-server put them there
    assert all(mb > 15 for mb in held), held
    for i, r in enumerate(rpcs):
        assert re.search(rf"RPC{i}\s*: {re.escape(r.address)} ", log), log[:2000]
        layers = re.findall(rf"layer +\d+ assigned to device RPC{i}\b", log)
        assert len(layers) >= 10, (i, len(layers))
    assert not re.search(r"layer +\d+ assigned to device CPU", log)


def test_an_rpc_server_lost_mid_stream_is_a_sentence_and_a_restart_works(
    qtbot, starter_model: Path
) -> None:
    """One of the two machines goes away while a suggestion streams: the writer gets a sentence,
    the document keeps exactly what was typed, and once both servers are back the same backend
    (no restart of Writer) answers again."""
    from writer.assist.inline import InlineAssist
    from writer.assist.suggestions import SuggestionSettings
    from writer.ui.editor import Editor
    from writer.worker import EngineWorker

    rpc_ports, port = [free_port(), free_port()], free_port()
    addresses = [f"127.0.0.1:{p}" for p in rpc_ports]
    said = rf"server at 127\.0\.0\.1:{port}\b"
    worker = EngineWorker()
    worker.start()
    try:
        with ExitStack() as first:
            rpcs = [first.enter_context(rpc_server(port=p)) for p in rpc_ports]
            server = first.enter_context(
                llama_server(starter_model, 1024, 1, rpc=addresses, port=port)
            )
            worker.open(lambda: ServerBackend(Endpoint.parse(server.address)), "rpc")
            wait_until(lambda: worker.is_loaded, 60_000)
            editor = Editor()
            qtbot.addWidget(editor)
            # llama-server gives confidence, so the starter model's unsure guesses would be
            # held back as the local engine holds them: every guess shows here
            settings = SuggestionSettings(debounce_ms=10, show_first_prob=0.0, trim_run_prob=0.0)
            assist = InlineAssist(editor, worker, settings)
            failures: list[str] = []
            assist.suggestions.failed.connect(failures.append)
            editor.show()
            editor.setFocus()
            qtbot.keyClicks(editor, STORY)
            wait_until(lambda: bool(editor.ghost_text), 60_000)  # ghost text over two machines
            wait_until(lambda: assist.suggestions.pending is None, 60_000)

            request = ContinuationRequest("Write a long story.", max_tokens=400, stop_at="none")
            handle = worker.submit(lambda backend, cancel: backend.continuation(request, cancel))
            got: list[str] = []
            handle.piece_generated.connect(lambda t, _p: got.append(t))
            wait_until(lambda: len(got) >= 2, 60_000)
            rpcs[1].proc.send_signal(signal.SIGKILL)
            wait_until(lambda: handle.done, 60_000)
            assert re.search(said, handle.error), handle.error
            assert len(got) < 400

            qtbot.keyClicks(editor, "and ")
            wait_until(lambda: bool(failures), 60_000)
            assert re.search(said, failures[-1]), failures[-1]
            assert editor.toPlainText() == STORY + "and "
            assert not editor.ghost_text
            server.proc.wait(30)  # llama-server does not outlive a lost RPC server
            assert "RPC" in server.output()[-4000:] or server.proc.returncode != 0
        with ExitStack() as second:  # both machines back, on the same addresses
            for p in rpc_ports:
                second.enter_context(rpc_server(port=p))
            second.enter_context(llama_server(starter_model, 1024, 1, rpc=addresses, port=port))
            qtbot.keyClicks(editor, "the ")
            wait_until(lambda: bool(editor.ghost_text), 60_000)
            assert editor.toPlainText() == STORY + "and the "
            assist.suggestions.set_enabled(False)
            wait_until(lambda: worker.idle, 10_000)
    finally:
        worker.stop()


def test_the_team_recipe_keys_and_no_slots(starter_model: Path, tmp_path: Path) -> None:
    """README's team server: one key per writer from a file, /slots off."""
    keys = tmp_path / "writers.keys"
    keys.write_text("key-for-ann\nkey-for-bo\n")
    extra = ["--api-key-file", str(keys), "--no-slots"]
    with llama_server(starter_model, 1024, 1, parallel=2, extra=extra, wait=False) as child:
        wait_for_server(child.address, child.proc, child.log, "key-for-bo")
        with pytest.raises(Unauthorized, match="refused Writer's API key"):
            ServerBackend(Endpoint.parse(child.address, "key-for-cy"))
        for key in ("key-for-ann", "key-for-bo"):
            backend = ServerBackend(Endpoint.parse(child.address, key))
            try:
                assert backend.server.slots == 2
                assert not backend.server.speculation_known
                assert not any("speculat" in note for note in backend.info.notes)
                short = ContinuationRequest(STORY, max_tokens=3, stop_at="none")
                assert backend.continuation(short).text()
            finally:
                backend.close()


def test_a_speculating_server_says_so_and_rewrites(starter_model: Path) -> None:
    """Writer's own prompt lookup cannot run on a server; llama-server's n-gram speculation
    does the same job there, and discovery says which kind it found."""
    extra = ["--spec-type", "ngram-simple"]
    with llama_server(starter_model, 1024, 1, extra=extra) as child:
        backend = ServerBackend(Endpoint.parse(child.address))
        try:
            assert backend.server.speculative == "ngram-simple"
            assert "speculative rewrites (ngram-simple)" in backend.info.notes[0]
            request = RewriteRequest(
                "The keeper climbed the steps evry evening to light the lamp.",
                PRESETS["Fix spelling and grammar"],
                max_tokens=40,
            )
            assert backend.rewrite(request).text().strip()
        finally:
            backend.close()


def test_a_server_that_does_not_speculate_says_so_once(backend: ServerBackend) -> None:
    assert backend.server.speculation_known
    assert not backend.server.speculative
    assert sum("does not speculate" in note for note in backend.info.notes) == 1


def test_doctor_prints_what_llama_server_offers(server) -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "writer", "doctor", "--server", server.address],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "llama.cpp server: 4 writers at once" in result.stdout
    assert re.search(r"server\.slots\W+4", result.stdout), result.stdout


class _ClockedServer:
    """A server's completions as a scripted clock sees them (timing scripted: the cost of
    log-probabilities is measured by the time a completion takes)."""

    def __init__(self, plain: list[float], with_probs: list[float]) -> None:
        self.now = 0.0
        self.durations = {False: list(plain), True: list(with_probs)}
        self.asked = 0

    def clock(self) -> float:
        return self.now

    def stream(self, _path, body, _cancel):
        self.asked += 1
        self.now += self.durations["logprobs" in body].pop(0)
        return iter(())


def test_log_probabilities_found_dear_on_a_busy_turn_are_timed_again(monkeypatch) -> None:
    """A loaded machine made llama-server's log-probabilities look dear (5.7 ms a token, the
    shading then off): where the first three turns find them dear they are timed again, up to
    six; a server whose log-probabilities are dear stays found so, and one dear beyond what a
    busy turn adds (llama-cpp-python's server, 45-55 ms a token) is not timed again (its six
    turns made each connection to it wait 5 s)."""
    from writer.remote import discovery

    busy = _ClockedServer([0.08] * 6, [0.2, 0.2, 0.2, 0.081, 0.3, 0.3])
    monkeypatch.setattr(discovery.time, "perf_counter", busy.clock)
    cost = discovery._logprob_cost(busy, "m")
    assert cost <= discovery.CHEAP_LOGPROBS_MS
    assert busy.asked == 8  # (four turns: cheap on the fourth, no more)
    dear = _ClockedServer([0.08] * 6, [0.4] * 6)
    monkeypatch.setattr(discovery.time, "perf_counter", dear.clock)
    assert discovery._logprob_cost(dear, "m") == pytest.approx(40.0)
    assert dear.asked == 6  # (three turns: dear beyond doubt)
    doubtful = _ClockedServer([0.08] * 6, [0.2] * 6)
    monkeypatch.setattr(discovery.time, "perf_counter", doubtful.clock)
    assert discovery._logprob_cost(doubtful, "m") == pytest.approx(15.0)
    assert doubtful.asked == 12
    quick = _ClockedServer([0.08] * 6, [0.081] * 6)
    monkeypatch.setattr(discovery.time, "perf_counter", quick.clock)
    assert discovery._logprob_cost(quick, "m") <= discovery.CHEAP_LOGPROBS_MS
    assert quick.asked == 6  # (three turns, as before)
