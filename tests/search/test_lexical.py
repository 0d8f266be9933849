"""BM25: bm25s's precomputed base and the delta scored with the same formula."""

import numpy as np
import pytest

from shoptalk.search.lexical import Bm25Params, DeltaField, FieldIndex, LexicalIndex

DOCUMENTS = [
    ["trail", "run", "shoe", "red"],
    ["road", "run", "shoe"],
    ["blender", "smoothi", "blender"],
    ["latt", "espresso", "milk"],
    [],
]


def test_the_delta_scores_like_the_base() -> None:
    params = Bm25Params()
    base = FieldIndex.build(DOCUMENTS, params)
    delta = DeltaField(DOCUMENTS, base, params)
    for query in ({"run": 1.0}, {"blender": 1.0, "milk": 0.5}, {"shoe": 2.0, "red": 1.0}):
        assert np.allclose(delta.scores(query), base.scores(query), atol=1e-6)


def test_unknown_terms_score_nothing() -> None:
    base = FieldIndex.build(DOCUMENTS, Bm25Params())
    assert not base.scores({"kayak": 1.0}).any()


def test_title_words_count_more_than_body_words() -> None:
    fields = [(["blender"], ["kitchen"]), (["mixer"], ["blender", "kitchen"])]
    scores = LexicalIndex.build(fields, Bm25Params()).scores({"blender": 1.0})
    assert scores[0] > scores[1] > 0


def test_delta_rows_follow_base_rows() -> None:
    lexical = LexicalIndex.build([(["lamp"], [])], Bm25Params())
    extended = lexical.with_delta([(["lamp", "brass"], [])])
    scores = extended.scores({"brass": 1.0})
    assert scores.shape == (2,)
    assert scores[0] == 0
    assert scores[1] > 0


@pytest.mark.parametrize("fields", [[], [([], [])]])
def test_empty_fields(fields: list[tuple[list[str], list[str]]]) -> None:
    lexical = LexicalIndex.build(fields, Bm25Params())
    assert lexical.scores({"anything": 1.0}).tolist() == [0.0] * len(fields)
