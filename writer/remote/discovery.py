"""What an inference server can do, found out rather than assumed.

`/v1/models` lists the models. A llama.cpp server (llama-server) answers `/props` (and
`/health`); it then gets its extras: `cache_prompt`, `n_predict: 0` to evaluate a prompt ahead of
typing, and `/infill` when its model has fill-in-the-middle tokens (with the tokens that lay out
its fill-in-the-middle prompt, `fim_layout`); `/props` also says how many
requests it serves at once (`total_slots`, continuous batching), and `/slots`, where it is on,
whether it speculates (a draft model or n-gram lookup: what a rewrite gains remotely in place of
Writer's own prompt lookup). Whether completions carry log-probabilities
(confidence shading) and whether `n` gives several choices (alternatives in one request) is
tried once with a one-token request each, because servers accept parameters they ignore; and
what log-probabilities cost is timed, because some servers compute them in Python over the
whole vocabulary (llama-cpp-python's: about 65 ms a token on two cores), which no keystroke
should wait for.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Any

from writer.generation.requests import CancelToken
from writer.remote.client import HttpClient, NotFound, ServerError
from writer.sentences import said

LLAMA_CPP = said("llama.cpp server")
OPENAI_COMPATIBLE = said("OpenAI-compatible server")


@dataclass(frozen=True)
class FimLayout:
    """The tokens around the text of a llama.cpp server's fill-in-the-middle prompt, `lead
    <PRE> prefix <SUF> suffix <MID>` (`lead`: its BOS token, a repository header), so that
    Writer can send that prompt itself, with the text typed since an earlier prompt after the
    middle token (see remote/backend.py)."""

    lead: tuple[int, ...]
    pre: int
    suf: int
    mid: int
    spelled: tuple[str, ...] = ()  # how the server prints them (text that spells one is not sent)


@dataclass
class ServerInfo:
    """What Writer found at a server. `lacks` holds sentences about what it cannot do, to be
    said once to the writer."""

    kind: str = OPENAI_COMPATIBLE
    models: list[str] = field(default_factory=list)
    model: str = ""
    logprobs: bool = False  # given, and cheap enough to ask for while the writer types
    logprobs_ms: float = 0.0  # what they add per token, where measured
    choices: bool = False  # several completions from one request (`n`)
    llama_cpp: bool = False
    infill: bool = False
    fim: FimLayout | None = None  # the tokens of its infill prompt, where they could be read
    n_ctx: int = 0
    slots: int = 0  # requests a llama.cpp server serves at once
    speculative: str = ""  # how a llama.cpp server speculates ("" when it does not)
    speculation_known: bool = False  # its /slots answered (a team server may turn it off)
    # its /v1/completions reads a prompt of token ids (a llama.cpp server without a vision or
    # audio projector: with one it reads only a string there); its /completion always does
    ids_in_completions: bool = False

    @property
    def offers(self) -> str:
        """One sentence of what the server does for Writer, to be said once with `lacks`; said
        (writer.sentences) part by part, so that the interface shows it in its language."""
        found = []
        if self.slots:
            found.append(
                said("{0} writers at once", self.slots)
                if self.slots > 1
                else said("1 writer at once")
            )
        if self.llama_cpp:
            found.append(said("prompt cache"))
        if self.infill:
            found.append(said("fill-in-the-middle"))
        if self.logprobs:
            found.append(said("confidence shading ({0} ms a token)", f"{self.logprobs_ms:.1f}"))
        if self.choices:
            found.append(said("several alternatives per request"))
        if self.speculative:
            found.append(said("speculative rewrites ({0})", self.speculative))
        listed = found[0] if found else said("plain completions")
        for more in found[1:]:
            listed = said("{0}, {1}", listed, more)
        return said("{0}: {1}.", self.kind, listed)

    @property
    def lacks(self) -> list[str]:
        """Sentences of what the server cannot do for Writer, said once."""
        out = []
        if not self.logprobs and self.logprobs_ms:
            out.append(
                said(
                    "This server's confidence costs {0} ms a token, so suggestions are not "
                    "shaded.",
                    f"{self.logprobs_ms:.0f}",
                )
            )
        elif not self.logprobs:
            out.append(said("This server gives no confidence, so suggestions are not shaded."))
        if not self.choices:
            out.append(
                said("This server gives one completion per request, so alternatives are slower.")
            )
        if self.speculation_known and not self.speculative:
            out.append(
                said(
                    "This server does not speculate (no draft model nor n-gram lookup), and "
                    "Writer's own prompt lookup cannot run on a server, so rewrites are not "
                    "sped up."
                )
            )
        return out

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "models": self.models,
            "model": self.model,
            "logprobs": self.logprobs,
            "logprobs_ms_per_token": round(self.logprobs_ms, 1),
            "several_choices": self.choices,
            "prompt_cache": self.llama_cpp,
            "infill": self.infill,
            "fim_layout": self.fim is not None,
            "n_ctx": self.n_ctx,
            "slots": self.slots,
            "speculative": self.speculative,
        }


def discover(client: HttpClient, model: str | None = None) -> ServerInfo:
    """Ask the server what it serves and can do; ServerError with a sentence when it cannot be
    used at all (unreachable, refusing the key, no such model, no OpenAI API)."""
    cancel = CancelToken()
    info = ServerInfo()
    listing = client.get_json("/v1/models", cancel)
    data = listing.get("data", []) if isinstance(listing, dict) else []
    info.models = [str(m.get("id")) for m in data if isinstance(m, dict) and m.get("id")]
    if model:
        if info.models and model not in info.models:
            names = ", ".join(info.models[:8])
            raise NotFound(
                said(
                    "The server at {0} has no model called {1!r} (it has {2}).",
                    client.endpoint.host,
                    model,
                    names,
                )
            )
        info.model = model
    elif info.models:
        info.model = info.models[0]
    else:
        raise ServerError(said("The server at {0} lists no models.", client.endpoint.host))
    try:
        props = client.get_json("/props", cancel)
    except ServerError:
        props = None
    if isinstance(props, dict) and "default_generation_settings" in props:
        info.llama_cpp = True
        info.kind = LLAMA_CPP
        settings = props.get("default_generation_settings") or {}
        if isinstance(settings, dict) and isinstance(settings.get("n_ctx"), int):
            info.n_ctx = settings["n_ctx"]
        slots = props.get("total_slots")
        info.slots = slots if isinstance(slots, int) and 0 < slots < 10_000 else 0
        modalities = props.get("modalities")
        info.ids_in_completions = not (
            isinstance(modalities, dict) and any(v is not False for v in modalities.values())
        )
        info.infill = _tries(client, "/infill", {"input_prefix": "a", "input_suffix": "b",
                                                 "n_predict": 0})
        if info.infill:
            info.fim = fim_layout(client, cancel)
    probe = {"model": info.model, "prompt": "The", "max_tokens": 1, "temperature": 0}
    reply = _reply(client, {**probe, "logprobs": 1})
    if reply is not None:
        choice = (reply.get("choices") or [{}])[0]
        logprobs = choice.get("logprobs") if isinstance(choice, dict) else None
        info.logprobs = bool(token_logprobs(logprobs))
    if info.logprobs:
        info.logprobs_ms = _logprob_cost(client, info.model)
        info.logprobs = info.logprobs_ms <= CHEAP_LOGPROBS_MS
    reply = _reply(client, {**probe, "n": 2, "temperature": 1.0})
    if reply is not None:
        info.choices = len(reply.get("choices") or []) >= 2
    if info.llama_cpp:  # after the probes, so that its slots say which kinds
        found = _speculation(client, cancel)
        info.speculation_known = found is not None
        info.speculative = found or ""
    return info


CHEAP_LOGPROBS_MS = 5.0
COST_TOKENS = 8
COST_TRIES = 3
# found dear after COST_TRIES, tried again up to this many times: a loaded machine made a
# llama-server's 1 ms a token look like 5.7 (the CI run of b2acb47, beside two benches)
MOST_COST_TRIES = 6
# ... unless dearer than a busy turn makes a cheap server look: llama-cpp-python's server
# computes them over the whole vocabulary in Python (45-55 ms a token here), and its six
# turns made every connection to it wait 5 s
DEAR_FOR_SURE_MS = 25.0


def _logprob_cost(client: HttpClient, model: str) -> float:
    """Milliseconds log-probabilities add to each token (some servers compute them in Python
    over the whole vocabulary): the same short greedy completion timed with and without,
    taking turns, the fastest of three tries each (a busy machine only ever adds time), and of
    up to MOST_COST_TRIES where that still looks dear (the machine was busy on one side) but
    not beyond doubt (DEAR_FOR_SURE_MS)."""
    body = {"model": model, "prompt": "Once upon a time", "max_tokens": COST_TOKENS,
            "temperature": 0, "stream": True}  # fmt: skip

    def once(extra: dict[str, Any]) -> float:
        started = time.perf_counter()
        try:
            for _event in client.stream("/v1/completions", {**body, **extra}, CancelToken()):
                pass
        except ServerError:
            return float("inf")
        return time.perf_counter() - started

    plain, with_probs = [], []
    cost = 0.0
    for tried in range(1, MOST_COST_TRIES + 1):
        plain.append(once({}))
        with_probs.append(once({"logprobs": 1}))
        cost = max(0.0, (min(with_probs) - min(plain)) * 1000 / COST_TOKENS)
        if tried >= COST_TRIES and not CHEAP_LOGPROBS_MS < cost < DEAR_FOR_SURE_MS:
            break  # (cheap: more tries would only find it cheaper; or dear beyond a busy turn)
    return cost


def token_logprobs(logprobs: Any) -> list[tuple[str, float | None]]:
    """Each token of a completion choice's `logprobs` with its log-probability, in either shape
    servers send: the completions API's lists (`tokens`, `token_logprobs`: llama-cpp-python,
    vLLM) or the chat API's `content` entries (llama-server, for completions too). A token's
    text is its bytes decoded where given (llama-server cuts a token inside a character)."""
    out: list[tuple[str, float | None]] = []
    if not isinstance(logprobs, dict):
        return out
    content = logprobs.get("content")
    if isinstance(content, list):
        for entry in content:
            if not isinstance(entry, dict):
                continue
            raw = entry.get("bytes")
            if isinstance(raw, list) and all(isinstance(b, int) and 0 <= b < 256 for b in raw):
                text = bytes(raw).decode("utf-8", "ignore")
            else:
                text = str(entry.get("token") or "")
            lp = entry.get("logprob")
            out.append((text, float(lp) if _number(lp) else None))
        return out
    tokens = logprobs.get("tokens") or []
    values = logprobs.get("token_logprobs") or []
    if not isinstance(tokens, list) or not isinstance(values, list):
        return out
    tokens = tokens + [""] * (len(values) - len(tokens))
    for token, lp in zip(tokens, values, strict=False):
        out.append((str(token), float(lp) if _number(lp) else None))
    return out


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _speculation(client: HttpClient, cancel: CancelToken) -> str | None:
    """How a llama.cpp server speculates ('' when it does not; None when its `/slots` is off,
    as it should be on a shared server, since it shows every slot's last prompt), from
    `/slots` (its `/props` does not say): each slot tells whether it can, and, once it has
    served a request, which kinds ('ngram-simple', 'draft-simple', ...)."""
    try:
        slots = client.get_json("/slots", cancel)
    except ServerError:
        return None
    if not isinstance(slots, list):
        return None
    kinds = ""
    for slot in slots:
        if not isinstance(slot, dict) or slot.get("speculative") is not True:
            continue
        params = slot.get("params")
        types = params.get("speculative.types") if isinstance(params, dict) else None
        if isinstance(types, str):
            kinds = ", ".join(t for t in types.split(",") if t.strip() not in ("", "none"))
        return kinds[:80] or "draft or n-gram lookup"
    return ""


PREFIX_MARK = "Alpha"  # plain words that no tokenizer joins to a special token beside them
SUFFIX_MARK = "Omega"


def fim_layout(client: HttpClient, cancel: CancelToken | None = None) -> FimLayout | None:
    """How a llama.cpp server lays out its `/infill` prompt, read from the server itself: the
    prompt of an infill request of two marker words, as the server prints it (its special
    tokens spelled out), cut at the markers, and each part turned into its tokens by the
    server's `/tokenize`. None where anything is not as expected (a server that puts the suffix
    first, `--spm-infill`, reads the typed text last already; an older server prints no
    prompt): Writer then asks `/infill` as before."""
    cancel = cancel or CancelToken()
    body = {"input_prefix": PREFIX_MARK, "input_suffix": SUFFIX_MARK, "n_predict": 0,
            "stream": False, "cache_prompt": False, "response_fields": ["prompt"]}  # fmt: skip
    try:
        reply = client.post_json("/infill", body, cancel)
        rendered = reply.get("prompt") if isinstance(reply, dict) else None
        parts = fim_parts(rendered) if isinstance(rendered, str) else None
        if parts is None:
            return None
        head, suf, mid = (server_tokens(client, part, True, cancel) for part in parts)
        whole = server_tokens(client, rendered, True, cancel)
        pre_marks = server_tokens(client, PREFIX_MARK, False, cancel)
        suf_marks = server_tokens(client, SUFFIX_MARK, False, cancel)
    except ServerError:
        return None
    if head is None or suf is None or mid is None or len(suf) != 1 or len(mid) != 1:
        return None
    if not head or len({head[-1], suf[0], mid[0]}) != 3:
        return None
    if whole != [*head, *(pre_marks or [-1]), *suf, *(suf_marks or [-1]), *mid]:
        return None  # the parts do not spell the prompt as the server tokenized it
    return FimLayout(tuple(head[:-1]), head[-1], suf[0], mid[0], parts)


def fim_parts(rendered: str) -> tuple[str, str, str] | None:
    """A printed infill prompt of the two marker words cut into what goes before the prefix
    (its last token the prefix token), the suffix token and the middle token, as text; None
    when it is not `… PREFIX_MARK … SUFFIX_MARK …` with something in each gap. Spaces next to
    a marker belong to the marker (a tokenizer may print its word with one)."""
    at = rendered.find(PREFIX_MARK)
    to = rendered.find(SUFFIX_MARK, at + len(PREFIX_MARK)) if at >= 0 else -1
    if to < 0 or rendered.count(PREFIX_MARK) != 1 or rendered.count(SUFFIX_MARK) != 1:
        return None
    head = rendered[:at].rstrip(" ")
    suf = rendered[at + len(PREFIX_MARK) : to].strip(" ")
    mid = rendered[to + len(SUFFIX_MARK) :].lstrip(" ")
    if not head or not suf or not mid:
        return None
    return head, suf, mid


def server_tokens(
    client: HttpClient, text: str, special: bool, cancel: CancelToken, bos: bool = False
) -> list[int] | None:
    """The server's tokens for `text` (`special`: its special tokens' spellings read as those
    tokens; `bos`: with the BOS token where its model adds one), or None where the answer is
    not a list of token ids."""
    body = {"content": text, "parse_special": special, "add_special": bos}
    reply = client.post_json("/tokenize", body, cancel)
    tokens = reply.get("tokens") if isinstance(reply, dict) else None
    if not isinstance(tokens, list) or not all(
        isinstance(t, int) and not isinstance(t, bool) and t >= 0 for t in tokens
    ):
        return None
    return tokens


def _reply(client: HttpClient, body: dict[str, Any]) -> dict[str, Any] | None:
    try:
        reply = client.post_json("/v1/completions", body)
    except NotFound:
        raise
    except ServerError:
        return None
    return reply if isinstance(reply, dict) else None


def _tries(client: HttpClient, path: str, body: dict[str, Any]) -> bool:
    try:
        client.post_json(path, body)
    except ServerError:
        return False
    return True
