"""Answering store-policy questions by quoting the policy, or saying it is not covered.

Each policy is cut into sentences and each sentence embedded with MiniLM as "topic: sentence":
the topic name tells the encoder what a bare sentence is about ("The new item must be in
stock." is about exchanges), which raised topic accuracy on the covered calibration questions
of `tests/knowledge/data/questions.jsonl` from 86% to 97%. Adding the lexical `TopicMatcher`
score as a tiebreak changed no calibration answer (one held-out answer at most), so there is
none.

A reply quotes the best sentence of the chosen topic verbatim, plus its neighbour when that
scores almost as well, so a voice reply stays at two sentences and never says what the policy
does not. Below `COVERED_THRESHOLD` cosine similarity the policies do not answer the question:
a wrong quote is worse than "I don't know".
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Self

import numpy as np
import numpy.typing as npt

from shoptalk.commerce import Store
from shoptalk.commerce.tables import PolicyRow
from shoptalk.knowledge.passages import passages_of

Encoder = Callable[[Sequence[str]], npt.NDArray[np.float32]]
"""Texts to unit vectors, one row each."""

COVERED_THRESHOLD = 0.39
"""Calibrated on the labelled questions: covered ones score 0.42 and up but for two vague
ones ("can I get it faster?"), while all but three uncovered ones score at most 0.36."""
NEIGHBOUR_MARGIN = 0.1
"""How far below the best sentence its neighbour may score and still be quoted with it."""
LEAD_BONUS = 0.05
"""A policy opens with its rule: "what's your exchange policy?" scores every sentence of the
exchange policy about alike and should hear the first. On the labelled set it bettered two
quotes and cost one."""


@dataclass(frozen=True)
class PolicyAnswer:
    """What the policy on `topic` says: `quote` is verbatim policy text, `score` its cosine
    similarity to the question."""

    topic: str
    quote: str
    score: float


class MiniLM:
    """MiniLM as product search loads it (one model per process, shared with search): a
    question goes through search's query encoder, on one thread and remembered, since
    switching torch's thread pool per question cost more than encoding it; policies are
    encoded in one batch on every core."""

    def __init__(self) -> None:
        from shoptalk.search.semantic import QueryEncoder

        self._questions = QueryEncoder()

    def __call__(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        from shoptalk.search.semantic import encode

        return self._questions(texts[0])[np.newaxis] if len(texts) == 1 else encode(texts)


class PolicyBook:
    """A store's policies, sentence by sentence, embedded once and held in memory."""

    def __init__(self, policies: Sequence[tuple[str, str]], encoder: Encoder | None = None) -> None:
        """`policies`: (topic, text) pairs in the store's order."""
        self.texts = dict(policies)
        self.passages = [p for topic, text in policies for p in passages_of(topic, text)]
        self._sentences = {t: [p for p in self.passages if p.topic == t] for t in self.texts}
        self._encoder = encoder or MiniLM()
        self._vectors = self._encoder([f"{p.topic}: {p.sentence}" for p in self.passages])

    @classmethod
    def from_store(cls, store: Store, encoder: Encoder | None = None) -> Self:
        with store.transaction(write=False) as session:
            rows = session.query(PolicyRow).order_by(PolicyRow.position)
            policies = [(p.topic, p.text) for p in rows]
        return cls(policies, encoder)

    @property
    def topics(self) -> list[str]:
        return list(self.texts)

    def answer(self, question: str, topic: str | None = None) -> PolicyAnswer | None:
        """The policy's own words on `question`, within `topic` when the understanding step
        named one; None when no policy covers it."""
        candidates = [i for i, p in enumerate(self.passages) if topic in (None, p.topic)]
        if not candidates or not question.strip():
            return None
        scores = self._vectors[candidates] @ self._encoder([question])[0]
        best = self.passages[candidates[int(np.argmax(scores))]]
        score = float(scores.max())
        if score < COVERED_THRESHOLD:
            return None
        in_topic = {
            self.passages[i].index: s
            for i, s in zip(candidates, scores.tolist(), strict=True)
            if self.passages[i].topic == best.topic
        }
        return PolicyAnswer(best.topic, self._quote(best.topic, in_topic), score)

    def _quote(self, topic: str, scores: dict[int, float]) -> str:
        """The best sentence of `topic` (the policy's opening rule wins near ties), with the
        better of its neighbours when that scores within `NEIGHBOUR_MARGIN`, cut from the
        text in one piece. `scores` is by sentence number."""
        anchor = max(scores, key=lambda i: scores[i] + (LEAD_BONUS if i == 0 else 0.0))
        close = [
            i
            for i in (anchor - 1, anchor + 1)
            if i in scores and scores[i] >= scores[anchor] - NEIGHBOUR_MARGIN
        ]
        last = max(close, key=scores.__getitem__, default=anchor)
        sentences = self._sentences[topic]
        first, second = sentences[min(anchor, last)], sentences[max(anchor, last)]
        return self.texts[topic][first.start : second.end]
