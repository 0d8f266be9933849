"""The facts a rewording must keep and an answer must take from its data."""

import pytest

from shoptalk.llm.facts import drawn_from, facts_of, figures_within, same_facts, shares_a_term

TEMPLATE = "Order #W1001 is pending, with a Latte. It comes to $5.50."


@pytest.mark.parametrize(
    "spoken",
    [
        "Your order #W1001, with a Latte, is still pending. The total is $5.50.",
        "Order W1001 is pending: one Latte, which comes to $5.50 in all.",
    ],
)
def test_a_rewording_with_the_same_facts_passes(spoken: str) -> None:
    assert same_facts(TEMPLATE, spoken)


@pytest.mark.parametrize(
    "spoken",
    [
        "Order #W1002 is pending, with a Latte. It comes to $5.50.",
        "Order #W1001 is pending, with a Latte. It comes to $4.50.",
        "Order #W1001 is delivered, with a Latte. It comes to $5.50.",
        "Order #W1001 is pending, with a Latte.",
        "Order #W1001 is not pending, with a Latte. It comes to $5.50.",
        "Order #W1001 is pending, with 2 Lattes. It comes to $5.50.",
    ],
)
def test_a_rewording_that_changes_a_fact_fails(spoken: str) -> None:
    assert not same_facts(TEMPLATE, spoken)


def test_figures_are_read_as_search_reads_numbers() -> None:
    assert facts_of("$1,299.00 for twenty five").figures == {"1299", "25"}
    assert facts_of("It is out of stock").states == {"out of stock"}
    assert facts_of("It doesn't come in red").negated


def test_an_answer_may_only_state_numbers_of_its_source() -> None:
    source = "A portable speaker with a 20-hour battery. Price: $93.49"
    assert figures_within("About 20 hours, and it costs $93.49.", source)
    assert not figures_within("About 24 hours.", source)


def test_evidence_must_be_drawn_from_the_source_words() -> None:
    source = "A waterproof hiking boot with firm ankle support, 6.5-inch shaft."
    assert drawn_from("waterproof hiking boots", source)
    assert drawn_from("Ankle support: firm", source)
    assert not drawn_from("not waterproof", source)
    assert not drawn_from("a 16.7-inch shaft", source)
    assert not drawn_from("the", source)
    assert not drawn_from("", source)
    assert shares_a_term("is it waterproof", "A waterproof hiking boot")
    assert not shares_a_term("is it dishwasher safe", "A waterproof hiking boot")
    assert not shares_a_term("is the boot safe", "A waterproof hiking boot", besides="Trail Boot")
