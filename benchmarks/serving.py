"""`shoptalk serve` as the benchmarks run it: over a private copy of the demo store and its
trained models, on a free loopback port, its output in a log file, stopped afterwards."""

import glob
import os
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from rich.console import Console

REPO = Path(__file__).parent.parent
READY_WAIT_S = 600.0
progress = Console(stderr=True)


def demo_models() -> dict[str, str]:
    """The environment that points `shoptalk` at the demo store's trained models."""
    found = sorted(glob.glob(str(REPO / "var" / "stores" / "demo-*" / "understanding")))
    if not found:
        sys.exit("No trained demo model in var/stores/demo-*/understanding: run `make` first.")
    understanding = Path(found[0])
    return {
        "SHOPTALK_UNDERSTANDING_MODEL": str(understanding),
        "SHOPTALK_LANGUAGE_MODEL": str(understanding.parent / "lm"),
    }


def copy_demo_store(target: Path) -> Path:
    with sqlite3.connect(REPO / "var" / "demo.db") as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    return target


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def ready(base: str) -> bool:
    try:
        return httpx.get(f"{base}/readyz", timeout=5).status_code == 200
    except httpx.TransportError:
        return False


@contextmanager
def serve(
    folder: Path, env: dict[str, str], *arguments: str, workers: int = 1
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`shoptalk serve <arguments>` over a copy of the demo store in `folder`, with `env` added
    to ours; yields the base URL once `/readyz` answers and every worker has started (a worker
    still loading its models would skew the first measurement), and the server process."""
    store = copy_demo_store(folder / "demo.db")
    port = free_port()
    command = [sys.executable, "-m", "shoptalk", "serve", "--store", str(store)]
    command += ["--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    log = folder / "server.log"
    with log.open("wb") as sink:
        server = subprocess.Popen(
            [*command, *arguments],
            cwd=folder,
            env={**os.environ, **demo_models(), **env},
            stdout=sink,
            stderr=sink,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        with progress.status(f"Starting shoptalk serve ({workers} worker(s) load the models)"):
            _wait_ready(base, server, log, workers)
        yield base, server
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()


def _wait_ready(base: str, server: subprocess.Popen[bytes], log: Path, workers: int) -> None:
    deadline = time.monotonic() + READY_WAIT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"The server stopped:\n{log.read_text(errors='replace')[-3000:]}")
        started = log.read_text(errors="replace").count("Application startup complete")
        if started >= workers and ready(base):
            return
        time.sleep(0.5)
    sys.exit(f"The server was not ready within {READY_WAIT_S:.0f} s:\n{log.read_text()[-3000:]}")
