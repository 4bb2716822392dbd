"""How a continuation is kept from repeating runs of the recent text: llama.cpp's DRY ("don't
repeat yourself") penalty, with the parameters every backend uses.

If the recent tokens end with a run that occurred before, followed there by token t, then t
would extend a repetition of that run's length n; from ALLOWED tokens on, t's logit is lowered
by `MULTIPLIER * BASE ** (n - ALLOWED)`, over the last LAST_N tokens. Runs do not reach across
a line break. Small models fall into copying the sentence just written (typed in Chinese,
"灯塔看守人每天晚上都爬上螺旋楼梯，" drew that same sentence again); this makes the copy
unlikely, and `text.SuggestionText` cuts what gets through. Rewrites never use it: they copy on
purpose. The values are llama.cpp's recommended ones.
"""

from __future__ import annotations

MULTIPLIER = 0.8
BASE = 1.75
ALLOWED = 2
LAST_N = 512
