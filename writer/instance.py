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
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

CONNECT_MS = 500  # a running Writer answers at once; none there fails at once too
ANSWER_MS = 3000
MAX_REQUEST = 64 * 1024  # bytes: a list of paths, not a document


def server_name(state_dir: Path) -> str:
    """The socket's name for the profile whose state lives in `state_dir`."""
    digest = hashlib.sha256(str(state_dir.absolute()).encode()).hexdigest()[:16]
    uid = os.getuid() if hasattr(os, "getuid") else 0
    return f"writer-{uid}-{digest}"


def hand_off(name: str, targets: list[str]) -> bool:
    """Give `targets` (files or folders, made absolute here) to the Writer listening on
    `name`; True when it took them, False when none is running (or it did not answer)."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_MS):
        return False
    paths = [str(Path(t).expanduser().absolute()) for t in targets]
    socket.write(json.dumps({"open": paths}).encode("utf-8") + b"\n")
    socket.waitForBytesWritten(ANSWER_MS)
    answer = b""
    while b"\n" not in answer and socket.waitForReadyRead(ANSWER_MS):
        answer += bytes(socket.readAll().data())
    socket.disconnectFromServer()
    return answer.startswith(b"ok")


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
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not self.server.listen(name):
            QLocalServer.removeServer(name)  # the socket of a Writer that was killed
            if not self.server.listen(name):
                log.warning("cannot listen for other Writers: %s", self.server.errorString())
        self.server.newConnection.connect(self._accept)
        self._buffers: dict[QLocalSocket, bytes] = {}

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
        self.server.close()
