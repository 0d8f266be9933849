"""The recogniser's n-best list and the rescoring hook, on a real recording."""

import math
from pathlib import Path

import numpy as np
import pytest

from shoptalk.config import Settings
from shoptalk.speech import Audio, RecognitionContext, Recognizer, decode_audio
from shoptalk.speech.recognize import Hypothesis

FOX = Path(__file__).parents[1] / "speech" / "data" / "audioeval" / "quick_brown_fox.wav"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def recognizer() -> Recognizer:
    return Recognizer.from_settings(Settings())


def test_n_best_hypotheses_come_best_first(recognizer: Recognizer) -> None:
    found = recognizer.hypotheses(decode_audio(FOX), n=4)
    assert 1 < len(found) <= 4
    assert "quick brown fox" in found[0].text.lower()
    per_token = [h.acoustic_logprob / h.tokens for h in found]
    assert per_token == sorted(per_token, reverse=True)
    assert all(h.acoustic_logprob < 0 and 0 < h.confidence <= 1 for h in found)


def test_a_rescorer_chooses_the_transcript(recognizer: Recognizer) -> None:
    audio = decode_audio(FOX)
    found = recognizer.hypotheses(audio, n=4)

    def last(hypotheses: list[Hypothesis]) -> Hypothesis:
        return hypotheses[-1]

    rescoring = Recognizer(recognizer.model, rescorer=last, hypotheses=4)
    transcript = rescoring.transcribe(audio)
    assert transcript.heard == found[-1].text
    assert transcript.confidence == found[-1].confidence


def test_the_rescorer_judges_each_hypothesis_corrected_to_the_stores_words(
    recognizer: Recognizer,
) -> None:
    context = RecognitionContext(vocabulary=("Quik Brown Fox",))
    judged: list[str] = []

    def first(hypotheses: list[Hypothesis]) -> Hypothesis:
        judged.extend(h.text for h in hypotheses)
        return hypotheses[0]

    rescoring = Recognizer(recognizer.model, rescorer=first, hypotheses=4)
    transcript = rescoring.transcribe(decode_audio(FOX), context)
    assert sum("Quik Brown Fox" in text for text in judged) > 1
    assert not any("quick brown fox" in text.lower() for text in judged)
    assert "quick brown fox" in transcript.heard.lower()
    assert "Quik Brown Fox" in transcript.text
    assert transcript.corrections


def test_audio_past_whisper_window_is_transcribed_without_rescoring(
    recognizer: Recognizer,
) -> None:
    fox = decode_audio(FOX)
    long = Audio(np.concatenate([fox.samples] * math.ceil(31 / fox.duration)))

    def refuse(_hypotheses: list[Hypothesis]) -> Hypothesis:
        raise AssertionError("rescored audio longer than one window")

    transcript = Recognizer(recognizer.model, rescorer=refuse).transcribe(long)
    assert "quick brown fox" in transcript.text.lower()
