"""The audio every speech stage passes on: mono float32 samples at one known rate."""

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

SAMPLE_RATE = 16_000
"""Whisper and Silero both listen at 16 kHz, so decoding lands there once."""

Samples = npt.NDArray[np.float32]


@dataclass(frozen=True, eq=False)
class Audio:
    """Mono float32 samples in [-1, 1] at `sample_rate` Hz."""

    samples: Samples
    sample_rate: int = SAMPLE_RATE

    @property
    def duration(self) -> float:
        """Length in seconds."""
        return len(self.samples) / self.sample_rate

    def span(self, start_s: float, end_s: float) -> "Audio":
        """The part between two times, in seconds."""
        first, last = int(start_s * self.sample_rate), int(end_s * self.sample_rate)
        return Audio(self.samples[max(first, 0) : last], self.sample_rate)


def pcm16_to_samples(chunk: bytes) -> Samples:
    """Little-endian signed 16-bit PCM, as browsers and phones stream it, to float samples."""
    if len(chunk) % 2:
        chunk = chunk[:-1]
    return (np.frombuffer(chunk, dtype="<i2").astype(np.float32) / 32768.0).astype(np.float32)


def samples_to_pcm16(samples: Samples) -> bytes:
    """Float samples to little-endian signed 16-bit PCM, clipped rather than wrapped."""
    scaled = np.clip(samples, -1.0, 1.0) * 32767.0
    return np.round(scaled).astype("<i2").tobytes()
