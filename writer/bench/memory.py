"""The memory section of `writer bench`: what the project's memory costs a keystroke, and whether
it helps.

Costs (the engine, a 2,000-token document, medians of seven keystrokes of a 3-character word,
the three series taking turns so that the machine's noise falls on each alike):
- `ttft_ms_append_2000`: the first piece after a keystroke at the document's end, no memory;
- `ttft_ms_memory_2000`: the same with 1,500 tokens of notes and 3 triggered lore entries first
  in the prompt (target: at most 1.2 times the append);
- `lore_switch_ms`: the first keystroke after a lore entry turns on (or off), while the new memory
  is still to be read (target: at most 3 times the append), and `lore_switch_read_ms`, the warm-up
  that reads it afterwards, while the writer pauses.

Usefulness (`memory_recall_with`, `memory_recall_without`): the held-out project
(writer/bench/texts/project: notes and two chapters, written once for the test) has prepared
points in chapter 2 where the next words are a name that only the notes or chapter 1 give; a
suggestion there, with the project's memory and without, counts when it contains the name.
`memory_prompt_hits` counts the points where the prompt holds the name at all (the entry or the
passage that gives it was chosen): the part a small model cannot spoil.
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path
from typing import Any

from writer.bench.samples import sample_document
from writer.engine.engine import Engine
from writer.generation.requests import ContinuationRequest

PROJECT = Path(__file__).parent / "texts" / "project"
KEYSTROKES = 7


def first_ms(engine: Engine, request: ContinuationRequest) -> float:
    started = time.perf_counter()
    stream = engine.continuation(request)
    elapsed = float("nan")
    for _piece in stream:
        elapsed = (time.perf_counter() - started) * 1000
        break
    stream.close()
    return elapsed


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
    # Each series has its own copy of the document, so it finds its own prompt in the cache
    # as a writer typing there would; settle each first (short window, then the wide one).
    texts = {"append": doc, "memory": doc, "switch": doc}

    def settle(text: str, memory: str) -> None:
        first_ms(engine, request(text, memory))
        warmed_ms(engine, request(text, memory))
        first_ms(engine, request(text, memory))

    times: dict[str, list[float]] = {"append": [], "memory": [], "switch": [], "read": []}
    for i in range(KEYSTROKES):
        word = words[i % 3]
        settle(texts["append"], "")
        texts["append"] += word
        times["append"].append(first_ms(engine, request(texts["append"])))
        settle(texts["memory"], three)
        texts["memory"] += word
        times["memory"].append(first_ms(engine, request(texts["memory"], three)))
        # a lore entry turns on (odd keystrokes: off again) between two keystrokes
        old, new = (three, four) if i % 2 == 0 else (four, three)
        settle(texts["switch"], old)
        texts["switch"] += word
        times["switch"].append(first_ms(engine, request(texts["switch"], new)))
        times["read"].append(warmed_ms(engine, request(texts["switch"], new)))
    append = statistics.median(times["append"])
    memory_tokens = len(engine.runtime.tokenize(three, add_bos=False))
    return {
        "ttft_ms_append_2000": round(append, 2),
        "ttft_ms_memory_2000": round(statistics.median(times["memory"]), 2),
        "memory_over_append_2000": round(statistics.median(times["memory"]) / append, 3),
        "lore_switch_ms": round(statistics.median(times["switch"]), 2),
        "lore_switch_over_append": round(statistics.median(times["switch"]) / append, 3),
        "lore_switch_read_ms": round(statistics.median(times["read"]), 1),
        "memory_tokens": memory_tokens,
    }


def recall(engine: Engine) -> dict[str, Any]:
    """Suggestions at the held-out project's prepared points, with memory and without."""
    from writer.project.context import ProjectMemory

    points = json.loads((PROJECT / "points.json").read_text(encoding="utf-8"))
    memory = ProjectMemory(PROJECT)
    hits = {"with": 0, "without": 0, "prompt": 0}
    for point in points:
        path = PROJECT / point["file"]
        text = path.read_text(encoding="utf-8")
        before, after = text[: point["offset"]], text[point["offset"] :]
        expect = point["expect"].casefold()
        context = memory.context(path, before, after)
        hits["prompt"] += expect in context.memory.text().casefold()
        for key, mem in (("with", context.memory.text()), ("without", "")):
            engine.reset_cache()
            asked = ContinuationRequest(before, after, max_tokens=12, stop_at="none", memory=mem)
            hits[key] += expect in engine.continuation(asked).text().casefold()
    n = len(points)
    return {
        "memory_points": n,
        "memory_recall_with": round(hits["with"] / n, 3),
        "memory_recall_without": round(hits["without"] / n, 3),
        "memory_prompt_hits": round(hits["prompt"] / n, 3),
    }


def measure(bench) -> dict[str, Any]:
    engine: Engine = bench.engine
    out = costs(engine)
    if (PROJECT / "points.json").exists():
        out.update(recall(engine))
    engine.reset_cache()
    return out
