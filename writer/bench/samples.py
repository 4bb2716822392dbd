"""The texts the bench measures on: deterministic prose of a given length, and fixed passages."""

from __future__ import annotations

import random
from collections.abc import Callable

WORDS = (
    "the of and a to in is was that for it with as his on be at by had are but from or have "
    "an they which one you were all her she there would their we him been has when who will "
    "no more if out so said what up its about into than them can only other new some could "
    "time these two may then do first any my now such like our over man me even most made "
    "after also did many before must through back years where much your way well down should "
    "because each just those people how too little state good very make world still own see "
    "men work long get here between both life being under never day same another know while "
    "last might us great old year off come since against go came right used take three house "
    "river morning letter garden window silence journey winter market harbour story evening"
).split()


def sample_document(tokens: int, count: Callable[[str], list[int]], seed: int = 7) -> str:
    """Deterministic English-like prose of about `tokens` tokens."""
    rng = random.Random(seed)
    paragraphs: list[str] = []
    text = ""
    while len(count(text)) < tokens:
        sentences = []
        for _ in range(rng.randint(3, 6)):
            words = [rng.choice(WORDS) for _ in range(rng.randint(8, 18))]
            sentences.append(" ".join(words).capitalize() + ".")
        paragraphs.append(" ".join(sentences))
        text = "\n\n".join(paragraphs)
    return text


# A copy-heavy rewrite: "Fix spelling and grammar" on a paragraph of about 230 words.
BENCH_PARAGRAPH = (
    "The old lighthouse stood at the edge of the cliff, its white paint peeling after decades of "
    "wind and salt. Every evening the keeper climbed the hundred and twelve steps to light the "
    "lamp, and every morning he wrote a few lines in the log book: the weather, the ships he had "
    "seen, the birds that had rested on the railing. He had done this for thirty years, and he "
    "beleived he would do it for thirty more. The villagers rarely visited him. They said the "
    "climb was to steep and the keeper to quiet, but the children sometimes came on summer "
    "afternoons to hear his stories about storms and shipwrecks. He told them about the night "
    "the fishing boat lost its way in the fog, and how the beam of the lighthouse had guided it "
    "home. He told them about the winter the sea froze near the harbour, and about the whale "
    "that had followed a ferry all the way to the island. When the children left, he would sit "
    "by the window and watch the waves until the light faded, and then he climbed the steps "
    "again. One day a letter arrived from the city. The lighthouse was to be automated, and the "
    "keeper would no longer be needed. He read the letter twice, folded it carefully, and put "
    "it in the drawer with the log books."
)

BEAM_PROMPT = (
    "The harbour was quiet that morning. Fishing boats rocked against the pier, and the old "
    "lighthouse keeper walked slowly along the stones, counting the gulls as he always did"
)

DISTINCT_PROMPTS = (
    "She opened the letter with trembling hands and read the first line twice",
    "To install the package, open a terminal and",
    "The main advantage of a relational database is",
    '"Where were you last night?" he asked. She looked away and said',
    "Dear Mr. Thompson,\n\nThank you for your letter of 12 March. I am writing to",
    "In 1848, revolutions spread across Europe, and",
    "My favourite recipe for a rainy day is a simple soup made with",
    "The results of the experiment suggest that",
    "他推开门，外面的雨已经停了，",
    "Once upon a time, in a village at the edge of a great forest, there lived",
)

# Typed by the typing-cost section: a paragraph of plain prose.
TYPED_PARAGRAPH = (
    "The ferry did not run that morning, so we walked along the river to the old bridge. "
    "The water was high and brown, and the gulls stood on the posts of the pier, waiting. "
    "By noon the rain had stopped, and the town began to dry in a thin, pale light."
)
