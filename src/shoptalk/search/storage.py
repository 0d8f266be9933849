"""The index on disk, beside the store: `<store data dir>/search/`.

    search/current.json          which build is current (replaced atomically)
    search/<build>/base.npz      the base segment's arrays
    search/<build>/base.json     its metadata and vocabulary, with the arrays' checksum
    search/<build>/delta.npz     products changed since the build (rewritten on each update)
    search/<build>/delta.json

Every file is written to a temporary file in the same folder and renamed over the old one,
so a reader sees the old index or the new one, never half of one. Every read checks the
format and the checksum: anything that does not match raises `IndexUnreadable`, and the
caller rebuilds instead of trusting it. Builds and updates hold an exclusive file lock, so
two processes never write the same index at once.
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

FORMAT = "shoptalk-search/1"
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


def write_build(folder: Path, arrays: Arrays, meta: dict[str, Any]) -> Path:
    """Write a new base segment and make it current; older builds are removed."""
    build = folder / uuid.uuid4().hex[:12]
    build.mkdir(parents=True)
    _write_part(build, "base", arrays, meta)
    _atomic_write(folder / "current.json", lambda f: f.write(json.dumps({"build": build.name})))
    for old in folder.iterdir():
        if old.is_dir() and old != build:
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
