"""Spelling repair: split and merged words, typos, sound-alikes; real words left alone."""

import pytest

from shoptalk.search.spelling import Speller, sound_key

CATALOG = {
    "bluetooth": 30, "speaker": 30, "speakers": 26, "tooth": 2, "blue": 40, "air": 3,
    "fryer": 2, "sandals": 26, "candles": 27, "sonique": 15, "headphones": 26,
    "tshirt": 27, "shirt": 27, "t": 27, "hoses": 25, "shoes": 30, "garden": 25,
}  # fmt: skip


@pytest.fixture
def speller() -> Speller:
    return Speller(
        CATALOG,
        also_known=frozenset({"cheapest"}),
        dictionary=frozenset({"sneakers", "sonic", "style"}),
        brand_words=frozenset({"sonique", "sitwell"}),
    )


@pytest.mark.parametrize(
    ("said", "repaired"),
    [
        ("blu tooth speeker", "bluetooth speaker"),
        ("blue tooth speakers", "bluetooth speakers"),
        ("airfryer", "air fryer"),
        ("t shirt", "tshirt"),
        ("sandles", "sandals"),
        ("garden hoes", "garden hoses"),
        ("sonic headphones", "sonique headphones"),
        ("white sneakers", "white sneakers"),
        ("lego style", "lego style"),
        ("cheapest speakers", "cheapest speakers"),
        ("size 10 shoes", "size 10 shoes"),
    ],
)
def test_repairs(speller: Speller, said: str, repaired: str) -> None:
    assert " ".join(speller.repair(said.split())) == repaired


def test_a_word_nothing_resembles_stays(speller: Speller) -> None:
    assert speller.repair(["xylophone"]) == ["xylophone"]


def test_sound_key_hears_homophones() -> None:
    assert sound_key("sonique") == sound_key("sonic") == sound_key("sonik")
    assert sound_key("sandles") == sound_key("sandals") != sound_key("candles")
