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
    with pytest.raises(IndexUnreadable, match="not a shoptalk-search/1 index"):
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
