"""`shoptalk serve` and `redis-server` as real processes for the tests that use them.

The server's output goes to a file, not a pipe: a pipe nobody reads fills up and stalls the
server, and the log is what a test reads one-time codes and tracebacks from.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

READY_WAIT_S = 240.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def environment(folder: Path, models: dict[str, str], **extra: str) -> dict[str, str]:
    return {"SHOPTALK_HOME": str(folder / "var"), **models, **extra}


@dataclass
class Served:
    base: str
    """http://127.0.0.1:<port>"""
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def address(self) -> str:
        return self.base.removeprefix("http://")

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def wait_ready(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + READY_WAIT_S
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text(errors="replace")
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"the server did not become ready:\n{log.read_text(errors='replace')}")


@contextmanager
def serving(folder: Path, env: dict[str, str], *arguments: str) -> Iterator[Served]:
    """`shoptalk serve <arguments>` on a free port, ready to answer; stopped afterwards."""
    port = free_port()
    log = folder / f"serve-{port}.log"
    command = [sys.executable, "-m", "shoptalk", "serve", "--port", str(port), *arguments]
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, cwd=folder, env={**os.environ, **env}, stdout=output, stderr=output
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base, process, log)
        yield Served(base, process, log)
    finally:
        process.terminate()
        process.wait(timeout=60)


@dataclass
class RedisServer:
    url: str
    port: int
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.skip("redis-server is not installed")
        command = [binary, "--port", str(self.port), "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.1)
        raise AssertionError("redis-server did not start")

    def kill(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=30)
            self.process = None


@contextmanager
def private_redis() -> Iterator[RedisServer]:
    """A Redis of this test's own, which it may stop and start again."""
    port = free_port()
    server = RedisServer(f"redis://127.0.0.1:{port}/0", port)
    server.start()
    try:
        yield server
    finally:
        server.kill()
