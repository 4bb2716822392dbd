"""What llama.cpp's llama-server sends, as the server backend reads it, against the tests'
scripted server: its `/props` and `/slots`, its log-probabilities (the chat API's `content`
entries, for completions too), its own `/infill` stream with `completion_probabilities` and
`timings`. The same backend against the real llama-server is tests/test_llama_server.py."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import fuzz_examples
from tests.scripted_server import ScriptedServer, send_json, start_events, write
from writer.generation.requests import ContinuationRequest
from writer.remote.backend import TOP_UP_REQUESTS, ServerBackend
from writer.remote.client import Endpoint
from writer.remote.discovery import token_logprobs


def entry(text: str, logprob: float) -> dict:
    raw = list(text.encode("utf-8"))
    return {"id": 1, "token": text, "bytes": raw, "logprob": logprob, "top_logprobs": []}


def props(slots: int = 4):
    def script(handler, _body) -> None:
        send_json(handler, {"default_generation_settings": {"n_ctx": 2048, "params": {}},
                            "total_slots": slots, "build_info": "b1"})  # fmt: skip

    return script


def slots(speculative: bool, types: str | None = None):
    def script(handler, _body) -> None:
        slot: dict = {"id": 0, "n_ctx": 2048, "speculative": speculative, "is_processing": False}
        if types is not None:
            slot["params"] = {"speculative.types": types}
        send_json(handler, [slot, {**slot, "id": 1}])

    return script


def probe(handler, body) -> None:
    """llama-server's answers to discovery's probes: log-probabilities in `content` entries,
    several choices for `n`."""
    if body.get("stream"):
        start_events(handler)
        for _ in range(int(body.get("max_tokens") or 1)):
            write(handler, _sse({"choices": [{"index": 0, "text": " a", "finish_reason": None}]}))
        write(handler, b"data: [DONE]\n\n")
        return
    choices = [
        {"index": i, "text": " x", "finish_reason": "length",
         "logprobs": {"content": [entry(" x", -0.2)]} if body.get("logprobs") else None}
        for i in range(int(body.get("n") or 1))
    ]  # fmt: skip
    send_json(handler, {"choices": choices})


def _sse(payload: dict) -> bytes:
    return b"data: " + json.dumps(payload, ensure_ascii=False).encode() + b"\n\n"


@pytest.fixture
def server():
    with ScriptedServer() as s:
        s.route("GET", "/props", props())
        s.route("GET", "/slots", slots(False))
        s.route("POST", "/v1/completions", probe)
        yield s


def test_discovery_recognises_llama_server_and_says_what_it_offers(server: ScriptedServer) -> None:
    server.route("POST", "/infill", lambda h, _b: send_json(h, {"content": ""}))
    backend = ServerBackend(Endpoint.parse(server.url))
    found = backend.server
    assert found.llama_cpp
    assert found.infill
    assert found.choices
    assert found.logprobs
    assert found.slots == 4
    assert found.n_ctx == 2048
    offers = backend.info.notes[0]
    assert offers.startswith("llama.cpp server: 4 writers at once, prompt cache, fill-in-the-")
    assert "several alternatives" in offers
    assert any("does not speculate" in note for note in backend.info.notes[1:])
    assert backend.server.as_dict()["slots"] == 4


@pytest.mark.parametrize(
    ("types", "said"), [(None, "draft or n-gram lookup"), ("ngram-simple", "ngram-simple")]
)
def test_a_speculating_server_says_how(server: ScriptedServer, types, said) -> None:
    server.route("GET", "/slots", slots(True, types))
    backend = ServerBackend(Endpoint.parse(server.url))
    assert backend.server.speculative == said
    assert f"speculative rewrites ({said})" in backend.info.notes[0]
    assert not any("does not speculate" in note for note in backend.info.notes)


def test_a_streamed_completion_carries_llama_servers_probabilities(server: ScriptedServer) -> None:
    def script(handler, _body) -> None:
        start_events(handler)
        for text, lp in [(" The", -0.1), (" keeper", -0.3)]:
            choice = {"index": 0, "text": text, "finish_reason": None,
                      "logprobs": {"content": [entry(text, lp)]}}  # fmt: skip
            write(handler, _sse({"choices": [choice]}))
        write(handler, _sse({"choices": [{"index": 0, "text": "", "finish_reason": "length"}],
                             "timings": {"cache_n": 40, "prompt_n": 2}}))  # fmt: skip
        write(handler, b"data: [DONE]\n\n")

    backend = ServerBackend(Endpoint.parse(server.url))
    server.route("POST", "/v1/completions", script)
    stream = backend.continuation(ContinuationRequest("Once upon a time,", stop_at="none"))
    pieces = list(stream)
    assert "".join(p.text for p in pieces) == " The keeper"
    assert stream.stats.token_probs == pytest.approx([math.exp(-0.1), math.exp(-0.3)])
    assert (stream.stats.reused_tokens, stream.stats.evaluated_tokens) == (40, 2)


def test_infill_streams_with_probabilities_and_the_reused_prefix(server: ScriptedServer) -> None:
    """llama-server's own stream format: `content` and `stop`, `completion_probabilities`,
    and `timings` on the last event, with no [DONE]."""
    asked: list[dict] = []

    def infill(handler, body) -> None:
        if body.get("n_predict") == 0:
            send_json(handler, {"content": ""})
            return
        asked.append(body)
        start_events(handler)
        write(handler, _sse({"content": "quietly", "stop": False,
                             "completion_probabilities": [entry("quietly", -0.05)]}))  # fmt: skip
        write(handler, _sse({"content": "", "stop": True,
                             "timings": {"cache_n": 30, "prompt_n": 3}}))  # fmt: skip

    server.route("POST", "/infill", infill)
    backend = ServerBackend(Endpoint.parse(server.url))
    request = ContinuationRequest("The cat slept ", after=" on the rug.", stop_at="none")
    stream = backend.continuation(request)
    assert stream.text() == "quietly"
    assert stream.stats.token_probs == pytest.approx([math.exp(-0.05)])
    assert stream.stats.reused_tokens == 30
    assert asked[0]["cache_prompt"] is True
    assert asked[0]["n_probs"] == 1
    assert asked[0]["input_suffix"].startswith(" on the rug.")


def test_alternatives_read_llama_servers_probabilities(server: ScriptedServer) -> None:
    backend = ServerBackend(Endpoint.parse(server.url))

    def answer(handler, body) -> None:
        n = int(body.get("n") or 1)
        texts = ["climbed the stairs.", "slept by the lamp.", "wrote a letter."][:n]
        if body.get("temperature"):
            texts = texts[1:] + ["sang."] if n > 1 else ["sang."]
        choices = [{"index": i, "text": t, "finish_reason": "stop",
                    "logprobs": {"content": [entry(w, -0.1 * (i + 1)) for w in t.split(" ")]}}
                   for i, t in enumerate(texts)]  # fmt: skip
        send_json(handler, {"choices": choices})

    server.route("POST", "/v1/completions", answer)
    found = backend.alternatives(ContinuationRequest("The keeper ", max_tokens=16), 3).items
    assert len(found) == 3
    assert len({a.text for a in found}) == 3
    assert all(a.token_probs for a in found)


def test_alternatives_that_repeat_each_other_are_topped_up_with_seeded_ones(
    server: ScriptedServer,
) -> None:
    """A server whose sampled choices all say what the greedy one says (a model sure of its
    words, or bad luck) is asked again, seeded, a bounded number of times, until the
    alternatives differ; one that never differs gives the one it has."""
    backend = ServerBackend(Endpoint.parse(server.url))

    def answer(handler, body) -> None:
        n = int(body.get("n") or 1)
        text = "climbed the stairs."
        if body.get("seed") == 3:  # the top-up's first seed (after k - 1 = 2 sampled ones)
            text = "slept by the lamp."
        choices = [{"index": i, "text": text, "finish_reason": "stop",
                    "logprobs": {"content": [entry(w, -0.1) for w in text.split(" ")]}}
                   for i in range(n)]  # fmt: skip
        send_json(handler, {"choices": choices})

    server.route("POST", "/v1/completions", answer)
    found = backend.alternatives(ContinuationRequest("The keeper ", max_tokens=16), 3).items
    assert {a.text for a in found} == {"climbed the stairs.", "slept by the lamp."}
    asked = [
        body
        for _method, path, body, _h in server.requests
        if path == "/v1/completions" and "keeper" in str(body.get("prompt"))
    ]  # not the backend's questions about what the server can do
    seeds = [body.get("seed") for body in asked]
    assert 3 in seeds
    assert len(asked) <= 2 + 2 + TOP_UP_REQUESTS  # greedy, the sampled ones, the top-ups


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=4),
    max_leaves=20,
)  # fmt: skip
entries = st.fixed_dictionaries(
    {},
    optional={"token": json_values, "bytes": json_values, "logprob": json_values,
              "tokens": json_values, "token_logprobs": json_values},
)  # fmt: skip


@settings(max_examples=fuzz_examples(300))
@given(st.one_of(json_values, st.fixed_dictionaries({"content": st.lists(entries | json_values)}),
                 entries))  # fmt: skip
def test_any_logprobs_give_tokens_or_nothing(value) -> None:
    """Whatever a server puts in `logprobs`, its tokens come out as text with a finite
    log-probability or None, never an exception."""
    for text, lp in token_logprobs(value):
        assert isinstance(text, str)
        assert lp is None or math.isfinite(lp)


def test_a_server_without_slots_is_not_said_to_lack_speculation(server: ScriptedServer) -> None:
    """A team's server turns /slots off (it shows every writer's last prompt): whether it
    speculates is then unknown, and nothing is claimed."""
    server.route("GET", "/slots", lambda h, _b: send_json(h, {"error": {"message": "off"}}, 501))
    backend = ServerBackend(Endpoint.parse(server.url))
    assert backend.server.slots == 4
    assert not backend.server.speculation_known
    assert not any("speculat" in note for note in backend.info.notes)


# typing in the middle: Writer lays out the infill prompt itself ----------------------------
# A toy tokenizer as a server's: special tokens by their spelling, each other character one
# token (its code point + 1000).
SPECIALS = {"<s>": 1, "<pre>": 11, "<suf>": 12, "<mid>": 13}


def toy_tokens(text: str, special: bool) -> list[int]:
    out, at = [], 0
    while at < len(text):
        name = next((n for n in SPECIALS if special and text.startswith(n, at)), None)
        if name:
            out.append(SPECIALS[name])
            at += len(name)
        else:
            out.append(1000 + ord(text[at]))
            at += 1
    return out


def fim_server(server: ScriptedServer, printed: str) -> list[dict]:
    """`server` as a llama.cpp server whose infill prompt prints as `printed` (its markers in
    place of the probe's words); returns the bodies of the suggestions asked at /completion."""
    asked: list[dict] = []

    def infill(handler, body) -> None:
        shown = printed.replace("P", body["input_prefix"]).replace("S", body["input_suffix"])
        if body.get("response_fields") or not body.get("stream"):
            send_json(handler, {"prompt": shown} if body.get("response_fields") else {})
            return
        start_events(handler)
        write(handler, _sse({"content": "", "stop": True}))

    def tokenize(handler, body) -> None:
        bos = [SPECIALS["<s>"]] if body.get("add_special") else []
        send_json(handler, {"tokens": bos + toy_tokens(body["content"], body.get("parse_special"))})

    def completion(handler, body) -> None:
        if body.get("n_predict") == 0:
            send_json(handler, {"content": ""})
            return
        asked.append(body)
        start_events(handler)
        write(handler, _sse({"content": " softly", "stop": False}))
        write(handler, _sse({"content": "", "stop": True,
                             "timings": {"cache_n": 9, "prompt_n": 2}}))  # fmt: skip

    server.route("POST", "/infill", infill)
    server.route("POST", "/tokenize", tokenize)
    server.route("POST", "/completion", completion)
    return asked


def test_typing_in_the_middle_sends_the_typed_text_after_the_middle_token(
    server: ScriptedServer,
) -> None:
    """The prefix stays where the first prompt at this place ended it; what is typed after it
    goes after the middle token, so the server's cache keeps the suffix."""
    asked = fim_server(server, "<s><pre>P<suf>S<mid>")
    backend = ServerBackend(Endpoint.parse(server.url))
    fim = backend.server.fim
    assert fim is not None
    assert (fim.lead, fim.pre, fim.suf, fim.mid) == ((1,), 11, 12, 13)
    after = " on the rug."
    first = backend.continuation(ContinuationRequest("The cat slept ", after=after, stop_at="none"))
    assert first.text() == "softly"
    then = ContinuationRequest("The cat slept on the mat and ", after=after, stop_at="none")
    assert backend.continuation(then).text() == "softly"
    inside = ContinuationRequest("The cat slept on the mat and pur", after=after, stop_at="none")
    assert backend.continuation(inside).text() == ""  # the answer must begin with "pur"
    prompts = [body["prompt"] for body in asked]
    assert prompts[0] == [1, 11, "The cat slept", 12, after, 13]
    assert prompts[1] == [1, 11, "The cat slept", 12, after, 13, " on the mat and"]
    assert prompts[2] == prompts[1]  # inside a word the text ends before it
    assert all(body["cache_prompt"] and body["n_predict"] for body in asked)
    # elsewhere in the text the prompt is made afresh
    backend.continuation(ContinuationRequest("A dog ", after=" barked.", stop_at="none")).text()
    assert asked[-1]["prompt"] == [1, 11, "A dog", 12, " barked.", 13]


@pytest.mark.parametrize(
    "printed",
    [
        "<s><suf>S<pre>P<mid>",  # the suffix first (--spm-infill): the cache keeps it already
        "<pre>P<suf>S",  # no middle token printed
        "<pre>P<suf><mid>S<mid>",  # the suffix not between its token and the middle token's
        "P<suf>S<mid>",  # nothing before the prefix
        "<pre>P S<mid>",  # no suffix token
    ],
)
def test_a_layout_not_as_expected_keeps_the_servers_infill(
    server: ScriptedServer, printed: str
) -> None:
    fim_server(server, printed)
    asked: list[dict] = []

    def infill(handler, body) -> None:
        if body.get("response_fields"):
            shown = printed.replace("P", body["input_prefix"]).replace("S", body["input_suffix"])
            send_json(handler, {"prompt": shown})
            return
        if body.get("n_predict") == 0:
            send_json(handler, {"content": ""})
            return
        asked.append(body)
        start_events(handler)
        write(handler, _sse({"content": "", "stop": True}))

    server.route("POST", "/infill", infill)
    backend = ServerBackend(Endpoint.parse(server.url))
    assert backend.server.infill
    assert backend.server.fim is None
    backend.continuation(ContinuationRequest("The cat slept ", after=" on the rug.")).text()
    assert asked
    assert asked[-1]["input_prefix"] == "The cat slept"


@settings(max_examples=fuzz_examples(200), deadline=None)
@given(st.text(max_size=40), st.text(max_size=10), st.text(max_size=10))
def test_any_printed_prompt_is_read_or_refused(head: str, suf: str, mid: str) -> None:
    from writer.remote.discovery import PREFIX_MARK, SUFFIX_MARK, fim_parts

    printed = head + PREFIX_MARK + suf + SUFFIX_MARK + mid
    parts = fim_parts(printed)
    plain = all(PREFIX_MARK not in p and SUFFIX_MARK not in p for p in (head, suf, mid))
    if parts is not None:
        assert all(parts)
        assert printed.count(PREFIX_MARK) == printed.count(SUFFIX_MARK) == 1
    if plain and head.strip(" ") and suf.strip(" ") and mid.strip(" "):
        assert parts == (head.rstrip(" "), suf.strip(" "), mid.lstrip(" "))
    for cut in range(0, len(printed), 7):  # any piece of it: read or refused, never a crash
        fim_parts(printed[cut:])


def test_chinese_in_the_middle_is_laid_out_within_the_context(server: ScriptedServer) -> None:
    """Counted cautiously (three tokens a character), the text after the cursor takes at most
    a quarter of the budget and the text before it the rest: a prompt that fits, not none."""
    from writer.generation.window import prompt_budget, tokens_guess

    asked = fim_server(server, "<pre>P<suf>S<mid>")
    backend = ServerBackend(Endpoint.parse(server.url))  # a context of 2,048 tokens
    text = "灯塔看守人每天晚上都爬上螺旋楼梯，点亮那盏古老的灯。" * 100
    backend.continuation(ContinuationRequest(text, after=text, stop_at="none")).text()
    pre, anchor, suf, suffix, mid = asked[-1]["prompt"]
    assert (pre, suf, mid) == (11, 12, 13)
    budget = prompt_budget(2048, 48)
    assert budget // 2 < tokens_guess(anchor) + tokens_guess(suffix) <= budget - 3
    assert 0 < tokens_guess(suffix) <= budget // 4
    assert text.endswith(anchor)
    assert text.startswith(suffix)


def test_text_that_spells_a_special_token_goes_to_the_servers_infill(
    server: ScriptedServer,
) -> None:
    """A string in a laid-out prompt is read with the server's special tokens: a document that
    spells one goes to `/infill`, which reads text as text."""
    asked = fim_server(server, "<pre>P<suf>S<mid>")
    backend = ServerBackend(Endpoint.parse(server.url))
    request = ContinuationRequest("Type <mid> to ", after=" end the prompt.", stop_at="none")
    backend.continuation(request).text()
    assert not asked
    assert server.requests[-1][1] == "/infill"


def test_alternatives_in_the_middle_are_asked_with_the_laid_out_prompt(
    server: ScriptedServer,
) -> None:
    """They see the text after the cursor, as a suggestion there does, and the anchor's
    prompt (its cache kept); an answer that ends a sentence inside the sentence the cursor is
    in is kept whole, as from a model that saw how it goes on (the seam rules cut it to what
    can precede the following words where the model did not)."""
    fim_server(server, "<s><pre>P<suf>S<mid>")
    backend = ServerBackend(Endpoint.parse(server.url))
    asked: list[dict] = []

    def answer(handler, body) -> None:
        asked.append(body)
        n = int(body.get("n") or 1)
        texts = ["softly. It dreamed", "all night.", "by the fire."][:n]
        if body.get("temperature"):
            texts = texts[1:] + ["alone."] if n > 1 else ["alone."]
        choices = [{"index": i, "text": t, "finish_reason": "stop",
                    "logprobs": {"content": [entry(w, -0.1) for w in t.split(" ")]}}
                   for i, t in enumerate(texts)]  # fmt: skip
        send_json(handler, {"choices": choices})

    server.route("POST", "/v1/completions", answer)
    after = " and purred until dawn."
    backend.continuation(ContinuationRequest("The cat slept ", after=after)).text()
    here = ContinuationRequest("The cat slept on the mat ", after=after, stop_at="none")
    found = backend.alternatives(here, 3).items
    assert asked
    assert all(
        body["prompt"] == [1, 11, "The cat slept", 12, after, 13, " on the mat"] for body in asked
    )
    assert "softly. It dreamed" in {alt.text for alt in found}


def test_the_servers_counts_let_the_window_go_past_the_cautious_count(
    server: ScriptedServer,
) -> None:
    """A tokenizer made for Chinese reads a character in about one token, where the cautious
    count takes three: the server's counts of the prompts it was sent let the window grow
    towards its context. A prompt it then refuses as too long is asked again at the cautious
    count, and the suggestion comes."""
    from writer.generation.window import tokens_guess

    backend = ServerBackend(Endpoint.parse(server.url))  # a context of 2,048 tokens
    sent: list[str] = []
    refuse_over = [10**9]  # characters: longer prompts are refused as too long

    def answer(handler, body) -> None:
        prompt = body["prompt"]
        sent.append(prompt)
        counted = len(prompt)  # a token a character
        if len(prompt) > refuse_over[0]:
            message = f"request ({counted} tokens) exceeds the available context size"
            error = {"code": 400, "message": message, "type": "exceed_context_size_error"}
            send_json(handler, {"error": error}, status=400)
            return
        start_events(handler)
        write(handler, _sse({"choices": [{"index": 0, "text": "灯", "finish_reason": None}],
                             "timings": {"cache_n": 0, "prompt_n": counted}}))  # fmt: skip
        write(handler, _sse({"choices": [{"index": 0, "text": "。", "finish_reason": "stop"}]}))
        write(handler, b"data: [DONE]\n\n")

    server.route("POST", "/v1/completions", answer)
    doc = "灯塔看守人每天晚上都爬上螺旋楼梯，点亮那盏古老的灯。" * 400
    first = backend.continuation(ContinuationRequest(doc, stop_at="none"))
    assert first.text() == "灯。"
    assert first.stats.prompt_tokens == len(sent[0])
    assert tokens_guess(sent[0]) <= 2048 - 48 - 8  # the cautious count: it fits
    doc += "后来"
    assert backend.continuation(ContinuationRequest(doc, stop_at="none")).text() == "灯。"
    assert len(sent[1]) > 2 * len(sent[0])  # the window grew
    assert len(sent[1]) <= (2048 - 48 - 8) / 1.15  # by the server's count, within a margin
    # the text changes (the tokenizer now takes more): refused, asked again, answered
    refuse_over[0] = len(sent[0]) + 100
    doc += "，一封信到了"
    again = backend.continuation(ContinuationRequest(doc, stop_at="none"))
    assert again.text() == "灯。"
    assert len(sent) == 4
    assert len(sent[2]) > refuse_over[0] >= len(sent[3])
    assert again.stats.prompt_tokens == len(sent[3])


def test_a_rewrite_refused_as_too_long_is_not_asked_again_and_keeps_the_scale(
    server: ScriptedServer,
) -> None:
    """A chat's prompt is not made by the scale: asked again it would be refused again, and
    the scale the continuations learned stays."""
    from writer.generation.backend import BackendError
    from writer.generation.requests import RewriteRequest

    backend = ServerBackend(Endpoint.parse(server.url))
    sent: list[str] = []
    chats: list[dict] = []

    def answer(handler, body) -> None:
        sent.append(body["prompt"])
        timings = {"cache_n": 0, "prompt_n": len(body["prompt"])}
        choice = {"index": 0, "text": "灯", "finish_reason": "stop"}
        start_events(handler)
        write(handler, _sse({"choices": [choice], "timings": timings}))
        write(handler, b"data: [DONE]\n\n")

    def chat(handler, body) -> None:
        chats.append(body)
        error = {"code": 400, "message": "request (9000 tokens) exceeds the available context size",
                 "type": "exceed_context_size_error"}  # fmt: skip
        send_json(handler, {"error": error}, status=400)

    server.route("POST", "/v1/completions", answer)
    server.route("POST", "/v1/chat/completions", chat)
    doc = "灯塔看守人每天晚上都爬上螺旋楼梯，点亮那盏古老的灯。" * 400
    backend.continuation(ContinuationRequest(doc, stop_at="none")).text()
    backend.continuation(ContinuationRequest(doc + "后来", stop_at="none")).text()
    grown = len(sent[-1])
    assert grown > 2 * len(sent[0])
    with pytest.raises(BackendError, match="exceeds the available context"):
        backend.rewrite(RewriteRequest("灯塔" * 3000, "Shorter.")).text()
    assert len(chats) == 1
    backend.continuation(ContinuationRequest(doc + "后来他", stop_at="none")).text()
    assert len(sent[-1]) >= grown  # the window as the scale had it


@pytest.mark.parametrize("repeat", [300, 544, 777])  # 544: where the old grid started later
def test_with_memory_a_scaled_window_never_starts_later(server: ScriptedServer, repeat) -> None:
    """The scaled window keeps the chunk grid of the unscaled one with the memory and the laid
    suffix taken out of both alike: a larger budget never means less text."""
    fim_server(server, "<pre>P<suf>S<mid>")
    backend = ServerBackend(Endpoint.parse(server.url))
    memory = "Notes: the keeper, the lamp, the sea. " * 30
    text = "The keeper climbed the stairs to light the lamp. " * repeat
    for after in ("", " and the sea was calm."):
        request = ContinuationRequest(text, after=after, memory=memory)
        plain, _skip = backend._prompt(request, 1.0)
        for at in (2**0.25, 2**0.5, 2.0):
            scaled, _skip = backend._prompt(request, at)
            assert scaled.startswith(memory)
            assert plain.startswith(memory)
            assert len(scaled) >= len(plain)
            assert scaled.endswith(plain[len(memory) :])


def test_text_that_spells_a_special_token_is_sent_as_text(server: ScriptedServer) -> None:
    """llama-server reads a special token's spelling in a prompt's string as that token: a
    text that spells one goes as its tokens read as text (the new spellings asked together at
    /tokenize, one by one where one is special, then the text's tokens); a text that spells
    none goes as it is (a page of HTML tags costs two questions)."""
    fim_server(server, "<s><pre>P<suf>S<mid>")  # its toy tokenizer: "<s>" is the BOS token
    backend = ServerBackend(Endpoint.parse(server.url))
    asked: list[dict] = []

    def answer(handler, body) -> None:
        asked.append(body)
        start_events(handler)
        write(handler, _sse({"choices": [{"index": 0, "text": " next", "finish_reason": "stop"}]}))
        write(handler, b"data: [DONE]\n\n")

    server.route("POST", "/v1/completions", answer)
    discovered = len(server.requests)
    discovered_tokenize = len([r for r in server.requests if r[1] == "/tokenize"])
    text = "A <em>role</em> comes after <s>, then the "
    for typed in ("", "tag "):
        request = ContinuationRequest(text + typed, stop_at="none")
        assert backend.continuation(request).text() == "next"
    bos = SPECIALS["<s>"]  # the server's BOS token first, as before a string prompt
    assert asked[0]["prompt"] == [bos, *toy_tokens(text.rstrip(" "), False)]
    assert asked[1]["prompt"] == [bos, *toy_tokens((text + "tag").rstrip(" "), False)]
    since = server.requests[discovered:]
    looked_up = [body["content"] for _m, path, body, _h in since if path == "/tokenize"]
    together = "<em>\n</em>\n<s>"
    assert looked_up[:2] == [together, together]  # asked together, with and without specials
    assert looked_up[2:8] == ["<em>", "<em>", "</em>", "</em>", "<s>", "<s>"]  # one was: each
    assert looked_up[8:] == [text.rstrip(" "), (text + "tag").rstrip(" ")]  # the texts
    plain_doc = "A document without such spellings, 3 < 4 > 2, <em>here</em>. "
    backend.continuation(ContinuationRequest(plain_doc, stop_at="none")).text()
    assert asked[-1]["prompt"] == plain_doc.rstrip(" ")
    assert len([r for r in server.requests if r[1] == "/tokenize"]) == discovered_tokenize + 10
    html = "".join(f"<h{n}>Part {n}</h{n}><p class='x'>text</p>" for n in range(1, 7)) + " And "
    backend.continuation(ContinuationRequest(html, stop_at="none")).text()
    assert asked[-1]["prompt"] == html.rstrip(" ")  # no special token: as it is
    assert len([r for r in server.requests if r[1] == "/tokenize"]) == discovered_tokenize + 12


@settings(max_examples=fuzz_examples(300), deadline=None)
@given(
    st.lists(
        st.sampled_from(["<s>", "</s>", "<|im_end|>", "[INST]", "<<s>>", "<em>", " ", "<", ">",
                         "|", "a", "灯", "\n", "[", "]", "<|", "s>", "[[", "<｜x｜>"]),  # fmt: skip
        max_size=30,
    ).map("".join)
)
def test_any_text_is_found_to_spell_a_special_token_exactly_where_it_does(text: str) -> None:
    """Whatever surrounds them (a spelling inside a longer bracket, next to another), the
    special spellings of a text are found, also in a text that grows at its end (scanned from
    near where the last clean one ended), and a text without one is sent as it is."""
    from writer.generation.requests import CancelToken
    from writer.remote.specials import SpecialText

    specials = {"<s>", "</s>", "<|im_end|>", "[INST]", "<｜x｜>"}

    class Toy(SpecialText):
        def _differs(self, text: str, cancel: CancelToken) -> bool:
            return any(line in specials for line in text.split("\n"))

    toy = Toy(None)  # type: ignore[arg-type]
    for end in range(0, len(text) + 1, 5):  # a text that grows at its end, as typing makes it
        typed = text[:end]
        assert toy._spells_one(typed, CancelToken()) == any(s in typed for s in specials)
    assert toy._spells_one(text, CancelToken()) == any(s in text for s in specials)


def test_a_server_with_a_vision_projector_gets_strings_at_its_completions(
    server: ScriptedServer,
) -> None:
    """With a vision or audio projector, llama-server's /v1/completions reads only a string
    prompt (a list is refused): there the text goes as it is, its warm-up too (the cache
    keeps what the suggestion reads), and alternatives in the middle ask with the text before
    the cursor."""
    fim_server(server, "<s><pre>P<suf>S<mid>")

    def props_seeing(handler, _body) -> None:
        settings = {"n_ctx": 2048, "params": {}}
        modalities = {"vision": True, "audio": False}
        send_json(handler, {"default_generation_settings": settings, "total_slots": 4,
                            "modalities": modalities})  # fmt: skip

    server.route("GET", "/props", props_seeing)
    backend = ServerBackend(Endpoint.parse(server.url))
    assert not backend.server.ids_in_completions
    asked: list[dict] = []

    def answer(handler, body) -> None:
        asked.append(body)
        if not isinstance(body["prompt"], str):
            send_json(handler, {"error": {"code": 400, "message": "type must be string"}}, 400)
            return
        if body.get("stream"):
            start_events(handler)
            write(handler, _sse({"choices": [{"index": 0, "text": " o", "finish_reason": "stop"}]}))
            write(handler, b"data: [DONE]\n\n")
            return
        send_json(handler, {"choices": [{"index": 0, "text": " o", "finish_reason": "stop"}]})

    server.route("POST", "/v1/completions", answer)
    text = "A chat starts with <s> and then "
    assert backend.continuation(ContinuationRequest(text, stop_at="none")).text() == "o"
    assert asked[-1]["prompt"] == text.rstrip(" ")
    backend.warm(ContinuationRequest(text, stop_at="none")).text()
    warmed = [body for _m, path, body, _h in server.requests if path == "/completion"]
    assert warmed[-1]["prompt"] == text.rstrip(" ")
    middle = ContinuationRequest("The cat slept ", after=" on the rug.", stop_at="none")
    assert backend.alternatives(middle, 2).items
    assert asked[-1]["prompt"] == "The cat slept"


def test_a_laid_out_prompt_sends_a_part_that_spells_a_special_token_as_its_tokens(
    server: ScriptedServer,
) -> None:
    """In the middle of a text, the anchor that spells one goes as its tokens read as text,
    no BOS token in the middle; such a prompt's count teaches the scale nothing (its ids are
    no cautious count), so the room the server's counts gave the window stays."""
    asked = fim_server(server, "<s><pre>P<suf>S<mid>")
    backend = ServerBackend(Endpoint.parse(server.url))

    def answer(handler, body) -> None:  # a token a character: Chinese on a tokenizer for it
        timings = {"cache_n": 0, "prompt_n": len(body["prompt"])}
        choice = {"index": 0, "text": "灯", "finish_reason": "stop"}
        start_events(handler)
        write(handler, _sse({"choices": [choice], "timings": timings}))
        write(handler, b"data: [DONE]\n\n")

    def completion(handler, body) -> None:  # the server's count of the laid-out prompt
        asked.append(body)
        count = sum(len(p) if isinstance(p, str) else 1 for p in body["prompt"])
        start_events(handler)
        write(handler, _sse({"content": "灯", "stop": False}))
        write(handler, _sse({"content": "", "stop": True,
                             "timings": {"cache_n": 0, "prompt_n": count}}))  # fmt: skip

    server.route("POST", "/v1/completions", answer)
    server.route("POST", "/completion", completion)
    doc = "灯塔看守人每天晚上都爬上螺旋楼梯，点亮那盏古老的灯。" * 400
    backend.continuation(ContinuationRequest(doc, stop_at="none")).text()
    grown = backend._scale.value
    assert grown > 1.0
    anchor = doc + "他写下<s>这个词"
    backend.continuation(ContinuationRequest(anchor, after="然后睡了。", stop_at="none")).text()
    prompt = asked[-1]["prompt"]
    assert prompt[:2] == [SPECIALS["<s>"], 11]  # the lead and the prefix token
    assert prompt[-3:] == [12, "然后睡了。", 13]
    ids = prompt[2:-3]
    assert all(isinstance(i, int) for i in ids)
    assert SPECIALS["<s>"] not in ids  # "<s>" read as text, and no BOS in the middle
    assert "".join(chr(i - 1000) for i in ids).endswith("他写下<s>这个词")
    assert backend._scale.value == grown


def test_a_passage_to_rewrite_that_spells_a_special_token_is_defused_for_the_chat(
    server: ScriptedServer,
) -> None:
    """A chat's messages are read with the server's special tokens, and no tokens can be sent
    there: each special spelling in them is broken by an invisible WORD JOINER, and the joiner
    is taken out of the answer; a spelling that is no special token stays as it is."""
    from writer.generation.requests import RewriteRequest
    from writer.remote.specials import JOINERS

    JOINER = JOINERS[0]
    fim_server(server, "<s><pre>P<suf>S<mid>")  # its toy tokenizer: "<s>" is special
    backend = ServerBackend(Endpoint.parse(server.url))
    chats: list[dict] = []

    def chat(handler, body) -> None:
        chats.append(body)
        start_events(handler)
        for piece in ("A chat opens with <", JOINER, "s>", " and a <em>", "."):
            delta = {"choices": [{"index": 0, "delta": {"content": piece}}]}
            write(handler, _sse(delta))
        write(handler, _sse({"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}))
        write(handler, b"data: [DONE]\n\n")

    server.route("POST", "/v1/chat/completions", chat)
    selection = "Every chat opens with <s> and an <em>, then <mid>."
    answer = backend.rewrite(RewriteRequest(selection, "Shorter.", memory="Use <s> here.")).text()
    assert answer == "A chat opens with <s> and a <em>."
    system, user = (m["content"] for m in chats[0]["messages"])
    assert f"<{JOINER}s>" in user
    assert "<s>" not in user
    assert f"<{JOINER}mid>" in user  # after one known already: asked too
    assert "<em>" in user  # not a special token: as it is
    assert f"Use <{JOINER}s> here." in system
    # a passage that holds a word joiner itself keeps it: another invisible breaks the tokens
    backend.rewrite(RewriteRequest(f"Keep{JOINER}this <s>.", "Shorter.")).text()
    user = chats[-1]["messages"][-1]["content"]
    assert f"Keep{JOINER}this <{JOINERS[1]}s>." in user


def test_the_server_ends_repeated_runs_where_the_local_engine_does(server: ScriptedServer) -> None:
    """llama.cpp's DRY gets the local engine's breakers (a line break), not the server's
    default four, each of which costs its sampler a pass over the vocabulary per request."""
    from writer.generation.repetition import BREAKERS

    backend = ServerBackend(Endpoint.parse(server.url))
    asked: list[dict] = []

    def answer(handler, body) -> None:
        asked.append(body)
        start_events(handler)
        write(handler, _sse({"choices": [{"index": 0, "text": " on", "finish_reason": "stop"}]}))
        write(handler, b"data: [DONE]\n\n")

    server.route("POST", "/v1/completions", answer)
    backend.continuation(ContinuationRequest("The keeper climbed ", stop_at="none")).text()
    assert asked[-1]["dry_sequence_breakers"] == list(BREAKERS) == ["\n"]
    assert asked[-1]["dry_multiplier"] > 0


def test_a_warm_up_and_alternatives_refused_as_too_long_are_asked_again(
    server: ScriptedServer,
) -> None:
    """The one rule for a refusal (`_refitting`) holds for a warm-up and for alternatives as
    for a suggestion: made past the cautious count and refused, asked again at the count."""
    backend = ServerBackend(Endpoint.parse(server.url))
    longest = [10**9]  # characters: longer prompts are refused as too long
    sent: list[str] = []

    def refuse_or(handler, body, answer) -> None:
        prompt = body["prompt"]
        sent.append(prompt)
        if len(prompt) > longest[0]:
            error = {"code": 400, "message": "request exceeds the available context size",
                     "type": "exceed_context_size_error"}  # fmt: skip
            send_json(handler, {"error": error}, status=400)
        else:
            answer(handler, len(prompt))

    def completions(handler, body) -> None:
        def answer(handler, counted: int) -> None:
            if body.get("stream"):
                choice = {"index": 0, "text": "灯", "finish_reason": "stop"}
                start_events(handler)
                write(handler, _sse({"choices": [choice],
                                     "timings": {"cache_n": 0, "prompt_n": counted}}))  # fmt: skip
                write(handler, b"data: [DONE]\n\n")
                return
            choices = [{"index": i, "text": "灯。", "finish_reason": "stop"}
                       for i in range(int(body.get("n") or 1))]  # fmt: skip
            send_json(handler, {"choices": choices, "usage": {"prompt_tokens": counted}})

        refuse_or(handler, body, answer)

    def completion(handler, body) -> None:  # the warm-up's
        refuse_or(handler, body, lambda h, counted: send_json(h, {"tokens_evaluated": counted}))

    server.route("POST", "/v1/completions", completions)
    server.route("POST", "/completion", completion)
    doc = "灯塔看守人每天晚上都爬上螺旋楼梯，点亮那盏古老的灯。" * 400
    backend.continuation(ContinuationRequest(doc, stop_at="none")).text()
    cautious = len(sent[-1])
    longest[0] = cautious + 50
    for ask in (
        lambda: backend.warm(ContinuationRequest(doc + "他", stop_at="none")).text(),
        lambda: backend.alternatives(ContinuationRequest(doc + "他说", stop_at="none"), 2),
    ):
        backend.continuation(ContinuationRequest(doc, stop_at="none")).text()  # teaches again
        asked = len(sent)
        ask()
        assert len(sent[asked]) > longest[0]  # made past the count, refused
        assert len(sent[asked + 1]) <= longest[0]  # asked again at the cautious count
