"""Recordings in any common format to mono 16 kHz `Audio`.

PyAV (FFmpeg inside the wheel) reads WAV of any sample width, FLAC, OGG/Opus, WebM/Opus, MP3
and M4A/AAC, whatever a browser, a phone or a file gives; channels are averaged to mono and
soxr resamples to 16 kHz. Every way a recording can be unusable ends in one `AudioError` line.
"""

import io
from dataclasses import dataclass
from pathlib import Path

import av
import av.error
import numpy as np
import soxr

from shoptalk.config import Settings
from shoptalk.speech.audio import SAMPLE_RATE, Audio, Samples, pcm16_to_samples
from shoptalk.speech.errors import AudioError

MIN_RATE, MAX_RATE = 1_000, 384_000
"""Sample rates outside these bounds are a broken header, not a recording."""
MAX_FILE_BYTES = 200 * 1024 * 1024
SIGNATURES = (
    (0, b"RIFF", "WAV"),
    (0, b"RF64", "WAV"),
    (0, b"fLaC", "FLAC"),
    (0, b"OggS", "OGG"),
    (0, b"\x1a\x45\xdf\xa3", "WebM"),
    (0, b"ID3", "MP3"),
    (0, b"\xff\xfb", "MP3"),
    (0, b"\xff\xf3", "MP3"),
    (4, b"ftyp", "M4A"),
)
"""How each supported format starts: known, they turn "unsupported" into "damaged"."""


def container_kind(data: bytes) -> str | None:
    """The supported format a recording's first bytes announce, if any."""
    for offset, magic, kind in SIGNATURES:
        if data[offset : offset + len(magic)] == magic:
            return kind
    return None


@dataclass(frozen=True)
class AudioDecoder:
    """Decodes whole recordings, refusing those longer than `max_seconds`."""

    max_seconds: float = 60.0

    @classmethod
    def from_settings(cls, settings: Settings) -> "AudioDecoder":
        return cls(settings.max_audio_seconds)

    def decode(self, recording: bytes | Path) -> Audio:
        """The recording as mono 16 kHz audio, or an `AudioError` saying what is wrong."""
        data = _read(recording)
        if not data:
            raise AudioError("The recording is empty.")
        kind = container_kind(data)
        try:
            with av.open(io.BytesIO(data), mode="r") as container:
                samples, rate = self._decode_container(container)
        except av.error.FFmpegError as error:
            raise _format_error(kind) from error
        if not len(samples):
            raise AudioError("The recording has no sound in it (zero length).")
        return Audio(resample(samples, rate))

    def _decode_container(self, container: av.container.InputContainer) -> tuple[Samples, int]:
        if not container.streams.audio:
            raise AudioError("The file has no audio track.")
        stream = container.streams.audio[0]
        rate = stream.rate or stream.codec_context.sample_rate
        _check_rate(rate)
        self._check_declared_length(container)
        limit = int(self.max_seconds * rate)
        converter = av.AudioResampler(format="fltp")
        parts: list[Samples] = []
        decoded = 0
        for frame in container.decode(stream):
            for planar in converter.resample(frame):
                parts.append(np.asarray(planar.to_ndarray(), dtype=np.float32).mean(axis=0))
                decoded += planar.samples
            if decoded > limit:
                raise self._too_long(decoded / rate)
        samples = np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)
        return samples.astype(np.float32, copy=False), rate

    def _check_declared_length(self, container: av.container.InputContainer) -> None:
        """Refuses before decoding when the header already says the recording is too long."""
        if container.duration is not None and container.duration / av.time_base > (
            self.max_seconds + 1.0
        ):
            raise self._too_long(container.duration / av.time_base)

    def _too_long(self, seconds: float) -> AudioError:
        return AudioError(
            f"The recording is {seconds:.0f} s long; the limit is {self.max_seconds:g} s."
        )


def _read(recording: bytes | Path) -> bytes:
    if isinstance(recording, bytes | bytearray | memoryview):
        return bytes(recording)
    try:
        if recording.stat().st_size > MAX_FILE_BYTES:
            raise AudioError(f"{recording} is too large to be a voice recording.")
        return recording.read_bytes()
    except OSError as error:
        raise AudioError(f"Cannot read {recording}: {error.strerror}.") from error


def _check_rate(rate: int) -> None:
    if not MIN_RATE <= rate <= MAX_RATE:
        raise AudioError(f"The recording declares an impossible sample rate ({rate} Hz).")


def _format_error(kind: str | None) -> AudioError:
    if kind is None:
        return AudioError(
            "Unsupported audio format: send WAV, FLAC, OGG/Opus, WebM/Opus, MP3 or M4A."
        )
    return AudioError(f"The {kind} recording is damaged and cannot be decoded.")


def resample(samples: Samples, rate: int) -> Samples:
    """Mono samples at `rate` to 16 kHz."""
    if rate == SAMPLE_RATE:
        return samples
    return np.asarray(soxr.resample(samples, rate, SAMPLE_RATE, quality="HQ"), dtype=np.float32)


class Pcm16Stream:
    """Raw 16-bit mono PCM chunks, as a browser or phone streams them, to 16 kHz samples.

    One soxr stream carries the resampler's state across chunks, so chunk boundaries do not
    click the way resampling each chunk on its own would.
    """

    def __init__(self, sample_rate: int = SAMPLE_RATE) -> None:
        _check_rate(sample_rate)
        self._resampler = (
            None
            if sample_rate == SAMPLE_RATE
            else soxr.ResampleStream(sample_rate, SAMPLE_RATE, 1, dtype="float32")
        )
        self._odd_byte = b""

    def feed(self, chunk: bytes, *, last: bool = False) -> Samples:
        """The 16 kHz samples this chunk completes (a sample split across chunks waits)."""
        data = self._odd_byte + chunk
        cut = len(data) - len(data) % 2
        self._odd_byte = data[cut:]
        samples = pcm16_to_samples(data[:cut])
        if self._resampler is None:
            return samples
        return np.asarray(self._resampler.resample_chunk(samples, last=last), dtype=np.float32)


def decode_pcm16(chunk: bytes, sample_rate: int = SAMPLE_RATE) -> Audio:
    """A whole buffer of raw 16-bit mono PCM as 16 kHz audio."""
    if not chunk:
        raise AudioError("The recording is empty.")
    return Audio(Pcm16Stream(sample_rate).feed(chunk, last=True))


def decode_audio(recording: bytes | Path, max_seconds: float = 60.0) -> Audio:
    """A recording (file bytes or a path) as mono 16 kHz audio; see `AudioDecoder`."""
    return AudioDecoder(max_seconds).decode(recording)
