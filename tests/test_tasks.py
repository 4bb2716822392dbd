"""Work off the UI thread (writer/tasks.py): one task, one handle; what the work returns is let
go on the handle's thread, whatever became of the task."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QObject, Qt, QThread

from writer import tasks
from writer.tasks import TaskHandle


def handed_over(gate: threading.Event, window: QThread, died: list[str]):
    """A task's work that waits for `gate`, then returns a QObject made on its thread and handed
    to `window`'s (as Show Changes hands its QTextDocument), which records in `died` the thread
    it is deleted on."""

    def work(_task: TaskHandle) -> QObject:
        assert gate.wait(10)
        made = QObject()
        made.destroyed.connect(lambda: died.append(threading.current_thread().name),
                               Qt.ConnectionType.DirectConnection)  # fmt: skip
        made.moveToThread(window)
        return made

    return work


@pytest.mark.parametrize("how", ["cancel", "abandon"])
def test_a_result_no_one_wants_is_let_go_on_the_handles_thread(qtbot, qtlog, how: str) -> None:
    """A task cancelled (or abandoned) while it ran let what its work returned go on the
    worker's thread: a QObject handed over to the window's thread was deleted there, on a
    thread not its own (Qt's objects are deleted on their own thread: a crash in time). It is
    let go on the handle's thread, the window's; cancelled says so, abandoned says nothing."""
    gate, died, said = threading.Event(), [], []
    main = QThread.currentThread()
    task = TaskHandle(handed_over(gate, main, died), "hand-over")
    task.finished.connect(lambda _result: said.append("finished"))
    task.cancelled.connect(lambda _why: said.append("cancelled"))
    task.failed.connect(said.append)
    task.start()
    getattr(task, how)()
    gate.set()
    qtbot.waitUntil(lambda: bool(died), timeout=10_000)
    assert died == [threading.main_thread().name]
    assert said == (["cancelled"] if how == "cancel" else [])
    assert [record.message for record in qtlog.records] == []


def test_a_handle_dropped_by_its_caller_still_lets_go_on_its_thread(qtbot) -> None:
    """Abandoned and forgotten at once (a dialog closing drops its handle): the handle keeps
    itself until the work's end has come to its thread, and lets the result go there."""
    gate, died = threading.Event(), []
    task = TaskHandle(handed_over(gate, QThread.currentThread(), died), "forgotten")
    task.start()
    task.abandon()
    del task
    gate.set()
    qtbot.waitUntil(lambda: bool(died), timeout=10_000)
    assert died == [threading.main_thread().name]


def test_a_task_ends_with_one_signal_and_a_cancel_after_its_work_still_counts(qtbot) -> None:
    """The work's return value comes with `finished`, an expected exception's sentence with
    `failed`; a task cancelled after its work ended, before its end was told, says `cancelled`
    (what its caller asked for last)."""
    task = TaskHandle(lambda _task: 42, "answer")
    with qtbot.waitSignal(task.finished, timeout=10_000) as got:
        task.start()
    assert got.args == [42]

    def refuse(_task: TaskHandle) -> None:
        raise ValueError("The file is gone.")

    task = TaskHandle(refuse, "refusal", expected=(ValueError,))
    with qtbot.waitSignal(task.failed, timeout=10_000) as got:
        task.start()
    assert got.args == ["The file is gone."]
    task = TaskHandle(lambda _task: 42, "late")
    said: list[str] = []
    task.finished.connect(lambda _result: said.append("finished"))
    with qtbot.waitSignal(task.cancelled, timeout=10_000):
        task.start()
        assert task.wait(10)  # (its work ended; the handle's thread not told yet)
        task.cancel()
    assert said == []


class Freed:
    """A result that records in `died` the thread it is let go on (a project memory's index,
    whose freeing takes the thread 30-100 ms)."""

    def __init__(self, died: list[str]) -> None:
        self.died = died

    def __del__(self) -> None:
        self.died.append(threading.current_thread().name)


@pytest.mark.parametrize("how", ["cancel", "abandon"])
def test_a_plain_result_no_one_wants_is_let_go_on_the_workers_thread(qtbot, how: str) -> None:
    """What a task cancelled (or abandoned) while it ran returns, when it is no QObject, is let
    go on the worker's thread as before: handed to the window's thread only to be dropped, it
    held the window there (Project memory's build, cancelled at the project's close, returns
    the whole index)."""
    gate, died, said = threading.Event(), [], []
    task = TaskHandle(lambda _task: (gate.wait(10), Freed(died))[1], "plain")
    task.cancelled.connect(lambda _why: said.append("cancelled"))
    task.start()
    getattr(task, how)()
    gate.set()
    assert task.wait(10)
    if how == "cancel":
        qtbot.waitUntil(lambda: said == ["cancelled"], timeout=10_000)
    else:
        qtbot.waitUntil(lambda: task not in tasks._unfinished, timeout=10_000)
    assert died == ["writer-plain"]


def test_a_result_holding_a_qobject_is_still_let_go_on_the_handles_thread(qtbot) -> None:
    """A cancelled task's result that holds a QObject handed to the window's thread (with
    other things: a tuple) is let go there, its own thread, not on the worker's."""
    gate, died = threading.Event(), []
    work = handed_over(gate, QThread.currentThread(), died)
    task = TaskHandle(lambda task: (work(task), "its name"), "held")
    task.start()
    task.cancel()
    gate.set()
    qtbot.waitUntil(lambda: bool(died), timeout=10_000)
    assert died == [threading.main_thread().name]


def test_a_progress_on_its_way_when_the_task_is_abandoned_is_not_passed_on(qtbot) -> None:
    """A task abandoned emits nothing more: a progress its work reported just before, still
    on its way to the window's thread, reached the caller gone (a closed project's counts,
    `ProjectWords._progressed`). It is dropped there, as the task's end is."""
    reported, gate, got = threading.Event(), threading.Event(), []

    def work(task: TaskHandle) -> int:
        task.progress(1)
        reported.set()
        assert gate.wait(10)
        return 2

    task = TaskHandle(work, "reporting")
    task.progressed.connect(got.append)
    task.start()
    assert reported.wait(10)  # (the progress on its way: this thread has not turned since)
    task.abandon()
    gate.set()
    assert task.wait(10)
    qtbot.waitUntil(lambda: task not in tasks._unfinished, timeout=10_000)
    assert got == []


def test_a_progress_reaches_its_caller_on_the_handles_thread(qtbot) -> None:
    """What the work reports comes with `progressed`, on the handle's thread."""
    got: list[tuple[int, str]] = []
    task = TaskHandle(lambda task: task.progress(7), "reporting")
    task.progressed.connect(lambda value: got.append((value, threading.current_thread().name)))
    with qtbot.waitSignal(task.finished, timeout=10_000):
        task.start()
    assert got == [(7, threading.main_thread().name)]


def test_a_handle_made_on_another_thread_still_ends_on_the_windows(qtbot) -> None:
    """A handle made on a thread with no event loop (a task's work starting another) lived on
    that thread: its end, crossing to it, never came, and the handle stayed in `_unfinished`
    for good. It lives on the application's thread, the window's, and ends there."""
    made: list[TaskHandle] = []
    said: list[tuple[object, str]] = []

    def make() -> None:
        task = TaskHandle(lambda _task: 42, "made-elsewhere")
        task.finished.connect(lambda value: said.append((value, threading.current_thread().name)))
        made.append(task)
        task.start()

    maker = threading.Thread(target=make)
    maker.start()
    maker.join(10)
    qtbot.waitUntil(lambda: bool(said), timeout=10_000)
    assert said == [(42, threading.main_thread().name)]
    assert made[0] not in tasks._unfinished


@pytest.mark.parametrize("stop", [KeyboardInterrupt, SystemExit, GeneratorExit])
def test_a_work_stopped_by_what_is_no_exception_fails_with_a_sentence(qtbot, stop) -> None:
    """A work that raised a BaseException that is no Exception (KeyboardInterrupt,
    SystemExit, GeneratorExit) never reported: its caller waited for good and the handle stayed
    in `_unfinished`. It fails with a sentence that names what stopped it, and is let go."""

    def work(_task: TaskHandle) -> None:
        raise stop("at once")

    task = TaskHandle(work, "stopped")
    with qtbot.waitSignal(task.failed, timeout=10_000) as got:
        task.start()
    assert got.args == [f"The work stopped before it finished ({stop.__name__}: at once)."]
    assert task not in tasks._unfinished


def test_a_handle_is_never_destroyed_on_its_workers_thread(qtbot) -> None:
    """A handle its caller dropped was held last by its worker's frame when the work's end
    came to the window's thread before the worker had returned: the handle (a QObject of the
    window's thread) was destroyed on the worker's. The worker lets go of it before it says the
    work ended, so the window's thread holds it last, whenever the worker returns. (The worker
    here is held at the return of its thread's target until the end was delivered.)"""
    delivered, returned, died = threading.Event(), threading.Event(), []
    run_code = threading.Thread.run.__code__

    def hold(frame, event, _arg):
        if event == "return" and frame.f_back is not None and frame.f_back.f_code is run_code:
            assert returned.wait(10)

    task = TaskHandle(lambda _task: 42, "dropped")
    task.destroyed.connect(lambda: died.append(threading.current_thread().name),
                           Qt.ConnectionType.DirectConnection)  # fmt: skip
    task.finished.connect(lambda _result: delivered.set())
    threading.setprofile(hold)
    try:
        thread = task.start()._thread
    finally:
        threading.setprofile(None)
    del task
    qtbot.waitUntil(delivered.is_set, timeout=10_000)
    returned.set()
    thread.join(10)
    qtbot.waitUntil(lambda: bool(died), timeout=10_000)
    assert died == [threading.main_thread().name]


def test_results_waiting_at_quit_are_let_go_on_the_handles_thread(qtbot) -> None:
    """A work that ended just before the quit, its end never delivered (the event loop had
    stopped), kept its result until Python's own shutdown freed it. The quit lets it go on the
    handle's thread, emits nothing, and lets the handle go."""
    died = []
    task = TaskHandle(lambda _task: Freed(died), "at-quit")
    task.start()
    assert task.wait(10)  # (its end is on its way: this thread has not turned since)
    assert died == []
    tasks.let_go_at_quit()
    assert died == [threading.main_thread().name]
    assert task not in tasks._unfinished
