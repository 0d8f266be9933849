"""Sizes read into one form (`search.measures`), from the table in data/measures.yaml."""

from pathlib import Path
from typing import Any

import pytest
import yaml

from shoptalk.search.measures import measure_terms
from shoptalk.search.text import words

CASES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "data" / "measures.yaml").read_text()
)


@pytest.mark.parametrize("case", CASES, ids=[c["text"] for c in CASES])
def test_sizes_are_read_into_one_form(case: dict[str, Any]) -> None:
    said = words(case["text"])
    assert said == [str(w) for w in case["words"]]
    assert measure_terms(said) == [str(m) for m in case["measures"]]


def test_a_title_and_a_query_written_differently_share_their_measure_terms() -> None:
    title = measure_terms(words("Everbolt 3/4 in. x 10 ft. Schedule 40 PVC Pipe"))
    for query in ("3/4 inch pvc pipe 10 foot", "three quarter inch by ten foot pvc", "3/4\" 10'"):
        assert set(measure_terms(words(query))) & set(title), query
