"""Text that spells one of a llama.cpp server's special tokens, sent as text.

llama-server reads the strings of a prompt with its special tokens' spellings parsed (its
completions tokenize with `parse_special`, and no request can say otherwise): a document that
mentions "<|endoftext|>" or "</s>" (one about language models, a pasted chat log) would put the
model's own end-of-text or start token in the middle of the prompt, where the local engine reads
those characters as text (runtime.py `tokenize`, `special=False`), and the suggestion after it
would be one for another document.

`SpecialText.ids` looks for the places that could spell one (`CANDIDATE`: the shapes special
tokens take, `<|…|>`, `<…>`, `[…]`, `[|…|]`, `<<…>>`, `>>…<<`, DeepSeek's `<｜…｜>`), asks the
server whether they are (`/tokenize` with and without `parse_special`: the two differ only
for a special token's spelling; the new spellings of a text together, one by one only where
one is; each answer remembered), and where one is, gives the whole text's
tokens read as text (`/tokenize` without `parse_special`), which the backend sends instead of
the string: the same tokens the local engine reads, whatever the tokenizer does at the
spelling's edges. Text without such spellings (nearly all prose) costs a scan and nothing more:
each spelling's answer is remembered, the new ones of a text are asked together (a document of
HTML tags costs two questions when it is opened), and the scan of a text that grows at its end
begins near where the last one ended.

A chat's messages (a rewrite) cannot be sent as tokens: there each special spelling is broken
by an invisible character after its first (`defused`, a WORD JOINER where the messages hold
none), which the backend takes out of the answer; the model reads the characters with one
invisible among them.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict

from writer.generation.requests import CancelToken
from writer.remote.client import HttpClient, NotFound, ServerError
from writer.remote.discovery import server_tokens

CANDIDATE = re.compile(
    r"<\|[^\s<>|]{1,48}\|>"  # <|endoftext|>, <|im_start|>, <|begin_of_text|>, <|end|>
    r"|<｜[^\s<>｜]{1,48}｜>"  # <｜begin▁of▁sentence｜>
    r"|<</?[A-Za-z_]{1,16}>>"  # <<SYS>>
    r"|>>[A-Z_]{1,24}<<"  # >>SUFFIX<<
    r"|</?[A-Za-z_][\w.:\-]{0,40}>"  # <s>, </s>, <start_of_turn>, <fim-prefix>, <PRE>
    r"|\[/?[A-Za-z_]\w{1,30}\]"  # [INST], [/INST], [control_8], [UNUSED_TOKEN_145]
    r"|\[\|[^\s|\]]{1,48}\|\]"  # [|system|]
)
KEPT = 4096  # spellings whose answer is remembered
CLEAN_KEPT = 4  # texts found to spell none, remembered (the window, an anchor, a suffix)
REACH = 64  # more than the longest candidate (CANDIDATE)
# invisible characters that break a spelling without a space (`defused`): WORD JOINER, ZERO
# WIDTH SPACE, ZERO WIDTH NO-BREAK SPACE; the first that a chat's messages do not hold
JOINERS = ("\u2060", "\u200b", "\ufeff")


class SpecialText:
    """One server's answers to "is this spelling a special token", each remembered."""

    def __init__(self, client: HttpClient) -> None:
        self.client = client
        self.off = False  # the server has no /tokenize: nothing can be asked
        self._known: OrderedDict[str, bool] = OrderedDict()
        self._clean: list[str] = []
        self._lock = threading.Lock()

    def ids(self, text: str, bos: bool, cancel: CancelToken) -> list[int] | None:
        """The tokens of `text` read as text (with the BOS token first where `bos` and the
        model adds one), where something in it spells a special token; None where nothing does
        (send the string), or where the server did not answer (then the string, as before this
        was asked). A cancel is raised as `Cancelled`."""
        if self.off or not self._spells_one(text, cancel):
            return None
        try:
            return server_tokens(self.client, text, False, cancel, bos=bos)
        except NotFound:
            self.off = True
        except ServerError:
            pass  # a cancel (`Cancelled`) goes on up
        return None

    def defused(self, text: str, joiner: str, cancel: CancelToken) -> str:
        """`text` with each spelling of a special token broken by `joiner` (one of JOINERS, an
        invisible character the text does not hold) after its first character, for a chat
        message: a server reads a chat's messages with its special tokens, and there no tokens
        can be sent instead ("<|im_end|>" in a passage to rewrite would end the message). The
        model reads the characters with an invisible one among them; the backend takes the
        joiner out of the answer. Every spelling is asked about, not only up to the first
        special one."""
        if self.off:
            return text
        found: list[tuple[int, str]] = []
        unknown: list[str] = []
        pos = 0
        while (match := CANDIDATE.search(text, pos)) is not None:
            spelling = match.group(0)
            found.append((match.start(), spelling))
            with self._lock:
                if spelling not in self._known and spelling not in unknown:
                    unknown.append(spelling)
            pos = match.start() + 1
        if unknown:
            self._ask(unknown, cancel)
        with self._lock:
            cuts = sorted({start + 1 for start, spelling in found if self._known.get(spelling)})
        out, at = [], 0
        for cut in cuts:
            out += [text[at:cut], joiner]
            at = cut
        return "".join([*out, text[at:]])

    def _spells_one(self, text: str, cancel: CancelToken) -> bool:
        """Whether a spelling in `text` is one of the server's special tokens. The spellings
        not yet known are asked together (`_ask`); a text found to spell none is remembered
        (CLEAN_KEPT of them), so a text that grows at its end (the window while the writer
        types) is scanned from near where the last one ended, not from its start."""
        pos = self._clean_until(text)
        unknown: list[str] = []
        while (match := CANDIDATE.search(text, pos)) is not None:
            spelling = match.group(0)
            with self._lock:
                known = self._known.get(spelling)
            if known:
                return True
            if known is None and spelling not in unknown:
                unknown.append(spelling)
            pos = match.start() + 1  # one may begin inside it ("<<s>>" holds "<s>")
        found = self._ask(unknown, cancel) if unknown else False
        if found is False:
            with self._lock:
                kept = [c for c in self._clean if not text.startswith(c)]
                self._clean = [text, *kept][:CLEAN_KEPT]
        return bool(found)

    def _clean_until(self, text: str) -> int:
        """Where a scan of `text` must begin: near the end of a remembered text it begins with
        (a spelling that ends past it begins at most REACH characters before its end)."""
        with self._lock:
            cleans = list(self._clean)
        for clean in cleans:
            if len(clean) <= len(text) and text.startswith(clean):
                return max(0, len(clean) - REACH)
        return 0

    def _ask(self, spellings: list[str], cancel: CancelToken) -> bool | None:
        """Whether any of `spellings` is one of the server's special tokens, each answer
        remembered; None where the server did not answer (asked again next time). They are
        asked together first (a line each, read with and without the special tokens: the same
        tokens where none is one), one by one only where one is."""
        try:
            if len(spellings) > 1 and not self._differs("\n".join(spellings), cancel):
                answers = dict.fromkeys(spellings, False)
            else:
                answers = {s: self._differs(s, cancel) for s in spellings}
        except NotFound:
            self.off = True
            return None
        except ServerError:
            return None
        with self._lock:
            self._known.update(answers)
            while len(self._known) > KEPT:
                self._known.popitem(last=False)
        return any(answers.values())

    def _differs(self, text: str, cancel: CancelToken) -> bool:
        """Whether the server reads `text` otherwise with its special tokens than without (a
        reply that is no list of tokens counts as no answer)."""
        special = server_tokens(self.client, text, True, cancel)
        plain = server_tokens(self.client, text, False, cancel)
        if special is None or plain is None:
            raise ServerError("no tokens")  # as a server that did not answer
        return special != plain
