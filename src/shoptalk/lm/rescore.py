"""Choosing among the recogniser's n best hypotheses with the store's language model.

Whisper hears "add a large dark roast lottie" about as well as "... latte"; only one of them is
something a shopper says to this store. Each hypothesis gets

    acoustic log-probability + weight * LM log-probability + word_bonus * words

and the highest wins; on a tie the recogniser's own order decides. Every word costs an LM some
log-probability, so without the bonus it favours a hypothesis cut short ("tell me" over "tell
me about the Lumio Edge laptop"). Both numbers are tuned on a development split of the
round-trip recordings (`benchmarks/lm.py`), never on its test split.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from shoptalk.lm.corpus import spoken_form


class Candidate(Protocol):
    @property
    def text(self) -> str: ...

    @property
    def acoustic_logprob(self) -> float: ...


class SentenceScorer(Protocol):
    """Scores sentences already in `spoken_form` (as `LanguageModelRuntime` does)."""

    def sentence_logprobs(self, texts: list[str]) -> list[float]: ...


C = TypeVar("C", bound=Candidate)


@dataclass(frozen=True)
class Scored:
    text: str
    acoustic_logprob: float
    lm_logprob: float
    combined: float


@dataclass(frozen=True)
class LMRescorer:
    """Callable on a recogniser's n-best list (`speech.Rescorer`): returns the one to keep."""

    model: SentenceScorer
    weight: float
    word_bonus: float = 0.0

    def __call__(self, hypotheses: Sequence[C]) -> C:
        scored = self.scored(hypotheses)
        best = max(range(len(scored)), key=lambda i: scored[i].combined)  # first of ties
        return hypotheses[best]

    def scored(self, hypotheses: Sequence[Candidate]) -> list[Scored]:
        """Every hypothesis with its two scores and their combination, in the given order."""
        forms = [spoken_form(h.text) for h in hypotheses]
        unique = list(dict.fromkeys(forms))  # beams differ often in punctuation alone
        lm = dict(zip(unique, self.model.sentence_logprobs(unique), strict=True))
        return [
            Scored(h.text, h.acoustic_logprob, lm[f], self.combine(h.acoustic_logprob, lm[f], f))
            for h, f in zip(hypotheses, forms, strict=True)
        ]

    def combine(self, acoustic_logprob: float, lm_logprob: float, spoken: str) -> float:
        words = len(spoken.split())
        return acoustic_logprob + self.weight * lm_logprob + self.word_bonus * words
