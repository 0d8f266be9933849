"""The facts a sentence states — its numbers, order statuses, stock and negations — so that
what an LLM says can be checked against the template it rewords or the data it answers from.

Words are read as search reads them (`shoptalk.search.text.words`): "$1,299.00", "1299" and
"twelve ninety nine"-style spellings meet as digits, and "#W1001" yields its number 1001.
"""

from dataclasses import dataclass
from typing import get_args

from shoptalk.commerce.records import OrderStatus
from shoptalk.search.text import is_number, terms, words

STATES = (*get_args(OrderStatus), "in stock", "out of stock", "sold out", "unavailable")
NEGATIONS = frozenset(
    """not no never nothing none nobody without cannot cant dont doesnt didnt isnt arent wasnt
    werent wont wouldnt couldnt shouldnt hasnt havent""".split()
)


@dataclass(frozen=True)
class Facts:
    figures: frozenset[str]
    states: frozenset[str]
    negated: bool


def facts_of(text: str) -> Facts:
    said = words(text)
    joined = f" {' '.join(said)} "
    return Facts(
        figures=frozenset(_figure(word) for word in said if is_number(word)),
        states=frozenset(state for state in STATES if f" {' '.join(words(state))} " in joined),
        negated=any(word in NEGATIONS for word in said),
    )


def same_facts(template: str, candidate: str) -> bool:
    """The candidate states exactly the template's figures, statuses and negation."""
    return facts_of(template) == facts_of(candidate)


def figures_within(candidate: str, source: str) -> bool:
    """Every number the candidate states is one the source states."""
    return facts_of(candidate).figures <= facts_of(source).figures


def drawn_from(passage: str, source: str) -> bool:
    """Every meaningful word of the passage (stemmed, numbers included) is one of the
    source's: "seams taped" is drawn from "fully taped seams", "16.7-inch" from "6.5-inch" is
    not, nor is "not waterproof" from "waterproof"."""
    said = set(terms(words(passage)))
    return bool(said) and said <= set(terms(words(source)))


def shares_a_term(one: str, other: str, besides: str = "") -> bool:
    """The two share a word that carries meaning (stemmed, stopwords aside) that is not a word
    of `besides`."""
    shared = set(terms(words(one))) & set(terms(words(other)))
    return bool(shared - set(terms(words(besides))))


def _figure(word: str) -> str:
    """ "59.90" and "59.9" are one figure."""
    return word.rstrip("0").rstrip(".") if "." in word else word
