"""When to ask for a suggestion: the plain rule, without widgets or Qt."""

from __future__ import annotations

import pytest

from writer.assist.timing import Ask, AskPolicy, Place, is_word_char


@pytest.fixture
def policy() -> AskPolicy:
    return AskPolicy(pause_ms=150)


def test_a_key_that_ends_a_word_asks_at_once_as_a_typing_request(policy: AskPolicy) -> None:
    for ch in (" ", ",", ".", "\u2029", "。", "，"):
        assert policy.after_edit(0, 1, ch) == Ask(0, typing=True), ch


def test_inside_a_word_the_request_waits_for_the_pause(policy: AskPolicy) -> None:
    for ch in ("a", "Z", "7", "'", "_", "港"):
        assert policy.after_edit(0, 1, ch) == Ask(150), ch


def test_a_deletion_or_a_replacement_waits_for_the_pause(policy: AskPolicy) -> None:
    assert policy.after_edit(1, 0, "") == Ask(150)
    assert policy.after_edit(3, 1, " ") == Ask(150)


def test_accepting_asks_at_once_at_a_word_end_but_not_as_typing(policy: AskPolicy) -> None:
    assert policy.after_accept(" ") == Ask(0, typing=False)
    assert policy.after_accept("d") == Ask(150)
    assert policy.after_typed_through(" ") == Ask(0, typing=True)
    assert policy.after_typed_through("d") == Ask(150)


def test_where_it_never_asks(policy: AskPolicy) -> None:
    at_end = Place(left=" ", right="", position=10)
    assert policy.may_ask(at_end)
    assert not policy.may_ask(Place(left="i", right="s", position=10))  # inside a word
    assert not policy.may_ask(Place(left="", right="T", position=10))  # before a line's word
    assert policy.may_ask(Place(left="d", right=" ", position=10))  # a word's end
    assert policy.may_ask(Place(left="d", right="", position=10))
    for state in ("selection", "composing", "read_only", "rewriting"):
        assert not policy.may_ask(Place(left=" ", position=10, **{state: True})), state
    assert not policy.may_ask(Place(left="", right="", position=0))  # nothing before


def test_word_characters() -> None:
    assert all(is_word_char(c) for c in "aZ9_'’港")
    assert not any(is_word_char(c) for c in " .,。，\u2029-")
    assert not is_word_char("")
