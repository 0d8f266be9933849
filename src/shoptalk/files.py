"""Files written whole or not at all: a temporary file beside the target, renamed over it once
complete, so a reader never sees half a file and a failure leaves the old one as it was."""

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TextIO


@contextmanager
def atomic_text(path: Path) -> Iterator[TextIO]:
    with _temporary_beside(path) as temporary, temporary.open("w", encoding="utf-8") as handle:
        yield handle


def write_bytes_atomically(path: Path, data: bytes) -> None:
    with _temporary_beside(path) as temporary:
        temporary.write_bytes(data)


def write_bytes_once(path: Path, data: bytes, mode: int = 0o600) -> bytes:
    """What `path` holds, creating it with `data` when it does not exist yet.

    The file is written under a temporary name created with `mode` 0600 and linked into
    place, which fails if another process got there first: of concurrent first writers
    exactly one wins, each returns the winner's bytes, and the file is never readable wider
    than `mode`, not even for a moment."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    temporary = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        with suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path.read_bytes()


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path beside `path` for a writer that wants a file name (not a handle);
    renamed over `path` when the block ends without an error."""
    with _temporary_beside(path) as temporary:
        yield temporary


def replace_directory(building: Path, out: Path) -> None:
    """Swap a finished directory in for `out`; a failure before this leaves the old one."""
    old = out.with_name(out.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        out.rename(old)
    building.rename(out)
    shutil.rmtree(old, ignore_errors=True)


@contextmanager
def _temporary_beside(path: Path) -> Iterator[Path]:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    os.close(descriptor)
    temporary = Path(name)
    try:
        yield temporary
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
