"""The book's rules, with a bag-of-words encoder so each score is plain to work out."""

import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from shoptalk.commerce import Store
from shoptalk.knowledge import PolicyAnswer, PolicyBook
from shoptalk.knowledge.book import COVERED_THRESHOLD

POLICIES = [
    ("returns", "Returns are accepted within 30 days. Keep the box. Labels are prepaid."),
    ("shipping", "We ship to Canada. Delivery takes 3 days."),
]


def bag_of_words(texts: Sequence[str]) -> npt.NDArray[np.float32]:
    """Unit vectors over hashed lower-case words, punctuation dropped."""
    vectors = np.zeros((len(texts), 256), dtype=np.float32)
    for row, text in enumerate(texts):
        for word in "".join(c if c.isalnum() else " " for c in text.lower()).split():
            vectors[row, zlib.crc32(word.encode()) % 256] += 1
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.where(norms == 0, 1, norms)).astype(np.float32)


@pytest.fixture
def book() -> PolicyBook:
    return PolicyBook(POLICIES, encoder=bag_of_words)


def test_topics_in_store_order(book: PolicyBook) -> None:
    assert book.topics == ["returns", "shipping"]


def test_quotes_the_best_sentence_of_the_best_topic(book: PolicyBook) -> None:
    answer = book.answer("ship to canada")
    assert answer is not None
    assert (answer.topic, answer.quote) == ("shipping", "We ship to Canada.")
    assert answer.score >= COVERED_THRESHOLD


def test_quotes_a_close_neighbour_with_the_text_between(book: PolicyBook) -> None:
    answer = book.answer("keep box labels prepaid")
    assert answer is not None
    assert answer.quote == "Keep the box. Labels are prepaid."


def test_below_the_threshold_is_not_covered(book: PolicyBook) -> None:
    assert book.answer("gift wrapping please") is None


def test_the_topic_slot_limits_the_answer(book: PolicyBook) -> None:
    question = "delivery within 30 days"
    unlimited, limited = book.answer(question), book.answer(question, topic="shipping")
    assert unlimited is not None
    assert limited is not None
    assert (unlimited.topic, limited.topic) == ("returns", "shipping")
    assert limited.quote == "Delivery takes 3 days."


def test_a_topic_the_store_lacks_is_not_covered(book: PolicyBook) -> None:
    assert book.answer("ship to canada", topic="warranty") is None


def test_an_empty_question_is_not_covered(book: PolicyBook) -> None:
    assert book.answer("  ") is None


def test_answers_are_frozen(book: PolicyBook) -> None:
    answer = book.answer("ship to canada")
    assert isinstance(answer, PolicyAnswer)
    with pytest.raises(AttributeError):
        answer.topic = "returns"  # type: ignore[misc]


@pytest.fixture
def empty_sqlite_store(tmp_path: Path) -> Iterator[Store]:
    store = Store.open(f"sqlite:///{tmp_path / 'store.db'}")
    yield store
    store.close()


def test_a_store_without_policies_covers_nothing(empty_sqlite_store: Store) -> None:
    book = PolicyBook.from_store(empty_sqlite_store, encoder=bag_of_words)
    assert book.topics == []
    assert book.answer("do you ship to canada") is None
