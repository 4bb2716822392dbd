"""Fit the confidence gate and the trim (writer/generation/confidence.py) from calibration records.

    writer bench --only quality --calibrate FILE      # types the calibration texts, gate off
    python -m writer.bench.calibrate FILE             # prints the fitted numbers

Each record is one ghost the simulated writer saw with the gate off: its tokens' probabilities,
and how many characters the writer took of it (with how many key presses). The gate's threshold
is the first-token probability above which the ghosts shown gain the most in all:

    gain(t) = sum over ghosts whose first token >= t of (taken - presses) or -GLANCE if untaken

and the trim's is the largest running confidence under which cutting the tails loses at most
TRIM_LOSS of the characters taken. The records come from texts the quality bench never measures
with (writer/bench/texts/calibration), so the figures it reports are not fitted to.
"""

from __future__ import annotations

import argparse
import json
import math
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from writer.generation.confidence import GLANCE

TRIM_LOSS = 0.05  # the share of taken characters the trim may cost
TRIM_CANDIDATES = (0.0, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3)


def _saved(record: dict[str, Any]) -> float:
    taken = int(record.get("chars_taken", 0))
    if taken <= 0:
        return -GLANCE
    presses = int(record.get("presses", 0)) or max(1, len(record.get("ghost", "")[:taken].split()))
    return float(taken - presses)


def _first_prob(record: dict[str, Any]) -> float | None:
    """The first token's probability (a record without the request's token figures has the
    ghost's first character's, which is the same token's)."""
    probs = record.get("token_probs") or record.get("char_probs")
    return float(probs[0]) if probs else None


def fit_gate(records: Sequence[dict[str, Any]]) -> tuple[float, dict[str, float]]:
    """The first-token threshold with the largest total gain, and the gain at a few others."""
    ghosts = [(_first_prob(r), _saved(r)) for r in records if _first_prob(r) is not None]
    if not ghosts:
        return 0.0, {}
    ghosts.sort()
    total = sum(g for _p, g in ghosts)
    best_t, best = 0.0, total
    running = total
    for i, (p, g) in enumerate(ghosts):  # threshold just above ghosts[i]: it and all below go
        running -= g
        nxt = ghosts[i + 1][0] if i + 1 < len(ghosts) else 1.0
        if nxt > p and running > best:
            best_t, best = round((p + nxt) / 2, 4), running
    report = {"gain_all": round(total, 1), "gain_gated": round(best, 1)}
    for t in (0.05, 0.1, 0.2, 0.3, 0.5):
        report[f"gain_at_{t}"] = round(sum(g for p, g in ghosts if p >= t), 1)
    return best_t, report


def _cut(record: dict[str, Any], threshold: float) -> int:
    """Characters of the ghost left after trimming at `threshold` (tokens spread evenly)."""
    probs, ghost = record["token_probs"], record.get("ghost", "")
    run, kept = 1.0, len(probs)
    for i, p in enumerate(probs):
        run *= p
        if i and run < threshold:
            kept = i
            break
    return math.ceil(len(ghost) * kept / max(1, len(probs)))


def fit_trim(records: Iterable[dict[str, Any]]) -> tuple[float, dict[str, float]]:
    """The largest running confidence whose trim loses at most TRIM_LOSS of the taken text."""
    usable = [r for r in records if r.get("token_probs")]
    taken = sum(int(r.get("chars_taken", 0)) for r in usable) or 1
    shown = sum(len(r.get("ghost", "")) for r in usable) or 1
    best, report = 0.0, {}
    for t in TRIM_CANDIDATES:
        lost = sum(max(0, int(r.get("chars_taken", 0)) - _cut(r, t)) for r in usable)
        left = sum(min(len(r.get("ghost", "")), _cut(r, t)) for r in usable)
        report[f"trim_{t}_lost"] = round(lost / taken, 3)
        report[f"trim_{t}_shown"] = round(left / shown, 3)
        if lost / taken <= TRIM_LOSS:
            best = t
    return best, report


def read(path: Path) -> list[dict[str, Any]]:
    records = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            records.append(json.loads(line))
    return records


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("records", type=Path)
    args = parser.parse_args(argv)
    records = read(args.records)
    gate, gate_report = fit_gate(records)
    trim, trim_report = fit_trim(records)
    print(json.dumps({"ghosts": len(records), "SHOW_FIRST_PROB": gate, "TRIM_RUN_PROB": trim,
                      **gate_report, **trim_report}, indent=1))  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
