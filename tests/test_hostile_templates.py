"""The hostile chat template corpus (tests/hostile_templates.py): every template is refused or
stopped within a second and a bounded amount of memory, the writer gets a sentence, and the
rewrite streams with the plain prompt; a refusal is remembered for the next rewrite."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.hostile_templates import HOSTILE, contain, model_copy, rewrite_with
from writer.engine import chat
from writer.generation import chat_template

SECONDS = 1.0
MEMORY_BYTES = 64 * 1024 * 1024
SENTENCE = re.compile(
    r"^This model's chat template (was refused|failed) \(.+\); using a plain prompt instead\.$"
)


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_template_is_contained(name: str) -> None:
    _kind, source = HOSTILE[name]
    refusal, seconds, peak = contain(source)
    assert SENTENCE.match(refusal), refusal
    assert seconds < SECONDS, f"{seconds:.2f} s"
    assert peak < MEMORY_BYTES, f"{peak:,} bytes"


def test_internals_are_named_as_such() -> None:
    for name, (kind, source) in HOSTILE.items():
        if kind == "internals" and name not in ("lipsum-globals", "raise-globals"):
            assert "Python internals" in contain(source)[0], name


def test_a_refusal_is_remembered(monkeypatch: pytest.MonkeyPatch) -> None:
    """The second rewrite with a runaway template does not render it again."""
    source = HOSTILE["macro-tree"][1]
    first = contain(source)[0]
    assert "too long" in first
    rendered = []
    monkeypatch.setattr(chat_template, "render_template", lambda *a, **k: rendered.append(a))

    class Tokens:
        bos, add_bos = 1, False

        def piece(self, token: int, special: bool = True) -> bytes:
            return b""

        def token_id(self, text: str) -> None:
            return None

        def tokenize(self, text: str, add_bos: bool = False, special: bool = True) -> list[int]:
            return [ord(c) for c in text]

    messages = [{"role": "user", "content": "Make it shorter."}]
    chat_template._REMEMBERED[source] = first
    again = chat.chat_prompt(Tokens(), source, messages)  # type: ignore[arg-type]
    assert again.template_refused == first
    assert not rendered


def test_real_templates_are_not_refused() -> None:
    """Templates of the shapes published with models (ChatML with a system default, Llama 3
    with a date, Mistral with alternating roles, Gemma without a system role) still render."""
    chatml = (
        "{% for m in messages %}{% if loop.first and m.role != 'system' %}<|im_start|>system\n"
        "You are helpful.<|im_end|>\n{% endif %}<|im_start|>{{ m.role }}\n{{ m.content }}"
        "<|im_end|>\n{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
    )
    llama3 = (
        "{{ bos_token }}{% if strftime_now is defined %}{% set d = strftime_now('%d %b %Y') %}"
        "{% else %}{% set d = '26 Jul 2024' %}{% endif %}{% for m in messages %}"
        "<|start_header_id|>{{ m.role }}<|end_header_id|>\n\n{{ m.content|trim }}<|eot_id|>"
        "{% endfor %}{% if add_generation_prompt %}<|start_header_id|>assistant<|end_header_id|>"
        "\n\n{% endif %}"
    )
    mistral = (
        "{{ bos_token }}{% for m in messages %}{% if (m.role == 'user') != (loop.index0 % 2 == 0)"
        " %}{{ raise_exception('Conversation roles must alternate user/assistant') }}{% endif %}"
        "{% if m.role == 'user' %}[INST] {{ m.content }} [/INST]{% else %}{{ m.content }}"
        "{{ eos_token }}{% endif %}{% endfor %}"
    )
    gemma = (
        "{{ bos_token }}{% if messages[0].role == 'system' %}"
        "{{ raise_exception('System role not supported') }}{% endif %}{% for m in messages %}"
        "<start_of_turn>{{ 'model' if m.role == 'assistant' else m.role }}\n"
        "{{ m.content|trim }}<end_of_turn>\n{% endfor %}"
        "{% if add_generation_prompt %}<start_of_turn>model\n{% endif %}"
    )
    for source in (chatml, llama3, mistral, gemma):
        assert contain(source)[0] == "", source[:40]


# as model files -------------------------------------------------------------------------------
ONE_OF_EACH = ["cycler-globals", "recursive-loop", "accumulate", "macro-recursion",
               "no-assistant-turn"]  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize("name", ONE_OF_EACH)
def test_a_model_file_with_a_hostile_template_still_rewrites(
    name: str, tiny_model: Path, tmp_path: Path
) -> None:
    """One template of each kind, in a copy of a model written by the gguf package (the tiny
    one, conftest: its text is nonsense, its template's handling is the product's): loading it
    works, the rewrite streams with the plain prompt, and the writer is told why.
    (`python tests/hostile_templates.py --models` runs the whole corpus this way, on the
    starter model.)"""
    path = model_copy(tiny_model, HOSTILE[name][1], tmp_path / "hostile.gguf")
    from writer.engine.gguf_header import read_gguf_header

    assert read_gguf_header(path).chat_template == HOSTILE[name][1]
    chat_template._REMEMBERED.clear()
    notice, text, _first_s = rewrite_with(path)
    assert SENTENCE.match(notice), notice
    assert text
