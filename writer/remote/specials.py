"""Text that spells one of a llama.cpp server's special tokens, sent as text.

llama-server reads the strings of a prompt with its special tokens' spellings parsed (its
completions tokenize with `parse_special`, and no request can say otherwise): a document that
mentions "<|endoftext|>" or "</s>" (one about language models, a pasted chat log) would put the
model's own end-of-text or start token in the middle of the prompt, where the local engine reads
those characters as text (runtime.py `tokenize`, `special=False`), and the suggestion after it
would be one for another document. `SpecialText.split` finds the places that could spell one
(`CANDIDATE`: the shapes special tokens take, `<|…|>`, `<…>`, `[…]`, `<<…>>`, DeepSeek's
`<｜…｜>`), asks the server once per spelling whether it is one (`/tokenize` with and without
`parse_special`: the two differ only for a special token's spelling), and gives each that is as
the ids of its characters read as text, in a prompt of ids and strings mixed (which
llama-server reads as one prompt). Everything else stays a string, so a document without such
spellings sends what it always sent.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict

from writer.generation.requests import CancelToken
from writer.remote.client import HttpClient, NotFound, ServerError
from writer.remote.discovery import server_tokens

CANDIDATE = re.compile(
    r"<\|[^\s<>|]{1,48}\|>"  # <|endoftext|>, <|im_start|>, <|fim_prefix|>
    r"|<｜[^\s<>｜]{1,48}｜>"  # <｜begin▁of▁sentence｜>
    r"|<</?[A-Za-z_]{1,16}>>"  # <<SYS>>
    r"|</?[A-Za-z_][\w.:\-]{0,40}>"  # <s>, </s>, <start_of_turn>, <fim-prefix>, <PRE>
    r"|\[/?[A-Za-z_]{2,24}\]"  # [INST], [/INST]
)
KEPT = 1024  # spellings whose answer is remembered


class SpecialText:
    """One server's answers to "is this spelling a special token", asked once per spelling."""

    def __init__(self, client: HttpClient) -> None:
        self.client = client
        self._known: OrderedDict[str, tuple[int, ...] | None] = OrderedDict()
        self._lock = threading.Lock()

    def split(self, text: str) -> list[int | str]:
        """`text` as strings and token ids: each spelling of a special token as the ids of its
        characters read as text. It starts with a string (maybe empty: llama-server adds its
        BOS token only before a prompt that begins with one), and is `[text]` where nothing in
        it spells a special token."""
        parts: list[int | str] = []
        at = pos = 0
        while (match := CANDIDATE.search(text, pos)) is not None:
            start = match.start()
            if start > at and text[start - 1] == " ":
                start -= 1  # with the space before it, as a tokenizer joins them in the text
            ids = self._plain(text[start : match.end()])
            if ids is None:
                pos = match.start() + 1  # one may begin inside it ("<<s>>" holds "<s>")
                continue
            parts += [text[at:start], *ids]
            at = pos = match.end()
        if at < len(text) or not parts:
            parts.append(text[at:])
        return parts

    def _plain(self, spelling: str) -> tuple[int, ...] | None:
        """The ids of `spelling` read as text, where it spells a special token; else None (also
        where the server does not answer: as before this was asked, and asked again later)."""
        with self._lock:
            if spelling in self._known:
                self._known.move_to_end(spelling)
                return self._known[spelling]
        try:
            cancel = CancelToken()
            special = server_tokens(self.client, spelling, True, cancel)
            plain = server_tokens(self.client, spelling, False, cancel)
        except NotFound:
            special = plain = None  # no /tokenize: nothing to ask, now or later
        except ServerError:
            return None  # asked again next time: the request itself will say what is wrong
        answer = tuple(plain) if special is not None and plain and special != plain else None
        with self._lock:
            self._known[spelling] = answer
            while len(self._known) > KEPT:
                self._known.popitem(last=False)
        return answer
