"""A corpus of hostile chat templates: each is code a stranger could put in a model file.

Every entry must be contained: refused (or stopped) within RENDER_SECONDS and a bounded amount
of memory, with a sentence for the writer, and rewrites fall back to the plain prompt. The tests
in test_hostile_templates.py run each one, as a string and as a copy of the starter model with
only its template changed; `python tests/hostile_templates.py` prints how long each one took to
be contained and how much it allocated.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HOSTILE: dict[str, tuple[str, str]] = {
    # reaching Python internals ---------------------------------------------------------------
    "class-walk": ("internals", "{{ ''.__class__.__mro__[1].__subclasses__() }}"),
    "cycler-globals": ("internals", "{{ cycler.__init__.__globals__.os.popen('id').read() }}"),
    "joiner-globals": ("internals", "{{ joiner.__init__.__globals__['os'].listdir('/') }}"),
    "namespace-builtins": (
        "internals",
        "{{ namespace.__init__.__globals__['__builtins__']['open']('/etc/passwd').read() }}",
    ),
    "self-context": ("internals", "{{ self.__init__.__globals__ }}"),
    "self-private": ("internals", "{{ self._TemplateReference__context.parent }}"),
    "messages-class": ("internals", "{{ messages.__class__.__base__.__subclasses__() }}"),
    "attr-filter": ("internals", "{{ (messages|attr('__class__')).__subclasses__() }}"),
    "format-walk": ("internals", "{{ '{0.__class__.__mro__}'.format(messages) }}"),
    "mutate-messages": ("internals", "{% set _ = messages.append({'role': 'x'}) %}x"),
    "range-self": ("internals", "{{ range.__self__.globals }}"),
    "lipsum-globals": ("internals", "{{ lipsum.__globals__['os'].system('id') }}"),
    "dict-mro": ("internals", "{{ dict.mro()[-1].__subclasses__() }}"),
    "raise-globals": ("internals", "{{ raise_exception.__globals__ }}"),
    # loops and ranges --------------------------------------------------------------------------
    "huge-range": ("loops", "{% for i in range(10**9) %}x{% endfor %}"),
    "nested-loops": (
        "loops",
        "{% set r = range(99999) %}{% for i in r %}{% for j in r %}{% endfor %}{% endfor %}",
    ),
    "recursive-loop": (
        "loops",
        "{% for x in range(9) recursive %}{% if loop.depth < 9 %}{{ loop(range(99999)) }}"
        "{% endif %}{% endfor %}",
    ),
    "messages-times": ("loops", "{% for m in messages * 100000 %}{{ m.content }}{% endfor %}"),
    "cycler-forever": (
        "loops",
        "{% set c = cycler(1, 2) %}{% for i in range(99999) %}{% for j in range(99) %}"
        "{{ c.next() }}{% endfor %}{% endfor %}",
    ),
    # multiplication and growth to gigabytes -------------------------------------------------
    "string-times": ("size", "{{ 'a' * 10**9 }}"),
    "list-times": ("size", "{{ [1] * 10**9 }}"),
    "list-of-big-strings": ("size", "{{ (['x' * 399999] * 399999)|join }}"),
    "doubling": ("size", "{% set s = 'xxxxxxxxxxxxxxxx' %}" + "{% set s = s ~ s %}" * 40),
    "power-tower": ("size", "{{ 10**10**10 }}"),
    "squaring": (
        "size",
        "{% set ns = namespace(n=99999) %}{% for i in range(40) %}{% set ns.n = ns.n * ns.n %}"
        "{% endfor %}{{ ns.n }}",
    ),
    "center": ("size", "{{ 'x'|center(1000000000) }}"),
    "ljust": ("size", "{{ 'x'.ljust(1000000000) }}"),
    "format-width": ("size", "{{ '{:>999999999}'.format(1) }}"),
    "percent-width": ("size", "{{ '%999999999d' % 1 }}"),
    "percent-star": ("size", "{{ '%*d' % (999999999, 1) }}"),
    "replace-bomb": ("size", "{% set s = 'x' * 300000 %}{{ s|replace('x', s) }}"),
    "join-bomb": ("size", "{% set s = 'x' * 300000 %}{{ s.join(s|list) }}"),
    "expandtabs": ("size", "{{ ('\\t' * 300000).expandtabs(99999) }}"),
    "indent-bomb": ("size", "{% set s = '\\n' * 300000 %}{{ s|indent(s) }}"),
    "sum-lists": ("size", "{{ ([[1] * 399] * 99999)|sum(start=[]) }}"),
    "accumulate": (
        "size",
        "{% set s = 'x' * 399999 %}{% set ns = namespace(l=[]) %}{% for i in range(99999) %}"
        "{% set ns.l = ns.l + [s ~ i] %}{% endfor %}",
    ),
    "output-flood": ("size", "{% for i in range(99999) %}{{ 'x' * 99 }}{% endfor %}"),
    "huge-template": ("size", "{# " + "x" * 70_000 + " #}"),
    # recursion ---------------------------------------------------------------------------------
    "macro-recursion": ("recursion", "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}"),
    "macro-tree": (
        "recursion",
        "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}"
        "{{ f(60) }}",
    ),
    "caller-recursion": (
        "recursion",
        "{% macro f() %}{% call f() %}{{ caller() }}{% endcall %}{% endmacro %}{{ f() }}",
    ),
    # prompts that never give the model its turn ----------------------------------------------
    "no-assistant-turn": (
        "turn",
        "{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n"
        "{% endfor %}",
    ),
    "contents-only": ("turn", "{% for m in messages %}{{ m.content }}{% endfor %}"),
    "renders-nothing": ("turn", "{# nothing #}"),
    "drops-the-text": ("turn", "<|im_start|>assistant\n"),
    "always-raises": ("turn", "{{ raise_exception('This model cannot chat.') }}"),
}


def contain(source: str) -> tuple[str, float, int]:
    """Run one template through the rewrite prompt builder (without a model: a tokenizer of
    characters), returning its refusal, the seconds of CPU time it took on this thread (a busy
    machine's other processes do not count) and the bytes it allocated at the peak."""
    import time
    import tracemalloc

    from writer.engine import chat
    from writer.generation import chat_template

    class Characters:  # the part of LlamaRuntime the prompt builder uses
        bos = 1
        add_bos = False

        def piece(self, token: int, special: bool = True) -> bytes:
            return b"<s>" if token == 1 else b"</s>"

        def token_id(self, text: str) -> int | None:
            return None

        def tokenize(self, text: str, add_bos: bool = False, special: bool = True) -> list[int]:
            return [ord(c) for c in text]

    chat_template._REMEMBERED.clear()
    messages = [
        {"role": "system", "content": "Rewrite the passage as asked."},
        {"role": "user", "content": "Make it shorter.\n\nThe cat sat on the mat."},
    ]
    tracemalloc.start()
    started = time.thread_time()
    try:
        prompt = chat.chat_prompt(Characters(), source, messages, eos=2)  # type: ignore[arg-type]
    finally:
        elapsed = time.thread_time() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return prompt.template_refused, elapsed, peak


def model_copy(model: Path, template: str, out: Path) -> Path:
    """A copy of `model` with only its chat template changed, written by the gguf package."""
    import gguf

    script = Path(gguf.__file__).parent / "scripts" / "gguf_new_metadata.py"
    cmd = [sys.executable, str(script), str(model), str(out), "--force", "--chat-template",
           template]  # fmt: skip
    subprocess.run(cmd, check=True, capture_output=True, timeout=300)
    return out


def rewrite_with(path: Path) -> tuple[str, str, float]:
    """Load a model file and rewrite one sentence with it: the notice, the text, and the seconds
    from asking to the first piece."""
    import time

    from writer.engine.engine import Engine
    from writer.generation.requests import RewriteRequest

    with Engine.load(path, n_ctx=1024, probe=False) as engine:
        started = time.perf_counter()
        stream = engine.rewrite(RewriteRequest("The cat sat on the mat.", "Make it longer.",
                                               max_tokens=6))  # fmt: skip
        pieces = iter(stream)
        first = next(pieces, None)
        first_s = time.perf_counter() - started
        text = (first.text if first else "") + "".join(p.text for p in pieces)
        return stream.stats.notice, text, first_s


def main(argv: list[str]) -> None:
    worst_s, worst_bytes = 0.0, 0
    for name, (kind, source) in HOSTILE.items():
        refusal, seconds, peak = contain(source)
        worst_s, worst_bytes = max(worst_s, seconds), max(worst_bytes, peak)
        print(f"{kind:10} {name:20} {seconds * 1000:7.1f} ms {peak / 1e6:7.2f} MB  {refusal}")
    print(f"{len(HOSTILE)} templates; slowest {worst_s * 1000:.0f} ms; most memory "
          f"{worst_bytes / 1e6:.1f} MB (with tracemalloc, which slows Python several times)")
    if "--models" not in argv:
        return
    # the whole corpus as model files, one at a time (each copy is as large as the model)
    import tempfile

    from writer.paths import starter_model_path

    contained, slowest = 0, 0.0
    with tempfile.TemporaryDirectory() as folder:
        for name, (_kind, source) in HOSTILE.items():
            path = model_copy(starter_model_path(), source, Path(folder) / f"{name}.gguf")
            notice, text, first_s = rewrite_with(path)
            path.unlink()
            ok = notice.startswith("This model's chat template") and bool(text)
            contained += ok
            slowest = max(slowest, first_s)
            print(f"{name:20} first piece after {first_s * 1000:6.0f} ms  "
                  f"{'contained' if ok else 'NOT CONTAINED'}: {notice}")
    print(f"model files: {contained}/{len(HOSTILE)} contained, each rewrite streamed with the "
          f"plain prompt; slowest first piece {slowest * 1000:.0f} ms")


if __name__ == "__main__":
    main(sys.argv[1:])
