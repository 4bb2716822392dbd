"""Sentences the layers without Qt say to the writer (errors, refusals), in English, that the
interface shows in its own language.

A module without Qt cannot translate, and its sentences reach the interface as plain text,
through exceptions and signals. So it makes each one with `said(template, *values)`: the
English text (`template.format(*values)`), remembered here with its template and values. The
interface (writer/ui/i18n.py `sentence`) looks a text up with `spoken`: it translates
the template (context "Sentences" of resources/i18n/*.ts) and fills in the values, themselves
translated when they are sentences said here (a host's name, say). A text said nowhere is shown
as it is. `packaging/i18n/translate.py` collects the templates of `said(...)` calls.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

REMEMBERED = 512  # the latest sentences said; an older one shows in English

_lock = threading.Lock()
_said: OrderedDict[str, tuple[str, tuple[object, ...]]] = OrderedDict()


def said(template: str, *values: object) -> str:
    """The English sentence `template.format(*values)`, remembered for the interface."""
    text = template.format(*values) if values else template
    with _lock:
        _said[text] = (template, values)
        _said.move_to_end(text)
        while len(_said) > REMEMBERED:
            _said.popitem(last=False)
    return text


def spoken(text: str) -> tuple[str, tuple[object, ...]] | None:
    """The template and values `text` was said with, or None."""
    with _lock:
        return _said.get(text)
