"""A large import is searchable by words at once; its vectors come afterwards (in a serving
process's thread, or by `shoptalk search --build-vectors`), and an interrupted encoding resumes
where it stopped."""

import threading
import time
from pathlib import Path

import pytest

from shoptalk.commerce import Store
from shoptalk.config import Settings
from shoptalk.search import SearchIndex, search
from shoptalk.search import index as index_module
from shoptalk.search.semantic import EncodingStopped
from tests.conftest import DATA, run_shoptalk

WAIT_S = 120.0


def opened(store: Store, folder: Path, **settings: object) -> SearchIndex:
    return SearchIndex.open(store, folder=folder, settings=Settings(**settings))  # type: ignore[arg-type]


def test_background_answers_by_words_and_says_so(small_store: Store, tmp_path: Path) -> None:
    index = opened(small_store, tmp_path / "search", search_vectors="background")
    assert not index.vectors_ready
    waiting = search(index, "latte")
    assert waiting.hits[0].product_id == "p-3"
    assert any("ranked by words only" in note for note in waiting.notes)
    index.encode_in_background()
    deadline = time.monotonic() + WAIT_S
    while not index.vectors_ready and time.monotonic() < deadline:
        time.sleep(0.2)
    index.stop_encoding()
    assert index.vectors_ready
    assert not any("words only" in note for note in search(index, "latte").notes)


def test_auto_encodes_a_few_texts_before_it_answers(small_store: Store, tmp_path: Path) -> None:
    assert opened(small_store, tmp_path / "a", search_vectors="auto").vectors_ready
    many = opened(small_store, tmp_path / "b", search_vectors="auto", search_eager_vectors_max=1)
    assert not many.vectors_ready


def test_off_never_encodes_nor_mentions_it(small_store: Store, tmp_path: Path) -> None:
    index = opened(small_store, tmp_path / "search", search_vectors="off")
    result = search(index, "latte")
    assert not index.vectors_ready
    assert result.hits[0].product_id == "p-3"
    assert not any("words only" in note for note in result.notes)


def test_an_interrupted_encoding_resumes_where_it_stopped(
    small_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "search"
    monkeypatch.setattr(index_module, "ENCODE_CHUNK", 2)
    monkeypatch.setattr(index_module.semantic, "ENCODE_BATCH", 2)
    first = opened(small_store, folder, search_vectors="background")
    total = len(first.parts.vectors.missing())
    stop = threading.Event()
    batches: list[int] = []

    def stop_after_first(stage: str, done: int, _total: int | None) -> None:
        batches.append(done)
        if stage == "encoding" and done >= 2:
            stop.set()

    with pytest.raises(EncodingStopped):
        first.build_vectors(stop_after_first, stop=stop)
    again = opened(small_store, folder, search_vectors="background")
    left = len(again.parts.vectors.missing())
    assert 0 < left < total
    again.build_vectors()
    assert again.vectors_ready
    assert opened(small_store, folder, search_vectors="background").vectors_ready


def test_build_vectors_command(tmp_path: Path) -> None:
    env = {"SHOPTALK_SEARCH_VECTORS": "background", "SHOPTALK_HOME": str(tmp_path / "home")}
    store = tmp_path / "small.db"
    imported = run_shoptalk(
        "store", "import", str(DATA), "--store", str(store), cwd=tmp_path, env=env
    )
    assert imported.returncode == 0, imported.stderr
    words = run_shoptalk("search", "latte", "--store", str(store), "--json", cwd=tmp_path, env=env)
    assert "ranked by words only" in words.stdout
    built = run_shoptalk("search", "--build-vectors", "--store", str(store), cwd=tmp_path, env=env)
    assert built.returncode == 0, built.stderr
    assert "encoded" in built.stderr
    meaning = run_shoptalk(
        "search", "latte", "--store", str(store), "--json", cwd=tmp_path, env=env
    )
    assert "words only" not in meaning.stdout
    neither = run_shoptalk("search", "--store", str(store), cwd=tmp_path, env=env)
    assert neither.returncode == 2
    assert "--build-vectors" in neither.stderr
