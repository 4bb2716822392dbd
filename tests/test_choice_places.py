"""Where a shown suggestion offers a list (writer.generation.choices), without a model: places
follow the tokens that start characters, several tokens of one character are one place, text a
rule changed offers nothing, and a pick keeps the tokens before it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from writer.generation.choices import Place, forced, place_at, places, spelling
from writer.generation.results import Option, TokenChoice

OPTS = (Option(" x", 0.5, 1), Option(" y", 0.2, 2))


def _choices(chunks: list[str], offered: list[bool] | None = None) -> list[TokenChoice]:
    out, made = [], 0
    for i, chunk in enumerate(chunks):
        has = offered[i] if offered is not None else bool(chunk)
        out.append(TokenChoice(i, 0.5, made, made + len(chunk), chunk, OPTS if has else ()))
        made += len(chunk)
    return out


def test_places_follow_the_tokens() -> None:
    choices = _choices([" the", " old", " lamp", "."])
    found = places(choices, 0, " the old lamp.")
    assert found == [Place(0, 0, 4), Place(1, 4, 8), Place(2, 8, 13), Place(3, 13, 14)]
    assert place_at(found, 0) == found[0]
    assert place_at(found, 6) == found[1]
    assert place_at(found, 99) == found[-1]


def test_a_character_of_several_tokens_is_one_place() -> None:
    # 我 made of three byte tokens: the first offers the list, the last completes the character
    choices = _choices(["", "", "我", "们"], offered=[True, False, False, True])
    assert places(choices, 0, "我们") == [Place(0, 0, 1), Place(3, 1, 2)]


def test_the_typed_part_and_a_changed_end_offer_nothing() -> None:
    choices = _choices([" won", "der", "ful", " day", "."])
    # the writer typed " won": the shown text starts after it
    found = places(choices, 4, "derful day ")  # a rule changed the end
    assert [p.index for p in found] == [1, 2, 3]
    assert place_at(found, 0) == found[0]
    assert place_at([], 3) is None


def test_a_first_token_that_spells_the_typed_text_offers_what_spells_the_same() -> None:
    options = (Option(" book", 0.4, 1), Option(" sea", 0.2, 2), Option(" ", 0.1, 3),
               Option("door", 0.1, 4))  # fmt: skip
    choices = [TokenChoice(1, 0.4, 0, 5, " book", options), TokenChoice(5, 0.3, 5, 6, ",", OPTS)]
    # the writer typed " " (token healing spells it again): the first word can be chosen
    found = places(choices, 1, "book,")
    assert found[0] == Place(0, 0, 4, " ")
    assert spelling(options, " ") == options[:2]
    # typed " bo" of a word: the options that complete it
    assert places(choices, 3, "ok,")[0] == Place(0, 0, 2, " bo")
    assert spelling(options, " bo") == options[:1]
    # where no option spells the typed part and goes on, that token offers no list
    lone = [TokenChoice(1, 0.4, 0, 5, " book", (Option(" bo", 0.5, 9),)), choices[1]]
    assert [p.index for p in places(lone, 3, "ok,")] == [1]


def test_a_pick_keeps_the_tokens_before_it() -> None:
    choices = _choices([" the", " old", " lamp"])
    picked = forced(choices, 1, Option(" new", 0.1, 9))
    assert [c.token for c in picked] == [0, 9]
    assert picked[1].prob == 1.0  # the writer chose it: no confidence rule cuts there
    assert picked[1].options == choices[1].options


@given(st.lists(st.text(max_size=4), max_size=12), st.integers(0, 6), st.integers(0, 60))
def test_places_are_ordered_and_inside_the_text(chunks, shown_from, offset) -> None:
    choices = _choices(chunks)
    made = "".join(chunks)
    shown = made[shown_from:]
    found = places(choices, shown_from, shown)
    starts = [p.start for p in found]
    assert starts == sorted(starts)
    for place in found:
        assert 0 <= place.start < place.end <= len(shown) or place.start == place.end
        assert choices[place.index].options
    at = place_at(found, offset)
    assert (at is None) == (not found)
