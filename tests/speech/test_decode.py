"""Decoding: every format a browser, phone or file gives, and every way a recording is unusable."""

import io
import struct
import wave
from pathlib import Path

import numpy as np
import pytest

from shoptalk.speech import (
    SAMPLE_RATE,
    AudioDecoder,
    AudioError,
    Pcm16Stream,
    decode_audio,
    decode_pcm16,
)
from shoptalk.speech.audio import samples_to_pcm16
from shoptalk.speech.decode import container_kind

from .conftest import DATA, FORMATS, encode

SENTENCE = DATA / "librispeech" / "1089-134691-0000.flac"


@pytest.fixture(scope="module")
def reference() -> np.ndarray:
    return decode_audio(SENTENCE).samples


def _pcm_wav(samples: np.ndarray, rate: int = SAMPLE_RATE) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(samples_to_pcm16(samples))
    return buffer.getvalue()


def test_flac_decodes_to_16k_mono_float(reference: np.ndarray) -> None:
    audio = decode_audio(SENTENCE)
    assert audio.sample_rate == SAMPLE_RATE
    assert audio.samples.dtype == np.float32
    assert audio.samples.ndim == 1
    assert audio.duration == pytest.approx(2.085, abs=0.01)
    assert 0.1 < np.abs(reference).max() <= 1.0


def test_8k_digits_are_resampled_to_16k() -> None:
    path = DATA / "digits" / "0_jackson_0.wav"
    with wave.open(str(path)) as source:
        seconds = source.getnframes() / source.getframerate()
        assert source.getframerate() == 8000
    audio = decode_audio(path)
    assert audio.duration == pytest.approx(seconds, abs=0.002)
    assert len(audio.samples) == pytest.approx(seconds * SAMPLE_RATE, abs=2)


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_format_decodes_to_the_same_sound(name: str, reference: np.ndarray) -> None:
    """Encoded and decoded again, a sentence keeps its length and its waveform (lossy codecs
    included: the correlation with the original stays near 1, so no offset, no garbling)."""
    data = encode(reference, SAMPLE_RATE, name)
    audio = decode_audio(data)
    assert audio.duration == pytest.approx(len(reference) / SAMPLE_RATE, abs=0.03)
    n = min(len(reference), len(audio.samples))
    assert np.corrcoef(reference[:n], audio.samples[:n])[0, 1] > 0.95


def test_stereo_is_averaged_to_mono() -> None:
    left = np.sin(np.linspace(0, 400 * np.pi, SAMPLE_RATE)).astype(np.float32) * 0.5
    stereo = np.stack([left, -left], axis=1).reshape(-1)
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(2)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        out.writeframes(samples_to_pcm16(stereo))
    audio = decode_audio(buffer.getvalue())
    assert np.abs(audio.samples).max() < 1e-3, "opposite channels cancel when averaged"


def test_a_path_and_its_bytes_decode_alike() -> None:
    assert np.array_equal(
        decode_audio(SENTENCE).samples, decode_audio(SENTENCE.read_bytes()).samples
    )


def test_recognised_formats_by_their_first_bytes(reference: np.ndarray) -> None:
    assert container_kind(encode(reference, SAMPLE_RATE, "ogg-opus")) == "OGG"
    assert container_kind(encode(reference, SAMPLE_RATE, "webm-opus-stereo")) == "WebM"
    assert container_kind(encode(reference, SAMPLE_RATE, "m4a-aac")) == "M4A"
    assert container_kind(SENTENCE.read_bytes()) == "FLAC"
    assert container_kind(b"hello") is None


BAD_INPUTS = {
    "empty bytes": (b"", "empty"),
    "text": (b"this is not audio at all\n" * 40, "Unsupported audio format"),
    "zeros": (bytes(4000), "Unsupported audio format"),
    "pdf": (b"%PDF-1.4\n" + bytes(range(256)) * 8, "Unsupported audio format"),
    "truncated wav header": (b"RIFF\x24\x00\x00\x00WAVEfmt ", "WAV recording is damaged"),
    "flac magic only": (b"fLaC" + bytes(200), "FLAC recording is damaged"),
    "ogg garbage": (b"OggS" + bytes(range(256)) * 4, "OGG recording is damaged"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_unusable_bytes_give_one_line(case: str) -> None:
    data, message = BAD_INPUTS[case]
    with pytest.raises(AudioError, match=message) as caught:
        decode_audio(data)
    assert "\n" not in str(caught.value)


def test_zero_length_wav() -> None:
    with pytest.raises(AudioError, match="zero length"):
        decode_audio(_pcm_wav(np.zeros(0, dtype=np.float32)))


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.wav"
    path.touch()
    with pytest.raises(AudioError, match="empty"):
        decode_audio(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(AudioError, match="Cannot read"):
        decode_audio(tmp_path / "nowhere.wav")


@pytest.mark.parametrize("rate", [0, 1, 10_000_000])
def test_impossible_declared_sample_rate(rate: int) -> None:
    data = bytearray(_pcm_wav(np.zeros(1600, dtype=np.float32)))
    data[24:28] = struct.pack("<I", rate)
    data[28:32] = struct.pack("<I", rate * 2)
    with pytest.raises(AudioError) as caught:
        decode_audio(bytes(data))
    assert "sample rate" in str(caught.value) or "damaged" in str(caught.value)


def test_too_long_is_refused() -> None:
    long = np.zeros(SAMPLE_RATE * 5, dtype=np.float32)
    with pytest.raises(AudioError, match="limit is 3 s"):
        AudioDecoder(max_seconds=3).decode(_pcm_wav(long))
    assert AudioDecoder(max_seconds=6).decode(_pcm_wav(long)).duration == pytest.approx(5)


def test_too_long_without_a_declared_duration(reference: np.ndarray) -> None:
    """Browser WebM carries no duration in its header: the limit holds while decoding."""
    data = encode(np.tile(reference, 3), SAMPLE_RATE, "webm-opus-stereo")
    with pytest.raises(AudioError, match="limit is 4 s"):
        AudioDecoder(max_seconds=4).decode(data)


def test_pcm16_chunks_match_the_whole(reference: np.ndarray) -> None:
    pcm = samples_to_pcm16(reference)
    stream = Pcm16Stream(SAMPLE_RATE)
    pieces = [stream.feed(pcm[i : i + 1001]) for i in range(0, len(pcm), 1001)]
    joined = np.concatenate(pieces)
    assert len(joined) == len(reference)
    assert np.abs(joined - reference).max() < 1e-4


def test_pcm16_at_another_rate_is_resampled(reference: np.ndarray) -> None:
    import soxr

    at_48k = soxr.resample(reference, SAMPLE_RATE, 48_000).astype(np.float32)
    pcm = samples_to_pcm16(at_48k)
    stream = Pcm16Stream(48_000)
    chunks = [pcm[i : i + 9600] for i in range(0, len(pcm), 9600)]
    pieces = [stream.feed(chunk, last=i == len(chunks) - 1) for i, chunk in enumerate(chunks)]
    joined = np.concatenate(pieces)
    assert len(joined) == pytest.approx(len(reference), abs=5)
    n = min(len(joined), len(reference))
    assert np.corrcoef(joined[:n], reference[:n])[0, 1] > 0.99


def test_decode_pcm16_whole_buffer() -> None:
    assert decode_pcm16(b"\x00\x40" * 16000).duration == pytest.approx(1.0)
    with pytest.raises(AudioError, match="empty"):
        decode_pcm16(b"")
