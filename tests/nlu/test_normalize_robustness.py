"""Bad input never crashes a normaliser: empty, huge, binary, other scripts, emoji, and random
mixes of the words the readers react to."""

import random
from collections.abc import Callable
from typing import Any

import pytest

from shoptalk.nlu.normalize import (
    OrderIdFormat,
    find_entities,
    parse_address,
    parse_amount,
    parse_digits,
    parse_email,
    parse_number,
    parse_order_id,
    parse_ordinal,
    parse_price_range,
    parse_quantity,
    parse_state,
    parse_zip,
    prepare,
)

PARSERS: list[Callable[[str], Any]] = [
    parse_address,
    parse_amount,
    parse_digits,
    parse_email,
    parse_number,
    parse_order_id,
    parse_ordinal,
    parse_price_range,
    parse_quantity,
    parse_state,
    parse_zip,
    find_entities,
    lambda text: parse_order_id(text, OrderIdFormat("", 0)),
]
BAD = {
    "empty": "",
    "blank": " \t\n ",
    "10k characters": "x" * 10_000,
    "10k words": "latte " * 2_000,
    "10k digits": "9" * 10_000,
    "long number words": "nine hundred " * 500,
    "binary": bytes(range(256)).decode("latin-1"),
    "surrogates": b"\xff\xfe\x00latte\x80".decode("utf-8", "surrogateescape"),
    "controls": "\x00\x01\x02\x1b[31m\x7f",
    "chinese": "我想买两杯拿铁\uff0c五十美元以下",
    "arabic": "أريد شراء حذاء بأقل من خمسين دولارا",
    "arabic digits": "٧٨٧٠١ ٢٩\u066b٩٩",
    "emoji": "😀🎉 two 🍕 under $5 😀",
    "symbols only": "$$$ %%% ### @@@ ---",
    "huge price": "$" + "9" * 400 + ".99",
    "huge amount words": "under " + "nine hundred ninety nine billion " * 20 + "dollars",
    "at storm": "at " * 300 + "dot com",
    "zero width": "la\u200btte w\u200b1001",
}
VOCABULARY = (
    "one two twelve twenty hundred thousand a an and point half dozen couple of oh double "
    "dollars bucks cents under over between to from at dot underscore w order number hash "
    "first second last the zip code street apt texas 78701 $ # @ - . , 29.99 1,299 #w1001"
).split()


@pytest.mark.parametrize("parser", PARSERS)
@pytest.mark.parametrize("text", BAD.values(), ids=BAD.keys())
def test_bad_input_never_crashes(parser: Callable[[str], Any], text: str) -> None:
    parser(text)


@pytest.mark.parametrize("seed", range(60))
def test_random_word_salad_never_crashes(seed: int) -> None:
    rng = random.Random(seed)
    text = " ".join(rng.choices(VOCABULARY, k=rng.randint(1, 40)))
    for parser in PARSERS:
        parser(text)


@pytest.mark.parametrize("text", BAD.values(), ids=BAD.keys())
def test_prepared_text_maps_back_whatever_the_input(text: str) -> None:
    prepared = prepare(text)
    for token in prepared.tokens:
        assert 0 <= token.start < token.end <= len(prepared.original)
    assert prepared.said(0, len(prepared.tokens)) in prepared.original
