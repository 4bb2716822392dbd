"""The Qt adapter: signals in order, cancellation and errors reach the UI thread."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

from tests.conftest import wait_until
from writer.engine.engine import ContinuationRequest


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


def record(worker) -> tuple[dict[int, object], dict[int, list[str]]]:
    """What the worker says: finish stats and pieces, by request id."""
    done: dict[int, object] = {}
    pieces: dict[int, list[str]] = {}
    worker.piece_generated.connect(lambda rid, t, p: pieces.setdefault(rid, []).append(t))
    worker.request_finished.connect(lambda rid, s: done.__setitem__(rid, s))
    return done, pieces


def test_pieces_then_finished_in_order(qapp, loaded_worker) -> None:
    events: list[tuple] = []
    loaded_worker.piece_generated.connect(lambda rid, t, p: events.append(("piece", rid, t)))
    loaded_worker.request_finished.connect(lambda rid, s: events.append(("done", rid, s)))
    request = ContinuationRequest("Once upon a time", max_tokens=12, stop_at="none")
    rid = loaded_worker.submit(lambda eng, tok: eng.continuation(request, tok))
    wait_until(lambda: any(e[0] == "done" and e[1] == rid for e in events))
    mine = [e for e in events if e[1] == rid]
    assert mine[-1][0] == "done"
    assert all(e[0] == "piece" for e in mine[:-1])
    assert len(mine) > 2
    assert mine[-1][2].generated_tokens == 12


def test_a_newer_request_cancels_the_running_one(qapp, loaded_worker) -> None:
    done, pieces = record(loaded_worker)
    long = ContinuationRequest("Write a long story.", max_tokens=300, stop_at="none", run_on=True)
    first = loaded_worker.submit(lambda eng, tok: eng.continuation(long, tok))
    wait_until(lambda: len(pieces.get(first, [])) >= 2)
    short = ContinuationRequest("The sky is", max_tokens=4, stop_at="none")
    second = loaded_worker.submit(lambda eng, tok: eng.continuation(short, tok))
    wait_until(lambda: second in done)
    assert first not in done or done[first].finish_reason == "cancelled"
    assert len(pieces[first]) < 300
    assert done[second].finish_reason in ("length", "end")


def test_work_ahead_of_time_never_cancels_a_request(qapp, loaded_worker) -> None:
    done, pieces = record(loaded_worker)
    story = ContinuationRequest("Write a story.", max_tokens=40, stop_at="none", run_on=True)
    first = loaded_worker.submit(lambda eng, tok: eng.continuation(story, tok))
    wait_until(lambda: len(pieces.get(first, [])) >= 2)
    warm = ContinuationRequest("The sky is", max_tokens=4)
    assert loaded_worker.submit_when_idle(lambda eng, tok: eng.warm(warm, tok)) is None
    wait_until(lambda: first in done, 30_000)
    assert done[first].finish_reason == "length"
    later = loaded_worker.submit_when_idle(lambda eng, tok: eng.warm(warm, tok))
    assert later is not None
    wait_until(lambda: later in done)
    assert done[later].finish_reason == "warm"
    assert later not in pieces


def test_an_exception_in_a_job_is_reported_and_the_next_request_works(qapp, loaded_worker) -> None:
    failures: dict[int, str] = {}
    done: set[int] = set()
    loaded_worker.request_failed.connect(lambda rid, m: failures.__setitem__(rid, m))
    loaded_worker.request_finished.connect(lambda rid, s: done.add(rid))

    def broken(engine, cancel):
        raise ValueError("the job broke")

    bad = loaded_worker.submit(broken)
    wait_until(lambda: bad in failures)
    assert "the job broke" in failures[bad]
    request = ContinuationRequest("Hello", max_tokens=3, stop_at="none")
    good = loaded_worker.submit(lambda eng, tok: eng.continuation(request, tok))
    wait_until(lambda: good in done)


def test_a_broken_model_reports_and_leaves_the_loaded_one_replaceable(qapp, tmp_path) -> None:
    from writer.worker import EngineWorker

    worker = EngineWorker()
    worker.start()
    failed: list[str] = []
    worker.model_failed.connect(failed.append)
    bad = tmp_path / "broken.gguf"
    bad.write_text("not a model")
    worker.load_model(bad, n_ctx=256, n_gpu_layers=0)
    wait_until(lambda: bool(failed), 10_000)
    assert "broken.gguf" in failed[0]
    assert not worker.is_loaded
    worker.stop()
