"""One Writer per person and profile: a second `writer FILE` hands its files to the Writer
already running, which opens them (or brings forward the window that shows one), and ends.

Two processes each loaded the model (twice the memory, both cores busy) and could edit the same
file, each taking the other's saves for another program's. The running Writer listens on a local
socket only its user can reach, named after its state folder, so that profiles (XDG folders)
stay apart; a socket left by a Writer that was killed is taken over.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import stat
import tempfile
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtNetwork import QAbstractSocket, QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

CONNECT_MS = 500  # a running Writer answers at once; none there fails at once too
ANSWER_MS = 5000  # a Writer still starting answers once its event loop runs
MAX_REQUEST = 64 * 1024  # bytes: a list of paths, not a document
SOCKET_PATH_MAX = 100  # characters a Unix socket's path may have (108 with the terminator)
TAKEN, NONE, SILENT = "taken", "none", "silent"


def server_name(state_dir: Path, environ: dict[str, str] | None = None) -> str:
    """Where the Writer of the profile whose state lives in `state_dir` listens: a socket in
    the user's private runtime folder (else in the state folder itself), named after that
    folder and the display, so that profiles and displays (a second seat, ssh -X) stay apart.
    Elsewhere than Linux and macOS, a local pipe's name."""
    env = os.environ if environ is None else environ
    display = env.get("WAYLAND_DISPLAY") or env.get("DISPLAY") or ""
    digest = hashlib.sha256(f"{state_dir.absolute()}\0{display}".encode()).hexdigest()[:16]
    if os.name != "posix":
        return f"writer-{digest}"
    runtime = env.get("XDG_RUNTIME_DIR", "")
    base = Path(runtime) if runtime and _private(Path(runtime)) else state_dir
    path = base / f"writer-{digest}.sock"
    if len(str(path)) > SOCKET_PATH_MAX:
        path = Path(tempfile.gettempdir()) / f"writer-{os.getuid()}-{digest}.sock"
    return str(path)


def _private(folder: Path) -> bool:
    """A folder only this user can enter (XDG_RUNTIME_DIR is made so)."""
    try:
        st = folder.stat()
    except OSError:
        return False
    return stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid() and not st.st_mode & 0o077


def _trusted(name: str) -> bool:
    """Whether the socket at `name` (a path) may be spoken to or replaced: this user's own.
    Another user's file there (a shared /tmp) is neither trusted with the writer's paths nor
    removable."""
    if os.name != "posix" or not name.startswith("/"):
        return True
    try:
        st = os.lstat(name)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return stat.S_ISSOCK(st.st_mode) and st.st_uid == os.getuid()


def hand_off(name: str, targets: list[str], answer_ms: int = ANSWER_MS) -> str:
    """Give `targets` (files or folders, made absolute here) to the Writer listening at
    `name`: TAKEN when it took them; NONE when none runs there (or it is quitting, or the
    socket is not this user's); SILENT when one took the connection and never answered (a
    Writer that hangs)."""
    if not _trusted(name):
        log.warning("%s is not this user's socket: not used", name)
        return NONE
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_MS):
        return NONE
    paths = [str(Path(t).expanduser().absolute()) for t in targets]
    socket.write(json.dumps({"open": paths}).encode("utf-8") + b"\n")
    socket.waitForBytesWritten(answer_ms)
    answer = b""
    while b"\n" not in answer and socket.waitForReadyRead(answer_ms):
        answer += bytes(socket.readAll().data())
    socket.abort()
    if answer.startswith(b"ok"):
        return TAKEN
    return NONE if answer else SILENT


def parse_request(data: bytes) -> list[str] | None:
    """The paths a request asks to open, or None for anything that is not one."""
    try:
        payload = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("open"), list):
        return None
    targets = payload["open"]
    if not all(isinstance(t, str) and t and "\0" not in t for t in targets):
        return None
    return list(targets)


class InstanceServer(QObject):
    """Listens for later Writers; `open_requested(paths)` for each one that hands off (an
    empty list: a plain `writer`, which opens a new window)."""

    open_requested = Signal(list)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.server = QLocalServer(self)
        self._buffers: dict[QLocalSocket, bytes] = {}
        self.server.newConnection.connect(self._accept)
        # not Qt's UserAccessOption: it renames its socket over any other, a live Writer's too
        if self.server.listen(name) or not self._left_behind():
            return
        QLocalServer.removeServer(name)  # the socket of a Writer that was killed
        if not self.server.listen(name):
            log.warning("cannot listen for other Writers: %s", self.server.errorString())

    def _left_behind(self) -> bool:
        """Whether the socket in the way is a dead Writer's, to be taken over: this user's,
        and nobody answers a connection on it (a live Writer's, even a silent one, stays)."""
        if self.server.serverError() != QAbstractSocket.SocketError.AddressInUseError:
            log.warning("cannot listen for other Writers: %s", self.server.errorString())
            return False
        if not _trusted(self.name):
            log.warning("%s is not this user's socket: Writer does not listen there", self.name)
            return False
        probe = QLocalSocket()
        probe.connectToServer(self.name)
        alive = probe.waitForConnected(CONNECT_MS)
        probe.abort()
        if alive:
            log.warning("another Writer listens at %s: this one runs beside it", self.name)
        return not alive

    @property
    def listening(self) -> bool:
        return self.server.isListening()

    def _accept(self) -> None:
        while (conn := self.server.nextPendingConnection()) is not None:
            self._buffers[conn] = b""
            conn.readyRead.connect(lambda c=conn: self._read(c))
            conn.disconnected.connect(lambda c=conn: self._forget(c))

    def _forget(self, conn: QLocalSocket) -> None:
        self._buffers.pop(conn, None)
        conn.deleteLater()

    def _read(self, conn: QLocalSocket) -> None:
        data = self._buffers.get(conn, b"") + bytes(conn.readAll().data())
        if len(data) > MAX_REQUEST:
            conn.abort()
            return
        if b"\n" not in data:
            self._buffers[conn] = data
            return
        targets = parse_request(data.split(b"\n", 1)[0])
        conn.write(b"ok\n" if targets is not None else b"no\n")
        conn.flush()
        conn.disconnectFromServer()
        if targets is not None:
            log.info("another Writer handed over %d path(s)", len(targets))
            # after this event: opening may ask a question in a modal loop
            QTimer.singleShot(0, lambda: self.open_requested.emit(targets))

    def close(self) -> None:
        """Stop listening (first thing when quitting: a later Writer then starts by itself
        instead of handing its files to one that is going)."""
        if self.server.isListening():
            self.server.close()
