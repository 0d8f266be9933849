"""Embeddings: one model per process, one vector per distinct text, float16 cosine."""

import os

import numpy as np
import pytest

from shoptalk.search import semantic
from shoptalk.search.semantic import QueryEncoder, VectorIndex, concatenate, sentence_model


def test_the_model_loads_once_and_offline() -> None:
    assert sentence_model() is sentence_model()
    assert os.environ["HF_HUB_OFFLINE"] == "1"


def test_identical_texts_share_a_vector() -> None:
    index = VectorIndex.build(["Blue Mug", "Red Kettle", "Blue Mug"])
    assert index.matrix.shape == (2, semantic.DIMENSIONS)
    assert index.rows.tolist() == [0, 1, 0]


def test_known_texts_are_not_encoded_again(monkeypatch: pytest.MonkeyPatch) -> None:
    known = VectorIndex.build(["Blue Mug", "Red Kettle"])
    asked: list[str] = []
    real = semantic.encode

    def recording(texts: list[str], _progress: object = None, **_options: object) -> object:
        asked.extend(texts)
        return real(texts)

    monkeypatch.setattr(semantic, "encode", recording)
    again = VectorIndex.build(["Red Kettle", "Green Teapot"], known)
    assert asked == ["Green Teapot"]
    assert np.array_equal(again.matrix[0], known.matrix[1])


def test_cosine_in_float16_matches_float32() -> None:
    texts = ["insulated water bottle", "cast iron skillet", "wireless earbuds"]
    index = VectorIndex.build(texts)
    query = QueryEncoder()("a bottle that keeps water cold")
    exact = semantic.encode(texts) @ query
    assert np.allclose(index.scores(query), exact, atol=2e-3)
    assert int(np.argmax(index.scores(query))) == 0


def test_query_vectors_are_remembered() -> None:
    encoder = QueryEncoder()
    assert encoder("red shoes") is encoder("red shoes")


def test_base_and_delta_vectors_join() -> None:
    base = VectorIndex.build(["Blue Mug", "Red Kettle"])
    delta = VectorIndex.build(["Green Teapot"], base)
    joined = concatenate(base, delta)
    assert joined.rows.tolist() == [0, 1, 2]
    assert np.array_equal(joined.matrix[2], delta.matrix[0])
