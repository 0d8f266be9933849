"""Load benchmark: `shoptalk serve --workers 4` with sessions in Redis, on loopback.

    .venv/bin/python benchmarks/load.py            # 20 s per text rate, 60 s at twice the best
    .venv/bin/python benchmarks/load.py --quick    # 5 s and 10 s, for CI
    .venv/bin/python benchmarks/load.py --out load.json

The server runs over a private copy of the demo store, its var dir in a temporary folder and
its rate limits raised so the figures measure throughput, not the limiter. Every session is a
shopper with a store-issued token (u-1, u-2, ...) going through a short scripted conversation
(search, pick, choose an option, add to the cart, read it, remove, order status, policy).

**Text turns arrive the way traffic does (open loop).** Turns arrive at a fixed mean rate with
exponential gaps (a Poisson process), whether or not earlier ones were answered; each takes an
idle session, or opens a new shopper's session when none is idle. A turn's latency runs from
the moment it was due to arrive, so a client that falls behind cannot hide queueing
(coordinated omission). Each rate runs for a fixed time; the report gives the highest rate with
p95 ≤ 150 ms and no errors, then runs twice that rate and checks that nothing is lost: every
turn sent is answered, or refused with 429 or 503, never dropped (a transport error or a
timeout), and every session's own count of turns equals the turns it was answered.

Voice turns (a recording made once with the project's voice, uploaded as multipart, the reply
spoken back) are still measured closed loop, at 4 and 16 sessions each waiting for its answer.
A turn is an error unless answered 200. Memory is each worker's resident set, read from /proc.
The client runs on the same cores as the server. Figures go to stdout; progress to stderr.
"""

import argparse
import asyncio
import itertools
import json
import os
import random
import statistics
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from contextlib import AsyncExitStack, contextmanager
from dataclasses import asdict, dataclass, field
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
P95_TARGET_MS = 150.0
RATE_TARGET = 150.0
"""The issue's target: text turns at >= 150/s with p95 <= 150 ms (open loop, 4 workers)."""
REFUSED = {429, 503}
"""Answers that refuse a turn on purpose (rate limit, overload): refused, not lost."""
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


def percentile_ms(latencies_s: list[float], share: float) -> float:
    """The `share` quantile of latencies in seconds, in milliseconds (NaN when none)."""
    if not latencies_s:
        return float("nan")
    ordered = sorted(latencies_s)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


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
        return percentile_ms(self.latencies_s, share)


@dataclass(frozen=True)
class Rate:
    per_second: float
    seconds: float


@dataclass
class Arrivals:
    """What came of one open-loop rate."""

    rate: Rate
    sent: int = 0
    latencies_s: list[float] = field(default_factory=list)
    """Answered turns, from the moment each was due."""
    refused: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    """Other answers than 200 and the refusals."""
    dropped: Counter[str] = field(default_factory=Counter)
    """Turns that got no answer at all: transport errors and timeouts."""
    lost: int = 0
    """Turns a session counts differently from the answers its shopper got."""
    sessions: int = 0
    elapsed_s: float = 0.0

    def percentile_ms(self, share: float) -> float:
        return percentile_ms(self.latencies_s, share)

    @property
    def clean(self) -> bool:
        """No error, no refusal, nothing dropped or lost."""
        return not (self.errors or self.refused or self.dropped or self.lost)

    def figures(self) -> dict[str, Any]:
        return {
            "offered_per_s": self.rate.per_second,
            "seconds": self.rate.seconds,
            "sent": self.sent,
            "answered": len(self.latencies_s),
            "answered_per_s": len(self.latencies_s) / self.elapsed_s if self.elapsed_s else 0.0,
            "p50_ms": self.percentile_ms(0.50),
            "p95_ms": self.percentile_ms(0.95),
            "p99_ms": self.percentile_ms(0.99),
            "refused": dict(self.refused),
            "errors": dict(self.errors),
            "dropped": dict(self.dropped),
            "lost": self.lost,
            "sessions": self.sessions,
        }


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


@dataclass
class Shopper:
    """One shopper's session: its id, the token it is bound to, the turns it was answered."""

    session_id: str
    headers: dict[str, str]
    turns: int = 0
    answered: int = 0


async def open_loop(
    client: httpx.AsyncClient, secret: bytes, rate: Rate, seed: int, progress: Progress
) -> Arrivals:
    """Text turns arriving as a Poisson process at `rate` for its duration (see the module
    docstring); waits for the last answer, then checks every session's count of turns."""
    outcome, rng = Arrivals(rate), random.Random(seed)
    idle: list[Shopper] = []
    shoppers: list[Shopper] = []
    numbers = itertools.count()  # taken before the wait: sessions opened together differ
    pending: set[asyncio.Task[None]] = set()
    task = progress.add_task(f"text {rate.per_second:g}/s", total=rate.seconds, detail="")

    async def shopper() -> Shopper:
        if idle:
            return idle.pop()
        token = issue_token(secret, f"u-{next(numbers) % 250 + 1}", 3600, "shoptalk")
        headers = {"Authorization": f"Bearer {token}"}
        created = await client.post("/v1/sessions", headers=headers)
        created.raise_for_status()
        found = Shopper(str(created.json()["session_id"]), headers)
        shoppers.append(found)
        return found

    async def arrive(due: float) -> None:
        outcome.sent += 1
        try:
            who = await shopper()
            text = TEXT_SCRIPT[who.turns % len(TEXT_SCRIPT)]
            who.turns += 1
            response = await client.post(
                f"/v1/sessions/{who.session_id}/turns", json={"text": text}, headers=who.headers
            )
        except httpx.HTTPError as error:
            outcome.dropped[type(error).__name__] += 1
            return
        if response.status_code == 200:
            outcome.latencies_s.append(time.perf_counter() - due)
            who.answered += 1
        elif response.status_code in REFUSED:
            outcome.refused[f"{response.status_code} {error_code(response)}"] += 1
        else:
            outcome.errors[f"{response.status_code} {error_code(response)}"] += 1
        idle.append(who)

    started = time.perf_counter()
    due = started + rng.expovariate(rate.per_second)
    while due < started + rate.seconds:
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        arrival = asyncio.create_task(arrive(due))
        pending.add(arrival)
        arrival.add_done_callback(pending.discard)
        elapsed = time.perf_counter() - started
        progress.update(task, completed=elapsed, detail=f"{outcome.sent} sent, {len(pending)} open")
        due += rng.expovariate(rate.per_second)
    await asyncio.gather(*pending)
    outcome.elapsed_s = time.perf_counter() - started
    progress.update(task, completed=rate.seconds)
    for who in shoppers:
        summary = await client.get(f"/v1/sessions/{who.session_id}", headers=who.headers)
        counted = summary.json()["turns"] if summary.status_code == 200 else 0
        outcome.lost += abs(counted - who.answered)
        await client.delete(f"/v1/sessions/{who.session_id}", headers=who.headers)
    outcome.sessions = len(shoppers)
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


def arrivals_table(runs: list[Arrivals], title: str) -> Table:
    table = Table(title=title)
    names = ("offered/s", "seconds", "sent", "answered/s", "p50 ms", "p95 ms", "p99 ms")
    for name in (*names, "sessions", "refused", "errors", "dropped", "lost"):
        table.add_column(name, justify="right")
    for run in runs:
        figures = run.figures()
        table.add_row(
            f"{run.rate.per_second:g}",
            f"{run.rate.seconds:g}",
            str(run.sent),
            f"{figures['answered_per_s']:.1f}",
            f"{run.percentile_ms(0.50):.0f}",
            f"{run.percentile_ms(0.95):.0f}",
            f"{run.percentile_ms(0.99):.0f}",
            str(run.sessions),
            _counts(run.refused),
            _counts(run.errors),
            _counts(run.dropped),
            str(run.lost),
        )
    return table


def _counts(counts: Counter[str]) -> str:
    return ", ".join(f"{n} x {what}" for what, n in counts.items()) or "0"


def best_rate(runs: list[Arrivals]) -> Arrivals | None:
    """The highest rate answered with p95 within the target and nothing else going wrong."""
    passing = [r for r in runs if r.clean and r.percentile_ms(0.95) <= P95_TARGET_MS]
    return max(passing, key=lambda r: r.rate.per_second, default=None)


def targets(best: Arrivals | None, overload: Arrivals) -> list[str]:
    rate = best.rate.per_second if best else 0.0
    p95 = f"p95 {best.percentile_ms(0.95):.0f} ms" if best else "no rate within it"
    met = rate >= RATE_TARGET
    dropped, lost = sum(overload.dropped.values()), overload.lost
    return [
        f"highest text arrival rate with p95 ≤ {P95_TARGET_MS:.0f} ms and no errors: {rate:g}/s "
        f"({p95}); target ≥ {RATE_TARGET:.0f}/s — {'met' if met else 'NOT met'}",
        f"{overload.rate.per_second:g}/s (twice that) for {overload.rate.seconds:g} s: "
        f"{len(overload.latencies_s)} answered, {sum(overload.refused.values())} refused, "
        f"{sum(overload.errors.values())} other errors, {dropped} dropped, {lost} lost — "
        f"{'nothing lost' if not dropped and not lost else 'turns LOST'}",
    ]


# Main ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    rates: tuple[float, ...]
    rate_s: float
    overload_s: float
    voice: tuple[Level, ...]


def plan(quick: bool) -> Plan:
    if quick:
        return Plan((20, 40, 80), 5.0, 10.0, (Level("voice", 4, 15.0),))
    voice = tuple(Level("voice", n, 40.0) for n in (4, 16))
    return Plan((25, 50, 75, 100, 125, 150, 200, 250), 20.0, 60.0, voice)


@dataclass
class Results:
    rates: list[Arrivals]
    overload: Arrivals
    voice: list[Outcome]


async def measure(
    base: str, secret: bytes, planned: Plan, spoken: list[bytes], meter: CpuMeter
) -> Results:
    """Text rates from the lowest up, stopping after the first that misses the latency target
    or loses anything; twice the best one; then the voice levels."""
    columns = (
        TextColumn("{task.description:<14}"),
        BarColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[detail]}"),
    )
    limits = httpx.Limits(max_connections=2000, max_keepalive_connections=2000)
    with Progress(*columns, console=progress_console) as progress:
        async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
            await open_loop(client, secret, Rate(planned.rates[0], 3.0), 0, progress)  # warm-up
            runs: list[Arrivals] = []
            for seed, per_second in enumerate(planned.rates, start=1):
                runs.append(
                    await open_loop(
                        client, secret, Rate(per_second, planned.rate_s), seed, progress
                    )
                )
                if runs[-1] is not best_rate(runs):
                    break
            best = best_rate(runs)
            doubled = Rate(
                2 * (best.rate.per_second if best else planned.rates[0]), planned.overload_s
            )
            overload = await open_loop(client, secret, doubled, 99, progress)
        voice = [
            await run_level(base, secret, level, voice_turn_of(spoken), progress, meter)
            for level in planned.voice
        ]
    return Results(runs, overload, voice)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="short runs, for CI")
    parser.add_argument("--redis-url", default=REDIS, help=f"Redis for sessions ({REDIS})")
    parser.add_argument("--out", type=Path, help="also write the figures to this JSON file")
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
        results = asyncio.run(measure(base, secret, plan(args.quick), spoken, meter))
        after = {pid: memory_mib(pid) for pid in workers}
        server_memory = memory_mib(server.pid)
    title = f"Text turns, open loop (Poisson arrivals): {WORKERS} workers, sessions in Redis"
    console.print(arrivals_table(results.rates, title))
    console.print(arrivals_table([results.overload], "Twice the best rate"))
    console.print(load_table(results.voice))
    console.print(memory_table(before, after))
    console.print(
        f"Server process (not serving, holds its own assistant): "
        f"{server_memory['VmRSS']:.0f} MiB RSS. {os.cpu_count()} CPU cores shared with the client; "
        "voice: closed loop, each session waits for its answer; assistant p50: time inside the "
        "Assistant (timings_ms.total), ms; client, others: CPU of the benchmark client and of "
        "other processes on the machine, in cores."
    )
    best = best_rate(results.rates)
    for line in targets(best, results.overload):
        console.print(line)
    if args.out:
        figures = {
            "text_rates": [run.figures() for run in results.rates],
            "best_rate_per_s": best.rate.per_second if best else None,
            "overload": results.overload.figures(),
            "voice": [
                {
                    **asdict(o.level),
                    "answered": o.answered,
                    "turns_per_s": o.answered / o.elapsed_s,
                    "p50_ms": o.percentile_ms(0.50),
                    "p95_ms": o.percentile_ms(0.95),
                    "errors": dict(o.errors),
                    "lost": o.lost,
                }
                for o in results.voice
            ],
            "cpu_cores": os.cpu_count(),
        }
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(figures, indent=1) + "\n")


if __name__ == "__main__":
    main()
