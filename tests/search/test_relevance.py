"""The quality floor on the hand-written relevance set (benchmarks/search_relevance.py).

ShopTalk must beat plain BM25 by at least 10 nDCG@10 points and never offer a variant that
breaks a price, option or brand the shopper stated when a relevant product meets them all.
"""

from collections import Counter

import pytest
from benchmarks.search_relevance import JUDGMENTS, LABELS, evaluate, label, read_jsonl

from shoptalk.commerce.demo import demo_snapshot
from shoptalk.search import SearchIndex

PRODUCTS = demo_snapshot()["products"]


@pytest.fixture(scope="module")
def labelled() -> list[dict[str, object]]:
    return read_jsonl(LABELS)


def test_the_set_is_large_and_varied(labelled: list[dict[str, object]]) -> None:
    kinds = Counter(str(query["kind"]) for query in labelled)
    assert len(labelled) >= 300
    assert set(kinds) == {"attribute", "vague", "brand", "spelling", "price", "option", "name"}
    assert min(kinds.values()) >= 15
    assert len({query["query"] for query in labelled}) == len(labelled)


def test_labels_match_the_judgments(labelled: list[dict[str, object]]) -> None:
    """relevance.jsonl is what the hand-written rules say about today's demo catalog."""
    assert label(read_jsonl(JUDGMENTS), PRODUCTS) == labelled


def test_quality_floor(demo_index: SearchIndex, labelled: list[dict[str, object]]) -> None:
    figures = evaluate(demo_index, labelled, PRODUCTS)["all"]  # type: ignore[arg-type]
    shoptalk, baseline = figures["shoptalk"], figures["bm25 baseline"]
    assert shoptalk.ndcg - baseline.ndcg >= 0.10
    assert shoptalk.violations == 0
    assert baseline.violations > 0
