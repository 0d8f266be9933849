"""Voice activity on silence, noise and real speech, whole clips and streamed."""

import numpy as np
import pytest

from shoptalk.speech import (
    SAMPLE_RATE,
    Audio,
    NoSpeechError,
    UtteranceDetector,
    VadEventKind,
    VoiceActivity,
    decode_audio,
)

from .conftest import DATA, digit_files, librispeech

RNG = np.random.default_rng(7)
TIME = np.arange(3 * SAMPLE_RATE) / SAMPLE_RATE
NOT_SPEECH = {
    "silence": np.zeros(3 * SAMPLE_RATE),
    "white noise": RNG.standard_normal(3 * SAMPLE_RATE) * 0.1,
    "loud white noise": np.clip(RNG.standard_normal(3 * SAMPLE_RATE) * 0.5, -1, 1),
    "mains hum": 0.3 * np.sin(2 * np.pi * 60 * TIME),
    "beep": 0.3 * np.sin(2 * np.pi * 440 * TIME),
    "clicks": (RNG.random(3 * SAMPLE_RATE) > 0.999) * 0.9,
}


def _silence(seconds: float) -> np.ndarray:
    return np.zeros(int(seconds * SAMPLE_RATE), dtype=np.float32)


@pytest.mark.parametrize("name", sorted(NOT_SPEECH))
def test_no_speech_in_silence_or_noise(name: str) -> None:
    audio = Audio(NOT_SPEECH[name].astype(np.float32))
    with pytest.raises(NoSpeechError, match="didn't hear anything"):
        VoiceActivity().trim(audio)


def test_speech_is_found_and_silence_trimmed() -> None:
    speech = decode_audio(DATA / "librispeech" / "1089-134691-0000.flac")
    padded = Audio(np.concatenate([_silence(2.0), speech.samples, _silence(3.0)]))
    spans = VoiceActivity().spans(padded)
    assert spans
    assert spans[0].start == pytest.approx(2.0, abs=0.7)
    assert spans[-1].end == pytest.approx(2.0 + speech.duration, abs=0.7)
    trimmed = VoiceActivity().trim(padded)
    assert speech.duration * 0.6 < trimmed.duration < speech.duration + 1.0


def test_speech_in_every_librispeech_sentence() -> None:
    for recording in librispeech():
        audio = decode_audio(recording.path)
        assert VoiceActivity().trim(audio).duration > 0.5 * audio.duration


def test_speech_in_nearly_all_spoken_digits() -> None:
    """Single digits of 0.2 to 0.9 s, some cut tight by the dataset, are the hardest case."""
    vad = VoiceActivity()
    heard = sum(bool(vad.spans(decode_audio(path))) for path in digit_files())
    assert heard >= 295


def _stream(detector: UtteranceDetector, samples: np.ndarray, chunk: int = 1600) -> list:
    events = []
    for start in range(0, len(samples), chunk):
        events += detector.feed(samples[start : start + chunk])
    return events


def test_stream_finds_two_utterances_and_their_ends() -> None:
    one = decode_audio(DATA / "librispeech" / "1089-134691-0000.flac").samples
    two = decode_audio(DATA / "audioeval" / "hello_world.wav").samples
    stream = np.concatenate([_silence(1.0), one, _silence(1.5), two, _silence(1.5)])
    events = _stream(UtteranceDetector(trailing_silence_s=0.6), stream)
    kinds = [event.kind for event in events]
    assert kinds == [VadEventKind.SPEECH_STARTED, VadEventKind.UTTERANCE_ENDED] * 2
    first_end, second_start = events[1].time, events[2].time
    assert 1.0 + len(one) / SAMPLE_RATE <= first_end <= 1.0 + len(one) / SAMPLE_RATE + 1.0
    assert second_start < 2.5 + (len(one) + len(two)) / SAMPLE_RATE
    assert events[1].utterance is not None
    assert events[1].utterance.duration == pytest.approx(len(one) / SAMPLE_RATE, abs=0.9)


def test_stream_waits_for_the_trailing_silence() -> None:
    one = decode_audio(DATA / "librispeech" / "1089-134691-0000.flac").samples
    short, long = (
        UtteranceDetector(trailing_silence_s=0.3),
        UtteranceDetector(trailing_silence_s=1.2),
    )
    stream = np.concatenate([_silence(0.5), one, _silence(2.0)])
    end_short = [e for e in _stream(short, stream) if e.kind is VadEventKind.UTTERANCE_ENDED]
    end_long = [e for e in _stream(long, stream) if e.kind is VadEventKind.UTTERANCE_ENDED]
    assert end_long[0].time - end_short[0].time == pytest.approx(0.9, abs=0.15)


def test_stream_chunk_size_does_not_matter() -> None:
    one = decode_audio(DATA / "audioeval" / "quick_brown_fox.wav").samples
    stream = np.concatenate([_silence(0.5), one, _silence(1.0)])
    small = [(e.kind, e.time) for e in _stream(UtteranceDetector(), stream, chunk=160)]
    large = [(e.kind, e.time) for e in _stream(UtteranceDetector(), stream, chunk=7777)]
    assert small == large
    assert small


def test_stream_of_silence_has_no_events() -> None:
    assert _stream(UtteranceDetector(), _silence(3.0)) == []


def _babble(seconds: float) -> np.ndarray:
    """Three LibriSpeech readers talking over each other: speech with no pause in it."""
    clips = [decode_audio(recording.path).samples for recording in librispeech()]
    one = np.concatenate(clips)
    voices = (one + np.roll(one, len(one) // 3) + np.roll(one, 2 * len(one) // 3)) / 3
    return np.resize(voices, int(seconds * SAMPLE_RATE)).astype(np.float32)


def test_an_utterance_without_an_end_is_cut_at_the_limit_and_dropped() -> None:
    detector = UtteranceDetector(max_utterance_s=4.0)
    hello = decode_audio(DATA / "audioeval" / "hello_world.wav").samples
    stream = np.concatenate([_silence(0.5), _babble(12.0), _silence(1.5), hello, _silence(1.5)])
    events = _stream(detector, stream)
    kinds = [event.kind for event in events]
    assert kinds == [
        VadEventKind.SPEECH_STARTED,
        VadEventKind.UTTERANCE_TOO_LONG,
        VadEventKind.SPEECH_STARTED,
        VadEventKind.UTTERANCE_ENDED,
    ]
    assert events[1].time == pytest.approx(0.5 + 4.0, abs=0.4)
    assert events[1].utterance is None
    assert events[2].time > 12.5, "the rest of the long utterance is not a new one"
    assert events[3].utterance is not None
    assert events[3].utterance.duration < len(hello) / SAMPLE_RATE + 1.0


def test_what_the_detector_holds_stays_under_the_limit() -> None:
    detector, babble = UtteranceDetector(max_utterance_s=2.0), _babble(10.0)
    held = 0
    for start in range(0, len(babble), 1600):
        detector.feed(babble[start : start + 1600])
        held = max(held, sum(len(window) for window in detector._stream.heard))
    assert 0 < held <= 2.0 * SAMPLE_RATE
