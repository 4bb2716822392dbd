"""Chat prompts in a model's own format: its chat template, rendered in a bounded sandbox.

A chat template is code that came with a downloaded file. It runs in Jinja's immutable sandbox,
which refuses attribute walking into Python internals, and in addition under hard limits: its own
size (which bounds the time to compile it), the total number of loop iterations, the time to
compile and render it (one deadline for all attempts, checked at every loop step, call and output
piece), the size of each string and list it builds, the total of everything it builds (which
bounds its memory), and the size of its output. A prompt it renders must hold the writer's text
and leave the model's turn open. Whatever goes wrong, the caller gets a plain instruction prompt
and, where the user should know, a sentence saying why; a refusal is remembered, so the next
rewrite does not pay for it again.

Message contents are never part of what the template renders: it renders a MARK in place of
each, so that a backend can tokenize the template's own text with special tokens and each
content on its own without (a document that mentions `<|im_end|>` cannot end the turn).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import wraps
from typing import Any

from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError, TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from writer.sentences import said

MAX_TEMPLATE_CHARS = 64_000  # the largest templates published are about 16,000 characters
MAX_OUTPUT_CHARS = 400_000
MAX_VALUE_LEN = 400_000
MAX_BUILT_CHARS = 4_000_000  # everything a render builds, together
MAX_ITERATIONS = 100_000
MAX_INT_ARG = 100_000
MAX_PRODUCT = 10_000_000  # the largest result a call may be able to build
MAX_INT_BITS = 4096  # products of integers
RENDER_SECONDS = 0.8  # with compiling and tokenizing, a refusal takes under a second

TURN_END_TOKENS = (
    "<|im_end|>",
    "<|eot_id|>",
    "<end_of_turn>",
    "<|end|>",
    "<|endoftext|>",
    "<｜end▁of▁sentence｜>",
    "<|end_of_text|>",
    "</s>",
)

PLAIN_STOP_TEXT = ("\n### ",)

MARK = "\ue000{}\ue001"  # stands for message i's content while a template renders

def _refused(why: str) -> str:
    return said("This model's chat template was refused ({0}); using a plain prompt instead.", why)


class TemplateRefused(Exception):
    """The template was stopped; `reason` completes "the template was refused (...)"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class RenderLimits:
    """What one prompt's renders may spend, together: a deadline, loop steps, built values."""

    def __init__(self, seconds: float = RENDER_SECONDS) -> None:
        self.deadline = time.monotonic() + seconds
        self.iterations = 0
        self.built = 0

    def tick(self, n: int = 0) -> None:
        self.iterations += n
        if self.iterations > MAX_ITERATIONS:
            raise TemplateRefused(said("it loops too much"))
        if time.monotonic() > self.deadline:
            raise TemplateRefused(said("it takes too long to render"))

    def check_size(self, value: Any) -> Any:
        if isinstance(value, str | bytes | list | tuple | dict):
            if len(value) > MAX_VALUE_LEN:
                raise TemplateRefused(said("it builds values that are too large"))
            self.built += len(value)
            if self.built > MAX_BUILT_CHARS:
                raise TemplateRefused(said("it builds too much"))
        return value


def _check_args(args: Sequence[Any], kwargs: dict[str, Any], receiver: Any = None) -> None:
    """Refuse a call whose result could be too large to build before it is built: an integer
    argument beyond MAX_INT_ARG, or two sizes (lengths of strings and lists, integers) whose
    product is beyond MAX_PRODUCT, as in `s.replace('x', t)`, `sep.join(items)`,
    `s.expandtabs(n)` or `s|indent(t)`."""
    sizes = [0, 0]
    for value in (receiver, *args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool):
            if abs(value) > MAX_INT_ARG:
                raise TemplateRefused(said("it asks for values that are too large"))
            sizes.append(abs(value))
        else:
            sizes.append(_size(value))
    sizes.sort()
    if sizes[-1] > MAX_PRODUCT or sizes[-1] * sizes[-2] > MAX_PRODUCT:
        raise TemplateRefused(said("it asks for values that are too large"))


def _size(value: Any) -> int:
    """How much a value holds: a string's length; a list's length and its items' lengths (so
    joining or summing it is priced by what it would build)."""
    if isinstance(value, str | bytes | dict):
        return len(value)
    if isinstance(value, list | tuple):
        try:
            return len(value) + sum(map(len, value))  # a list of strings, at C speed
        except TypeError:
            pass
        total = len(value)
        for item in value:
            if isinstance(item, str | bytes | list | tuple):
                total += len(item)
                if total > MAX_PRODUCT:
                    break
        return total
    return 0


class _GuardedCodeGenerator(CodeGenerator):
    """Every for-loop iterates through `environment.guard_iter`, and every `~` result goes
    through `environment.guard_size`."""

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        if not getattr(node, "_guarded", False):
            node.iter = nodes.Call(
                nodes.EnvironmentAttribute("guard_iter"), [node.iter], [], None, None
            )
            node._guarded = True  # type: ignore[attr-defined]
        super().visit_For(node, frame)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.guard_size(")
        super().visit_Concat(node, frame)
        self.write(")")


class _GuardedIterable:
    def __init__(self, iterable: Any, limits: RenderLimits) -> None:
        self._iterable = iterable
        self._limits = limits

    def __len__(self) -> int:
        return len(self._iterable)

    def __iter__(self) -> Iterator[Any]:
        limits = self._limits
        for item in self._iterable:
            limits.tick(1)
            yield item


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox with limits on loops, time, value sizes and big arguments."""

    code_generator_class = _GuardedCodeGenerator
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, limits: RenderLimits | None = None) -> None:
        super().__init__(trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
        self.limits = limits or RenderLimits()
        self.filters = {name: self._guard_filter(f) for name, f in self.filters.items()}
        self.globals["range"] = self._range
        del self.globals["lipsum"]  # a generator of text no chat template needs
        self.globals["raise_exception"] = _raise_exception

    def _guard_filter(self, func: Callable[..., Any]) -> Callable[..., Any]:
        limits = self.limits

        skip = 2 if getattr(func, "jinja_pass_arg", None) is not None else 1

        @wraps(func)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            limits.tick()
            value = args[skip - 1] if len(args) >= skip else None
            _check_args(args[skip:], kwargs, value)
            if isinstance(value, str) and _has_big_width(value):
                raise TemplateRefused(said("it asks for values that are too large"))
            return limits.check_size(func(*args, **kwargs))

        return guarded

    def _range(self, *args: int) -> range:
        rng = range(*args)
        try:
            too_long = len(rng) > MAX_ITERATIONS
        except OverflowError:
            too_long = True
        if too_long:
            raise TemplateRefused(said("it loops too much"))
        return rng

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        owner = getattr(value, "__self__", None)
        if isinstance(owner, str) and _has_big_width(owner):
            raise TemplateRefused(said("it asks for values that are too large"))
        return super().wrap_str_format(value)

    def guard_iter(self, iterable: Any) -> _GuardedIterable:
        self.limits.tick()
        return _GuardedIterable(iterable, self.limits)

    def guard_size(self, value: Any) -> Any:
        self.limits.tick()
        return self.limits.check_size(value)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        self.limits.tick()
        if operator == "**" and (abs(_number(left)) > MAX_INT_ARG or abs(_number(right)) > 64):
            raise TemplateRefused(said("it computes numbers that are too large"))
        if operator == "*":
            for seq, count in ((left, right), (right, left)):
                if (
                    isinstance(seq, str | list | tuple)
                    and isinstance(count, int)
                    and len(seq) * count > MAX_VALUE_LEN
                ):
                    raise TemplateRefused(said("it builds values that are too large"))
        if (
            operator == "*"
            and all(isinstance(v, int) for v in (left, right))
            and abs(left).bit_length() + abs(right).bit_length() > MAX_INT_BITS
        ):
            raise TemplateRefused(said("it computes numbers that are too large"))
        if operator == "%" and isinstance(left, str):
            if _has_big_width(left):
                raise TemplateRefused(said("it asks for values that are too large"))
            _check_args(right if isinstance(right, tuple) else (right,), {}, left)
        return self.limits.check_size(super().call_binop(context, operator, left, right))

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        __self.limits.tick()
        _check_args(args, kwargs, getattr(__obj, "__self__", None))
        return __self.limits.check_size(super().call(__context, __obj, *args, **kwargs))

    def getattr(self, obj: Any, attribute: str) -> Any:
        self.limits.tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        self.limits.tick()
        return super().getitem(obj, argument)


def _number(value: Any) -> float:
    return value if isinstance(value, int | float) and not isinstance(value, bool) else 0


def _has_big_width(fmt: str) -> bool:
    """Whether a format string asks for a width or precision of six digits or more."""
    return _BIG_NUMBER.search(fmt) is not None


_BIG_NUMBER = re.compile(r"\d{6}")


def _raise_exception(message: str = "") -> None:
    raise TemplateError(str(message))


def render_template(
    source: str,
    messages: Sequence[dict[str, str]],
    bos_token: str = "",
    eos_token: str = "",
    add_generation_prompt: bool = True,
    limits: RenderLimits | None = None,
) -> str:
    """Render a chat template in the bounded sandbox, within `limits` (by default its own).

    Raises SecurityError when the template reaches for Python internals, TemplateRefused when it
    breaks a limit, TemplateError (or another exception) when it fails on its own.
    """
    if len(source) > MAX_TEMPLATE_CHARS:
        raise TemplateRefused(said("it is too large"))
    env = BoundedSandbox(limits)
    template = env.from_string(source)
    parts: list[str] = []
    size = 0
    for chunk in template.generate(
        messages=[dict(m) for m in messages],
        add_generation_prompt=add_generation_prompt,
        bos_token=bos_token,
        eos_token=eos_token,
    ):
        size += len(chunk)
        if size > MAX_OUTPUT_CHARS:
            raise TemplateRefused(said("its output is too large"))
        env.limits.tick()
        parts.append(chunk)
    return "".join(parts)


def plain_prompt(messages: Sequence[dict[str, str]]) -> str:
    """A plain instruction format for models without a usable chat template."""
    system = "\n\n".join(m["content"] for m in messages if m["role"] == "system")
    user = "\n\n".join(m["content"] for m in messages if m["role"] != "system")
    head = f"{system}\n\n" if system else ""
    return f"{head}### Instruction:\n{user}\n\n### Response:\n"


def _merge_system(messages: Sequence[dict[str, str]]) -> list[dict[str, str]] | None:
    """The messages with the system message folded into the first user message (for templates
    that refuse a system role), or None when there is no system message."""
    system = [m["content"] for m in messages if m["role"] == "system"]
    if not system:
        return None
    rest = [dict(m) for m in messages if m["role"] != "system"]
    for m in rest:
        if m["role"] == "user":
            m["content"] = "\n\n".join([*system, m["content"]])
            break
    return rest


def _refusal(exc: BaseException) -> str:
    if isinstance(exc, SecurityError):
        return _refused(said("it tried to reach Python internals"))
    if isinstance(exc, TemplateRefused):
        return _refused(exc.reason)
    if isinstance(exc, RecursionError):
        return _refused(said("it recurses without end"))
    if isinstance(exc, MemoryError):
        return _refused(said("it needs too much memory"))
    detail = str(exc).strip().splitlines()[0][:160] if str(exc).strip() else type(exc).__name__
    return said("This model's chat template failed ({0}); using a plain prompt instead.", detail)


_REMEMBERED: dict[str, str] = {}  # template source -> why it was refused (this session)


def _opens_the_turn(text: str, last_mark: str, eos_text: str) -> bool:
    """Whether a rendered prompt leaves the model's turn open: something follows the last
    message, and that something is not just the end of the writer's turn."""
    tail = text.rpartition(last_mark)[2].strip()
    ends = (*TURN_END_TOKENS, eos_text) if eos_text else TURN_END_TOKENS
    return bool(tail) and not tail.endswith(ends)


@dataclass
class RenderedChat:
    """A chat prompt as text with each message's content still a MARK, and how it was made:
    with the model's template, or in the plain format because there is none or it was refused
    (`refused` then says why, for the writer; `stop_text` ends the plain format's answer)."""

    text: str
    used_template: bool
    refused: str = ""
    stop_text: tuple[str, ...] = ()


def render_chat(
    template: str | None, messages: Sequence[dict[str, str]], bos: str = "", eos: str = ""
) -> RenderedChat:
    """The prompt for `messages` (their contents as MARKs) in the template's format, leaving the
    model's turn open, or in the plain format. `bos` and `eos` are the model's begin and end
    texts. A refusal is remembered for the session, so the next prompt does not pay for it."""
    marked = [dict(m, content=MARK.format(i)) for i, m in enumerate(messages)]
    needed = [MARK.format(i) for i, m in enumerate(messages) if m["role"] != "system"]
    refused = _REMEMBERED.get(template or "", "")
    if template is not None and not refused:
        attempts = [marked]
        merged = _merge_system(marked)
        if merged is not None:
            attempts.append(merged)
        limits = RenderLimits()  # one deadline for every attempt
        for attempt in attempts:
            try:
                text = render_template(template, attempt, bos, eos, limits=limits)
            except (SecurityError, TemplateRefused, RecursionError) as exc:
                refused = _refusal(exc)
                break
            except Exception as exc:  # the template's own failure: try the next form
                refused = _refusal(exc)
                continue
            if not all(mark in text for mark in needed):
                refused = _refused(said("it leaves out the text to rewrite"))
                continue
            if needed and not _opens_the_turn(text, needed[-1], eos):
                refused = _refused(said("it never opens the model's turn"))
                continue
            return RenderedChat(text, used_template=True)
        if len(_REMEMBERED) >= 64:
            _REMEMBERED.clear()
        _REMEMBERED[template] = refused
    return RenderedChat(
        plain_prompt(marked), used_template=False, refused=refused, stop_text=PLAIN_STOP_TEXT
    )
