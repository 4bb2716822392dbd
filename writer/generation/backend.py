"""The backend protocol: what Writer needs from any host of a model.

The assist layer (suggestions, alternatives, rewrites) talks to this interface only, through the
worker thread that runs one backend. The in-process llama.cpp `Engine` is one implementation; a
client of an inference server is another. Every operation runs on the worker's thread, one at a
time, and may block there; none is ever called on the UI thread.

What every implementation guarantees:

- **Streams are lazy.** `continuation`, `rewrite` and `warm` return at once (after checking the
  request, which may raise an exception whose message is a sentence for the writer); the work
  happens while the stream is iterated. Pieces are whole characters, never a broken UTF-8
  sequence. `stream.stats` is complete when iteration ends, with a `FinishReason`.
- **Cancel is prompt.** Setting the request's `CancelToken` ends the stream within one token (one
  network read for a server), with `FinishReason.CANCELLED`; no piece is yielded after the
  cancel is seen. Closing the stream's iterator early does the same.
- **A cancelled request leaves a usable cache.** What it had evaluated may stay cached (a prefix
  of its prompt, never tokens it did not evaluate), so the next request reuses it; the cache is
  never left in a state that changes the next request's text.
- **Failures are sentences.** An exception raised while iterating carries a message a writer can
  read; the backend stays usable for the next request.
- `warm` evaluates the prompt a continuation at that place would need and yields nothing, so the
  writer's next keystroke there finds it cached. A backend without a cache it controls may do
  nothing.
- `alternatives` returns up to k distinct continuations, best first, and `[]` when cancelled.
- `regenerate` makes a suggestion again from a token the writer picked in it (the stats'
  `choices` say which tokens were offered); its text up to that token is the suggestion's own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from writer.generation.requests import CancelToken, ContinuationRequest, RewriteRequest
from writer.generation.results import Alternatives, Stream, TokenChoice

# The context length, in tokens, a backend is opened with unless the writer chose another (and
# what a server that does not say its own is taken to have).
DEFAULT_CONTEXT = 8192


class BackendError(Exception):
    """A backend cannot be opened or used; the message is a whole sentence for the writer.

    `lasting`: asking again will not help until the writer changes something (a key the
    server refuses, an address that serves no OpenAI API); a server that is not up yet or
    has gone is worth asking again."""

    lasting = False


@dataclass
class BackendInfo:
    """What serves the model: its name, where it runs and with what context.

    `host` is the machine the writer's text is sent to, or None when it never leaves this
    process. `notes` are sentences about how loading went (a GPU fallback, say).
    `fills_middle`: the model is also given the text after the cursor (fill-in-the-middle);
    else that text only guides the rules at the seam.
    """

    name: str
    where: str
    n_ctx: int
    load_s: float = 0.0
    path: Path | None = None
    host: str | None = None
    n_layer: int = 0
    n_gpu_layers: int = 0
    gpu_offload: bool = False
    notes: list[str] = field(default_factory=list)
    fills_middle: bool = False


class Backend(Protocol):
    """A model host. See the module docstring for what each operation guarantees."""

    info: BackendInfo

    def continuation(self, request: ContinuationRequest, cancel: CancelToken) -> Stream:
        """The text after `request.before`, streamed with each token's probability."""
        ...

    def alternatives(
        self, request: ContinuationRequest, k: int, cancel: CancelToken
    ) -> Alternatives:
        """Up to k distinct continuations at the same place, best first."""
        ...

    def regenerate(
        self, request: ContinuationRequest, forced: Sequence[TokenChoice], cancel: CancelToken
    ) -> Stream:
        """The continuation of `request` again, its first tokens `forced` (a suggestion's up to
        a place, then the one the writer picked there), streamed from its start."""
        ...

    def rewrite(self, request: RewriteRequest, cancel: CancelToken) -> Stream:
        """The text that replaces `request.selection`, streamed."""
        ...

    def warm(self, request: ContinuationRequest, cancel: CancelToken) -> Stream:
        """Evaluate what a continuation here would need; yields nothing."""
        ...

    def close(self) -> None:
        """Free the model (or the connection); no operation is called afterwards."""
        ...
