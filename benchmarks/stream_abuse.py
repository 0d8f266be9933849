"""Stream abuse benchmark: what broken or hostile stream clients cost a real `shoptalk serve`.

    .venv/bin/python benchmarks/stream_abuse.py                  # 60 s per scenario
    .venv/bin/python benchmarks/stream_abuse.py --quick          # 10 s per scenario
    .venv/bin/python benchmarks/stream_abuse.py --json --out stream_abuse.json

One `shoptalk serve` worker runs over a private copy of the demo store (its trained models,
its home in a temporary folder). Over real WebSocket connections, each scenario runs for its
time and then closes its sockets:

- garbage-pcm: random bytes sent as 16 kHz PCM, 64 KiB a message, as fast as the server
  takes them; when the server closes a socket (a limit), the client opens another.
- garbage-webm: random bytes sent as a browser recording that never ends, at 10 MB/s.
- endless-speech: three LibriSpeech readers talking over each other (tests/speech/data), so
  voice activity hears speech with no pause, sent at twice real time (so a 60 s run is 120 s
  of speech, past the 60 s an utterance may last).

Before the first scenario one short spoken turn loads the speech models, so what is measured
is what the abuse adds. The server's resident set (VmRSS in /proc) is sampled every 0.25 s:
the baseline before a scenario, its peak during it, and its value 5 s after the sockets
closed. Targets: growth under 50 MiB, and back near the baseline after the close.
Figures go to stdout (a table, or JSON with --json), and to --out as JSON.
"""

import argparse
import asyncio
import json
import os
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import httpx
import numpy as np
from rich.console import Console
from rich.table import Table
from serving import serve
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from shoptalk.speech import SAMPLE_RATE, decode_audio

REPO = Path(__file__).parent.parent
SPEECH = REPO / "tests" / "speech" / "data"
CHUNK_S = 0.1
"""Seconds of audio per PCM message: what a browser's audio worklet sends."""
GROWTH_TARGET_MIB = 50.0
console = Console(width=140)
progress = Console(stderr=True)


@dataclass
class Figures:
    scenario: str
    seconds: float
    sent_mib: float = 0.0
    messages: int = 0
    connections: int = 0
    closes: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    events: Counter[str] = field(default_factory=Counter)
    baseline_mib: float = 0.0
    peak_mib: float = 0.0
    after_close_mib: float = 0.0

    @property
    def growth_mib(self) -> float:
        return self.peak_mib - self.baseline_mib

    @property
    def left_after_close_mib(self) -> float:
        return self.after_close_mib - self.baseline_mib

    def to_json(self) -> dict[str, Any]:
        shown = {
            f.name: dict(value) if isinstance(value := getattr(self, f.name), Counter) else value
            for f in fields(self)
        }  # not asdict: it rebuilds a Counter from (key, count) pairs, counting the pairs
        shown.update(growth_mib=self.growth_mib, left_after_close_mib=self.left_after_close_mib)
        shown["within_target"] = self.growth_mib <= GROWTH_TARGET_MIB
        return shown


# The server -------------------------------------------------------------------------------


@contextmanager
def served(folder: Path) -> Iterator[tuple[str, int]]:
    """One `shoptalk serve` worker on a free loopback port; yields its address and pid."""
    with serve(folder, {"SHOPTALK_HOME": str(folder / "home")}) as (base, server):
        yield base.removeprefix("http://"), server.pid


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


class MemoryWatch:
    """Samples a process's resident set every 0.25 s in a thread, keeping the peak."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak = pid, rss_mib(pid)
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> "MemoryWatch":
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._done.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._done.wait(0.25):
            self.peak = max(self.peak, rss_mib(self.pid))


# The clients ------------------------------------------------------------------------------


async def open_stream(address: str, start: dict[str, Any]) -> ClientConnection:
    async with httpx.AsyncClient() as client:
        created = await client.post(f"http://{address}/v1/sessions", timeout=30)
    session_id = created.json()["session_id"]
    stream = await connect(f"ws://{address}/v1/sessions/{session_id}/stream", open_timeout=30)
    await stream.recv()  # ready
    await stream.send(json.dumps(start))
    return stream


async def read_events(stream: ClientConnection, figures: Figures) -> None:
    """Count what the server says until it closes the socket (by code)."""
    try:
        async for frame in stream:
            if isinstance(frame, str):
                event = json.loads(frame)
                figures.events[event["type"]] += 1
                if event["type"] == "error":
                    figures.errors[event["code"]] += 1
    except ConnectionClosed:
        pass
    code = stream.close_code
    figures.closes[str(code) if code is not None else "none"] += 1


Payload = Callable[[int], bytes]
"""The next message to send, given how many were sent on this socket."""


async def abuse(
    address: str, figures: Figures, start: dict[str, Any], payload: Payload, rate_bps: float
) -> None:
    """Send `payload` messages for `figures.seconds`, at most `rate_bps` bytes a second (0:
    as fast as the socket takes them), opening a new socket whenever the server closes one."""
    deadline = time.monotonic() + figures.seconds
    began = time.monotonic()
    while time.monotonic() < deadline:
        stream = await open_stream(address, start)
        figures.connections += 1
        reader = asyncio.create_task(read_events(stream, figures))
        sent = 0
        try:
            while time.monotonic() < deadline:
                message = payload(sent)
                await stream.send(message)
                sent += 1
                figures.messages += 1
                figures.sent_mib += len(message) / 2**20
                if rate_bps:
                    ahead = figures.sent_mib * 2**20 / rate_bps - (time.monotonic() - began)
                    await asyncio.sleep(max(0.0, ahead))
        except ConnectionClosed:
            pass
        await stream.close()
        await reader


def garbage(size: int) -> Payload:
    generator = np.random.default_rng(21)
    return lambda _sent: generator.bytes(size)


def babble(seconds: float) -> np.ndarray:
    """Three LibriSpeech readers talking at once, looped to `seconds`: speech with no pause."""
    clips = [decode_audio(path).samples for path in sorted((SPEECH / "librispeech").glob("*.flac"))]
    one = np.concatenate(clips)
    voices = (one + np.roll(one, len(one) // 3) + np.roll(one, 2 * len(one) // 3)) / 3
    return np.resize(voices, int(seconds * SAMPLE_RATE))


def pcm16(samples: np.ndarray) -> bytes:
    return bytes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())


def speech_chunks(seconds: float) -> Payload:
    audio = pcm16(babble(seconds))
    step = int(CHUNK_S * SAMPLE_RATE) * 2
    return lambda sent: audio[(sent * step) % len(audio) :][:step]


async def warm_up(address: str) -> None:
    """One spoken turn of a 10 s sentence, as a shopper might say: voice activity, recognition
    and the LM load, and decode a long utterance once, before any baseline is taken."""
    sentence = decode_audio(SPEECH / "librispeech" / "1089-134686-0000.flac").samples
    silence = np.zeros(SAMPLE_RATE, dtype=np.float32)
    audio = pcm16(np.concatenate([silence, sentence, silence, silence]))
    stream = await open_stream(address, {"type": "start", "format": "pcm16", "speak": False})
    step = int(CHUNK_S * SAMPLE_RATE) * 2
    for start in range(0, len(audio), step):
        await stream.send(audio[start : start + step])
    async for frame in stream:
        if isinstance(frame, str) and json.loads(frame)["type"] in ("reply", "error"):
            break
    await stream.close()


# Scenarios --------------------------------------------------------------------------------


def scenarios(seconds: float) -> list[tuple[str, dict[str, Any], Payload, float]]:
    pcm = {"type": "start", "format": "pcm16", "speak": False}
    webm = {"type": "start", "format": "webm", "speak": False}
    speed = 2.0
    return [
        ("garbage-pcm", pcm, garbage(65_536), 0.0),
        ("garbage-webm", webm, garbage(100_000), 10_000_000.0),
        ("endless-speech", pcm, speech_chunks(seconds * speed), speed * SAMPLE_RATE * 2),
    ]


def run(address: str, pid: int, seconds: float) -> list[Figures]:
    asyncio.run(warm_up(address))
    results = []
    for name, start, payload, rate in scenarios(seconds):
        time.sleep(2.0)
        figures = Figures(name, seconds, baseline_mib=rss_mib(pid))
        with progress.status(f"{name}: {seconds:g} s"), MemoryWatch(pid) as watch:
            asyncio.run(abuse(address, figures, start, payload, rate))
            time.sleep(5.0)
        figures.peak_mib, figures.after_close_mib = watch.peak, rss_mib(pid)
        results.append(figures)
    return results


def table(results: list[Figures]) -> Table:
    shown = Table(
        title=f"Stream abuse against one `shoptalk serve` worker ({os.cpu_count()} cores)"
    )
    for column in ("scenario", "s", "sent MiB", "msgs", "sockets", "closes", "errors"):
        shown.add_column(column)
    for column in ("RSS base", "peak", "growth", "after close"):
        shown.add_column(f"{column} MiB", justify="right")
    for f in results:
        shown.add_row(
            f.scenario,
            f"{f.seconds:g}",
            f"{f.sent_mib:.0f}",
            str(f.messages),
            str(f.connections),
            ", ".join(f"{code}x{n}" for code, n in f.closes.most_common()),
            ", ".join(f"{code}x{n}" for code, n in f.errors.most_common()),
            f"{f.baseline_mib:.0f}",
            f"{f.peak_mib:.0f}",
            f"{f.growth_mib:+.0f}",
            f"{f.left_after_close_mib:+.0f}",
        )
    return shown


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10 s per scenario instead of 60")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--out", type=Path, help="also write the figures as JSON to this file")
    args = parser.parse_args()
    seconds = 10.0 if args.quick else 60.0
    with (
        tempfile.TemporaryDirectory(prefix="stream-abuse-") as folder,
        served(Path(folder)) as (
            address,
            pid,
        ),
    ):
        results = run(address, pid, seconds)
    report = {
        "growth_target_mib": GROWTH_TARGET_MIB,
        "cpu_count": os.cpu_count(),
        "scenarios": [figures.to_json() for figures in results],
    }
    if args.out:
        args.out.write_text(json.dumps(report, indent=2) + "\n")
    if args.json:
        sys.stdout.write(json.dumps(report) + "\n")
    else:
        console.print(table(results))


if __name__ == "__main__":
    main()
