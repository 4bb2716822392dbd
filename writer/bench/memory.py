"""The memory section of `writer bench`: what the project's memory costs a keystroke, and whether
it helps.

Costs (the engine, a 2,000-token document, medians of keystrokes of a 3-character word, one
series after the other, each from a cache that holds the document as a writer's does):
- `ttft_ms_append_2000`: the first piece after a keystroke at the document's end, no memory;
- `ttft_ms_memory_2000`: the same with 1,500 tokens of notes and 3 triggered lore entries first
  in the prompt (target: at most 1.2 times the append); its floor, one bare decode step with
  the memory's longer context (`decode_step_ms_memory_2000`, beside `decode_step_ms_2000`): a
  step attends to every cached cell, so memory costs each token some time whatever the cache
  does; `memory_over_step` against `append_over_step` is what Writer adds to that;
- `lore_switch_ms`: the first keystroke after a lore entry turns on (or off), while the new memory
  is still to be read (target: at most 3 times the append), and `lore_switch_read_ms`, the warm-up
  that reads it afterwards, while the writer pauses (the memory from the change on: the
  document's cells are grafted after it, cache.py `graft`).

Usefulness (`memory_recall_with`, `memory_recall_without`): the held-out project
(writer/bench/texts/project: notes and two chapters, written once for the test) has prepared
points in chapter 2 where the next words are a name that only the notes or chapter 1 give; a
suggestion there, with the project's memory and without, counts when it contains the name.
`memory_prompt_hits` counts the points where the prompt holds the name at all (the entry or the
passage that gives it was chosen): the part a small model cannot spoil.

The grafted document (cache.py `graft`): at the same points, the document is first read after
the memory without its last part, as when that part turns on while the writer types; the
warm-up then reads the new memory and moves the document's cells after it. `graft_read_share`:
the tokens that warm-up read over those of the whole prompt; `graft_same_first_word`: the
points whose suggestion begins with the same word as after an exact read of the same prompt;
`memory_recall_grafted`: `memory_recall_with` after the graft.
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path
from typing import Any

from writer.bench.middle import first_piece_ms
from writer.bench.samples import sample_document
from writer.engine.engine import Engine
from writer.generation.requests import ContinuationRequest

PROJECT = Path(__file__).parent / "texts" / "project"
KEYSTROKES = 7
SWITCHES = 4  # each followed by the warm-up that reads the new memory (seconds on a CPU)


def warmed_ms(engine: Engine, request: ContinuationRequest) -> float:
    started = time.perf_counter()
    list(engine.warm(request))
    return (time.perf_counter() - started) * 1000


def synthetic_memory(engine: Engine, notes_tokens: int = 1500, entries: int = 4) -> list[str]:
    """Notes of about `notes_tokens` tokens (always in) and `entries` lore entries of about 80
    tokens each, as memory parts."""
    tokenize = engine.runtime.tokenize
    notes = "[Notes]\n" + sample_document(notes_tokens, tokenize)
    lore = [f"## Entry {i}\n" + sample_document(80, tokenize) for i in range(entries)]
    return [notes, *lore]


def request(text: str, memory: str = "") -> ContinuationRequest:
    return ContinuationRequest(text, max_tokens=4, stop_at="none", short_first=True, memory=memory)


def costs(engine: Engine) -> dict[str, Any]:
    doc = sample_document(2000, engine.runtime.tokenize)
    notes, *lore = synthetic_memory(engine)
    three = notes + "".join(lore[:3])
    four = three + lore[3]
    words = (" an", " of", " to")

    def step_ms() -> float:
        """One bare llama.cpp decode step at the end of what sequence 0 holds: the floor of a
        keystroke at that length of context (the memory makes the context longer)."""
        tokens = list(engine.cache.of(0))
        ctx, times = engine.cache.ctx, []
        for _ in range(5):
            engine.cache.truncate(0, len(tokens) - 1)
            started = time.perf_counter()
            ctx.decode(tokens[-1:], len(tokens) - 1)
            times.append((time.perf_counter() - started) * 1000)
            engine.cache.of(0)[:] = tokens
        return statistics.median(times)

    floors: dict[str, float] = {}

    def series(memory: str, switch: bool = False) -> tuple[list[float], list[float]]:
        """Keystrokes at the end of the document, each a word, after the cache holds it as a
        writer's cache does (short window, then the wide one); with `switch`, a lore entry
        turns on (then off, and so on) before each, and the warm-up that reads the new memory
        follows, as when the writer pauses."""
        text = doc
        engine.reset_cache()
        first_piece_ms(engine, request(text, memory))
        warmed_ms(engine, request(text, memory))
        keystrokes, reads = [], []
        for i in range(SWITCHES if switch else KEYSTROKES):
            if switch:  # a keystroke that adopts what the last warm-up read, then the switch
                text += words[(i + 1) % 3]
                first_piece_ms(engine, request(text, memory))
                memory = four if memory == three else three
            text += words[i % 3]
            keystrokes.append(first_piece_ms(engine, request(text, memory)))
            if switch:
                reads.append(warmed_ms(engine, request(text, memory)))
        if not switch:
            floors[memory[:16]] = step_ms()
        return keystrokes, reads

    append, _ = series("")
    with_memory, _ = series(three)
    switched, reads = series(three, switch=True)
    append_ms = statistics.median(append)
    memory_tokens = len(engine.runtime.tokenize(three, add_bos=False))
    step_append, step_memory = floors[""], floors[three[:16]]
    return {
        "decode_step_ms_2000": round(step_append, 2),
        "decode_step_ms_memory_2000": round(step_memory, 2),
        # each keystroke against the floor of its own context length: what the memory costs
        # beyond the longer context's decode step
        "append_over_step": round(append_ms / step_append, 3),
        "memory_over_step": round(statistics.median(with_memory) / step_memory, 3),
        "ttft_ms_append_2000": round(append_ms, 2),
        "ttft_ms_memory_2000": round(statistics.median(with_memory), 2),
        "memory_over_append_2000": round(statistics.median(with_memory) / append_ms, 3),
        "lore_switch_ms": round(statistics.median(switched), 2),
        "lore_switch_over_append": round(statistics.median(switched) / append_ms, 3),
        "lore_switch_read_ms": round(statistics.median(reads), 1),
        "memory_tokens": memory_tokens,
    }


def recall(engine: Engine) -> dict[str, Any]:
    """Suggestions at the held-out project's prepared points, with memory and without."""
    from writer.project.context import ProjectMemory
    from writer.project.memory import Memory

    points = json.loads((PROJECT / "points.json").read_text(encoding="utf-8"))
    memory = ProjectMemory(PROJECT)
    hits = {"with": 0, "without": 0, "prompt": 0, "grafted": 0}
    same, read, whole = 0, 0, 0
    for point in points:
        path = PROJECT / point["file"]
        text = path.read_text(encoding="utf-8")
        before, after = text[: point["offset"]], text[point["offset"] :]
        expect = point["expect"].casefold()
        context = memory.context(path, before, after)
        hits["prompt"] += expect in _words(context.memory.text())
        found = {}
        for key, mem in (("with", context.memory.text()), ("without", "")):
            engine.reset_cache()
            asked = ContinuationRequest(before, after, max_tokens=12, stop_at="none", memory=mem)
            found[key] = engine.continuation(asked).text()
            hits[key] += expect in _words(found[key])
        earlier = Memory(context.memory.parts[:-1], context.memory.style).text()
        grafted, share = _grafted(engine, before, after, earlier, context.memory.text())
        hits["grafted"] += expect in _words(grafted)
        same += grafted.split()[:1] == found["with"].split()[:1]
        read, whole = read + share[0], whole + share[1]
    n = len(points)
    return {
        "memory_points": n,
        "memory_recall_with": round(hits["with"] / n, 3),
        "memory_recall_without": round(hits["without"] / n, 3),
        "memory_prompt_hits": round(hits["prompt"] / n, 3),
        "memory_recall_grafted": round(hits["grafted"] / n, 3),
        "graft_same_first_word": round(same / n, 3),
        "graft_read_share": round(read / whole, 3) if whole else None,
    }


def _grafted(
    engine: Engine, before: str, after: str, earlier: str, memory: str
) -> tuple[str, tuple[int, int]]:
    """The suggestion at `before` with `memory`, after the cache held the document read with
    `earlier` and a warm-up read the change (tokens it read, tokens of the prompt)."""
    engine.reset_cache()

    def asked(mem: str, short_first: bool) -> ContinuationRequest:
        return ContinuationRequest(
            before, after, max_tokens=12, stop_at="none", memory=mem, short_first=short_first
        )

    engine.continuation(asked(earlier, False)).text()  # the document, read with `earlier`
    engine.continuation(asked(memory, True)).text()  # the keystroke: the memory held serves
    warm = engine.warm(asked(memory, True))
    list(warm)
    return engine.continuation(asked(memory, False)).text(), (
        warm.stats.evaluated_tokens,
        warm.stats.prompt_tokens,
    )


def _words(text: str) -> str:
    """`text` folded, its runs of white space one space (a name may break across lines)."""
    return " ".join(text.split()).casefold()


def measure(bench) -> dict[str, Any]:
    engine: Engine = bench.engine
    out = costs(engine)
    if (PROJECT / "points.json").exists():
        out.update(recall(engine))
    engine.reset_cache()
    return out
