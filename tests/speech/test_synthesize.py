"""Speech out: clauses, WAV files, both voices, and what the recognizer hears back."""

import shutil
import wave
from pathlib import Path

import numpy as np
import pytest

from shoptalk.speech import Synthesizer, decode_audio, wav_bytes, write_wav
from shoptalk.speech.metrics import word_errors
from shoptalk.speech.synthesize import EspeakVoice, clauses, read_wav

CLAUSES = [
    ("Hello.", ["Hello."]),
    ("", []),
    ("One. Two. Three!", ["One.", "Two.", "Three!"]),
    ("Sure, I added the red shoes to your cart.", ["Sure,", "I added the red shoes to your cart."]),
    ("Red, blue, green, or black?", ["Red,", "blue, green, or black?"]),
    (
        "Okay. Your order of two items, which cost a lot, arrives soon.",
        ["Okay.", "Your order of two items,", "which cost a lot, arrives soon."],
    ),
    (
        "It ships today \u2014 tracking follows by email.",
        ["It ships today", "tracking follows by email."],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CLAUSES)
def test_clauses(text: str, expected: list[str]) -> None:
    assert [clause for clause, _ in clauses(text)] == expected


def test_sentences_pause_longer_than_clauses() -> None:
    pauses = dict(clauses("Sure, I added the red shoes. Anything else?"))
    assert pauses["Sure,"] < pauses["I added the red shoes."]


def test_write_wav_is_atomic_and_readable(tmp_path: Path) -> None:
    samples = (np.sin(np.linspace(0, 100, 22050)) * 0.5).astype(np.float32)
    path = tmp_path / "out" / "reply.wav"
    write_wav(path, samples, 22050)
    assert [p.name for p in path.parent.iterdir()] == ["reply.wav"]
    with wave.open(str(path)) as source:
        assert (source.getnchannels(), source.getsampwidth(), source.getframerate()) == (
            1,
            2,
            22050,
        )
        assert source.getnframes() == 22050
    back, rate = read_wav(path.read_bytes())
    assert rate == 22050
    assert np.abs(back - samples).max() < 1e-3


def test_write_wav_leaves_nothing_on_failure(tmp_path: Path) -> None:
    with pytest.raises(TypeError):
        write_wav(tmp_path / "bad.wav", "not samples", 22050)  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


def test_wav_bytes_decode_back() -> None:
    samples = np.full(1600, 0.25, dtype=np.float32)
    assert decode_audio(wav_bytes(samples, 16000)).duration == pytest.approx(0.1)


@pytest.mark.slow
def test_piper_streams_clause_by_clause(synthesizer: Synthesizer) -> None:
    chunks = list(
        synthesizer.stream("Sure, I added the Trail Runner shoes to your cart. Anything else?")
    )
    assert [c.text for c in chunks] == [
        "Sure,",
        "I added the Trail Runner shoes to your cart.",
        "Anything else?",
    ]
    assert all(c.sample_rate == synthesizer.sample_rate == 22050 for c in chunks)
    assert all(0.2 < c.duration < 6 for c in chunks)
    assert all(np.abs(c.samples).max() > 0.1 for c in chunks)
    assert len(chunks[0].pcm16) == 2 * len(chunks[0].samples)


@pytest.mark.slow
def test_to_wav_speaks_the_text_for_the_ear(synthesizer: Synthesizer, tmp_path: Path) -> None:
    speech = synthesizer.to_wav("Your total is $59.99.", tmp_path / "total.wav")
    assert speech.text == "Your total is fifty-nine dollars and ninety-nine cents."
    assert decode_audio(tmp_path / "total.wav").duration == pytest.approx(speech.duration, abs=0.01)


ROUND_TRIP = [
    "Add two of the blue running shoes to my cart.",
    "Where is my order W1001?",
    "Your refund of $59.99 is on its way.",
    "I would like to cancel my order, please.",
    "Show me the coffee beans under twenty dollars.",
    "Please change the shipping address to twelve Main Street.",
]


@pytest.mark.slow
def test_piper_round_trip_is_recognised(synthesizer, recognizer) -> None:  # type: ignore[no-untyped-def]
    """Piper's speech, recognised by Whisper, gives back the words (word error rate over all)."""
    errors = total = 0
    for text in ROUND_TRIP:
        speech = synthesizer.synthesize(text)
        audio = decode_audio(wav_bytes(speech.samples, speech.sample_rate))
        wrong, count = word_errors(text, recognizer.transcribe(audio).text)
        errors, total = errors + wrong, total + count
    assert errors / total <= 0.15


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
def test_espeak_fallback_speaks(recognizer) -> None:  # type: ignore[no-untyped-def]
    voice = EspeakVoice(shutil.which("espeak-ng") or "espeak-ng")
    speech = Synthesizer(voice).synthesize("Please cancel my order.")
    assert speech.sample_rate == 22050
    audio = decode_audio(wav_bytes(speech.samples, speech.sample_rate))
    wrong, _ = word_errors("please cancel my order", recognizer.transcribe(audio).text)
    assert wrong <= 1
