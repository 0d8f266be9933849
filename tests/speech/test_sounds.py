"""Matching heard words to known ones by how they sound (espeak-ng phonemes)."""

import pytest

from shoptalk.speech.sounds import SoundMatcher, phonemes

NAMES = SoundMatcher(
    "ada lee mei maya mia wright white reyes diaz allen tanaka martin martinez darnell".split()
)


@pytest.mark.parametrize(
    ("heard", "known"),
    [
        ("raise", "reyes"),
        ("may", "mei"),
        ("write", "wright"),
        ("dias", "diaz"),
        ("alan", "allen"),
        ("10aca", "tanaka"),
        ("tenaca", "tanaka"),
        ("martand", "martin"),
        ("darnel", "darnell"),
        ("Leigh", "lee"),
        ("MAYA", "maya"),
        ("white", "white"),
    ],
)
def test_a_word_that_sounds_like_a_known_one_is_read_as_it(heard: str, known: str) -> None:
    assert NAMES.closest(heard) == known


@pytest.mark.parametrize("heard", ["coolcat", "gamer", "shop", "mike", "bestbuy", "x", "a.b", ""])
def test_a_word_unlike_any_known_one_is_left(heard: str) -> None:
    assert NAMES.closest(heard) is None


def test_two_known_words_that_sound_alike_leave_the_heard_one_unread() -> None:
    assert SoundMatcher(["lee", "leigh"]).closest("lea") is None


def test_phonemes_drop_stress_and_say_digits() -> None:
    assert phonemes("reyes") == phonemes("raise")
    assert "ˈ" not in phonemes("tanaka")
    assert phonemes("10aca") == phonemes("tenaca")
