"""The realistic development catalog (benchmarks/data/realistic_catalog): the committed files
are what the generator makes, they load as a store, and the judgments follow the written rule.

The rule is checked here from the stored attributes and intents alone, without the generator's
grading code, so a bug there cannot hide behind itself.
"""

import json
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest

from shoptalk.commerce import parse_snapshot

FOLDER = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "realistic_catalog"
KINDS = {"type", "attribute", "units", "misspelling", "model_number", "brand", "for_clause",
         "vague", "spoken", "partial_name"}  # fmt: skip


def read_jsonl(name: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (FOLDER / name).read_text().splitlines() if line]


@pytest.fixture(scope="module")
def queries() -> list[dict[str, Any]]:
    return read_jsonl("queries.dev.jsonl") + read_jsonl("queries.test.jsonl")


@pytest.fixture(scope="module")
def judgments() -> dict[str, dict[str, int]]:
    by_query: dict[str, dict[str, int]] = defaultdict(dict)
    for split in ("dev", "test"):
        for row in read_jsonl(f"judgments.{split}.jsonl"):
            by_query[row["query_id"]][row["product_id"]] = row["grade"]
    return by_query


@pytest.fixture(scope="module")
def products() -> dict[str, dict[str, Any]]:
    return {row["id"]: row for row in read_jsonl("attributes.jsonl")}


def test_the_committed_files_are_what_the_generator_writes() -> None:
    ran = subprocess.run(
        [sys.executable, str(FOLDER / "generate.py"), "--check"],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr


def test_the_catalog_loads_as_a_store_snapshot(products: dict[str, dict[str, Any]]) -> None:
    snapshot = parse_snapshot((FOLDER / "catalog.json").read_bytes())
    assert len(snapshot.products) >= 5000
    assert {p.id for p in snapshot.products} == set(products)
    departments = Counter(products[p.id]["department"] for p in snapshot.products)
    assert len(departments) == 16
    assert min(departments.values()) >= 200
    with_variants = [p for p in snapshot.products if p.variants]
    assert len(with_variants) > 300
    for product in snapshot.products:
        assert product.type
        assert product.brand
        assert product.description
        assert (product.price is None) == bool(product.variants)


def test_queries_are_split_in_halves_of_every_kind(queries: list[dict[str, Any]]) -> None:
    assert len(queries) == 500
    assert len({q["id"] for q in queries}) == len(queries)
    assert len({q["query"].lower() for q in queries}) == len(queries)
    per_kind: dict[str, Counter[str]] = defaultdict(Counter)
    for query in queries:
        per_kind[query["kind"]][query["split"]] += 1
    assert set(per_kind) == KINDS
    for counts in per_kind.values():
        assert abs(counts["dev"] - counts["test"]) <= 1


def test_every_query_has_a_best_answer(
    queries: list[dict[str, Any]],
    judgments: dict[str, dict[str, int]],
    products: dict[str, dict[str, Any]],
) -> None:
    for query in queries:
        grades = judgments[query["id"]]
        assert 3 in grades.values(), query
        assert set(grades.values()) <= {1, 2, 3}
        assert set(grades) <= set(products)


def _offers(product: dict[str, Any], attr: str) -> set[str]:
    if attr == product["variant_attr"]:
        return set(product["variants"].values())
    return {product["attrs"][attr]} if attr in product["attrs"] else set()


def test_grades_three_and_two_follow_the_rule_over_the_whole_catalog(
    judgments: dict[str, dict[str, int]], products: dict[str, dict[str, Any]]
) -> None:
    """3: an answering type offering the brand, model and every attribute value asked;
    2: an answering type missing one of them. Checked for every product and every query."""
    for intent in read_jsonl("intents.jsonl"):
        grades = judgments[intent["query_id"]]
        for product in products.values():
            grade = grades.get(product["id"], 0)
            if intent["model"] is not None:
                assert (grade == 3) == (product["model"] == intent["model"])
                continue
            if product["type"] not in intent["types"]:
                assert grade in (0, 1)
                continue
            full = (intent["brand"] in (None, product["brand"])) and all(
                _offers(product, attr) & set(keys) for attr, keys in intent["attrs"].items()
            )
            assert grade == (3 if full else 2), (intent, product)


def test_spoken_queries_are_words_only(queries: list[dict[str, Any]]) -> None:
    spoken = [q["query"] for q in queries if q["kind"] == "spoken"]
    assert spoken
    for text in spoken:
        assert text == text.lower()
        assert not any(c.isdigit() or c in '.,"/-#' for c in text), text


@pytest.fixture(scope="module")
def forms() -> Any:
    sys.path.insert(0, str(FOLDER))
    try:
        import forms  # type: ignore[import-not-found]
        import vocab  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(FOLDER))
    return forms, vocab.load().numbers


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("2x4", "two by four"),
        ("3/4 inch copper", "three quarter inch copper"),
        ("2-1/2 in.", "two and a half in"),
        ("#8 deck screws", "number eight deck screws"),
        ("a19 60w", "a nineteen sixty w"),
        ("16/3 cord", "sixteen three cord"),
        ("1,500 sq. ft.", "one thousand five hundred sq ft"),
    ],
)
def test_numbers_are_said_as_words(forms: Any, typed: str, said: str) -> None:
    module, words = forms
    assert module.say_text(typed, words) == said


@pytest.mark.parametrize(
    ("number", "fractions", "title"),
    [("2-1/2", True, "2-1/2"), ("3/4", True, "3/4"), (10000, False, "10,000"), (2.5, False, "2.5")],
)
def test_titles_write_numbers_as_shops_do(
    forms: Any, number: object, fractions: bool, title: str
) -> None:
    module, _ = forms
    assert module.title_number(module.parse_number(number), fractions=fractions) == title
