"""How a continuation is kept from repeating runs of the recent text: llama.cpp's DRY ("don't
repeat yourself") penalty, with the parameters every backend uses.

If the recent tokens end with a run that occurred before, followed there by token t, then t
would extend a repetition of that run's length n; from ALLOWED tokens on, t's logit is lowered
by `MULTIPLIER * BASE ** (n - ALLOWED)`, over the last LAST_N tokens. Runs do not reach across
a line break (BREAKERS; llama-server's default breakers also hold ":", '"' and "*", and each
costs its DRY a pass over the whole vocabulary at every request: about 1 ms on the starter's).
Small models fall into copying the sentence just written (typed in Chinese,
"灯塔看守人每天晚上都爬上螺旋楼梯，" drew that same sentence again); this makes the copy
unlikely, and `text.SuggestionText` cuts what gets through. Rewrites never use it: they copy on
purpose. The values are llama.cpp's recommended ones.
"""

from __future__ import annotations

MULTIPLIER = 0.8
BASE = 1.75
ALLOWED = 2
LAST_N = 512
BREAKERS = ("\n",)  # a token whose text holds one of these ends a run
