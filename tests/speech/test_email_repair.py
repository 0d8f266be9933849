"""A heard email address rebuilt from the pieces of the store's addresses."""

import pytest

from shoptalk.speech import Expectation, Hypothesis, RecognitionContext
from shoptalk.speech.bias import correct
from shoptalk.speech.email_repair import EmailWords, of_store_pieces, repair_email
from shoptalk.speech.recognize import addresses_of_store_pieces

STORE = EmailWords.of(
    [
        "darnell.martin@example.com",
        "victor.silva@example.com",
        "carlos.diaz@example.com",
        "julian.allen@example.com",
        "diego.reyes@example.com",
        "mei.wright@example.com",
        "andre.tanaka@example.com",
        "clara.adams2@example.com",
        "ada_lee@shop.co.uk",
        "not an address",
    ]
)


def test_the_store_words_are_pieces_domains_and_the_usual_separator() -> None:
    assert {"darnell", "martin", "reyes", "adams", "ada", "lee"} <= STORE.pieces
    assert "adams2" not in STORE.pieces
    assert STORE.domains == frozenset({"example.com", "shop.co.uk"})
    assert STORE.separator == "."


@pytest.mark.parametrize(
    ("heard", "repaired"),
    [
        ("My email is darnell.mart and at example.com.", "My email is darnell.martin@example.com."),
        ("My email is carlos.diasatexample.com.", "My email is carlos.diaz@example.com."),
        ("My email is julian.alanet example.com", "My email is julian.allen@example.com"),
        ("My email is Diego dot raise at example dot com.", "My email is diego.reyes@example.com."),
        ("My email is may.write at example.com.", "My email is mei.wright@example.com."),
        ("My email is Andre.10aca at example.com.", "My email is andre.tanaka@example.com."),
        ("My name is Clara Adams at example dot com", "My name is clara.adams@example.com"),
        ("ada underscore lee at shop dot co dot uk", "ada_lee@shop.co.uk"),
        ("it's darnell.martin@example.com", "it's darnell.martin@example.com"),
        ("coolcat at example dot com", "coolcat@example.com"),
        ("My email is victor.sova at example.com.", "My email is victor.sova@example.com."),
        ("It's victordotsilva at example.com", "It's victor.silva@example.com"),
        ("My email is Diego DotRaysatexample.com.", "My email is diego.reyes@example.com."),
        ("My email is Andrey.tenaka.example.com", "My email is andrey.tanaka@example.com"),
        ("dotty at example.com", "dotty@example.com"),
        ("Darnell.martinedexample.com.", "darnell.martin@example.com."),
        ("My email is darnell.martandedexample.com", "My email is darnell.martin@example.com"),
    ],
)
def test_a_heard_address_is_rebuilt(heard: str, repaired: str) -> None:
    assert repair_email(heard, STORE) == repaired


@pytest.mark.parametrize(
    "heard",
    [
        "my email is darnell at gmail.com",  # not one of the store's domains
        "darnell.martin example.com",  # no "at" before the domain
        "at example.com",
        "where is my order W1001?",
        "",
        "my email is ?? at example.com",
        "fredexample.com",  # "ed" ends a name the store does not know
    ],
)
def test_what_is_not_clearly_a_store_address_is_left(heard: str) -> None:
    assert repair_email(heard, STORE) == heard


def test_the_repair_runs_only_where_an_email_is_expected() -> None:
    heard = "Diego dot raise at example dot com"
    expected = correct(heard, RecognitionContext(Expectation.EMAIL, emails=STORE))
    assert expected.text == "diego.reyes@example.com"
    assert expected.changes == ((heard, "diego.reyes@example.com"),)
    assert correct(heard, RecognitionContext(Expectation.ANY, emails=STORE)).text == heard
    assert correct(heard, RecognitionContext(Expectation.EMAIL)).text == heard


@pytest.mark.parametrize(
    ("heard", "known"),
    [
        ("My email is Diego DotRaysatexample.com.", True),
        ("My email is clara.adams2 at example.com", True),
        ("My email is deego.raysatexample.com.", False),
        ("My email is asha.martin@example.com.", False),
        ("My email is diego.reyes@gmail.com", False),
        ("Where is my order?", False),
    ],
)
def test_an_address_is_known_when_all_its_pieces_are_the_stores(heard: str, known: bool) -> None:
    assert of_store_pieces(heard, STORE) is known


def test_where_an_email_is_expected_hypotheses_of_store_pieces_win() -> None:
    found = [
        Hypothesis("My email is deego.raysatexample.com.", -1.0, 12),
        Hypothesis("My email is Diego DotRaysatexample.com.", -2.0, 12),
    ]
    expected = RecognitionContext(Expectation.EMAIL, emails=STORE)
    assert addresses_of_store_pieces(found, expected) == found[1:]
    assert addresses_of_store_pieces(found[:1], expected) == found[:1]
    assert addresses_of_store_pieces(found, RecognitionContext(emails=STORE)) == found
