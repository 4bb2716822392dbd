"""The server backend: Writer's requests served by an OpenAI-compatible inference server.

Continuations go to `/v1/completions` (the raw text before the cursor, streamed, greedy), with
`logprobs` for the confidence shading where the server gives them cheaply; rewrites to
`/v1/chat/completions`, where the server applies its model's chat template; alternatives ask
for several choices in one request where the server supports `n`, else one request each. A
llama.cpp server also gets `cache_prompt`, llama.cpp's DRY repetition control, `/infill` (with
the text after the cursor) when its model can fill in the middle, and evaluates the text ahead
of typing on `warm`. Every piece passes the rules the local engine applies
(generation/rules.py: the confidence cut-off, the stop rule, no repeat of what follows the
cursor nor a copy of a long run of what precedes it, the held-back tail, the finish reasons),
alternatives obey them too (generation/alternatives.py), and rewrites are asked and tidied as
the local engine asks and tidies them (generation/rewrite.py).

Banned phrases (generation/bans.py) are held back and cut: a server cannot be told to go back
inside its own stream, so the text a server writes is held while a banned phrase may begin in
it, and ends before the first banned phrase it completes (FinishReason.STOP); it is not asked
again from there. (A new request from that point with the phrase's first token excluded through
`logit_bias` would need the server's tokenizer for each phrase and one more request per ban.)
Alternatives that hold a banned phrase are left out.

**Typing in the middle.** llama-server's `/infill` lays its prompt out `<PRE> before <SUF> after
<MID>`, so each word typed before the cursor changes the prefix and the server reads the whole
suffix again (its cache reuses only a common start, and its chunk reuse cannot skip text
inserted before a cached part). Where discovery read the layout's tokens (discovery.py
`fim_layout`), Writer sends that prompt itself to `/completion`, token ids and text mixed, as
the local engine does (generation/window.py, "Typing in the middle"): the prefix stays where an
earlier prompt at this place ended it (the anchor) and what was typed since goes after the
middle token, `<PRE> before-the-anchor <SUF> after <MID> typed`, so a keystroke reads only the
typed text. A prompt that might not fit the server's context by a cautious count goes to
`/infill`, which cuts what does not fit. Alternatives in the middle ask `/v1/completions` with
the same laid-out prompt (it takes token ids and text mixed), so they see the text after the
cursor too.

Inside a word a server cannot be made to spell the typed part of it token by token (the local
engine's token healing): the text sent ends before the word, and an answer shows only when it
begins with what was typed (generation/window.py `heal_text`), so it completes the word or
nothing shows.

The text before the cursor starts at a stable place (the window moves in whole chunks, as for
the local engine), so each request's prompt begins with the same bytes as the last one and the
server's prompt cache (llama.cpp's cache_prompt, vLLM's prefix caching) reuses it. A cancel
closes the connection at once; pieces of a cancelled request never come out.

Writer does not know a server's tokenizer: the window is counted cautiously
(generation/window.py `tokens_guess`, three tokens for a Chinese character), and the server's
own count of each prompt it read (llama.cpp's `timings`, `tokens_evaluated`, an OpenAI reply's
`usage`) lets later windows go further (`GuessScale`: a tokenizer made for Chinese reads a
character in about one token). A prompt made past the cautious count that the server refuses
as longer than its context (HTTP 400 or 413) puts the count back to the cautious one and is
made and sent again, once.

A llama.cpp server reads a special token's spelling in a prompt's text as that token; a text
that spells one ("<|endoftext|>" in a document about language models) is sent as the server's
tokens of the whole text read as text instead, so the server reads the document as the local
engine does (specials.py); except at `/v1/completions` on a server with a vision or audio
projector, which reads only a string. A rewrite's messages, which the chat endpoint reads with
the special tokens too, have each special spelling broken by an invisible joiner, taken out of
the answer.

Where the server gives log-probabilities, it is asked for the `SERVER_CHOICES` likeliest tokens at
each place (`logprobs: 5`, the most OpenAI's completions accept), and they become the suggestion's
`TokenChoice`s, by their text (a server names no token ids); options that are not whole
characters are left out. `regenerate` sends the prompt followed by the text of the forced tokens
(the server tokenizes it again, so this is the text, not the tokens, of the local engine's
regeneration). A server that gives none records no choices, and the list says so.
"""

from __future__ import annotations

import itertools
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from writer.generation.alternatives import Distinct, within_rules
from writer.generation.backend import DEFAULT_CONTEXT, BackendInfo
from writer.generation.bans import ChunkCut, compile_bans
from writer.generation.choices import CHOICES
from writer.generation.repetition import ALLOWED, BASE, BREAKERS, LAST_N, MULTIPLIER
from writer.generation.requests import CancelToken, ContinuationRequest, RewriteRequest
from writer.generation.results import (
    Alternative,
    Alternatives,
    FinishReason,
    GenerationStats,
    Option,
    Piece,
    Stream,
    TokenChoice,
    empty_stream,
    warming,
)
from writer.generation.rewrite import (
    Tidy,
    answer_budget,
    retry_sampling,
    rewrite_messages,
    shown_context,
    tidied,
)
from writer.generation.rules import GenerationRules, Limits
from writer.generation.window import (
    CHARS_PER_TOKEN_GUESS,
    MEMORY_SHARE,
    GuessScale,
    heal_text,
    middle_text,
    place_style,
    prompt_budget,
    suffix_window,
    text_window,
    tokens_guess,
)
from writer.remote.client import Cancelled, Endpoint, HttpClient, TooLong
from writer.remote.discovery import ServerInfo, discover, token_logprobs
from writer.remote.specials import JOINERS, SpecialText
from writer.sentences import said

SERVER_CHOICES = 5  # the likeliest tokens asked for at each place: the most OpenAI's API accepts
# llama.cpp's repetition control for continuations, as the local engine applies it (its
# breakers too: the server's default ones differ, and each costs a pass over the vocabulary)
DRY = {"dry_multiplier": MULTIPLIER, "dry_base": BASE, "dry_allowed_length": ALLOWED,
       "dry_penalty_last_n": LAST_N, "dry_sequence_breakers": list(BREAKERS)}  # fmt: skip
ALTERNATIVE_TEMPERATURE = 0.8
TOP_UP_REQUESTS = 2  # sampled requests more, at most, when the alternatives repeat each other
ANCHORS_KEPT = 8  # places in the middle of the text whose prompt is kept as an anchor
# a request made at a scale (`_refitting`): where it goes and its body
Made = Callable[[float], tuple[str, dict[str, Any]]]
T = TypeVar("T")


class ServerBackend:
    """A model served over HTTP. Opening it asks the server what it can do."""

    def __init__(self, endpoint: Endpoint, model: str | None = None) -> None:
        started = time.perf_counter()
        self.endpoint = endpoint
        self.client = HttpClient(endpoint)
        try:
            self.server: ServerInfo = discover(self.client, model)
        except BaseException:
            self.client.close()
            raise
        self.info = BackendInfo(
            name=self.server.model,
            where=said("{0} at {1}", self.server.kind, endpoint.host),
            n_ctx=self.server.n_ctx or DEFAULT_CONTEXT,
            load_s=time.perf_counter() - started,
            host=endpoint.host,
            fills_middle=self.server.infill,
            notes=[self.server.offers, *self.server.lacks],
        )
        # the text before the cursor of the last fill-in-the-middle prompts made afresh, by
        # their suffix (see the module docstring)
        self._anchors: OrderedDict[str, str] = OrderedDict()
        self._anchors_lock = threading.Lock()
        # how far past the cautious count the server's own counts let a prompt go
        self._scale = GuessScale()
        # a llama.cpp server reads special tokens' spellings in a prompt's text as those tokens
        self._specials = SpecialText(self.client) if self.server.llama_cpp else None

    def close(self) -> None:
        self.client.close()

    # continuations ------------------------------------------------------------------------
    def _prompt(self, request: ContinuationRequest, at: float) -> tuple[str, str]:
        """The text to send (the project's memory, then the window from a stable start with the
        style note in it) and a prefix to leave out of the answer: a trailing space, or the
        word being typed, which the answer must begin with (see generation/window.py
        `heal_text`). The memory goes first, as the engine puts it, so the server's prefix
        cache keeps it while the writer types. `at`: the scale the request reads once (see
        `_budget`)."""
        before, memory = request.before, request.memory
        plain = prompt_budget(self.info.n_ctx, request.max_tokens)
        budget = self._budget(request.max_tokens, at)
        laid = 0
        if self.server.fim is not None and self._fills_middle(request):
            # room for what a prompt laid out here adds (`_fim_prompt`); the text typed since
            # the anchor is in `before`, counted here
            suffix = self._laid_suffix(request, at)
            laid = tokens_guess(suffix) + len(self.server.fim.lead) + 3
        memory_tokens = tokens_guess(memory)
        if memory_tokens > (budget - laid) * MEMORY_SHARE:
            memory, memory_tokens = "", 0
        left = budget - laid - memory_tokens
        # the chunks of the unscaled budget (text_window: a larger budget never starts later)
        grid = plain - laid - memory_tokens
        start = text_window(before, left, grid if grid > 0 else None)
        before = place_style(before, request.style, start)
        text, skip = heal_text(before[start:])
        return memory + text, skip

    def _budget(self, max_tokens: int, at: float) -> int:
        """How many tokens by the cautious count (`tokens_guess`) a prompt may take: the
        context less the answer's room, as far past the count as the server's own counts of
        earlier prompts allow (generation/window.py `GuessScale`). `at` is the scale's value,
        read once a request: another thread may move it meanwhile, and the parts of one prompt
        must be measured alike."""
        return int(prompt_budget(self.info.n_ctx, max_tokens) * at)

    def _completion_body(
        self, prompt: str | list[int | str], max_tokens: int, cancel: CancelToken, **extra: Any
    ) -> dict[str, Any]:
        body: dict[str, Any] = {
            "model": self.server.model,
            "prompt": self._as_text(prompt, cancel, completions=True),
            "max_tokens": max_tokens,
            "temperature": 0,
            **extra,
        }
        if self.server.logprobs:
            body["logprobs"] = SERVER_CHOICES
        if self.server.llama_cpp:
            body["cache_prompt"] = True
            body["timings_per_token"] = True  # how much of the prompt its cache held, at once
        return body

    def continuation(
        self, request: ContinuationRequest, cancel: CancelToken | None = None
    ) -> Stream:
        cancel = cancel or CancelToken()
        at = self._scale.value
        prompt, skip = self._prompt(request, at)
        stats = GenerationStats()
        if not prompt.strip():
            return empty_stream(FinishReason.EMPTY, stats)
        infill = self._fills_middle(request)
        limits = Limits.suggestion(request, skip, fim=infill)

        def made(scale: float) -> tuple[str, dict[str, Any]]:
            asked = self._prompt_at(request, scale, (at, prompt))
            return self._continuation_call(asked, request, scale, cancel)

        return Stream(self._stream(at, made, cancel, stats, limits), stats)

    def request_body(
        self, request: ContinuationRequest, cancel: CancelToken | None = None
    ) -> tuple[str, dict[str, Any]]:
        """Where a continuation for `request` goes and what it sends, as `continuation` sends
        it now (for measurements: the bench times the server's answer to it)."""
        at = self._scale.value
        prompt, _skip = self._prompt(request, at)
        return self._continuation_call(prompt, request, at, cancel or CancelToken())

    def _continuation_call(
        self,
        prompt: str,
        request: ContinuationRequest,
        at: float,
        cancel: CancelToken,
        max_tokens: int | None = None,
        remember: bool = True,
    ) -> tuple[str, dict[str, Any]]:
        """A continuation's path and body for `prompt` (made at scale `at`; `max_tokens`,
        `request`'s when None): in the middle of the text a fill-in-the-middle request (its
        anchor kept unless not `remember`), else a streamed completion."""
        tokens = request.max_tokens if max_tokens is None else max_tokens
        if self._fills_middle(request):
            path, body = self._infill_body(prompt, request, at, cancel, remember)
            body["n_predict"] = tokens
            return path, body
        return "/v1/completions", self._continuation_body(prompt, request, tokens, cancel)

    def _prompt_at(
        self, request: ContinuationRequest, scale: float, known: tuple[float, str]
    ) -> str:
        """`request`'s prompt at `scale`: `known`'s (a scale and the prompt made at it) where
        the scale is that one, else made again (after a refusal, `_refitting`)."""
        return known[1] if scale == known[0] else self._prompt(request, scale)[0]

    def _refitting(self, at: float, attempt: Callable[[float], T]) -> T:
        """`attempt(at)`, which makes a request at scale `at` and sends it; where the server
        refuses it as longer than its context and `at` went past the cautious count, once more
        at the scale the refusal left (`GuessScale.refused`). The one place a refusal is
        asked again: streams, warm-ups and alternatives go through it."""
        try:
            return attempt(at)
        except TooLong:
            if not self._scale.refused(at):
                raise
            return attempt(self._scale.value)

    def regenerate(
        self,
        request: ContinuationRequest,
        forced: Sequence[TokenChoice],
        cancel: CancelToken | None = None,
    ) -> Stream:
        """The suggestion for `request` again, its first tokens' text `forced` (see the module
        docstring), greedy after them."""
        cancel = cancel or CancelToken()
        at = self._scale.value
        prompt, skip = self._prompt(request, at)
        stats = GenerationStats()
        if not prompt.strip():
            return empty_stream(FinishReason.EMPTY, stats)
        written = "".join(c.text for c in forced)
        left = max(1, request.max_tokens - len(forced))
        infill = self._fills_middle(request)
        limits = Limits.suggestion(request, skip, fim=infill)

        def made(scale: float) -> tuple[str, dict[str, Any]]:
            asked = self._prompt_at(request, scale, (at, prompt)) + written
            return self._continuation_call(asked, request, scale, cancel, left, remember=False)

        return Stream(self._stream(at, made, cancel, stats, limits, forced), stats)

    def _continuation_body(
        self, prompt: str, request: ContinuationRequest, max_tokens: int, cancel: CancelToken
    ) -> dict[str, Any]:
        """A continuation's streamed, greedy completion request, with its stop rule and
        llama.cpp's repetition control."""
        body = self._completion_body(prompt, max_tokens, cancel, stream=True)
        if request.stop_at == "line":
            body["stop"] = ["\n"]
        if self.server.llama_cpp:
            body.update(DRY)
        return body

    def _infill_body(
        self,
        prompt: str,
        request: ContinuationRequest,
        at: float,
        cancel: CancelToken,
        remember: bool = True,
    ) -> tuple[str, dict[str, Any]]:
        """A llama.cpp server's fill-in-the-middle request and where it goes: the prompt
        Writer lays out itself (`_fim_prompt`) to `/completion`, else the text before and after
        the cursor to `/infill`, where the server builds the model's own prompt."""
        laid = None
        if self.server.fim is not None:
            suffix = self._laid_suffix(request, at)
            laid = self._fim_prompt(prompt, suffix, request.max_tokens, at, remember)
        body: dict[str, Any] = {"prompt": self._as_text(laid, cancel)} if laid else {
            "input_prefix": prompt,
            "input_suffix": suffix_window(request.after),
        }
        body.update({
            "n_predict": request.max_tokens,
            "temperature": 0,
            "stream": True,
            "cache_prompt": True,
            "timings_per_token": True,
            **DRY,
        })
        if self.server.logprobs:
            body["n_probs"] = 1
        return ("/completion" if laid else "/infill"), body

    def _as_text(
        self, prompt: str | list[int | str], cancel: CancelToken, completions: bool = False
    ) -> str | list[int | str]:
        """`prompt` with each string that spells a special token sent as its tokens read as
        text (specials.py: a llama.cpp server would read the token); as it is where nothing in
        it spells one. `completions`: for `/v1/completions`, which reads only a string on a
        server with a vision or audio projector."""
        if self._specials is None or (completions and not self.server.ids_in_completions):
            return prompt
        if isinstance(prompt, str):
            return self._specials.ids(prompt, True, cancel) or prompt
        parts: list[int | str] = []
        for part in prompt:
            ids = self._specials.ids(part, False, cancel) if isinstance(part, str) else None
            parts += [part] if ids is None else ids
        return parts

    def _layout_ids(self) -> int:
        """How many token ids a laid-out prompt holds besides its text (`_fim_prompt`)."""
        fim = self.server.fim
        return 0 if fim is None else len(fim.lead) + 3

    def _fills_middle(self, request: ContinuationRequest) -> bool:
        """Whether `request` is asked as a fill-in-the-middle request (text after the cursor,
        and a server that fills in the middle)."""
        return self.server.infill and bool(request.after.strip())

    def _laid_suffix(self, request: ContinuationRequest, at: float) -> str:
        """The text after the cursor in a prompt Writer lays out: `suffix_window`, cut at a word
        until its cautious count takes at most a quarter of the prompt's budget (as `/infill`
        shares a batch between the two sides)."""
        suffix = suffix_window(request.after)
        quarter = self._budget(request.max_tokens, at) // 4
        while suffix and tokens_guess(suffix) > quarter:
            cut = len(suffix) * 3 // 4
            space = suffix.rfind(" ", 0, cut)
            suffix = suffix[: space if space > 0 else cut]
        return suffix

    def _fim_prompt(
        self, prompt: str, suffix: str, max_tokens: int, at: float, remember: bool = True
    ) -> list[int | str] | None:
        """The fill-in-the-middle prompt for `prompt` (the text before the cursor) and `suffix`
        as token ids and text (the module docstring): the anchor at this place with the text
        typed since after the middle token, or `prompt` as the new anchor (kept unless not
        `remember`). None where the server gave no layout, where the text spells one of the
        layout's own tokens (a fallback: `_as_text` sends such text as its tokens read as text,
        but where the server did not answer its question the string would be read with them;
        `/infill` reads text as text), or where the prompt might not fit its context (`/infill`
        cuts it then)."""
        fim = self.server.fim
        if fim is None or any(s in t for s in fim.spelled for t in (prompt, suffix)):
            return None
        with self._anchors_lock:
            anchor = self._anchors.get(suffix)
            typed = middle_text(anchor, prompt) if anchor is not None else None
            if anchor is None or typed is None:
                anchor, typed = prompt, ""
                if remember:
                    self._anchors[suffix] = anchor
            if suffix in self._anchors:
                self._anchors.move_to_end(suffix)
            while len(self._anchors) > ANCHORS_KEPT:
                self._anchors.popitem(last=False)
        room = self._budget(max_tokens, at) - len(fim.lead) - 3
        if tokens_guess(anchor) + tokens_guess(suffix) + tokens_guess(typed) > room:
            return None
        return [*fim.lead, fim.pre, anchor, fim.suf, suffix, fim.mid, *([typed] if typed else [])]

    def _stream(
        self,
        at: float,
        request: Made,
        cancel: CancelToken,
        stats: GenerationStats,
        limits: Limits,
        forced: Sequence[TokenChoice] = (),
    ) -> Iterator[Piece]:
        rules = GenerationRules(limits, stats)
        made = 0  # characters the tokens made so far

        def note(choices: Sequence[TokenChoice]) -> None:
            nonlocal made
            for c in choices:
                stats.choices.append(
                    TokenChoice(c.token, c.prob, made, made + len(c.text), c.text, c.options)
                )
                made += len(c.text)

        bans = ChunkCut(limits.bans, len(limits.skip_prefix), ([], [])) if limits.bans else None
        try:
            for choice in forced:
                piece = rules.tokens(choice.text, [choice.prob])
                note([choice])
                if piece:
                    yield Piece(piece, choice.prob)
                if rules.done:
                    return
            for payload in self._payloads(at, request, cancel, stats):
                text, probs, finish = _delta(payload)
                extra = (probs, chunk_choices(payload, text))
                chunks = [(text, extra)] if bans is None else bans.push(text, extra)
                if bans is not None and finish:
                    chunks += bans.finish()
                yield from _shown(chunks, rules, note)
                if bans is not None and bans.cut:
                    rules.end(FinishReason.STOP)
                if finish:
                    rules.end(FinishReason.LENGTH if finish == "length" else FinishReason.END)
                if rules.done:
                    break
            else:
                if bans is not None:
                    yield from _shown(bans.finish(), rules, note)
                    if bans.cut:
                        rules.end(FinishReason.STOP)
                rules.end(FinishReason.END)
            tail = rules.finish()
            if tail:
                yield Piece(tail, rules.prob)
        except Cancelled:
            rules.end(FinishReason.CANCELLED)
        finally:
            rules.close()

    def _payloads(
        self, at: float, made: Made, cancel: CancelToken, stats: GenerationStats
    ) -> Iterator[Any]:
        """The payloads of the streamed request `made` makes at scale `at` (`_refitting`: a
        refusal comes before the first), counted into `stats`; the server's count of the prompt
        teaches the scale."""

        def opened(scale: float) -> tuple[dict[str, Any], Iterator[Any], Any]:
            path, body = made(scale)
            payloads = self.client.stream(path, body, cancel)
            return body, payloads, next(payloads, None)

        body, payloads, first = self._refitting(at, opened)
        if first is None:
            return
        guessed = _guessed(body, self._layout_ids())
        for payload in itertools.chain([first], payloads):
            _count(payload, stats)
            if guessed and stats.prompt_tokens:
                self._scale.seen(guessed, stats.prompt_tokens)
                guessed = 0
            yield payload

    def warm(self, request: ContinuationRequest, cancel: CancelToken | None = None) -> Stream:
        """A llama.cpp server evaluates the prompt into its cache (n_predict 0); other servers
        cache a prefix when they first see it, so there is nothing to do ahead of time. Inside a
        word being typed (`request.typing`) nothing either: the text sent ends before the word,
        which the last request's prompt held already."""
        cancel = cancel or CancelToken()
        if request.typing:
            return warming(lambda _stats: None, Cancelled)

        def evaluate(_stats: GenerationStats) -> None:
            if self.server.llama_cpp:
                self._refitting(self._scale.value, send)

        def send(at: float) -> None:
            prompt, _skip = self._prompt(request, at)
            if not prompt.strip():
                return
            if self._fills_middle(request):
                path, body = self._infill_body(prompt, request, at, cancel)
                body.update(n_predict=0, stream=False)
                body.pop("n_probs", None)
            else:
                shown = self._as_text(prompt, cancel, completions=True)  # as it will go
                path, body = "/completion", {"prompt": shown, "n_predict": 0, "cache_prompt": True}
            self._taught(body, self.client.post_json(path, body, cancel))

        return warming(evaluate, Cancelled)

    # alternatives -------------------------------------------------------------------------
    def alternatives(
        self, request: ContinuationRequest, k: int, cancel: CancelToken | None = None
    ) -> Alternatives:
        """The greedy continuation and up to k - 1 sampled ones (several choices in one
        request where the server can), without near-duplicates, best first."""
        cancel = cancel or CancelToken()
        started = time.perf_counter()
        stats = GenerationStats()
        at = self._scale.value
        prompt, skip = self._prompt(request, at)
        if not prompt.strip() or k < 1:
            return Alternatives([], empty_stream(FinishReason.EMPTY, stats).stats)
        found = Distinct()

        def take(choices: list[dict[str, Any]]) -> None:
            for choice in choices:
                alt = within_rules(_alternative(choice), request, request.stop_at, skip, fim=fim)
                if alt is not None:
                    alt.score = _mean_log(alt.token_probs)
                    found.add(alt)

        def greedy(scale: float) -> tuple[str | list[int | str], bool, list[dict[str, Any]]]:
            here = self._prompt_at(request, scale, (at, prompt))
            asked, fim = self._alternatives_prompt(here, request, scale, cancel)
            return asked, fim, self._choices(asked, request, 1, 0.0, cancel, teach=True)

        try:
            asked, fim, choices = self._refitting(at, greedy)
            take(choices)
            if k > 1:
                if self.server.choices:
                    take(self._choices(asked, request, k - 1, ALTERNATIVE_TEMPERATURE, cancel))
                else:
                    for seed in range(1, k):
                        take(
                            self._choices(asked, request, 1, ALTERNATIVE_TEMPERATURE, cancel, seed)
                        )
            # sampled choices may say what the greedy one or each other says: a few more,
            # seeded, until k differ (a model sure of its words gives fewer)
            for seed in range(k, k + TOP_UP_REQUESTS):
                if k < 2 or len(found.ranked()) >= k:
                    break
                take(self._choices(asked, request, 1, ALTERNATIVE_TEMPERATURE, cancel, seed))
        except Cancelled:
            stats.finish_reason = FinishReason.CANCELLED
            stats.total_s = time.perf_counter() - started
            return Alternatives([], stats)
        stats.finish_reason = FinishReason.END
        stats.total_s = time.perf_counter() - started
        return Alternatives(found.ranked()[:k], stats)

    def _alternatives_prompt(
        self, prompt: str, request: ContinuationRequest, at: float, cancel: CancelToken
    ) -> tuple[str | list[int | str], bool]:
        """What alternatives ask with, and whether it holds the text after the cursor: in the
        middle of the text the prompt laid out as a suggestion's there (the suffix seen, the
        anchor's cache kept); else, or without a layout, the text before the cursor, which the
        rules then make meet the text after it. A text that spells a special token is made its
        tokens here once (`_as_text`), not for each of the requests that ask with it."""
        if (
            self._fills_middle(request)
            and self.server.fim is not None
            and self.server.ids_in_completions
        ):
            suffix = self._laid_suffix(request, at)
            laid = self._fim_prompt(prompt, suffix, request.max_tokens, at, remember=False)
            if laid is not None:
                return self._as_text(laid, cancel, completions=True), True
        return self._as_text(prompt, cancel, completions=True), False

    def _taught(self, body: dict[str, Any], reply: Any) -> None:
        """The server's count of a prompt it read (`reply`, not streamed: llama.cpp's
        `tokens_evaluated`, an OpenAI reply's `usage`) teaches the scale."""
        if not isinstance(reply, dict):
            return
        usage = reply.get("usage")
        counted = usage.get("prompt_tokens") if isinstance(usage, dict) else None
        counted = reply.get("tokens_evaluated", counted)
        if isinstance(counted, int):
            self._scale.seen(_guessed(body, self._layout_ids()), counted)

    def _choices(
        self,
        prompt: str | list[int | str],
        request: ContinuationRequest,
        n: int,
        temperature: float,
        cancel: CancelToken,
        seed: int | None = None,
        teach: bool = False,
    ) -> list[dict[str, Any]]:
        """The choices of one completion request; `teach`: its prompt's count teaches the
        scale (the greedy one; the sampled ones read the same prompt)."""
        body = self._completion_body(prompt, request.max_tokens, cancel, temperature=temperature)
        if n > 1:
            body["n"] = n
        if seed is not None:
            body["seed"] = seed
        if temperature:
            body["top_p"] = 0.95
        reply = self.client.post_json("/v1/completions", body, cancel)
        if teach:
            self._taught(body, reply)
        choices = reply.get("choices") if isinstance(reply, dict) else None
        return [c for c in choices or [] if isinstance(c, dict)]

    # rewrites -----------------------------------------------------------------------------
    def rewrite(self, request: RewriteRequest, cancel: CancelToken | None = None) -> Stream:
        """The rewritten selection, streamed from the chat endpoint and tidied as the local
        engine tidies it. The passage comes last in the messages, so a llama.cpp server
        (`cache_prompt`) evaluates only the passage when the writer asks again with the same
        instruction at the same place (Retry)."""
        cancel = cancel or CancelToken()
        stats = GenerationStats()
        wanted = answer_budget(request, len(request.selection) // CHARS_PER_TOKEN_GUESS)
        temperature, top_p = retry_sampling(request.attempt)
        body: dict[str, Any] = {
            "model": self.server.model,
            "messages": rewrite_messages(request),
            "max_tokens": wanted,
            "stream": True,
            "temperature": temperature,
        }
        if request.attempt:
            body["seed"] = request.attempt
            body["top_p"] = top_p
        if self.server.llama_cpp:
            body["cache_prompt"] = True
            body["timings_per_token"] = True  # the prompt's count at once (a rewrite Tidy ends)
        limits = Limits(wanted, bans=compile_bans(request.banned))
        specials = self._specials
        held = "".join(m["content"] for m in body["messages"])
        joiner = next((j for j in JOINERS if j not in held), None)

        def made(_scale: float) -> tuple[str, dict[str, Any]]:
            if specials is None or joiner is None:
                return "/v1/chat/completions", body
            messages = [
                {**m, "content": specials.defused(m["content"], joiner, cancel)}
                for m in body["messages"]
            ]
            return "/v1/chat/completions", {**body, "messages": messages}

        # a chat's prompt is not made by the scale (1.0: a refusal is not asked again)
        pieces = self._stream(1.0, made, cancel, stats, limits)
        if specials is not None and joiner is not None:
            pieces = _without(pieces, joiner)
        tidy = Tidy(request.selection, after=request.after, shown=shown_context(request))
        return Stream(tidied(pieces, tidy, stats), stats)


def _without(pieces: Iterator[Piece], joiner: str) -> Iterator[Piece]:
    """`pieces` with `joiner` taken out of their text (a piece of nothing else left out), the
    stream closed with them."""
    try:
        for piece in pieces:
            text = piece.text.replace(joiner, "")
            if text:
                yield Piece(text, piece.prob)
    finally:
        close = getattr(pieces, "close", None)
        if close is not None:
            close()


def _shown(
    chunks: list[tuple[str, tuple[list[float], list[TokenChoice]] | None]],
    rules: GenerationRules,
    note: Callable[[Sequence[TokenChoice]], None],
) -> Iterator[Piece]:
    """The pieces the rules show of `chunks` (text, its tokens' probabilities and choices), the
    choices of the tokens the rules counted noted."""
    for text, extra in chunks:
        if rules.done:
            return
        probs, choices = extra or ([], [])
        counted = rules.stats.generated_tokens
        piece = rules.tokens(text, probs)
        if rules.stats.generated_tokens > counted:
            note(choices or [TokenChoice(-1, 1.0, 0, 0, text)])
        if piece:
            yield Piece(piece, rules.prob)


def _delta(payload: Any) -> tuple[str, list[float], str | None]:
    """The new text of a streamed chunk (completion or chat), its tokens' probabilities (when
    the server gave them) and its finish reason."""
    if not isinstance(payload, dict):
        return "", [], None
    choices = payload.get("choices")
    if not choices and "content" in payload:  # a llama.cpp server's own format
        stop = payload.get("stop")
        found = token_logprobs({"content": payload.get("completion_probabilities")})
        probs = [math.exp(min(0.0, lp)) for _t, lp in found if lp is not None]
        return str(payload.get("content") or ""), probs, "stop" if stop else None
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        return "", [], None
    choice = choices[0]
    text = choice.get("text")
    if text is None:
        delta = choice.get("delta")
        text = delta.get("content") if isinstance(delta, dict) else None
    found = token_logprobs(choice.get("logprobs"))
    probs = [math.exp(min(0.0, lp)) for _t, lp in found if lp is not None]
    finish = choice.get("finish_reason")
    return str(text or ""), probs, str(finish) if finish else None


def chunk_choices(payload: Any, text: str) -> list[TokenChoice]:
    """The tokens of a streamed completion chunk with the likeliest tokens at each (its
    `top_logprobs`, whole characters only); one token without options where the chunk says
    nothing of them (positions come from `_stream`)."""
    fallback = [TokenChoice(-1, 1.0, 0, 0, text)]
    try:
        logprobs = payload["choices"][0]["logprobs"]
        tokens = logprobs["tokens"]
        lps = logprobs["token_logprobs"]
        tops = logprobs.get("top_logprobs") or [None] * len(tokens)
    except (KeyError, IndexError, TypeError, AttributeError):
        return fallback
    if not isinstance(tokens, list) or "".join(map(str, tokens)) != text:
        return fallback
    found = []
    for token, lp, top in zip(tokens, lps, tops, strict=False):
        prob = math.exp(min(0.0, lp)) if isinstance(lp, int | float) and math.isfinite(lp) else 1.0
        options: list[Option] = []
        if isinstance(top, dict):
            for option, olp in sorted(top.items(), key=lambda kv: -_finite(kv[1])):
                if option and "\ufffd" not in option and not option.startswith("bytes:"):
                    options.append(Option(str(option), math.exp(min(0.0, _finite(olp)))))
        found.append(TokenChoice(-1, prob, 0, 0, str(token), tuple(options[:CHOICES])))
    return found


def _guessed(body: dict[str, Any], layout: int = 0) -> int:
    """The cautious count (`tokens_guess`) of the prompt a request sends, a token id one; 0
    where it sends no text (a chat, `/infill`) or sends a text as its tokens (specials.py: more
    ids than the `layout` tokens of a laid-out prompt), where the count would be no guess."""
    prompt = body.get("prompt")
    if isinstance(prompt, str):
        return tokens_guess(prompt)
    if not isinstance(prompt, list) or sum(not isinstance(p, str) for p in prompt) > layout:
        return 0
    return sum(tokens_guess(p) if isinstance(p, str) else 1 for p in prompt)


def _finite(value: Any) -> float:
    return float(value) if isinstance(value, int | float) and math.isfinite(value) else -math.inf


def _count(payload: Any, stats: GenerationStats) -> None:
    """The prompt's tokens, and how many of them the server's prefix cache held, from a
    chunk's `usage` (OpenAI) or `timings` (llama.cpp: `cache_n` reused, `prompt_n` evaluated)."""
    if not isinstance(payload, dict):
        return
    usage = payload.get("usage")
    if isinstance(usage, dict) and isinstance(usage.get("prompt_tokens"), int):
        stats.prompt_tokens = usage["prompt_tokens"]
    timings = payload.get("timings")
    if isinstance(timings, dict):
        cached, evaluated = timings.get("cache_n"), timings.get("prompt_n")
        if isinstance(cached, int) and isinstance(evaluated, int) and min(cached, evaluated) >= 0:
            stats.reused_tokens, stats.evaluated_tokens = cached, evaluated
            stats.prompt_tokens = stats.prompt_tokens or cached + evaluated


def _alternative(choice: dict[str, Any]) -> Alternative:
    """A choice of a completion reply as the server wrote it, with its tokens' probabilities
    and where each token ends in the text (when the server gave them)."""
    text = str(choice.get("text") or "")
    probs: list[float] = []
    ends: list[int] = []
    at = 0
    for token, lp in token_logprobs(choice.get("logprobs")):
        at += len(token)
        if lp is not None:
            probs.append(math.exp(min(0.0, lp)))
            ends.append(min(at, len(text)))
    finish = FinishReason.LENGTH if choice.get("finish_reason") == "length" else FinishReason.END
    return Alternative(text, 0.0, probs, token_ends=ends, finish_reason=finish)


def _mean_log(probs: list[float]) -> float:
    return sum(math.log(max(p, 1e-12)) for p in probs) / len(probs) if probs else 0.0
