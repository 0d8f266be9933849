"""Training sentences for stores that arrive with only a catalog: no shoppers, orders or
policies, one product, products with only a name, and none at all."""

import random
from pathlib import Path

import pytest

from shoptalk.commerce.demo import CITIES, FIRST_NAMES, LAST_NAMES
from shoptalk.nlu.dataset import Example, template_examples
from shoptalk.nlu.slot_values import NothingToLearn, SlotFiller
from shoptalk.nlu.template import parse_template, sample
from shoptalk.nlu.vocabulary import StoreVocabulary, load_vocabulary
from tests.conftest import DATA
from tests.stores import KINDS, open_snapshot, open_store


def vocabulary_of(kind: str, folder: Path) -> StoreVocabulary:
    return load_vocabulary(open_store(kind, folder))


def examples(vocabulary: StoreVocabulary, per_intent: int = 40) -> list[Example]:
    return list(template_examples(vocabulary, per_intent, random.Random(5)))


def spans(examples: list[Example], kind: str) -> list[str]:
    """Every span of `kind` said in the examples, as words."""
    found: list[str] = []
    for example in examples:
        current: list[str] = []
        for word, tag in zip(example.words, example.tags, strict=True):
            if tag == f"B-{kind}":
                if current:
                    found.append(" ".join(current))
                current = [word]
            elif tag == f"I-{kind}" and current:
                current.append(word)
            else:
                if current:
                    found.append(" ".join(current))
                current = []
        if current:
            found.append(" ".join(current))
    return found


@pytest.mark.parametrize("kind", KINDS)
def test_every_intent_gets_sentences_in_a_catalog_only_store(kind: str, tmp_path: Path) -> None:
    vocabulary = vocabulary_of(kind, tmp_path)
    assert vocabulary.shoppers == ()
    made = examples(vocabulary)
    intents = {e.intent for e in made}
    assert {"identify", "order_status", "store_policy", "add_to_cart", "product_info"} <= intents


def test_a_store_without_shoppers_learns_names_emails_and_zips_of_realistic_shoppers(
    tmp_path: Path,
) -> None:
    made = examples(vocabulary_of("cafe", tmp_path), per_intent=120)
    first_names = {name.lower() for name in FIRST_NAMES}
    last_names = {name.lower() for name in LAST_NAMES}
    said_first, said_last = spans(made, "first_name"), spans(made, "last_name")
    assert len(set(said_first)) >= 5
    assert set(said_first) <= first_names
    assert set(said_last) <= last_names
    emails = spans(made, "email")
    assert len(set(emails)) >= 5
    assert all(e.endswith(("at example dot com", "@example.com")) for e in emails)
    assert len(set(spans(made, "zip"))) >= 5
    cities = {city.lower() for city, _, _ in CITIES}
    assert all(any(city in address for city in cities) for address in spans(made, "address"))


def test_a_store_without_orders_learns_many_order_ids(tmp_path: Path) -> None:
    said = spans(examples(vocabulary_of("cafe", tmp_path), per_intent=120), "order_id")
    assert len(set(said)) >= 20


def test_shoppers_of_the_store_are_used_when_it_has_any(tmp_path: Path) -> None:
    store = open_snapshot(DATA, tmp_path)
    made = examples(load_vocabulary(store), per_intent=120)
    assert set(spans(made, "first_name")) <= {"ada", "bo"}


def test_a_catalog_without_options_makes_no_sentence_that_needs_one(tmp_path: Path) -> None:
    """ "does the lamp come in" (the option left out) is no sentence to learn from."""
    template = parse_template("does the {product} come in {options}")
    rng = random.Random(1)
    plain = vocabulary_of("names_only", tmp_path)
    assert SlotFiller(plain, rng).fill(sample(template, rng)) is None
    cafe = SlotFiller(vocabulary_of("cafe", tmp_path), rng)
    filled = cafe.fill(sample(template, rng))
    assert filled is not None
    assert [name for _, name in filled if name] == ["product", "option"]
    made = examples(plain)
    assert not spans(made, "option")
    assert any(e.intent == "exchange_items" for e in made)


def test_a_store_without_policies_still_learns_policy_questions(tmp_path: Path) -> None:
    vocabulary = vocabulary_of("no_policies", tmp_path)
    assert vocabulary.policy_topics == ()
    questions = [e for e in examples(vocabulary) if e.intent == "store_policy"]
    assert len(questions) >= 20


def test_a_store_without_products_has_nothing_to_learn_from(tmp_path: Path) -> None:
    with pytest.raises(NothingToLearn, match="the store has no products to learn from"):
        examples(vocabulary_of("no_products", tmp_path))
