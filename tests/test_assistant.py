"""The Assistant end to end on the demo store: text and voice turns, timings, spoken replies."""

import io
import wave

import numpy as np
import pytest

from shoptalk.assistant import Assistant, TurnError
from shoptalk.speech import NoSpeechError, wav_bytes

pytestmark = pytest.mark.slow


def test_a_text_turn_has_the_ask_json(demo_assistant: Assistant) -> None:
    result = demo_assistant.turn(demo_assistant.conversation(), "where is my order")
    shown = result.to_json()
    assert set(shown) == {"transcript", "understanding", "reply", "timings_ms"}
    assert shown["understanding"]["intent"] == "order_status"
    assert "email" in shown["reply"]["text"]
    assert set(shown["timings_ms"]) == {"decode", "asr", "nlu", "dialogue", "tts", "total"}
    assert shown["timings_ms"]["asr"] == 0


def test_a_voice_turn_hears_acts_and_answers_aloud(demo_assistant: Assistant) -> None:
    recording = demo_assistant.voice.speak("Where is my order?")
    result = demo_assistant.turn(demo_assistant.conversation(), audio=recording, speak=True)
    assert "order" in result.transcript.lower()
    assert result.understanding.intent == "order_status"
    assert result.timings_ms["asr"] > 0
    assert result.timings_ms["tts"] > 0
    assert result.speech is not None
    with wave.open(io.BytesIO(result.speech)) as spoken:
        assert spoken.getnframes() / spoken.getframerate() > 1.0


def test_the_recogniser_expects_what_was_asked(demo_assistant: Assistant) -> None:
    conversation = demo_assistant.conversation()
    demo_assistant.turn(conversation, "I want to cancel my order")
    assert demo_assistant.voice.context(conversation).expectation.value == "email"


def test_silence_is_not_a_turn(demo_assistant: Assistant) -> None:
    silence = wav_bytes(np.zeros(16000 * 2, dtype=np.float32), 16000)
    with pytest.raises(NoSpeechError):
        demo_assistant.turn(demo_assistant.conversation(), audio=silence)


@pytest.mark.parametrize("text", ["", "   ", "x" * 2001])
def test_empty_or_huge_text_is_refused(demo_assistant: Assistant, text: str) -> None:
    with pytest.raises(TurnError):
        demo_assistant.turn(demo_assistant.conversation(), text)
