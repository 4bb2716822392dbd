"""When a suggestion is worth showing, from the model's own probabilities.

A ghost costs the writer a glance whether or not it is taken; one that is taken saves the
characters it brings, less the key that takes it. So a ghost is worth showing where

    P(taken | first token's probability) * (characters taken - 1) > (1 - P(taken)) * GLANCE

and the estimate of P(taken) comes from the quality bench's calibration texts, never from the
held-out texts it measures with (`writer bench --only quality --calibrate FILE` writes one line
per ghost; `python -m writer.bench.calibrate FILE` fits the two numbers below from it).

- `SHOW_FIRST_PROB`: the least probability of a ghost's first token at which the expected gain
  is positive; a ghost asked for by the writer (Ctrl+Space) is shown whatever it is.
- `TRIM_RUN_PROB`: a ghost ends where the product of its tokens' probabilities falls below this
  (the rest is seldom what the writer goes on to write), never inside its first word.
"""

from __future__ import annotations

GLANCE = 2.0  # a wrong ghost costs about what typing two characters does (a quarter second)
# Fitted on the starter model's 546 calibration ghosts (writer/bench/texts/calibration, gate off):
# showing every ghost gains -296 characters in all, this gate +141; ghosts from a first token
# under 0.53 had their first word taken 28% of the time, those above it 51%. The trim at 0.02
# shows 30% of the characters the untrimmed ghosts did and loses 4% of the characters taken.
SHOW_FIRST_PROB = 0.53
TRIM_RUN_PROB = 0.02


def worth_showing(first_prob: float, threshold: float = SHOW_FIRST_PROB) -> bool:
    """Whether a ghost whose first token has probability `first_prob` is worth a glance."""
    return first_prob >= threshold
