"""The crash soak, short: six SIGKILLs of the real app at the worst moments (one of each kind:
typing, right after a save, a journal write, a download; two while a rewrite streams, which the
starter model may finish first), nothing lost. `python tests/crash_soak.py --kills 100` is the
long run."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.crash_soak import SCENARIOS, soak, summary


@pytest.mark.slow
def test_six_kills_at_the_worst_moments_lose_nothing(tmp_path: Path) -> None:
    lines: list[str] = []
    scenarios = (*SCENARIOS, "rewrite")
    rounds = soak(6, seed=7, folder=tmp_path, say=lines.append, scenarios=scenarios)
    report = "\n".join(lines) + "\n" + summary(rounds)
    assert [r.scenario for r in rounds] == list(scenarios)
    assert not [r for r in rounds if r.problems], report
    assert sum(r.lost_chars for r in rounds) == 0, report
    # the kills came at the moments they were meant for (a download may finish first)
    assert sum(r.landed == "journal write" for r in rounds) == 1, report
    assert sum(r.landed == "rewrite streaming" for r in rounds) >= 1, report
