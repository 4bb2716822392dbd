"""Chat templates: the model's own format, rendered in a bounded sandbox, with a plain fallback."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from jinja2.exceptions import SecurityError, TemplateError

from writer.engine.chat import chat_prompt
from writer.generation.chat_template import (
    PLAIN_STOP_TEXT,
    TemplateRefused,
    plain_prompt,
    render_template,
)

MESSAGES = [
    {"role": "system", "content": "Be brief."},
    {"role": "user", "content": "Rewrite this."},
]

CHATML = (
    "{% for m in messages %}"
    "{{ '<|im_start|>' + m['role'] + '\\n' + m['content'] + '<|im_end|>\\n' }}"
    "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"
)

ATTRIBUTE_WALKS = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ messages.__class__.__init__.__globals__ }}",
    "{{ joiner.__init__.__globals__['os'].listdir('/') }}",
    "{{ namespace.__init__.__globals__['__builtins__'] }}",
]

RUNAWAYS = [
    "{% for i in range(10**9) %}x{% endfor %}",
    "{% set r = range(99999) %}{% for i in r %}{% for j in r %}{% endfor %}{% endfor %}",
    "{% for x in range(9) recursive %}{% if loop.depth < 5 %}{{ loop(range(99999)) }}"
    "{% endif %}{% endfor %}",
    "{{ 'a' * 10**9 }}",
    "{{ 10**10**10 }}",
    "{% set s = 'xxxxxxxxxxxxxxxx' %}" + "{% set s = s ~ s %}" * 40 + "{{ s|length }}",
    "{{ 'x'|center(1000000000) }}",
    "{{ 'x'.ljust(1000000000) }}",
    "{{ '{:>999999999}'.format(1) }}",
    "{{ '%999999999d' % 1 }}",
    "{% for i in range(99999) %}{{ 'x' * 99 }}{% endfor %}",
]


def test_renders_a_chatml_template() -> None:
    text = render_template(CHATML, MESSAGES)
    assert text == (
        "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nRewrite this.<|im_end|>\n"
        "<|im_start|>assistant\n"
    )


def test_ordinary_template_features_still_work() -> None:
    source = (
        "{{ bos_token }}{% for m in messages %}{{ loop.index }}/{{ loop.length }}:"
        "{{ m.content|trim|upper }}{% if not loop.last %}|{% endif %}{% endfor %}"
        "{{ messages|map(attribute='role')|join(',') }}{% set ns = namespace(n=0) %}"
        "{% for m in messages %}{% set ns.n = ns.n + 1 %}{% endfor %}{{ ns.n }}"
        "{{ '{:>3}'.format(7) }}{{ eos_token }}"
    )
    text = render_template(source, MESSAGES, bos_token="<s>", eos_token="</s>")
    assert text == "<s>1/2:BE BRIEF.|2/2:REWRITE THIS.system,user2  7</s>"


@pytest.mark.parametrize("source", ATTRIBUTE_WALKS)
def test_attribute_walking_is_refused(source: str) -> None:
    with pytest.raises(SecurityError):
        render_template(source, MESSAGES)


def test_private_attributes_render_nothing() -> None:
    assert render_template("{{ self._TemplateReference__context }}x", MESSAGES) == "x"


@pytest.mark.parametrize("source", RUNAWAYS)
def test_runaway_templates_stop_quickly(source: str) -> None:
    started = time.perf_counter()
    with pytest.raises(TemplateRefused):
        render_template(source, MESSAGES)
    assert time.perf_counter() - started < 3.0


def test_raise_exception_is_a_template_error() -> None:
    with pytest.raises(TemplateError, match="roles must alternate"):
        render_template("{{ raise_exception('roles must alternate') }}", MESSAGES)


def test_plain_prompt_format() -> None:
    assert (
        plain_prompt(MESSAGES) == "Be brief.\n\n### Instruction:\nRewrite this.\n\n### Response:\n"
    )


# with the starter model's tokenizer --------------------------------------------------------------
@pytest.fixture(scope="module")
def runtime(engine):
    return engine.runtime


def test_model_template_prompt_and_stop_tokens(engine, runtime) -> None:
    prompt = chat_prompt(runtime, engine.gguf.chat_template, MESSAGES, eos=2)
    assert prompt.used_template
    assert prompt.template_refused == ""
    assert prompt.text.endswith("<|im_start|>assistant\n")
    im_end = runtime.token_id("<|im_end|>")
    assert im_end is not None
    assert im_end in prompt.stop_tokens
    assert prompt.tokens.count(im_end) == 2
    assert runtime.tokenize(prompt.text, add_bos=False, special=True) == prompt.tokens


def test_contents_cannot_inject_special_tokens(engine, runtime) -> None:
    messages = [{"role": "user", "content": "a <|im_end|> b"}]
    prompt = chat_prompt(runtime, engine.gguf.chat_template, messages)
    im_end = runtime.token_id("<|im_end|>")
    # the template's system turn and the user turn end with the real token; the text does not
    assert prompt.tokens.count(im_end) == 2
    start, end = prompt.content_spans[-1]
    assert im_end not in prompt.tokens[start:end]


@pytest.mark.parametrize("source", [ATTRIBUTE_WALKS[0], RUNAWAYS[1], RUNAWAYS[3]])
def test_hostile_template_falls_back_with_a_message(runtime, source: str) -> None:
    started = time.perf_counter()
    prompt = chat_prompt(runtime, source, MESSAGES)
    assert time.perf_counter() - started < 3.0
    assert not prompt.used_template
    assert prompt.template_refused.startswith("This model's chat template was refused (")
    assert prompt.template_refused.endswith("using a plain prompt instead.")
    assert prompt.text == plain_prompt(MESSAGES)
    assert prompt.stop_text == PLAIN_STOP_TEXT


def test_python_internals_are_named_in_the_message(runtime) -> None:
    prompt = chat_prompt(runtime, ATTRIBUTE_WALKS[1], MESSAGES)
    assert "Python internals" in prompt.template_refused


def test_template_refusing_system_role_gets_it_merged(runtime) -> None:
    source = (
        "{% for m in messages %}{% if m['role'] == 'system' %}"
        "{{ raise_exception('System role not supported') }}{% endif %}"
        "<start_of_turn>{{ m['role'] }}\n{{ m['content'] }}<end_of_turn>\n{% endfor %}"
        "<start_of_turn>model\n"
    )
    prompt = chat_prompt(runtime, source, MESSAGES)
    assert prompt.used_template
    assert prompt.template_refused == ""
    assert "user\nBe brief.\n\nRewrite this." in prompt.text


def test_template_that_always_raises_falls_back(runtime) -> None:
    prompt = chat_prompt(runtime, "{{ raise_exception('nope') }}", MESSAGES)
    assert not prompt.used_template
    assert "failed (nope)" in prompt.template_refused


def test_no_template_is_plain_without_a_message(runtime) -> None:
    prompt = chat_prompt(runtime, None, MESSAGES)
    assert not prompt.used_template
    assert prompt.template_refused == ""
    assert prompt.text == plain_prompt(MESSAGES)


def test_hostile_template_in_a_model_file_end_to_end(engine, tmp_path: Path) -> None:
    """A model whose GGUF carries an attribute-walking template: the rewrite still streams, with
    the plain prompt, and says why. (The GGUF header is the engine's; only its template is
    replaced, as a file with a different template would give.)"""
    from dataclasses import replace

    from writer.generation.requests import RewriteRequest

    hostile = replace(engine.gguf, metadata=dict(engine.gguf.metadata))
    hostile.metadata["tokenizer.chat_template"] = ATTRIBUTE_WALKS[1]
    saved = engine.gguf
    engine.gguf = hostile
    try:
        gen = engine.rewrite(RewriteRequest("The cat sat.", "Make it longer.", max_tokens=8))
        assert "Python internals" in gen.stats.notice
        text = gen.text()
    finally:
        engine.gguf = saved
    assert gen.stats.generated_tokens > 0
    assert "\ufffd" not in text
