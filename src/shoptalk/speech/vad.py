"""Voice activity: where the speech is in a clip, and when a streamed utterance has ended.

Both use the Silero VAD model that faster-whisper bundles (ONNX, loaded once per process). It
scores windows of 512 samples (32 ms at 16 kHz); a window is speech when its probability
reaches `threshold`, and speech goes on until it falls below `threshold - 0.15` (hysteresis,
as Silero's own segmenter does), so one soft syllable does not split a word.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from typing import Protocol

import numpy as np
from faster_whisper.vad import VadOptions, get_speech_timestamps, get_vad_model

from shoptalk.config import Settings
from shoptalk.speech.audio import SAMPLE_RATE, Audio, Samples
from shoptalk.speech.errors import NoSpeechError

WINDOW = 512
"""Samples per Silero window at 16 kHz."""
CONTEXT = 64
"""Samples of the previous window Silero sees before each window."""
HYSTERESIS = 0.15
LEAD_IN_S = 0.25
"""Silence added around a clip before scoring: Silero misses speech that starts in its very
first window (12 of the 300 spoken-digit clips without it, none with it)."""


class _SileroSession(Protocol):
    def run(self, outputs: None, feeds: dict[str, Samples]) -> tuple[Samples, Samples, Samples]: ...


@lru_cache(maxsize=1)
def _silero() -> _SileroSession:
    session: _SileroSession = get_vad_model().session
    return session


@dataclass(frozen=True)
class SpeechSpan:
    """A stretch of speech, in seconds from the start of the clip."""

    start: float
    end: float


@dataclass(frozen=True)
class VoiceActivity:
    """Finds speech in a whole clip and keeps only it, with a little margin either side."""

    threshold: float = 0.35
    """Lower than Silero's usual 0.5, which missed 4 of 300 short spoken digits (0.35: 2)."""
    min_silence_s: float = 0.5
    """Shorter pauses stay inside the speech: they are between words, not between turns."""
    pad_s: float = 0.2
    min_speech_s: float = 0.1
    """Shorter bursts are clicks or breaths, not words."""

    @classmethod
    def from_settings(cls, settings: Settings) -> "VoiceActivity":
        return cls(threshold=settings.vad_threshold)

    def spans(self, audio: Audio) -> list[SpeechSpan]:
        """Where the speech is; empty when there is none."""
        options = VadOptions(
            threshold=self.threshold,
            min_speech_duration_ms=int(self.min_speech_s * 1000),
            min_silence_duration_ms=int(self.min_silence_s * 1000),
            speech_pad_ms=int(self.pad_s * 1000),
        )
        lead = np.zeros(int(LEAD_IN_S * SAMPLE_RATE), dtype=np.float32)
        padded = np.concatenate([lead, audio.samples, lead])
        found = get_speech_timestamps(padded, options, sampling_rate=SAMPLE_RATE)
        return [self._span(s["start"], s["end"], len(lead), audio.duration) for s in found]

    @staticmethod
    def _span(start: int, end: int, lead: int, duration: float) -> SpeechSpan:
        return SpeechSpan(
            max(0.0, (start - lead) / SAMPLE_RATE), min(duration, (end - lead) / SAMPLE_RATE)
        )

    def trim(self, audio: Audio) -> Audio:
        """Only the speech of the clip, its pieces joined; `NoSpeechError` when there is none."""
        spans = self.spans(audio)
        if not spans:
            raise NoSpeechError()
        pieces = [audio.span(span.start, span.end).samples for span in spans]
        return Audio(np.concatenate(pieces))


class VadEventKind(Enum):
    SPEECH_STARTED = "speech_started"
    UTTERANCE_ENDED = "utterance_ended"
    UTTERANCE_TOO_LONG = "utterance_too_long"


@dataclass(frozen=True, eq=False)
class VadEvent:
    """What the detector noticed, at `time` seconds into the stream. An ended utterance comes
    with its audio (from a little before speech started to its end) to hand to recognition;
    one that reached the length limit comes without: its audio was dropped."""

    kind: VadEventKind
    time: float
    utterance: Audio | None = None


@dataclass
class _Stream:
    """The model's recurrent state and what the detector has heard so far."""

    h: Samples = field(default_factory=lambda: np.zeros((1, 1, 128), dtype=np.float32))
    c: Samples = field(default_factory=lambda: np.zeros((1, 1, 128), dtype=np.float32))
    context: Samples = field(default_factory=lambda: np.zeros((1, CONTEXT), dtype=np.float32))
    pending: Samples = field(default_factory=lambda: np.zeros(0, dtype=np.float32))
    windows: int = 0
    in_speech: bool = False
    silent_windows: int = 0
    heard: list[Samples] = field(default_factory=list)
    dropping: bool = False
    """The utterance went past the length limit: the rest of it is not kept."""


class UtteranceDetector:
    """Streaming end of utterance: 16 kHz samples in, in any chunk size; events out.

    Speech starts at the first speech window; the utterance ends after `trailing_silence_s`
    of silence. An utterance that reaches `max_utterance_s` without that silence (endless
    speech, a television, noise taken for speech) is reported as too long and its audio
    dropped, as is the rest of it until a silence ends it: what the detector holds never
    exceeds `max_utterance_s` of audio. One detector follows one stream (one microphone, one
    session).
    """

    def __init__(
        self,
        threshold: float = 0.35,
        trailing_silence_s: float = 0.6,
        pre_roll_s: float = 0.3,
        max_utterance_s: float = 60.0,
    ) -> None:
        self.threshold = threshold
        self._silence_windows = max(1, round(trailing_silence_s * SAMPLE_RATE / WINDOW))
        self._pre_roll_windows = round(pre_roll_s * SAMPLE_RATE / WINDOW)
        self._max_windows = max(1, int(max_utterance_s * SAMPLE_RATE / WINDOW))
        self._stream = _Stream()

    @classmethod
    def from_settings(cls, settings: Settings) -> "UtteranceDetector":
        return cls(
            settings.vad_threshold,
            settings.vad_trailing_silence_s,
            max_utterance_s=settings.max_audio_seconds,
        )

    def feed(self, samples: Samples) -> list[VadEvent]:
        """The events these samples complete (usually none)."""
        stream = self._stream
        stream.pending = np.concatenate([stream.pending, samples.astype(np.float32, copy=False)])
        events: list[VadEvent] = []
        while len(stream.pending) >= WINDOW:
            window, stream.pending = stream.pending[:WINDOW], stream.pending[WINDOW:]
            event = self._step(window)
            if event is not None:
                events.append(event)
        return events

    def speech_probability(self, window: Samples) -> float:
        """Silero's probability that this window (512 samples, following the last) is speech."""
        stream = self._stream
        feed = np.concatenate([stream.context, window[None, :]], axis=1)
        probability, stream.h, stream.c = _silero().run(
            None, {"input": feed, "h": stream.h, "c": stream.c}
        )
        stream.context = window[None, -CONTEXT:]
        return float(np.asarray(probability).reshape(-1)[0])

    def _step(self, window: Samples) -> VadEvent | None:
        stream = self._stream
        probability = self.speech_probability(window)
        stream.windows += 1
        if not stream.dropping:
            stream.heard.append(window)
        now = stream.windows * WINDOW / SAMPLE_RATE
        if not stream.in_speech:
            if probability >= self.threshold:
                stream.in_speech, stream.silent_windows = True, 0
                return VadEvent(VadEventKind.SPEECH_STARTED, now - WINDOW / SAMPLE_RATE)
            del stream.heard[: -self._pre_roll_windows or None]
            return None
        quiet = probability < self.threshold - HYSTERESIS
        stream.silent_windows = stream.silent_windows + 1 if quiet else 0
        if stream.silent_windows >= self._silence_windows:
            return self._end(now)
        if len(stream.heard) >= self._max_windows:
            stream.heard, stream.dropping = [], True
            return VadEvent(VadEventKind.UTTERANCE_TOO_LONG, now)
        return None

    def _end(self, now: float) -> VadEvent | None:
        stream = self._stream
        heard, dropped = stream.heard, stream.dropping
        stream.in_speech, stream.silent_windows, stream.heard = False, 0, []
        stream.dropping = False
        return None if dropped else VadEvent(VadEventKind.UTTERANCE_ENDED, now, Audio(_join(heard)))


def _join(pieces: Sequence[Samples]) -> Samples:
    return np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.float32)
