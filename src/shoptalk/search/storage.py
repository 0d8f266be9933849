"""The index on disk, beside the store: `<store data dir>/search/`.

    search/current.json          which build is current (replaced atomically)
    search/<build>/base.npz      the base segment's arrays
    search/<build>/base.json     its metadata and vocabulary, with the arrays' checksum
    search/<build>/delta.npz     products changed since the build (rewritten on each update)
    search/<build>/delta.json
    search/vectors/<model>/<checksum>.npz    text vectors, by text key, a batch per file

Every file is written to a temporary file in the same folder and renamed over the old one,
so a reader sees the old index or the new one, never half of one. Every read checks the
format and the checksum: anything that does not match raises `IndexUnreadable`, and the
caller rebuilds instead of trusting it. Builds and updates hold an exclusive file lock, so
two processes never write the same index at once.

Vectors live apart from the builds, one folder per embedding model, because they outlast
them: a vector depends on its text alone, so every build reuses what any earlier one (or an
interrupted encoding) stored. Each batch file is named by its own checksum and never
rewritten: adding vectors needs no lock, and a merge (`merge_vectors`) removes only the
files it has read whole into the merged one.
"""

import fcntl
import hashlib
import json
import os
import shutil
import tempfile
import uuid
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import numpy as np
import numpy.typing as npt

FORMAT = "shoptalk-search/2"
Arrays = dict[str, npt.NDArray[np.generic]]


class IndexUnreadable(Exception):
    """The stored index is from another version or damaged."""


class IndexMissing(IndexUnreadable):
    """No index has been built here yet."""


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / ".lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def claimed(folder: Path, name: str, *, wait: bool) -> Iterator[bool]:
    """An exclusive file lock for one job (encoding the vectors); True when this process has
    it, False when another one does and `wait` is off."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / name).open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def write_build(folder: Path, arrays: Arrays, meta: dict[str, Any]) -> Path:
    """Write a new base segment and make it current; older builds are removed."""
    build = folder / uuid.uuid4().hex[:12]
    build.mkdir(parents=True)
    _write_part(build, "base", arrays, meta)
    _atomic_write(folder / "current.json", lambda f: f.write(json.dumps({"build": build.name})))
    for old in folder.iterdir():
        if old.is_dir() and old not in (build, folder / "vectors"):
            shutil.rmtree(old, ignore_errors=True)
    return build


def read_build(folder: Path) -> tuple[Path, dict[str, Any], Arrays]:
    if not (folder / "current.json").exists():
        raise IndexMissing(f"no search index in {folder}")
    try:
        build = folder / str(json.loads((folder / "current.json").read_text())["build"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise IndexUnreadable(f"no current build: {error}") from error
    meta, arrays = _read_part(build, "base")
    return build, meta, arrays


def write_delta(build: Path, arrays: Arrays, meta: dict[str, Any]) -> None:
    _write_part(build, "delta", arrays, meta)


def read_delta(build: Path) -> tuple[dict[str, Any], Arrays] | None:
    """The delta segment, None when there is none."""
    if not (build / "delta.json").exists():
        return None
    return _read_part(build, "delta")


def vector_folder(folder: Path, embeddings: str) -> Path:
    """Where the vectors of one embedding model (and text recipe) are kept."""
    return folder / "vectors" / hashlib.blake2b(embeddings.encode(), digest_size=6).hexdigest()


def drop_other_vectors(folder: Path, keep: Path) -> None:
    """Remove the vectors of other embedding models: no build can use them again."""
    for other in (folder / "vectors").glob("*"):
        if other.is_dir() and other != keep:
            shutil.rmtree(other, ignore_errors=True)


def write_vectors(
    vectors: Path, keys: npt.NDArray[np.str_], matrix: npt.NDArray[np.float16]
) -> str:
    """Store one batch of vectors (`keys[i]` is the text key of `matrix[i]`); its file name."""
    vectors.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=vectors, prefix=".batch.")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            np.savez(handle, keys=keys, matrix=matrix)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o666 & ~_umask())
        name = f"{_checksum(Path(temporary))}.npz"
        os.replace(temporary, vectors / name)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return name


def vector_files(vectors: Path) -> list[str]:
    """The batch files stored so far, oldest first."""
    if not vectors.is_dir():
        return []
    found = [p for p in vectors.glob("*.npz") if not p.name.startswith(".")]
    return [p.name for p in sorted(found, key=_modified)]


def read_vectors(
    vectors: Path, name: str
) -> tuple[npt.NDArray[np.str_], npt.NDArray[np.float16]] | None:
    """One batch file; None when it is gone (merged away) or damaged (then it is removed, and
    its texts are encoded again)."""
    path = vectors / name
    try:
        if _checksum(path) != path.stem:
            raise ValueError("checksum mismatch")
        with np.load(path, allow_pickle=False) as stored:
            keys, matrix = stored["keys"].astype(np.str_), stored["matrix"].astype(np.float16)
        if matrix.ndim != 2 or len(keys) != len(matrix):
            raise ValueError("keys and vectors differ in number")
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, EOFError):
        path.unlink(missing_ok=True)
        return None
    return keys, matrix


def merge_vectors(vectors: Path, keep: npt.NDArray[np.str_]) -> None:
    """Rewrite the stored vectors as one file holding only the texts in `keep`; files added
    meanwhile are left alone, and nothing is removed unless every file was read whole."""
    names = vector_files(vectors)
    if len(names) < 2:
        return
    batches = [read_vectors(vectors, name) for name in names]
    if any(batch is None for batch in batches):
        return
    keys = np.concatenate([batch[0] for batch in batches if batch is not None])
    matrix = np.concatenate([batch[1] for batch in batches if batch is not None])
    chosen = np.flatnonzero(np.isin(keys, keep))
    _, first = np.unique(keys[chosen], return_index=True)
    merged = write_vectors(vectors, keys[chosen[first]], matrix[chosen[first]])
    for name in names:
        if name != merged:
            (vectors / name).unlink(missing_ok=True)


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:
        return 0.0


def _write_part(build: Path, part: str, arrays: Arrays, meta: dict[str, Any]) -> None:
    _atomic_write(build / f"{part}.npz", lambda f: np.savez(f, **arrays), binary=True)  # type: ignore[arg-type]
    described = {**meta, "format": FORMAT, "checksum": _checksum(build / f"{part}.npz")}
    _atomic_write(build / f"{part}.json", lambda f: f.write(json.dumps(described)))


def _read_part(build: Path, part: str) -> tuple[dict[str, Any], Arrays]:
    try:
        meta = json.loads((build / f"{part}.json").read_text())
        if not isinstance(meta, dict) or meta.get("format") != FORMAT:
            raise IndexUnreadable(f"{part}: not a {FORMAT} index")
        if meta.get("checksum") != _checksum(build / f"{part}.npz"):
            raise IndexUnreadable(f"{part}: checksum mismatch")
        with np.load(build / f"{part}.npz", allow_pickle=False) as stored:
            arrays = {name: stored[name] for name in stored.files}
    except (OSError, ValueError, zipfile.BadZipFile, EOFError) as error:
        raise IndexUnreadable(f"{part}: {error}") from error
    return meta, arrays


def _umask() -> int:
    """The process umask (only readable by setting it), so files get the usual permissions
    rather than mkstemp's private 0600."""
    current = os.umask(0)
    os.umask(current)
    return current


def _checksum(path: Path) -> str:
    digest = hashlib.blake2b(digest_size=16)
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 22), b""):
            digest.update(block)
    return digest.hexdigest()


def _atomic_write(path: Path, write: Callable[[IO[Any]], object], binary: bool = False) -> None:
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "wb" if binary else "w") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
