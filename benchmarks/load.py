"""Load benchmark: `shoptalk serve --workers 4` with sessions in Redis, on loopback.

    .venv/bin/python benchmarks/load.py            # 20 s per text level, 40 s per voice level
    .venv/bin/python benchmarks/load.py --quick    # 5 s and 15 s, for CI

The server runs over a private copy of the demo store, its var dir in a temporary folder and
its rate limits raised so the figures measure throughput, not the limiter. Every session is a
shopper with a store-issued token (u-1, u-2, ...) looping over a short scripted conversation
(search, pick, choose an option, add to the cart, read it, remove, order status, policy);
each client waits for an answer before its next turn (closed loop).

Text turns are measured at 10, 50 and 200 concurrent sessions; voice turns (a recording made
once with the project's voice, uploaded as multipart, the reply spoken back) at 4 and 16.
A turn is an error unless answered 200; a turn is lost when a session's summary counts fewer
(or more) turns than were answered. Memory is each worker's resident set, read from /proc.
The client runs on the same cores as the server. Figures go to stdout; progress to stderr.
"""

import argparse
import asyncio
import os
import statistics
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from contextlib import AsyncExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from serving import serve

from shoptalk.config import Settings
from shoptalk.server.tokens import issue_token, token_secret
from shoptalk.speech import Synthesizer, wav_bytes

REPO = Path(__file__).parent.parent
WORKERS = 4
REDIS = "redis://127.0.0.1:6379/3"
UNLIMITED = "1000000000"
console = Console(width=120)
progress_console = Console(stderr=True)

TEXT_SCRIPT = (
    "show me backpacks",
    "the first one",
    "the 20 L one please",
    "yes",
    "what's in my cart",
    "remove the backpack from my cart",
    "where is my order",
    "the first one",
    "what's your return policy",
)
VOICE_SCRIPT = (
    "show me backpacks",
    "the first one",
    "what's in my cart",
    "where is my order",
    "what's your return policy",
)


@dataclass(frozen=True)
class Level:
    kind: str
    sessions: int
    seconds: float


@dataclass
class Outcome:
    level: Level
    latencies_s: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    assistant_ms: list[float] = field(default_factory=list)
    lost: int = 0
    elapsed_s: float = 0.0
    client_cpu: float = 0.0
    """The benchmark client's CPU over the level, in cores."""
    others_cpu: float = 0.0
    """CPU of processes that are neither the client, the server nor Redis, in cores."""

    @property
    def answered(self) -> int:
        return len(self.latencies_s)

    def percentile_ms(self, share: float) -> float:
        if not self.latencies_s:
            return float("nan")
        ordered = sorted(self.latencies_s)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


# The server -------------------------------------------------------------------------------


@contextmanager
def served(folder: Path, redis_url: str) -> Iterator[tuple[str, subprocess.Popen[bytes], bytes]]:
    """`shoptalk serve --workers 4` on a free loopback port, ready on every worker; yields the
    base URL, the server process and the token key its workers share."""
    var = folder / "var"
    secret = token_secret(Settings(var_dir=var))  # written before the workers start
    env = {
        "SHOPTALK_VAR_DIR": str(var),
        "SHOPTALK_REDIS_URL": redis_url,
        "SHOPTALK_TURNS_PER_MINUTE_SESSION": UNLIMITED,
        "SHOPTALK_TURNS_PER_MINUTE_CLIENT": UNLIMITED,
    }
    with serve(folder, env, workers=WORKERS) as (base, server):
        yield base, server, secret


# Memory -------------------------------------------------------------------------------------


def children(pid: int) -> list[int]:
    """Processes whose parent is `pid` (field 4 of /proc/PID/stat, after the command name)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def worker_pids(server_pid: int) -> list[int]:
    """The uvicorn workers: spawned children of the server, not multiprocessing's tracker."""
    workers = []
    for pid in children(server_pid):
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        if "resource_tracker" not in command:
            workers.append(pid)
    return sorted(workers)


def memory_mib(pid: int) -> dict[str, float]:
    """Resident set now and at its peak (VmRSS, VmHWM) and the proportional share (Pss)."""
    fields: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0]) / 1024
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            fields["Pss"] = int(line.split()[1]) / 1024
    return fields


@dataclass(frozen=True)
class CpuMeter:
    """CPU seconds spent by the machine, and by this benchmark's own processes (the client,
    the server and its workers, Redis), so a run can say how much other work shared the cores.
    """

    pids: tuple[int, ...]

    @staticmethod
    def machine_s() -> float:
        user, nice, system, _idle, _iowait, irq, softirq, steal = map(
            int, Path("/proc/stat").read_text().split()[1:9]
        )
        return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")

    def ours_s(self) -> float:
        total = 0
        for pid in self.pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])
        return total / os.sysconf("SC_CLK_TCK")


def redis_pids() -> list[int]:
    return [
        int(comm.parent.name)
        for comm in Path("/proc").glob("[0-9]*/comm")
        if comm.exists() and comm.read_text().strip() == "redis-server"
    ]


# The load -----------------------------------------------------------------------------------

Turn = Callable[[httpx.AsyncClient, str, int], Awaitable[httpx.Response]]


def text_turn(client: httpx.AsyncClient, session_id: str, index: int) -> Awaitable[httpx.Response]:
    text = TEXT_SCRIPT[index % len(TEXT_SCRIPT)]
    return client.post(f"/v1/sessions/{session_id}/turns", json={"text": text})


def voice_turn_of(recordings: list[bytes]) -> Turn:
    def voice_turn(
        client: httpx.AsyncClient, session_id: str, index: int
    ) -> Awaitable[httpx.Response]:
        audio = recordings[index % len(recordings)]
        files = {"audio": ("turn.wav", audio, "audio/wav")}
        return client.post(f"/v1/sessions/{session_id}/turns", files=files, data={"speak": "true"})

    return voice_turn


def recordings() -> list[bytes]:
    """The voice script spoken once by the project's voice, as WAV files."""
    with progress_console.status("Recording the voice script with the project's voice"):
        synthesizer = Synthesizer.from_settings(Settings())
        spoken = [synthesizer.synthesize(text) for text in VOICE_SCRIPT]
    return [wav_bytes(chunk.samples, chunk.sample_rate) for chunk in spoken]


async def run_level(
    base: str, secret: bytes, level: Level, turn: Turn, progress: Progress, meter: CpuMeter
) -> Outcome:
    """`level.sessions` shoppers, each with a connection of its own (as each browser has),
    taking turns back to back for `level.seconds`; then every session's summary is checked
    against the turns it was answered, and the session ended."""
    outcome = Outcome(level)
    async with AsyncExitStack() as stack:
        clients = [
            await stack.enter_async_context(httpx.AsyncClient(base_url=base, timeout=120))
            for _ in range(level.sessions)
        ]
        session_ids = await asyncio.gather(
            *(open_session(c, secret, f"u-{n + 1}") for n, c in enumerate(clients))
        )
        task = progress.add_task(f"{level.kind} x {level.sessions}", total=level.seconds, detail="")
        started, cpu_started = time.perf_counter(), time.process_time()
        machine_started, ours_started = meter.machine_s(), meter.ours_s()
        deadline = started + level.seconds
        ticker = asyncio.create_task(tick(progress, task, started, outcome))
        answered = await asyncio.gather(
            *(
                converse(c, sid, turn, deadline, outcome)
                for c, sid in zip(clients, session_ids, strict=True)
            )
        )
        outcome.elapsed_s = time.perf_counter() - started
        outcome.client_cpu = (time.process_time() - cpu_started) / outcome.elapsed_s
        machine, ours = meter.machine_s() - machine_started, meter.ours_s() - ours_started
        outcome.others_cpu = max(0.0, machine - ours) / outcome.elapsed_s
        ticker.cancel()
        progress.update(task, completed=level.seconds)
        for client, session_id, count in zip(clients, session_ids, answered, strict=True):
            summary = await client.get(f"/v1/sessions/{session_id}")
            counted = summary.json()["turns"] if summary.status_code == 200 else 0
            outcome.lost += abs(counted - count)
            await client.delete(f"/v1/sessions/{session_id}")
    return outcome


async def open_session(client: httpx.AsyncClient, secret: bytes, user_id: str) -> str:
    token = issue_token(secret, user_id, 3600, "shoptalk")
    client.headers["Authorization"] = f"Bearer {token}"  # every request of the session
    created = await client.post("/v1/sessions")
    created.raise_for_status()
    return str(created.json()["session_id"])


async def converse(
    client: httpx.AsyncClient, session_id: str, turn: Turn, deadline: float, outcome: Outcome
) -> int:
    """Turns of one session until the deadline; the number answered 200."""
    answered = index = 0
    while time.perf_counter() < deadline:
        start = time.perf_counter()
        try:
            response = await turn(client, session_id, index)
        except httpx.HTTPError as error:
            outcome.errors[type(error).__name__] += 1
        else:
            if response.status_code == 200:
                outcome.latencies_s.append(time.perf_counter() - start)
                outcome.assistant_ms.append(response.json()["timings_ms"]["total"])
                answered += 1
            else:
                outcome.errors[f"{response.status_code} {error_code(response)}"] += 1
        index += 1
    return answered


def error_code(response: httpx.Response) -> str:
    try:
        return str(response.json()["error"]["code"])
    except (ValueError, KeyError, TypeError):
        return response.text[:40]


async def tick(progress: Progress, task: Any, started: float, outcome: Outcome) -> None:
    while True:
        elapsed = time.perf_counter() - started
        rate = outcome.answered / elapsed if elapsed else 0.0
        detail = f"{outcome.answered} turns, {rate:.0f}/s, {sum(outcome.errors.values())} errors"
        progress.update(task, completed=elapsed, detail=detail)
        await asyncio.sleep(0.25)


# The report ---------------------------------------------------------------------------------


def load_table(outcomes: list[Outcome]) -> Table:
    table = Table(title=f"Turns under load: {WORKERS} workers, sessions in Redis, loopback")
    names = ("turns", "sessions", "answered", "turns/s", "p50 ms", "p95 ms", "max ms")
    for name in (*names, "assistant p50", "client", "others"):
        table.add_column(name, justify="right" if name != "turns" else "left")
    table.add_column("errors", justify="right")
    table.add_column("lost", justify="right")
    for o in outcomes:
        errors = ", ".join(f"{n} x {code}" for code, n in o.errors.items()) or "0"
        table.add_row(
            o.level.kind,
            str(o.level.sessions),
            str(o.answered),
            f"{o.answered / o.elapsed_s:.1f}",
            f"{o.percentile_ms(0.50):.0f}",
            f"{o.percentile_ms(0.95):.0f}",
            f"{max(o.latencies_s, default=float('nan')) * 1000:.0f}",
            f"{statistics.median(o.assistant_ms) if o.assistant_ms else float('nan'):.0f}",
            f"{o.client_cpu:.2f}",
            f"{o.others_cpu:.2f}",
            errors,
            str(o.lost),
        )
    return table


def memory_table(before: dict[int, dict[str, float]], after: dict[int, dict[str, float]]) -> Table:
    table = Table(title="Memory per worker (MiB)")
    for name in ("worker", "RSS ready", "RSS after load", "peak RSS", "PSS after load"):
        table.add_column(name, justify="right")
    for pid in sorted(after):
        table.add_row(
            str(pid),
            f"{before.get(pid, {}).get('VmRSS', float('nan')):.0f}",
            f"{after[pid]['VmRSS']:.0f}",
            f"{after[pid]['VmHWM']:.0f}",
            f"{after[pid].get('Pss', float('nan')):.0f}",
        )
    return table


def targets(outcomes: list[Outcome]) -> list[str]:
    lines = []
    for o in outcomes:
        if (o.level.kind, o.level.sessions) == ("text", 50):
            rate, p95 = o.answered / o.elapsed_s, o.percentile_ms(0.95)
            met = rate >= 200 and p95 <= 150
            lines.append(
                f"≥ 200 text turns/s at p95 ≤ 150 ms with 50 sessions: {rate:.0f}/s at "
                f"p95 {p95:.0f} ms — {'met' if met else 'NOT met'}"
            )
        if (o.level.kind, o.level.sessions) == ("text", 200):
            errors = sum(o.errors.values())
            met = errors == 0 and o.lost == 0
            lines.append(
                f"no errors and no lost turn at 200 sessions: {errors} errors, {o.lost} lost — "
                f"{'met' if met else 'NOT met'}"
            )
    return lines


# Main ---------------------------------------------------------------------------------------


def levels(quick: bool) -> tuple[list[Level], list[Level]]:
    text_s, voice_s = (5.0, 15.0) if quick else (20.0, 40.0)
    text = [Level("text", n, text_s) for n in (10, 50, 200)]
    voice = [Level("voice", n, voice_s) for n in (4, 16)]
    return text, voice


async def measure(
    base: str,
    secret: bytes,
    levels: tuple[list[Level], list[Level]],
    spoken: list[bytes],
    meter: CpuMeter,
) -> list[Outcome]:
    text, voice = levels
    columns = (
        TextColumn("{task.description:<12}"),
        BarColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[detail]}"),
    )
    outcomes = []
    with Progress(*columns, console=progress_console) as progress:
        warmup = Level("warm-up", 8, 3.0)
        await run_level(base, secret, warmup, text_turn, progress, meter)
        for level in text:
            outcomes.append(await run_level(base, secret, level, text_turn, progress, meter))
        for level in voice:
            voice_turn = voice_turn_of(spoken)
            outcomes.append(await run_level(base, secret, level, voice_turn, progress, meter))
    return outcomes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="short levels, for CI")
    parser.add_argument("--redis-url", default=REDIS, help=f"Redis for sessions ({REDIS})")
    args = parser.parse_args()
    spoken = recordings()
    with (
        tempfile.TemporaryDirectory(prefix="shoptalk-load-") as folder,
        served(Path(folder), args.redis_url) as (base, server, secret),
    ):
        workers = worker_pids(server.pid)
        before = {pid: memory_mib(pid) for pid in workers}
        all_ours = (os.getpid(), server.pid, *workers, *redis_pids())
        meter = CpuMeter(tuple(all_ours))
        outcomes = asyncio.run(measure(base, secret, levels(args.quick), spoken, meter))
        after = {pid: memory_mib(pid) for pid in workers}
        server_memory = memory_mib(server.pid)
    console.print(load_table(outcomes))
    console.print(memory_table(before, after))
    console.print(
        f"Server process (not serving, holds its own assistant): "
        f"{server_memory['VmRSS']:.0f} MiB RSS. {os.cpu_count()} CPU cores shared with the client; "
        "assistant p50: time inside the Assistant (timings_ms.total), ms; client, others: CPU "
        "of the benchmark client and of other processes on the machine, in cores."
    )
    for line in targets(outcomes):
        console.print(line)


if __name__ == "__main__":
    main()
