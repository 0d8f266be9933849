"""Real recordings (tests/speech/data), encoders for other formats, and the models, loaded once
per test worker."""

import io
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import numpy.typing as npt
import pytest
import soxr

from shoptalk.config import Settings
from shoptalk.speech import Recognizer, Synthesizer, load_voice

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Recording:
    path: Path
    text: str


def librispeech() -> list[Recording]:
    """The LibriSpeech sentences with their reference transcripts."""
    found = []
    for listing in sorted((DATA / "librispeech").glob("*.trans.txt")):
        for line in listing.read_text().splitlines():
            name, text = line.split(" ", 1)
            found.append(Recording(listing.parent / f"{name}.flac", text))
    return found


def audioeval() -> list[Recording]:
    return [
        Recording(wav, wav.with_suffix(".txt").read_text().strip())
        for wav in sorted((DATA / "audioeval").glob("*.wav"))
    ]


def digit_files() -> list[Path]:
    return sorted((DATA / "digits").glob("*.wav"))


FORMATS = {
    # name: (container, codec, sample format, sample rate, channels)
    "wav-s16-stereo-44k": ("wav", "pcm_s16le", "s16", 44_100, 2),
    "wav-s24": ("wav", "pcm_s24le", "s32", 22_050, 1),
    "wav-f32": ("wav", "pcm_f32le", "flt", 16_000, 1),
    "wav-u8-8k": ("wav", "pcm_u8", "u8", 8_000, 1),
    "flac": ("flac", "flac", "s16", 16_000, 1),
    "ogg-opus": ("ogg", "libopus", "s16", 48_000, 1),
    "webm-opus-stereo": ("webm", "libopus", "s16", 48_000, 2),
    "mp3": ("mp3", "libmp3lame", "s16p", 44_100, 1),
    "m4a-aac": ("ipod", "aac", "fltp", 44_100, 2),
}


def encode(samples: npt.NDArray[np.float32], rate: int, name: str) -> bytes:
    """16 kHz mono samples encoded as the named format, the way a browser or phone would."""
    container_name, codec, sample_format, out_rate, channels = FORMATS[name]
    audio = soxr.resample(samples, rate, out_rate).astype(np.float32)
    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format=container_name) as container:
        stream = container.add_stream(
            codec, rate=out_rate, layout="stereo" if channels == 2 else "mono"
        )
        planes = np.repeat(audio[None, :], channels, axis=0)
        frame = av.AudioFrame.from_ndarray(planes, format="fltp", layout=stream.layout.name)
        frame.sample_rate = out_rate
        frame.time_base = Fraction(1, out_rate)
        frame.pts = 0
        resampler = av.AudioResampler(format=sample_format, layout=stream.layout, rate=out_rate)
        for converted in [*resampler.resample(frame), *resampler.resample(None)]:
            for packet in stream.encode(converted):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return buffer.getvalue()


@pytest.fixture(scope="session")
def recognizer() -> Recognizer:
    return Recognizer.from_settings(Settings())


@pytest.fixture(scope="session")
def synthesizer() -> Synthesizer:
    return Synthesizer(load_voice("piper"))
