"""The Qt adapter: each request's own handle hears its pieces in order, its end or its failure;
cancelling, dropping a handle and errors behave."""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import QObject, Signal

from tests.conftest import pump, wait_until
from writer.generation.requests import ContinuationRequest
from writer.generation.results import FinishReason


def test_emitting_signals_keeps_reference_counts(qapp) -> None:
    """PySide6 6.12.0 dropped a reference to True on every emit(), and the app aborted
    after a few hundred streamed tokens; such a Qt must not be installed."""

    class Source(QObject):
        piece = Signal(int, str, float)

    source = Source()
    source.piece.connect(lambda *_a: None)
    before = sys.getrefcount(True)
    for i in range(200):
        source.piece.emit(i, "x", 0.5)
    assert sys.getrefcount(True) >= before - 5


def continuation(request: ContinuationRequest):
    return lambda backend, cancel: backend.continuation(request, cancel)


class Recorder:
    """Everything one handle says, in order."""

    def __init__(self, handle) -> None:
        self.handle = handle
        self.events: list[tuple] = []
        handle.piece_generated.connect(lambda t, p: self.events.append(("piece", t, p)))
        handle.finished.connect(lambda r: self.events.append(("finished", r)))
        handle.failed.connect(lambda m: self.events.append(("failed", m)))

    @property
    def pieces(self) -> list[str]:
        return [e[1] for e in self.events if e[0] == "piece"]

    @property
    def ended(self) -> bool:
        return any(e[0] in ("finished", "failed") for e in self.events)

    def wait(self, timeout_ms: int = 20_000) -> None:
        wait_until(lambda: self.ended, timeout_ms)


def test_pieces_then_finished_in_order_on_their_own_handle(qapp, loaded_worker) -> None:
    request = ContinuationRequest("Once upon a time", max_tokens=12, stop_at="none")
    first = Recorder(loaded_worker.submit(continuation(request)))
    first.wait()
    events = first.events
    assert events[-1][0] == "finished"
    assert all(e[0] == "piece" for e in events[:-1])
    assert len(events) > 2
    assert events[-1][1].generated_tokens == 12
    assert all(0.0 < e[2] <= 1.0 for e in events[:-1])  # each piece with its probability
    assert first.handle.done
    # A second request's events go to its own handle only.
    second = Recorder(loaded_worker.submit(continuation(request)))
    second.wait()
    assert first.events == events
    assert "".join(second.pieces) == "".join(first.pieces)


def test_a_newer_request_cancels_the_running_one(qapp, loaded_worker) -> None:
    long = ContinuationRequest("Write a long story.", max_tokens=300, stop_at="none")
    first = Recorder(loaded_worker.submit(continuation(long)))
    wait_until(lambda: len(first.pieces) >= 2)
    short = ContinuationRequest("The sky is", max_tokens=4, stop_at="none")
    second = Recorder(loaded_worker.submit(continuation(short)))
    second.wait()
    first.wait()
    assert first.events[-1][1].finish_reason == FinishReason.CANCELLED
    assert len(first.pieces) < 300
    assert second.events[-1][1].finish_reason in (FinishReason.LENGTH, FinishReason.END)


def test_a_cancelled_requests_pieces_never_arrive(qapp, loaded_worker) -> None:
    long = ContinuationRequest("Write a long story.", max_tokens=200, stop_at="none")
    handle = loaded_worker.submit(continuation(long))
    recorder = Recorder(handle)
    wait_until(lambda: len(recorder.pieces) >= 1)
    handle.cancel()
    seen = len(recorder.pieces)
    recorder.wait()
    assert len(recorder.pieces) == seen
    assert recorder.events[-1][1].finish_reason == FinishReason.CANCELLED


def test_a_dropped_handle_cancels_its_request(qapp, loaded_worker) -> None:
    long = ContinuationRequest("Write a long story.", max_tokens=300, stop_at="none")
    handle = loaded_worker.submit(continuation(long))
    got: list[str] = []
    handle.piece_generated.connect(lambda t, _p: got.append(t))
    wait_until(lambda: len(got) >= 1)
    del handle
    gc.collect()
    wait_until(lambda: loaded_worker.idle, 10_000)  # stopped long before 300 tokens
    pump(50)
    assert len(got) < 300


def test_work_ahead_of_time_never_cancels_a_request(qapp, loaded_worker) -> None:
    story = ContinuationRequest("Write a story.", max_tokens=40, stop_at="none")
    first = Recorder(loaded_worker.submit(continuation(story)))
    wait_until(lambda: len(first.pieces) >= 2)
    warm = ContinuationRequest("The sky is", max_tokens=4)
    job = lambda backend, cancel: backend.warm(warm, cancel)  # noqa: E731
    assert loaded_worker.submit_when_idle(job) is None
    first.wait(30_000)
    assert first.events[-1][1].finish_reason in (FinishReason.LENGTH, FinishReason.END)
    later = loaded_worker.submit_when_idle(job)
    assert later is not None
    warmed = Recorder(later)
    warmed.wait()
    assert warmed.events == [("finished", later.result)]  # a warm-up yields no pieces
    assert later.result.finish_reason == FinishReason.WARMED


def test_a_call_returns_its_result_through_its_handle(qapp, loaded_worker) -> None:
    request = ContinuationRequest("Once upon a time", max_tokens=8)
    handle = loaded_worker.call(lambda backend, cancel: backend.alternatives(request, 2, cancel))
    recorder = Recorder(handle)
    recorder.wait(30_000)
    assert recorder.events[-1][0] == "finished"
    assert handle.result.items
    assert all(alt.text for alt in handle.result.items)


def test_an_exception_in_a_job_is_reported_and_the_next_request_works(qapp, loaded_worker) -> None:
    def broken(backend, cancel):
        raise ValueError("the job broke")

    bad = Recorder(loaded_worker.submit(broken))
    bad.wait()
    assert bad.events == [("failed", "the job broke")]
    request = ContinuationRequest("Hello", max_tokens=3, stop_at="none")
    good = Recorder(loaded_worker.submit(continuation(request)))
    good.wait()
    assert good.events[-1][0] == "finished"


def test_a_broken_model_reports_and_leaves_the_loaded_one_replaceable(qapp, tmp_path) -> None:
    from writer.worker import EngineWorker

    worker = EngineWorker()
    worker.start()
    failed: list[str] = []
    worker.model_failed.connect(lambda message, _lasting: failed.append(message))
    bad = tmp_path / "broken.gguf"
    bad.write_text("not a model")
    worker.load_model(bad, n_ctx=256, n_gpu_layers=0)
    wait_until(lambda: bool(failed), 10_000)
    assert "broken.gguf" in failed[0]
    assert not worker.is_loaded
    handle = worker.submit(continuation(ContinuationRequest("Hello")))
    recorder = Recorder(handle)
    recorder.wait()
    assert recorder.events == [("failed", "No model is loaded.")]
    worker.stop()


# lanes, on the scripted backend ---------------------------------------------------------------
def rewrite_job(request):
    return lambda backend, cancel: backend.rewrite(request, cancel)


def test_a_request_cancels_only_its_own_lane(qapp, scripted_worker, scripted) -> None:
    """One editor's rewrite survives another editor's suggestions: they wait their turn."""
    from writer.generation.requests import RewriteRequest

    window_a, window_b = QObject(), QObject()
    scripted.step()
    scripted.enqueue("rewrite", ["The keeper", " climbed", " the steps."])
    rewrite = Recorder(
        scripted_worker.submit(
            rewrite_job(RewriteRequest("x", "Improve")), owner=window_a, kind="rewrite"
        )
    )
    scripted.release(1)
    wait_until(lambda: rewrite.pieces == ["The keeper"])
    scripted.enqueue("continuation", [" again"])
    first = Recorder(
        scripted_worker.submit(
            continuation(ContinuationRequest("One")), owner=window_b, kind="suggestion"
        )
    )
    second = Recorder(
        scripted_worker.submit(
            continuation(ContinuationRequest("One two")), owner=window_b, kind="suggestion"
        )
    )
    assert first.handle.cancelled  # superseded in its lane before it ran
    assert not rewrite.handle.cancelled
    scripted.step(False)
    rewrite.wait()
    first.wait()
    second.wait()
    assert first.events == [("finished", first.handle.result)]
    assert first.handle.result.finish_reason == FinishReason.CANCELLED
    assert "".join(rewrite.pieces) == "The keeper climbed the steps."
    assert rewrite.events[-1][1].finish_reason == FinishReason.END
    assert second.pieces == [" again"]
    # the backend saw the rewrite, then only the newer suggestion
    assert [(kind, getattr(r, "before", "")) for kind, r in scripted.history] == [
        ("rewrite", ""),
        ("continuation", "One two"),
    ]


def test_a_newer_request_of_the_same_lane_cancels_the_running_one(
    qapp, scripted_worker, scripted
) -> None:
    owner = QObject()
    scripted.step()
    scripted.enqueue("continuation", ["a", "b", "c"])
    scripted.enqueue("continuation", ["z"])
    first = Recorder(
        scripted_worker.submit(continuation(ContinuationRequest("1")), owner=owner, kind="s")
    )
    scripted.release(1)
    wait_until(lambda: first.pieces == ["a"])
    second = Recorder(
        scripted_worker.submit(continuation(ContinuationRequest("2")), owner=owner, kind="s")
    )
    first.wait()
    assert first.events[-1][1].finish_reason == FinishReason.CANCELLED
    scripted.release(5)
    second.wait()
    assert first.pieces == ["a"]
    assert second.pieces == ["z"]
    assert scripted.yielded == [("continuation", "a"), ("continuation", "z")]


def test_a_dropped_held_request_lets_the_other_lanes_go_on(qapp, scripted_worker, scripted) -> None:
    """A request held after its first piece blocks the backend until it resumes: when nobody
    holds its handle any more (a closed window), the next lane's request must not wait for it."""
    scripted.enqueue("continuation", ["first", " rest"])
    scripted.enqueue("rewrite", ["other window"])
    held = scripted_worker.submit(
        continuation(ContinuationRequest("A")), hold_after=1, owner="window a", kind="s"
    )
    shown: list[str] = []
    held.piece_generated.connect(lambda t, _p: shown.append(t))
    wait_until(lambda: shown == ["first"])
    other = Recorder(
        scripted_worker.submit(
            lambda backend, cancel: backend.rewrite(None, cancel), owner="window b", kind="r"
        )
    )
    del held
    gc.collect()
    other.wait()
    assert other.pieces == ["other window"]
    assert ("continuation", " rest") not in scripted.yielded


def test_a_fast_stream_reaches_the_ui_thread_in_frames_and_whole(qapp, loaded_worker) -> None:
    """Pieces that come faster than a frame are carried to the UI thread together (each
    delivery wakes it, and takes a core from llama.cpp on a small machine): the first at once,
    every piece in order with its probability, the last ones before the end."""
    from writer.generation.results import GenerationStats, Piece, Stream
    from writer.worker import PIECE_FRAME_S

    pieces = [Piece(" ", 0.9), Piece("\n", 0.9)]  # nothing to see yet: these go at once
    pieces += [Piece(f"w{i} ", 0.5 + i / 1000) for i in range(300)]
    delivered: list[object] = []
    batches: list[list[str]] = []

    def relayed(_job, kind, payload) -> None:
        delivered.append(kind)
        if kind == "pieces":
            batches.append([text for text, _prob in payload])

    loaded_worker._relay.delivered.connect(relayed)

    def fast(_backend, _cancel) -> Stream:
        return Stream(iter(pieces), GenerationStats(), framed=True)

    recorder = Recorder(loaded_worker.submit(fast))
    recorder.wait()
    assert [(e[1], e[2]) for e in recorder.events[:-1]] == [(p.text, p.prob) for p in pieces]
    assert recorder.events[-1][0] == "finished"
    # up to the first piece with something to see, each goes at once
    assert batches[:3] == [[" "], ["\n"], ["w0 "]]
    # 300 pieces made in far less than 300 frames: a few deliveries, not one each
    assert 3 < delivered.count("pieces") < 300 * 0.5
    assert PIECE_FRAME_S > 0


def test_a_pausing_stream_sends_each_piece_before_its_pause(qapp, loaded_worker) -> None:
    """A server's stream may pause after any piece (for as long as the server takes): the
    pieces before the pause reach the writer during it, also those that came in one burst,
    which a framed stream would carry with the next piece."""
    import threading

    from writer.generation.results import GenerationStats, Piece, Stream

    resume = threading.Event()

    def pausing(_backend, _cancel) -> Stream:
        def run():
            yield Piece("Once", 0.9)
            yield Piece(" upon", 0.8)  # in the same frame as the first
            yield Piece(" a", 0.7)
            resume.wait(30)  # the server pauses
            yield Piece(" time", 0.6)

        return Stream(run(), GenerationStats())

    recorder = Recorder(loaded_worker.submit(pausing))
    try:
        wait_until(lambda: len(recorder.pieces) >= 3)
        assert recorder.pieces == ["Once", " upon", " a"]
    finally:
        resume.set()
    recorder.wait()
    assert recorder.pieces == ["Once", " upon", " a", " time"]


def test_a_slow_stream_sends_each_piece_when_it_comes(qapp, loaded_worker) -> None:
    """A piece that comes a frame or more after the last delivery goes at once: the writer
    never waits a frame for a piece a slow model took longer than a frame to make."""
    import time

    from writer.generation.results import GenerationStats, Piece, Stream
    from writer.worker import PIECE_FRAME_S

    seen: list[float] = []

    def slow(_backend, _cancel) -> Stream:
        def run():
            for i in range(4):
                time.sleep(PIECE_FRAME_S * 6)
                seen.append(time.perf_counter())
                yield Piece(f"w{i} ", 0.9)

        return Stream(run(), GenerationStats())

    handle = loaded_worker.submit(slow)
    got: list[float] = []
    handle.piece_generated.connect(lambda _t, _p: got.append(time.perf_counter()))
    recorder = Recorder(handle)
    wait_until(lambda: len(got) >= 2)
    # the second piece arrived while the stream was still making the third
    assert len(seen) < 3
    recorder.wait()
    assert recorder.pieces == [f"w{i} " for i in range(4)]


def test_a_handle_is_freed_after_its_end_though_its_slots_refer_to_it(qapp, loaded_worker) -> None:
    """A requester's slots often refer to what holds the handle (here the Recorder, in the app
    the record of a suggestion asked ahead): once its end is out the handle lets its
    connections go, so that nothing keeps it, and its stats, alive out of the collector's
    sight."""
    import weakref

    request = ContinuationRequest("Once upon a time", max_tokens=3, stop_at="none")
    recorder = Recorder(loaded_worker.submit(continuation(request)))
    recorder.wait()
    assert recorder.pieces
    assert recorder.events[-1][0] == "finished"
    gone = weakref.ref(recorder.handle)
    del recorder
    gc.collect()
    assert gone() is None


def test_cycles_are_collected_on_the_windows_thread_only(qapp) -> None:
    """A cycle holding Qt objects freed on the engine's or a task's thread (where CPython's
    collector ran when that thread allocated) left their timers registered on the window's
    thread, firing on freed objects (a segfault): cycles are collected on the window's thread."""
    import threading

    from writer.ui.collector import collect_on_main_thread

    collector = collect_on_main_thread(qapp)
    gc.collect()
    freed_on: list[threading.Thread] = []

    class Cycle:
        def __init__(self) -> None:
            self.me = self

        def __del__(self) -> None:
            freed_on.append(threading.current_thread())

    def make() -> None:
        for _ in range(5000):  # past every threshold of the collector
            Cycle()

    thread = threading.Thread(target=make)
    thread.start()
    thread.join()
    assert freed_on == []
    while len(freed_on) < 5000:
        collector.check()
        if not gc.get_count()[0]:
            gc.collect()  # (what is left under the thresholds, as a later check would)
    assert set(freed_on) == {threading.main_thread()}


def test_a_held_streams_rate_leaves_out_the_wait_for_the_writers_pause(
    qapp, scripted_worker, monkeypatch
) -> None:
    """A suggestion held after its first word waits for the writer to pause; that wait is no
    decoding: the status bar's rate counted it ("0.7 tok/s" from a model that writes 60)."""
    import pytest

    import writer.worker as worker_module
    from writer.generation.results import GenerationStats, Piece, Stream

    now = [100.0]  # the clock of the stream and of the worker's wait: only the test moves it
    monkeypatch.setattr(worker_module, "_clock", lambda: now[0], raising=False)
    stats = GenerationStats()

    def held(_backend, _cancel) -> Stream:
        def run():
            first = now[0]
            try:
                yield Piece(" word", 0.9)
                now[0] += 0.05  # decoding
                yield Piece(" more", 0.8)
                now[0] += 0.05
                yield Piece(" words", 0.8)
            finally:
                stats.generated_tokens = 3
                stats.decode_s = stats.total_s = now[0] - first

        return Stream(run(), stats)

    handle = scripted_worker.submit(held, hold_after=1, owner="window", kind="s")
    recorder = Recorder(handle)
    wait_until(lambda: recorder.pieces == [" word"])
    now[0] += 30.0  # the writer types on for half a minute before pausing
    handle.resume()
    recorder.wait()
    assert recorder.pieces == [" word", " more", " words"]
    done = recorder.events[-1][1]
    assert done.decode_s == pytest.approx(0.1)
    assert done.total_s == pytest.approx(0.1)
    assert done.tokens_per_s == pytest.approx(20.0)
