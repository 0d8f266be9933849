"""Which store policy a question is about, from the whole sentence.

"Do you ship to Canada?" names no topic, yet it is about shipping. Each policy is scored by the
question's words found in its topic name (weighted most), and in its text (weighted by how rare
the word is across policies), after stemming so "ship" meets "shipping".
"""

import math
import re
from collections import Counter

import Stemmer

from shoptalk.nlu.normalize import words_of

STOPWORDS = frozenset(
    "a an the to of and or in on for is are do does did can could i my me you your we us it "
    "if what how when where which who will would be with at by from this that there any have "
    "has get got about after before not no yes so just like want need please tell".split()
)  # fmt: skip
NAME_WEIGHT = 3.0
_stemmer = Stemmer.Stemmer("english")


def _stems(text: str) -> list[str]:
    words = [w.strip("'$#.") for w in words_of(text)]
    kept = [w for w in words if w and w not in STOPWORDS and re.search("[a-z]", w)]
    return [str(stem) for stem in _stemmer.stemWords(kept)]


class TopicMatcher:
    def __init__(self, policies: list[tuple[str, str]]) -> None:
        """`policies`: (topic, text) pairs as the store keeps them."""
        self.topics = [topic for topic, _ in policies]
        self.names = [set(_stems(topic)) for topic, _ in policies]
        self.texts = [Counter(_stems(text)) for _, text in policies]
        documents = Counter(stem for text in self.texts for stem in text)
        self.rarity = {stem: math.log(1 + len(policies) / n) for stem, n in documents.items()}

    def match(self, question: str) -> str | None:
        """The best matching topic, or None when no content word of the question is known."""
        stems = set(_stems(question))
        scores = [self._score(stems, i) for i in range(len(self.topics))]
        best = max(range(len(scores)), key=scores.__getitem__, default=None)
        return self.topics[best] if best is not None and scores[best] > 0 else None

    def _score(self, stems: set[str], index: int) -> float:
        name = NAME_WEIGHT * len(stems & self.names[index])
        text = sum(self.rarity.get(s, 0.0) for s in stems if s in self.texts[index])
        return name + text
