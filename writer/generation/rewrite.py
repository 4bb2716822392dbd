"""What a rewrite asks and what comes back, whichever backend answers: the chat messages (the
instruction, the context around the selection, the passage), the answer's token budget and the
sampling of a retry, and `Tidy`, which turns the model's raw answer into the text that replaces
the selection as it streams.

The messages put what does not depend on the selection's text first: the system text (with the
project's memory), the instruction, the text before and after the passage, the passage's label
(`rewrite_head`); the passage comes last. A backend that caches prompt prefixes (the engine's
rewrite context keeps one per instruction, a llama.cpp server's `cache_prompt` its last one)
then evaluates only the passage when the writer rewrites it again, and from the text after it
when the selection's end moved. (With the text after the passage placed after it, the starter
model carries that text into its answer: "Shorter" came back longer.)
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from writer.generation.requests import CONTEXT_CHARS, RewriteRequest
from writer.generation.results import FinishReason, GenerationStats, Piece
from writer.generation.text import SENTENCE_END

SYSTEM = (
    "You are a careful editor. You rewrite one passage of a document as instructed. Reply with "
    "the rewritten passage only: no introduction, no explanation, no quotation marks around it."
)

MEMORY_LABEL = (
    "What the writer's project notes say (spell names and keep facts as they are written here):"
)
PASSAGE_LABEL = "The passage:"
BEFORE_LABEL = "Text before the passage (context only, do not rewrite it):"
AFTER_LABEL = "Text after the passage (context only, do not rewrite it):"
# A retry (attempt 1, 2, ...) samples another version, seeded by the attempt; each later attempt
# a little hotter, so that a model that keeps returning the passage unchanged is pushed off it.
RETRY_TEMPERATURE = 0.7
RETRY_TOP_P = 0.9
RETRY_TEMPERATURE_STEP = 0.15
RETRY_TEMPERATURE_MAX = 1.3


def retry_sampling(attempt: int) -> tuple[float, float]:
    """The temperature and top-p of an attempt (0: greedy, (0.0, 1.0))."""
    if attempt <= 0:
        return 0.0, 1.0
    hotter = RETRY_TEMPERATURE + RETRY_TEMPERATURE_STEP * (attempt - 1)
    return min(RETRY_TEMPERATURE_MAX, hotter), RETRY_TOP_P


def unchanged(original: str, version: str) -> bool:
    """Whether a rewrite returned the passage as it was (only trailing whitespace may differ)."""
    return original.rstrip() == version.rstrip()


# An answer that speaks to the writer about their passage instead of rewriting it ("To enhance
# your passage, you may want to add a bit more detail...", "Consider adding...", "建议在这段文字
# 中加入……"): small models give advice where a rewrite was asked for. One pattern for each kind
# of phrase, English and Chinese together, so that a translation (a passage that says "your
# writing" translated as "你的文字") is not taken for advice. A kind counts only where the passage
# has none of it (a how-to passage says "you may want to"), and never inside quotation marks:
# characters' speech ("You might want to sit down," she said) is not the model's advice.
ADVICE = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        # the writer's passage, named as such
        r"\byour\s+(?:passage|text|paragraph|sentence|draft|writing|excerpt|piece|prose)\b"
        r"|你的(?:文章|段落|文字|文本|句子|草稿|作品)",
        # what to do to the passage
        r"\b(?:enhance|improve|expand|lengthen|shorten|simplify|polish|strengthen|revise)\s+"
        r"(?:the|this|your)\s+(?:passage|text|paragraph|sentence|draft|writing|excerpt)\b"
        r"|\bmake\s+(?:this|your)\s+(?:passage|text|paragraph|draft|excerpt)\b"
        r"|\b(?:this|the)\s+(?:passage|text|paragraph|excerpt)\s+(?:could|can|might|would)\s+"
        r"(?:be\s+)?(?:expanded|improved|enhanced|lengthened|shortened|strengthened|benefit"
        r"|reworded|rewritten|revised|made\s+more)"
        # what the passage is like (the starter model's commentary in place of a rewrite)
        r"|\b(?:original|given|provided)\s+(?:passage|sentence|text|excerpt)\b"
        r"|\b(?:the|this)\s+(?:passage|excerpt)\s+(?:is\s+(?:clear|concise|well|already"
        r"|a\s+testament)|conveys|captures|effectively|portrays|depicts|highlights)\b"
        r"|(?:让|使)这段(?:文字|文本|描写)|这段(?:文字|文本|描写)(?:可以|已经|写得)",
        # suggestions to the writer
        r"\byou\s+(?:may|might|could|can|should)\s+(?:also\s+)?(?:want|wish|like|consider|try"
        r"|add|include|describe|expand|elaborate|mention)\b"
        r"|(?:^|[.!?:]\s+)(?:consider|try)\s+(?:adding|including|expanding|describing|using"
        r"|mentioning|showing|cutting|removing|replacing)\b"
        r"|(?:你|您)可以(?:考虑|尝试|试着)",
        r"\b(?:i|we)\s+(?:would\s+|['\u2019]d\s+)?(?:suggest|recommend)\s+(?:that\s+)?"
        r"(?:you\b|adding|including|expanding|describing|using|making|cutting|removing)"
        r"|\bhere\s+are\s+(?:some|a\s+few)\s+(?:suggestions|ideas|ways|tips)\b"
        r"|建议(?:你|您)|建议(?:在|加入|增加|添加|补充|删去|删除|使用)|以下是一些建议",
        r"\blet['\u2019]?s\s+(?:expand|improve|rewrite|revise|enhance|make|add|polish)\b",
    )
)
QUOTES = {'"': '"', "“": "”", "„": "“", "«": "»", "「": "」", "『": "』", "'": "'", "‘": "’"}
# what characters say, in each pair of QUOTES but the straight single quote (an apostrophe
# as often); curly single quotes end at a ’ no letter follows (‘Don’t,’ is one); each stops
# at the next opening mark, so that a text of unclosed quotes is read once
QUOTED = re.compile("|".join(
    r"‘[^‘]*?’(?!\w)" if opening == "‘" else
    f"{re.escape(opening)}[^{re.escape(opening + closing)}]*{re.escape(closing)}"
    for opening, closing in QUOTES.items() if opening != "'"
))  # fmt: skip


# an instruction of the writer's own that asks for advice ("Suggest what to add", "给点建议"):
# then advice is the answer asked for, and no answer is taken for advice
ASKS_ADVICE = re.compile(
    r"\b(?:suggest\w*|advice|advise|feedback|tips?|critique|comments?|ideas?|recommend\w*)\b"
    r"|\b(?:how|what)\s+(?:can|could|should|would|do)\s+i\b"
    r"|建议|意见|点评|评价|反馈|怎么改|如何改|怎样改",
    re.IGNORECASE,
)


def advice(original: str, version: str, instruction: str = "") -> bool:
    """Whether a rewrite's answer reads as advice to the writer about the passage, not a
    rewrite of it (`ADVICE`): outside quotation marks, a phrase of advice of a kind the passage
    `original` has none of; never where the `instruction` asks for advice (`ASKS_ADVICE`)."""
    if ASKS_ADVICE.search(instruction):
        return False
    told = QUOTED.sub(" ", version)
    # (the passage read both ways: a phrase that setting a quote aside makes counts in it too)
    passage = original + "\n" + QUOTED.sub(" ", original)
    return any(p.search(told) and not p.search(passage) for p in ADVICE)


def answer_budget(request: RewriteRequest, source_tokens: int) -> int:
    """The most tokens a rewrite's answer may take: the request's own limit, or room for an
    answer three times the selection's length (and some)."""
    return request.max_tokens if request.max_tokens else 3 * source_tokens + 64


# the prompt -----------------------------------------------------------------------------------
def context_before(before: str, limit: int = CONTEXT_CHARS) -> str:
    """The paragraph before the selection (and the start of the selection's own paragraph)."""
    lines = before.rstrip().split("\n")
    keep: list[str] = []
    whole = 0
    while lines and whole < 1:
        line = lines.pop()
        keep.insert(0, line)
        if line.strip() and (keep[1:] or before.endswith("\n") or len(line) > limit // 4):
            whole += 1
    text = "\n".join(keep).strip()
    if len(text) > limit:
        text = text[-limit:]
        text = text[text.find(" ") + 1 :] if " " in text else text
    return text


def context_after(after: str, limit: int = CONTEXT_CHARS) -> str:
    """The rest of the selection's paragraph and the paragraph after it."""
    lines = after.lstrip(" \t").split("\n")
    keep: list[str] = []
    whole = 0
    while lines and whole < 1:
        line = lines.pop(0)
        keep.append(line)
        if line.strip() and (keep[:-1] or after.startswith("\n") or len(line) > limit // 4):
            whole += 1
    text = "\n".join(keep).strip()
    if len(text) > limit:
        text = text[:limit]
        text = text[: text.rfind(" ")] if " " in text else text
    return text


def rewrite_head(request: RewriteRequest) -> str:
    """The user message up to where the passage begins: the instruction, the text before and
    after the passage, and the passage's label (what a rewrite with the same instruction of the
    same passage, or of one that ends at the same place, shares)."""
    parts = [request.instruction.strip()]
    before = context_before(request.before)
    after = context_after(request.after)
    if before:
        parts.append(f"{BEFORE_LABEL}\n{before}")
    if after:
        parts.append(f"{AFTER_LABEL}\n{after}")
    parts.append(f"{PASSAGE_LABEL}\n")
    return "\n\n".join(parts)


def rewrite_messages(request: RewriteRequest) -> list[dict[str, str]]:
    """The chat messages of a rewrite: the instruction, the context, and the passage last."""
    system = SYSTEM
    if request.memory.strip():  # first, after the fixed text: it changes least
        system = f"{SYSTEM}\n\n{MEMORY_LABEL}\n{request.memory.strip()}"
    return [
        {"role": "system", "content": system},
        {"role": "user", "content": rewrite_head(request) + request.selection.strip()},
    ]


# the output -----------------------------------------------------------------------------------
# A label line: short, ending in a colon, about the text itself ("The passage:", "Here's a
# revised version:", "I made the following changes:", "修改后的文本："). Small models write
# them before their answer and, worse, after it, then go on with the passage again or with
# notes about it. A label line opening the answer is dropped; one after a blank line ends it
# (unless the selection has that line).
LABEL_TERMS = (
    "passage", "text", "version", "translation", "translated", "rewrite", "rewritten",
    "revised", "change", "changes", "original", "edit", "edited", "edits", "correction",
    "corrections",
)  # fmt: skip
LABEL_WORDS = re.compile(
    r"\b(" + "|".join(LABEL_TERMS) + r")\b"
    r"|文本|段落|译文|翻译|修改|版本|改写|扩写|缩写|润色|以下是",
    re.IGNORECASE,
)
LABEL_MAX_WORDS = 12
# The answer's first line may be a longer preamble ("Here's a rewritten version of the passage
# with improved clarity, more vivid detail and a stronger ending:", the starter model's answer
# to Improve): up to this many words and characters it is dropped as a label is.
OPENING_LABEL_MAX_WORDS = 30
OPENING_LABEL_CHARS = 200
# A paragraph that opens with "Note:" (or "Explanation:", "注：", "说明：") is the model's remark
# about its answer ("Note:\nThe original passage has been rewritten without..."), with the
# remark on the label's line or the next: it ends the answer, unless the selection has one.
NOTE_LINE = re.compile(
    r"[ \t]*[*_]*[ \t]*(notes?|explanations?|注意?|备注|说明)[ \t]*[*_]*[ \t]*[:：]", re.IGNORECASE
)
# A paragraph that opens by speaking of the passage ("The original passage is a continuation
# of...", "This revised version keeps...") or of what was done to it ("I made the sentence
# longer...", "I've kept the meaning...") is the model's remark after its answer, with no
# "Note:" before it: it ends the answer, unless the selection has such a line. The passage is
# named with a word that says it was rewritten ("The passage was narrow" is a story's), and
# what was done names the text ("I made the tea" is a story's).
_REMARK_DONE = (
    "made", "changed", "rewrote", "rewritten", "revised", "kept", "removed", "added", "expanded",
    "shortened", "simplified", "corrected", "fixed", "replaced", "adjusted", "improved",
)  # fmt: skip
_REMARK_NAMED = (
    "passage", "text", "sentence", "sentences", "paragraph", "meaning", "tone", "style",
    "wording", "rhythm", "grammar", "spelling", "version", "original",
)  # fmt: skip
REMARK_LINE = re.compile(
    r"[ \t]*[*_]*[ \t]*(?:"
    r"(?:the|this|my)\s+(?:original|rewritten|revised|edited|updated|improved|corrected)\s+"
    r"(?:passage|text|version|sentence|paragraph)\b"
    r"|i(?:'ve|\u2019ve|\s+have)?\s+(?:" + "|".join(_REMARK_DONE) + r")\b(?:\W+\w+){0,3}?\W+"
    r"(?:" + "|".join(_REMARK_NAMED) + r"|it\s+(?:longer|shorter|simpler|clearer|more))\b"
    r")",
    re.IGNORECASE,
)
BLANK_LINE = re.compile(r"\n[ \t]*\n")


def _could_be_label(partial: str, opening: bool = False) -> bool:
    """Whether a line still being written may turn out to be a label line: no sentence has
    ended in it, it is short (`opening`, the answer's first line: a preamble's length), and
    past its first few words it names the text."""
    longest = OPENING_LABEL_CHARS if opening else 60
    if re.search(r"[.!?;。！？，]", partial) or len(partial) > longest:
        return False
    words = partial.split()
    if len(words) > (OPENING_LABEL_MAX_WORDS if opening else LABEL_MAX_WORDS):
        return False
    short = len(words) <= 4 and len(partial) <= 24
    if short or LABEL_WORDS.search(partial) is not None:
        return True
    last = words[-1].lower() if words and not partial[-1].isspace() else ""
    return bool(last) and any(term.startswith(last) for term in LABEL_TERMS)


# An answer that writes on into the text after the passage (the starter model does, shown that
# text as context: a passage that ends mid-sentence came back with the sentence's end, and after
# Accept the document had it twice) ends where that text begins. It is recognised by the first
# words of the text after, FOLLOW_CHARS characters of them (to the end of the word; FOLLOW_CHARS_CJK
# in Chinese, Japanese or Korean), or all of a shorter text of at least FOLLOW_LEAST, at a word's
# start in the answer, case and line breaks aside: a "Longer" answer to "He waited." before "He
# waited for the tide to turn." may well say "He waited for the boat". A passage that has those
# words itself may give them back.
FOLLOW_CHARS = 24
FOLLOW_LEAST = 16
FOLLOW_CHARS_CJK = 8
FOLLOW_LEAST_CJK = 6
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def following_start(after: str) -> str:
    """The first words of the text after a passage that an answer writing on into it would
    have ("" where that text is too short to tell from the answer's own words)."""
    text = " ".join(after.split())
    cjk = CJK.search(text[:FOLLOW_LEAST_CJK]) is not None
    least, size = (FOLLOW_LEAST_CJK, FOLLOW_CHARS_CJK) if cjk else (FOLLOW_LEAST, FOLLOW_CHARS)
    if len(text) < least:
        return ""
    if cjk:
        return text[:size]
    word_end = re.match(r"\S*", text[size:])
    return (text[:size] + (word_end.group() if word_end else "")).rstrip()


def _run_pattern(start: str) -> re.Pattern[str] | None:
    """`start` in an answer: from a word's start (anywhere in Chinese, Japanese or Korean)."""
    if not start:
        return None
    words = r"\s+".join(re.escape(word) for word in start.split())
    at_word = "" if CJK.match(start) else r"(?<!\w)"
    return re.compile(at_word + words, re.IGNORECASE)


# An answer that copies a run of what the model was shown besides the passage (the project's
# notes, "Earlier in this project", the text around the passage) is going on with that text, not
# rewriting: the starter model, given a chapter's memory, wrote a paragraph of the notes into a
# rewrite. It ends where such a run begins: COPY_RUN words in a row (COPY_RUN_CJK characters in
# Chinese, Japanese or Korean), each COPY_GRAM of them in a row found in that text and not in
# the passage (whose own words an answer may keep), case and punctuation aside. While the end of
# the answer may be the start of such a run it is held back, as a label is; a shorter run (a
# name, a phrase the notes use) comes out when the next word is not the notes'.
COPY_GRAM = 4
COPY_RUN = 12
COPY_RUN_CJK = 16
_COPY_TOKEN = re.compile(
    r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]"
    r"|[^\W\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+"
)


# An answer that writes one of its own sentences again (the starter's Translate to Chinese
# wrote "The passage is in Simplified Chinese (简体中文)." over and over to its token limit)
# ends before the second one, unless the selection itself says that sentence twice (a
# refrain). A sentence at least this long counts; while the sentence being written may still
# become one said before, it is held back.
LOOP_LEAST_CHARS = 12
LOOP_LEAST_CJK = 6  # (characters of a CJK sentence)
def _sentences(text: str) -> tuple[list[tuple[int, str]], int]:
    """The sentences of `text` ended (by a mark `SENTENCE_END` finds: followed by a space or
    a line break, a CJK one by anything), each as (start, key: casefolded, its spaces made
    one), and where the one under way begins (the text's end where none is)."""
    found: list[tuple[int, str]] = []
    start = 0
    for match in SENTENCE_END.finditer(text):
        key = " ".join(text[start : match.end()].split()).casefold()
        if key:
            found.append((start, key))
        start = match.end()
        while start < len(text) and text[start].isspace():
            start += 1
    return found, start


def _long(key: str) -> bool:
    """Whether a sentence is long enough to count as said again (LOOP_LEAST_CHARS)."""
    return len(key) >= (LOOP_LEAST_CJK if CJK.match(key) else LOOP_LEAST_CHARS)


def _refrains(text: str) -> set[str]:
    """The sentences `text` says more than once."""
    seen: set[str] = set()
    again: set[str] = set()
    ended, last = _sentences(text)
    keys = [key for _start, key in ended] + [" ".join(text[last:].split()).casefold()]
    for key in keys:  # (the text's last sentence too, its end the text's)
        (again if key in seen else seen).add(key)
    return again


def _copy_tokens(text: str) -> list[str]:
    return [found.group().casefold() for found in _COPY_TOKEN.finditer(text)]


def _grams(tokens: list[str]) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + COPY_GRAM]) for i in range(len(tokens) - COPY_GRAM + 1)}


def shown_context(request: RewriteRequest) -> str:
    """What the model is shown of a rewrite besides the instruction and the passage: the
    project's memory and the text around the passage (as `rewrite_messages` gives them), the
    text an answer must not copy runs of (`Tidy`)."""
    return "\n".join((request.memory.strip(), context_before(request.before),
                      context_after(request.after)))  # fmt: skip

FENCE_LINE = re.compile(r"```[\w+#.-]*[ \t]*")


class Tidy:
    """Turns the model's raw pieces into the text that replaces the selection, as they stream.

    The answer ends at a stop text (the chat template's end of turn written out) or at a label
    line after a blank line (see LABEL_WORDS); a label line opening it is dropped. A line that may
    still become a label is held back until it is seen not to be one.

    Conservative: the replacement keeps the selection's leading and trailing whitespace; the
    prompt's own "The passage:" label echoed at the start, a code fence or a pair of quotation
    marks around the whole answer are removed only when the selection itself has none. A leading
    quotation mark holds the text back until its closing mark shows whether it wraps everything
    (then both go) or is part of the text (then it stays). An answer that writes on into `after`,
    the text after the passage, ends where it begins (see FOLLOW_CHARS); the end of an answer
    that may be the start of it is held back until it is seen to be or not to be. An answer
    that writes one of its sentences again ends before it (see LOOP_LEAST_CHARS).
    """

    def __init__(self, selection: str, stop_text: Sequence[str] = (), after: str = "",
                 shown: str = "") -> None:  # fmt: skip
        core = selection.strip()
        self.core = core
        # the runs of what the model was shown that the answer is not to copy (`_copy_at`)
        self.shown = _grams(_copy_tokens(shown)) - _grams(_copy_tokens(core)) if shown else set()
        self.shown_starts = {gram[:k] for gram in self.shown for k in range(1, COPY_GRAM)}
        self._copy_read = 0  # where the next reading for a run starts (`_copy_at`)
        start = following_start(after)
        run = _run_pattern(start)
        self.following = run if run is not None and run.search(core) is None else None
        self.follow_start = start.casefold() if self.following is not None else ""
        self.follow_anywhere = CJK.match(start) is not None
        self.lead = selection[: len(selection) - len(selection.lstrip())]
        self.trail = selection[len(selection.rstrip()) :] if core else ""
        self.stop_text = tuple(stop_text)
        self.notes_end = not any(NOTE_LINE.match(line) for line in core.split("\n"))
        self.remarks_end = not any(REMARK_LINE.match(line) for line in core.split("\n"))
        self.refrains = _refrains(core)
        self.raw = ""
        self.sent = 0
        self.stopped = False
        # the answer ended where it began copying what the model was shown: the notes, the
        # text around the passage, or writing on into the text after it (the writer is told:
        # "She" of "She walked along the quay..." came as the whole of an Improve)
        self.copied = False

    def feed(self, piece: str) -> str:
        """New text to show; `stopped` turns true when a stop text ends the answer (and what
        comes after is ignored)."""
        if self.stopped:
            return ""
        self.raw += piece
        for stop in self.stop_text:
            at = self.raw.find(stop)
            if at >= 0:
                self.raw = self.raw[:at]
                self.stopped = True
        echo = self._echo_at()
        if echo is not None:
            self.raw = self.raw[:echo]
            self.stopped = True
        run = self.following.search(self.raw) if self.following is not None else None
        if run is not None:
            self.raw = self.raw[: run.start()]
            self.stopped = self.copied = True
        copied, copy_hold = self._copy_at()
        if copied is not None:
            self.raw = self.raw[:copied].rstrip()
            self.stopped = self.copied = True
        looped, loop_hold = self._loop_at()
        if looped is not None and not self.stopped:
            self.raw = self.raw[:looped].rstrip()
            self.stopped = True
        if self.stopped:
            return ""
        held = max(self._label_hold(), self._following_hold(), copy_hold, loop_hold)
        for stop in self.stop_text:
            for k in range(len(stop) - 1, 0, -1):
                if self.raw.endswith(stop[:k]):
                    held = max(held, k)
                    break
        return self._emit(self._view(self.raw[: len(self.raw) - held], final=False))

    def is_label(self, line: str, opening: bool = False) -> bool:
        """Whether `line` is a label the model wrote over its answer (`opening`: the answer's
        first line, which may be a longer preamble), not a line of the passage."""
        line = line.strip()
        most = OPENING_LABEL_MAX_WORDS if opening else LABEL_MAX_WORDS
        return (
            line.endswith((":", "："))
            and len(line.split()) <= most
            and (not opening or len(line) <= OPENING_LABEL_CHARS)
            and LABEL_WORDS.search(line) is not None
            and line not in self.core
        )

    def _echo_at(self) -> int | None:
        """Where a label line after a blank line starts the model's going on past its answer."""
        raw = self.raw
        opening = raw.lstrip()
        if opening.startswith((BEFORE_LABEL, AFTER_LABEL)) and BEFORE_LABEL not in self.core:
            return 0  # it repeats the context instead of answering
        for blank in BLANK_LINE.finditer(raw):
            end = raw.find("\n", blank.end())
            line = raw[blank.end() : end if end >= 0 else len(raw)]
            if self.notes_end and NOTE_LINE.match(line):
                return blank.start()
            if self.remarks_end and REMARK_LINE.match(line):
                return blank.start()
            if end < 0:
                return None
            if self.is_label(line):
                return blank.start()
        return None

    def _label_hold(self) -> int:
        """How many characters at the end to hold back: a line break that may start a blank
        line, or the line after a blank line while it may still be a label."""
        raw = self.raw
        newline = raw.rfind("\n")
        if newline < 0:
            return 0
        partial = raw[newline + 1 :]
        if not partial.strip():
            return len(raw) - newline
        before = raw[:newline].rstrip(" \t")
        if before.endswith("\n") and _could_be_label(partial):
            return len(raw) - before.rfind("\n")
        return 0

    def _following_hold(self) -> int:
        """How many characters at the end may be the start of the text after the passage: the
        longest end, from a word's start, whose words begin that text."""
        start = self.follow_start
        if not start:
            return 0
        raw = self.raw
        for i in range(max(0, len(raw) - 2 * len(start)), len(raw)):
            inside = i > 0 and raw[i - 1].isalnum() and not self.follow_anywhere
            if raw[i].isspace() or inside:
                continue
            tail = re.sub(r"\s+", " ", raw[i:]).casefold()
            if start.startswith(tail):
                return len(raw) - i
        return 0

    def _copy_at(self) -> tuple[int | None, int]:
        """Where the answer's first copied run of the text shown begins, once it is COPY_RUN
        words long (a run that long ends the answer wherever it is, however the answer
        streamed), and how many characters at the end to hold back meanwhile: a run that may
        still grow into one, the words at the end that may begin one, and a word still being
        written. (None, 0) where the answer's end may copy nothing. Read from where the last
        piece's hold began (before it, no run can begin: it would have been held)."""
        if not self.shown:
            return None, 0
        raw = self.raw
        found = list(_COPY_TOKEN.finditer(raw, self._copy_read))
        if not found:
            self._copy_read = len(raw)
            return None, 0
        partial = found[-1].end() == len(raw)
        complete = found[:-1] if partial else found
        tokens = [m.group().casefold() for m in complete]
        run = None  # the first token of the run going on
        for i in range(COPY_GRAM, len(tokens) + 1):
            if tuple(tokens[i - COPY_GRAM : i]) not in self.shown:
                run = None
                continue
            if run is None:
                run = i - COPY_GRAM
            least = COPY_RUN_CJK if CJK.match(tokens[run]) else COPY_RUN
            if i - run >= least:
                return complete[run].start(), 0
        held = len(tokens)
        if run is not None:
            held = run
        else:  # the words at the end that may begin a run: a start of a window of the text
            for j in range(max(0, len(tokens) - COPY_GRAM + 1), len(tokens)):
                if tuple(tokens[j:]) in self.shown_starts:
                    held = j
                    break
        if held < len(tokens):
            self._copy_read = complete[held].start()
        else:
            self._copy_read = found[-1].start() if partial else len(raw)
        return None, len(raw) - self._copy_read

    def _loop_at(self) -> tuple[int | None, int]:
        """Where a sentence the answer wrote before begins again (LOOP_LEAST_CHARS), and how
        many characters at the end to hold back meanwhile: the sentence being written, while
        it may still become one written before."""
        said: set[str] = set()
        ended, begun = _sentences(self.raw)
        for start, key in ended:
            if _long(key) and key in said and key not in self.refrains:
                return start, 0
            said.add(key)
        partial = " ".join(self.raw[begun:].split()).casefold()
        if partial and any(
            _long(key) and key.startswith(partial) and key not in self.refrains for key in said
        ):
            return None, len(self.raw) - begun
        return None, 0

    def finish(self) -> str:
        _looped, held = self._loop_at()
        if held and _long(" ".join(self.raw[len(self.raw) - held :].split())):
            self.raw = self.raw[: len(self.raw) - held]  # a sentence said again, cut off
        return self._emit(self._view(self.raw, final=True))

    def _emit(self, view: str) -> str:
        new = view[self.sent :]
        self.sent = max(self.sent, len(view))
        return new

    def _view(self, text: str, final: bool) -> str:
        body = text.lstrip()
        newline = body.find("\n")
        first = body if newline < 0 else body[:newline]
        if newline < 0 and not final and _could_be_label(first, opening=True):
            return ""  # it may be a label line that is not to be shown
        if self.is_label(first, opening=True):
            body = body[len(first) :].lstrip()
        elif first.startswith(PASSAGE_LABEL) and not self.core.startswith(PASSAGE_LABEL):
            body = body[len(PASSAGE_LABEL) :].lstrip()
        if not body:
            return ""
        fenced = False
        if not self.core.startswith("```") and (body.startswith("```") or "```".startswith(body)):
            newline = body.find("\n")
            if newline < 0:
                if not final:
                    return ""
            elif FENCE_LINE.fullmatch(body[:newline]):
                body = body[newline + 1 :].lstrip("\n")
                fenced = True
        if body and body[0] in QUOTES and not self.core.startswith(body[0]):
            close = QUOTES[body[0]]
            end = body.find(close, 1)
            rest = body[end + 1 :] if end >= 0 else ""
            wraps = end >= 0 and rest.strip() in ("", "```" if fenced else "")
            if wraps and not final or end < 0 and not final:
                return ""
            if wraps and not self.core.endswith(close):
                body = body[1:end] + rest
        if final:
            body = body.rstrip()
            if fenced and body.endswith("```"):
                body = body[:-3].rstrip()
            return self.lead + body + self.trail if body else ""
        body = body.rstrip()
        if fenced:
            body = body.rstrip("`").rstrip()
        return self.lead + body if body else ""


def tidied(pieces: Iterator[Piece], tidy: Tidy, stats: GenerationStats) -> Iterator[Piece]:
    """`pieces` through `tidy`: a stop text that ends the answer ends the stream (STOP; the
    stats' `copied` where it ended a copy of what the model was shown), and what `tidy` held
    back comes out at the end unless the stream was cancelled."""
    try:
        for piece in pieces:
            out = tidy.feed(piece.text)
            if out:
                yield Piece(out, piece.prob)
            if tidy.stopped:
                stats.finish_reason = FinishReason.STOP
                stats.copied = tidy.copied
                break
        if stats.finish_reason != FinishReason.CANCELLED:
            out = tidy.finish()
            if out:
                yield Piece(out)
    finally:
        close = getattr(pieces, "close", None)
        if close is not None:
            close()
