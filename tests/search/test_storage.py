"""Files on disk: written atomically, checked before they are trusted."""

import json
from pathlib import Path

import numpy as np
import pytest

from shoptalk.search import storage
from shoptalk.search.storage import IndexMissing, IndexUnreadable


def arrays() -> storage.Arrays:
    return {"numbers": np.arange(5), "names": np.asarray(["a", "b"], dtype=np.str_)}


def test_round_trip_and_no_temporary_files(tmp_path: Path) -> None:
    build = storage.write_build(tmp_path, arrays(), {"note": "x"})
    read_build, meta, read = storage.read_build(tmp_path)
    assert read_build == build
    assert meta["note"] == "x"
    assert read["numbers"].tolist() == [0, 1, 2, 3, 4]
    assert not [p for p in tmp_path.rglob(".*") if p.name != ".lock"]


def test_a_new_build_replaces_the_old_one(tmp_path: Path) -> None:
    old = storage.write_build(tmp_path, arrays(), {})
    new = storage.write_build(tmp_path, arrays(), {})
    assert not old.exists()
    assert new.exists()


def test_missing(tmp_path: Path) -> None:
    with pytest.raises(IndexMissing):
        storage.read_build(tmp_path)


def test_another_format_is_not_trusted(tmp_path: Path) -> None:
    build = storage.write_build(tmp_path, arrays(), {})
    meta = json.loads((build / "base.json").read_text())
    (build / "base.json").write_text(json.dumps({**meta, "format": "shoptalk-search/0"}))
    with pytest.raises(IndexUnreadable, match=f"not a {storage.FORMAT} index"):
        storage.read_build(tmp_path)


def test_changed_bytes_are_not_trusted(tmp_path: Path) -> None:
    build = storage.write_build(tmp_path, arrays(), {})
    np.savez(build / "base.npz", numbers=np.arange(6))
    with pytest.raises(IndexUnreadable, match="checksum"):
        storage.read_build(tmp_path)


def test_delta_absent_or_present(tmp_path: Path) -> None:
    build = storage.write_build(tmp_path, arrays(), {})
    assert storage.read_delta(build) is None
    storage.write_delta(build, arrays(), {"removed": []})
    stored = storage.read_delta(build)
    assert stored is not None
    assert stored[0]["removed"] == []


def vectors(*values: float) -> tuple[np.ndarray, np.ndarray]:
    keys = np.asarray([f"k{v:g}" for v in values], dtype=np.str_)
    return keys, np.tile(np.asarray(values, dtype=np.float16)[:, None], (1, 4))


def test_vectors_are_kept_apart_from_builds(tmp_path: Path) -> None:
    folder = storage.vector_folder(tmp_path, "model-a")
    name = storage.write_vectors(folder, *vectors(1, 2))
    storage.write_build(tmp_path, arrays(), {})
    storage.write_build(tmp_path, arrays(), {})
    assert storage.vector_files(folder) == [name]
    keys, matrix = storage.read_vectors(folder, name) or (None, None)
    assert keys is not None
    assert keys.tolist() == ["k1", "k2"]
    assert matrix is not None
    assert matrix[:, 0].tolist() == [1, 2]
    assert not [p for p in tmp_path.rglob(".*") if p.name != ".lock"]


def test_vectors_of_another_model_are_dropped(tmp_path: Path) -> None:
    old = storage.vector_folder(tmp_path, "model-a")
    new = storage.vector_folder(tmp_path, "model-b")
    storage.write_vectors(old, *vectors(1))
    storage.drop_other_vectors(tmp_path, new)
    assert not old.exists()


def test_a_damaged_vector_file_is_removed(tmp_path: Path) -> None:
    folder = storage.vector_folder(tmp_path, "model-a")
    name = storage.write_vectors(folder, *vectors(1, 2))
    data = bytearray((folder / name).read_bytes())
    data[-30] ^= 0xFF
    (folder / name).write_bytes(bytes(data))
    assert storage.read_vectors(folder, name) is None
    assert storage.vector_files(folder) == []


def test_merging_keeps_only_the_texts_asked_for(tmp_path: Path) -> None:
    folder = storage.vector_folder(tmp_path, "model-a")
    for batch in ((1, 2), (2, 3), (4,)):
        storage.write_vectors(folder, *vectors(*batch))
    storage.merge_vectors(folder, np.asarray(["k1", "k2", "k4"], dtype=np.str_))
    [merged] = storage.vector_files(folder)
    keys, matrix = storage.read_vectors(folder, merged) or (None, None)
    assert keys is not None
    assert sorted(keys.tolist()) == ["k1", "k2", "k4"]
    assert matrix is not None
    assert sorted(matrix[:, 0].tolist()) == [1, 2, 4]
