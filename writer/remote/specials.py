"""Text that spells one of a llama.cpp server's special tokens, sent as text.

llama-server reads the strings of a prompt with its special tokens' spellings parsed (its
completions tokenize with `parse_special`, and no request can say otherwise): a document that
mentions "<|endoftext|>" or "</s>" (one about language models, a pasted chat log) would put the
model's own end-of-text or start token in the middle of the prompt, where the local engine reads
those characters as text (runtime.py `tokenize`, `special=False`), and the suggestion after it
would be one for another document.

`SpecialText.ids` looks for the places that could spell one (`CANDIDATE`: the shapes special
tokens take, `<|…|>`, `<…>`, `[…]`, `[|…|]`, `<<…>>`, `>>…<<`, DeepSeek's `<｜…｜>`), asks the
server once per spelling whether it is one (`/tokenize` with and without `parse_special`: the
two differ only for a special token's spelling), and where one is, gives the whole text's
tokens read as text (`/tokenize` without `parse_special`), which the backend sends instead of
the string: the same tokens the local engine reads, whatever the tokenizer does at the
spelling's edges. Text without such spellings (nearly all prose) costs a scan and nothing more:
a spelling's answer is remembered, so a document of HTML tags asks once per tag.
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


class SpecialText:
    """One server's answers to "is this spelling a special token", asked once per spelling."""

    def __init__(self, client: HttpClient) -> None:
        self.client = client
        self.off = False  # the server has no /tokenize: nothing can be asked
        self._known: OrderedDict[str, bool] = OrderedDict()
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

    def _spells_one(self, text: str, cancel: CancelToken) -> bool:
        pos = 0
        while (match := CANDIDATE.search(text, pos)) is not None:
            if self._special(match.group(0), cancel):
                return True
            pos = match.start() + 1  # one may begin inside it ("<<s>>" holds "<s>")
        return False

    def _special(self, spelling: str, cancel: CancelToken) -> bool:
        """Whether `spelling` is one of the server's special tokens (False where it did not
        answer: asked again next time)."""
        with self._lock:
            known = self._known.get(spelling)
            if known is not None:
                self._known.move_to_end(spelling)
                return known
        try:
            special = server_tokens(self.client, spelling, True, cancel)
            plain = server_tokens(self.client, spelling, False, cancel)
        except NotFound:
            self.off = True
            return False
        except ServerError:
            return False
        answer = special is not None and plain is not None and special != plain
        with self._lock:
            self._known[spelling] = answer
            while len(self._known) > KEPT:
                self._known.popitem(last=False)
        return answer
