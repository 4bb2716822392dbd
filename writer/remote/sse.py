"""Server-sent events, parsed as the bytes arrive.

Lines end in LF, CR LF or CR; an event is the `data:` lines before a blank line, joined with LF;
`event:` and `id:` name it; lines starting with a colon are comments (keep-alive pings). Bytes
are decoded only a whole line at a time, so a UTF-8 character split across network chunks is
never broken. Bounds: a line or an event longer than MAX_EVENT_BYTES is refused with
`SSEError`, so a misbehaving server cannot make the parser hold unbounded memory.
"""

from __future__ import annotations

from dataclasses import dataclass

from writer.sentences import said

MAX_EVENT_BYTES = 1 << 20


class SSEError(Exception):
    """The stream is not a stream of events Writer can read; the message says why."""


@dataclass(frozen=True)
class Event:
    data: str
    event: str = "message"
    id: str | None = None


class SSEParser:
    """Feed it bytes as they come; it returns the events they complete."""

    def __init__(self, max_event_bytes: int = MAX_EVENT_BYTES) -> None:
        self.max_event_bytes = max_event_bytes
        self._buffer = bytearray()
        self._skip_lf = False  # the last byte was a CR: a following LF belongs to it
        self._data: list[str] = []
        self._size = 0
        self._event = ""
        self._id: str | None = None

    def feed(self, chunk: bytes) -> list[Event]:
        events: list[Event] = []
        start = 0
        if self._skip_lf and chunk[:1] == b"\n":
            start = 1
        self._skip_lf = False
        view = memoryview(chunk)
        while start < len(chunk):
            cr = chunk.find(b"\r", start)
            lf = chunk.find(b"\n", start)
            ends = [i for i in (cr, lf) if i >= 0]
            if not ends:
                self._buffer += view[start:]
                self._check(len(self._buffer))
                break
            end = min(ends)
            self._buffer += view[start:end]
            self._check(len(self._buffer))
            line = bytes(self._buffer)
            self._buffer.clear()
            if chunk[end : end + 1] == b"\r":
                if end + 1 < len(chunk):
                    start = end + 2 if chunk[end + 1 : end + 2] == b"\n" else end + 1
                else:
                    self._skip_lf = True
                    start = end + 1
            else:
                start = end + 1
            event = self._line(line)
            if event is not None:
                events.append(event)
        return events

    def close(self) -> list[Event]:
        """The end of the stream: an unterminated last event is dropped, as the standard says."""
        self._buffer.clear()
        self._data.clear()
        return []

    def _check(self, pending: int) -> None:
        if pending + self._size > self.max_event_bytes:
            raise SSEError(
                said("the server sent an event longer than {0} KB", self.max_event_bytes // 1024)
            )

    def _line(self, raw: bytes) -> Event | None:
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise SSEError(said("the server sent text that is not UTF-8")) from None
        if not line:
            if not self._data:
                self._event = ""
                return None
            event = Event("\n".join(self._data), self._event or "message", self._id)
            self._data.clear()
            self._size = 0
            self._event = ""
            return event
        if line.startswith(":"):
            return None
        field, sep, value = line.partition(":")
        if sep and value.startswith(" "):
            value = value[1:]
        if field == "data":
            self._data.append(value)
            self._size += len(raw)
        elif field == "event":
            self._event = value
        elif field == "id" and "\0" not in value:
            self._id = value
        return None
