"""Recognition of real recordings, confidence, timestamps, and the store-aware biasing."""

import numpy as np
import pytest

from shoptalk.speech import (
    Audio,
    Biasing,
    Expectation,
    Hypothesis,
    RecognitionContext,
    Recognizer,
    Rescorer,
    VoiceActivity,
    decode_audio,
)
from shoptalk.speech.bias import NO_CONTEXT, correct, prompt_for
from shoptalk.speech.metrics import word_errors
from shoptalk.speech.recognize import _invented_tail

from .conftest import DATA, audioeval, librispeech

pytestmark = pytest.mark.slow


def test_librispeech_word_error_rate(recognizer: Recognizer) -> None:
    """Over all the real sentences, not one file; tiny.en makes a few spelling-level slips."""
    errors = total = 0
    for recording in [*librispeech(), *audioeval()]:
        transcript = recognizer.transcribe(VoiceActivity().trim(decode_audio(recording.path)))
        wrong, count = word_errors(recording.text, transcript.text)
        errors, total = errors + wrong, total + count
    assert errors / total < 0.12


def test_words_have_timestamps_in_order(recognizer: Recognizer) -> None:
    audio = decode_audio(DATA / "librispeech" / "1089-134691-0001.flac")
    transcript = recognizer.transcribe(audio)
    assert len(transcript.words) >= 15
    starts = [w.start for w in transcript.words]
    assert starts == sorted(starts)
    assert transcript.words[-1].end <= audio.duration + 0.1
    assert all(0 <= w.probability <= 1 for w in transcript.words)


def test_confidence_is_higher_for_speech_than_noise(recognizer: Recognizer) -> None:
    speech = recognizer.transcribe(decode_audio(DATA / "audioeval" / "quick_brown_fox.wav"))
    noise = Audio((np.random.default_rng(3).standard_normal(32000) * 0.2).astype(np.float32))
    heard = recognizer.transcribe(noise)
    assert 0.0 <= heard.confidence < speech.confidence <= 1.0
    assert speech.confidence > 0.45


def test_spoken_digit_with_a_number_expected(recognizer: Recognizer) -> None:
    hits = 0
    for digit, word in enumerate(["zero", "one", "two", "three", "four"]):
        audio = decode_audio(DATA / "digits" / f"{digit}_theo_0.wav")
        text = recognizer.transcribe(audio, RecognitionContext(Expectation.NUMBER)).text
        hits += word in text.lower() or str(digit) in text
    assert hits >= 3


def test_order_id_said_in_the_store_format_survives(recognizer: Recognizer, synthesizer) -> None:  # type: ignore[no-untyped-def]
    from shoptalk.speech import wav_bytes

    speech = synthesizer.synthesize("My order number is W1003.")
    audio = decode_audio(wav_bytes(speech.samples, speech.sample_rate))
    context = RecognitionContext(Expectation.ORDER_ID)
    text = recognizer.transcribe(audio, context).text.replace(" ", "").lower()
    assert "w1003" in text or "wonezerozerothree" in text


def test_biasing_can_be_switched_off(recognizer: Recognizer) -> None:
    plain = Recognizer(recognizer.model, biasing=Biasing(prompt=False, correction=False))
    transcript = plain.transcribe(
        decode_audio(DATA / "audioeval" / "hello_world.wav"),
        RecognitionContext(Expectation.LIST_ITEMS, choices=("Hello Kitty Plush",)),
    )
    assert transcript.corrections == ()
    assert transcript.text == transcript.heard


LAPTOPS = (
    "Corelane Prime 13-inch Laptop",
    "Corelane Prime 15-inch Laptop",
    "Corelane Slim 15-inch Laptop",
)
"""Phrases a word apart: a rewrite to one must not be rewritten again to the next."""


@pytest.mark.parametrize(
    ("heard", "context", "written"),
    [
        ("My order is W-1-0-0-1.", RecognitionContext(Expectation.ORDER_ID), "My order is W1001."),
        ("Too.", RecognitionContext(Expectation.NUMBER), "two."),
        ("one to three for", RecognitionContext(Expectation.ORDER_ID), "one two three four"),
        ("I want to go", RecognitionContext(Expectation.ORDER_ID), "I want to go"),
        ("for the win", RecognitionContext(Expectation.ANY), "for the win"),
        (
            "the cloud run running shoes please",
            RecognitionContext(
                Expectation.LIST_ITEMS, choices=("Cloudrun Running Shoes", "Trail Runner 2")
            ),
            "the Cloudrun Running Shoes please",
        ),
        (
            "add the trail blazer hiking boots.",
            RecognitionContext(vocabulary=("Trailblazer Hiking Boots",)),
            "add the Trailblazer Hiking Boots.",
        ),
        (
            "add the red ones",
            RecognitionContext(vocabulary=("Trailblazer Hiking Boots", "red")),
            "add the red ones",
        ),
        ("add a hat", RecognitionContext(vocabulary=("Hats",)), "add a hat"),
        (
            "the Corelane Prime 13 inch laptop",
            RecognitionContext(vocabulary=LAPTOPS),
            "the Corelane Prime 13 inch laptop",
        ),
        (
            "the Corel lane Prime 13 inch laptop",
            RecognitionContext(vocabulary=LAPTOPS),
            "the Corelane Prime 13-inch Laptop",
        ),
        (
            "two Stridewell Summit hiking boots",
            RecognitionContext(vocabulary=("Stridewell Summit Hiking Boot",)),
            "two Stridewell Summit hiking boots",
        ),
        (
            "the Hearth and Oak pet bed",
            RecognitionContext(vocabulary=("Hearth & Oak Pet Bed", "Hearth & Oak Dog Bed")),
            "the Hearth and Oak pet bed",
        ),
        (
            "the bassline audio loop over your headphones. Please.",
            RecognitionContext(
                Expectation.LIST_ITEMS,
                vocabulary=("Bassline Audio",),
                choices=("Bassline Audio Loop Over-Ear Headphones",),
            ),
            "the Bassline Audio Loop Over-Ear Headphones. Please.",
        ),
        (
            "six of the Ridgeline Timber Hiking Boot to my cart",
            RecognitionContext(
                vocabulary=("Ridgeline Timber Mid Hiking Boot", "Ridgeline Timber Hiking Boot")
            ),
            "six of the Ridgeline Timber Hiking Boot to my cart",
        ),
        ("i'll be late", RecognitionContext(vocabulary=("Latte",)), "i'll be late"),
        ("a latte please", RecognitionContext(vocabulary=("Latte",)), "a latte please"),
        ("a lat te please", RecognitionContext(vocabulary=("Latte",)), "a Latte please"),
        (
            "the lumio tre watch",
            RecognitionContext(vocabulary=("Lumio Trek Watch", "Lumio Tree Watch")),
            "the lumio tre watch",
        ),
    ],
)
def test_correction(heard: str, context: RecognitionContext, written: str) -> None:
    assert correct(heard, context).text == written


def test_prompt_is_one_example_never_a_list_of_digits() -> None:
    assert prompt_for(RecognitionContext(Expectation.ORDER_ID, order_id_prefix="#X")) == (
        "My order number is X1042."
    )
    for expectation in Expectation:
        prompt = prompt_for(RecognitionContext(expectation, vocabulary=("Acme Kettle",)))
        assert prompt is None or sum(c.isdigit() for c in prompt) <= 4
    assert prompt_for(RecognitionContext(vocabulary=("Acme Kettle",))) is None


def _fewest_words(hypotheses: list[Hypothesis]) -> Hypothesis:
    """A rescorer with the worst taste for short sentences."""
    return min(hypotheses, key=lambda h: len(h.text.split()))


@pytest.mark.parametrize("rescorer", [None, _fewest_words])
def test_words_skipped_after_the_prompt_are_decoded_again_without_it(
    recognizer: Recognizer, rescorer: Rescorer | None
) -> None:
    """With the order-id example as prompt, Whisper wrote only "Please." for this take.

    int8 arithmetic differs between CPUs (AVX2, AVX-512), and so do Whisper's slips: where this
    CPU's Whisper does not make the slip, there is nothing to test."""
    probe = Recognizer(recognizer.model, rescorer=rescorer)
    audio = VoiceActivity().trim(decode_audio(DATA / "piper" / "cancel_order_w1442.wav"))
    context = RecognitionContext(Expectation.ORDER_ID)
    prompt = prompt_for(context)
    prompted = (
        probe._decode(audio, prompt).text
        if rescorer is None
        else probe._beam(audio, prompt, 1)[0].text
    )
    if len(prompted.split()) > 2:
        pytest.skip(f"this CPU's Whisper heard {prompted!r} with the prompt, no words skipped")
    transcript = probe.transcribe(audio, context)
    assert "W1442" in transcript.text.replace(" ", "")


def test_a_hypothesis_that_ends_before_the_speech_is_never_chosen(
    recognizer: Recognizer,
) -> None:
    """This take's beam holds "Tell me about", which a rescorer liking short sentences took."""
    audio = VoiceActivity().trim(decode_audio(DATA / "piper" / "lumio_edge_laptop.wav"))
    offered = Recognizer(recognizer.model).hypotheses(audio, NO_CONTEXT, 8)
    if min(len(h.text.split()) for h in offered) > 3:
        pytest.skip("this CPU's Whisper has no short hypothesis in the beam for this take")
    probe = Recognizer(recognizer.model, rescorer=_fewest_words, hypotheses=8)
    assert len(probe.transcribe(audio).text.split()) >= 7


def test_a_hypothesis_with_an_order_id_a_digit_short_loses_to_one_with_it_whole(
    recognizer: Recognizer,
) -> None:
    """Whisper's best for this take is "W991"; further down its beam holds "W1991"."""
    audio = VoiceActivity().trim(decode_audio(DATA / "piper" / "where_is_order_w1991.wav"))
    context = RecognitionContext(Expectation.ORDER_ID)
    offered = Recognizer(recognizer.model).hypotheses(audio, context, 8)
    assert "W991" in offered[0].text
    probe = Recognizer(recognizer.model, rescorer=lambda found: found[0], hypotheses=8)
    assert "W1991" in probe.transcribe(audio, context).text


@pytest.mark.parametrize(
    ("start", "mean_logprob", "invented"),
    [
        (9.72, -1.30, True),  # "We'll see you in the next one." after a 10.09 s sentence
        (9.72, -0.30, False),  # a last word Whisper is sure of
        (7.28, -1.30, False),  # unsure, but well inside the speech
    ],
)
def test_an_unsure_segment_in_the_last_second_is_dropped(
    start: float, mean_logprob: float, invented: bool
) -> None:
    assert _invented_tail(start, mean_logprob, duration=10.09) is invented
