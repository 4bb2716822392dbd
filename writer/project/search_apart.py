"""A regular expression's search in a process of its own, which can be stopped.

Python's `re` keeps the interpreter's lock while it matches, and cannot be interrupted: a
pattern that tries too many ways on some line (`(a|aa)+b` on thirty-four characters took 1.6 s,
`(.*a){12}x` 22 s, a longer line for ever) held every thread of Writer, the window's included,
whatever thread the search ran on. `writer.patterns.slow_pattern` refuses the usual shape before
it runs; the rest is searched here: the texts go to a child Python (`python -m
writer.project.search_apart`, JSON on its input, the result as JSON on its output), which is
killed when the search is abandoned or after `seconds`, and `search_apart` then raises
QueryError with `TOO_LONG`. Starting the child costs about a tenth of a second; a literal
query, which cannot try many ways, is searched in the calling thread as before.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from writer.project.search import (
    MAX_MATCHES,
    FileMatches,
    Found,
    Match,
    Query,
    QueryError,
    search,
)

log = logging.getLogger(__name__)

SECONDS = 10.0  # the longest a regular expression's search may take
TOO_LONG = "the pattern tries too many ways on some line"  # QueryError's reason (translated)
FAILED = "the search stopped before it ended"  # the child died or answered something else
POLL_S = 0.05  # how often the child is looked at while it searches
SERVE_FLAG = "--writer-search-apart"  # the bundled program's way to start the child


def search_apart(
    query: Query,
    texts: Iterable[tuple[str, str]],
    limit: int = MAX_MATCHES,
    cancelled: Callable[[], bool] | None = None,
    seconds: float = SECONDS,
) -> Found:
    """`search(query, texts, limit)` in a child process: QueryError(TOO_LONG) when it takes
    longer than `seconds`; what was found so far is lost, and an empty Found is returned, when
    `cancelled()` says so (asked every POLL_S)."""
    query.pattern()  # (QueryError here, not in the child, for one that does not compile)
    message = json.dumps({
        "query": [query.text, query.match_case, query.whole_word, query.regex],
        "limit": limit,
        "texts": [[path, text] for path, text in texts],
    }).encode("utf-8")  # fmt: skip
    child = subprocess.Popen(
        child_command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL, env=_child_env(),
    )  # fmt: skip
    deadline = time.monotonic() + seconds
    given: bytes | None = message
    try:
        while True:
            try:
                out, _ = child.communicate(given, timeout=POLL_S)
                break
            except subprocess.TimeoutExpired:
                given = None  # (sent once: communicate keeps what it has not written yet)
            if cancelled is not None and cancelled():
                return Found()
            if time.monotonic() > deadline:
                raise QueryError(TOO_LONG)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    try:
        if child.returncode != 0:
            raise ValueError(child.returncode)
        return _found(json.loads(out))
    except (ValueError, KeyError, TypeError):  # (it died, or answered something else)
        log.warning("a search's child ended with %s, saying %r", child.returncode, out[-200:])
        raise QueryError(FAILED) from None


def child_command() -> list[str]:
    """How the child is started: this Python with the module, or, in the bundled program
    (PyInstaller: `sys.executable` is Writer itself, which would open a window), Writer with
    SERVE_FLAG, which writer/cli.py's `main` hands to `serve` (as the probe's child)."""
    if getattr(sys, "frozen", False):
        return [sys.executable, SERVE_FLAG]
    # -P: not the working folder first on the path (a json.py there would be imported)
    return [sys.executable, "-P", "-m", "writer.project.search_apart"]


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    if not getattr(sys, "frozen", False):  # (the package found from any working folder)
        root = str(Path(__file__).resolve().parents[2])
        env["PYTHONPATH"] = os.pathsep.join(filter(None, (root, env.get("PYTHONPATH"))))
    return env


def _found(raw: dict) -> Found:
    found = Found(count=raw["count"], capped=raw["capped"], searched=raw["searched"])
    for path, matches in raw["files"]:
        found.files.append(FileMatches(path, [Match(*m) for m in matches]))
    return found


def serve() -> None:
    """The child: the search asked on its input, the result on its output."""
    with contextlib.suppress(ImportError, ValueError, OSError):  # (POSIX)
        import resource

        # it ends by itself when Writer could not stop it (Writer killed: it went on alone)
        resource.setrlimit(resource.RLIMIT_CPU, (round(SECONDS) + 2, round(SECONDS) + 2))
    asked = json.loads(sys.stdin.buffer.read())
    text, case, word, regex = asked["query"]
    found = search(Query(text, case, word, regex), [tuple(t) for t in asked["texts"]],
                   limit=asked["limit"])  # fmt: skip
    sys.stdout.write(json.dumps({
        "count": found.count, "capped": found.capped, "searched": found.searched,
        "files": [[f.path, [[m.line, m.column, m.found, m.text] for m in f.matches]]
                  for f in found.files],
    }))  # fmt: skip


if __name__ == "__main__":
    serve()
