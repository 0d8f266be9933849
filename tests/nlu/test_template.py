"""The template language: parsing, sampling, errors."""

import random

import pytest

from shoptalk.nlu.dataset import load_templates
from shoptalk.nlu.template import TemplateError, parse_template, sample, slots_of


def expansions(template: str, draws: int = 300) -> set[str]:
    node = parse_template(template)
    rng = random.Random(1)
    return {
        "".join(text if slot is None else f"<{slot}>" for text, slot in sample(node, rng))
        for _ in range(draws)
    }


def test_choices_options_and_slots() -> None:
    assert expansions("(add|put) [two ]{product}") == {
        "add <product>",
        "put <product>",
        "add two <product>",
        "put two <product>",
    }


def test_nested_groups() -> None:
    assert expansions("a [(b|c)[d]]") == {"a ", "a b", "a c", "a bd", "a cd"}


def test_slots_of_a_template() -> None:
    assert slots_of(parse_template("cancel [order {order_id}] [because {reason}]")) == {
        "order_id",
        "reason",
    }


@pytest.mark.parametrize("broken", ["(a|b", "a]", "[a", "{slot", "a)"])
def test_unbalanced_templates_are_refused(broken: str) -> None:
    with pytest.raises(TemplateError, match="template"):
        parse_template(broken)


def test_every_packaged_intent_has_templates_with_known_slots() -> None:
    known = {
        "product", "options", "quantity", "order_id", "reason", "email", "first_name", "last_name",
        "zip", "address", "payment_method", "price", "sort", "query", "ordinal", "topic",
        "return_state", "return_event", "return_clause", "described_query",
    }  # fmt: skip
    templates = load_templates()
    assert len(templates) == 29
    for intent, nodes in templates.items():
        assert nodes, intent
        for node in nodes:
            assert slots_of(node) <= known, intent
