"""Store benchmark: large-catalog import (time, peak memory) and operation latency/throughput.

    python benchmarks/store.py            # 100k products / 500k variants / 200k orders
    python benchmarks/store.py --quick    # a reduced size, for CI

Import runs `shoptalk store import` in a child process so its peak memory is its own. The
operation mix per iteration is what a shopper's session does: look up the shopper, an order
and a product, add to the cart, view it, check out and cancel (5 reads, 3 writes).
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import psycopg
from rich.console import Console
from rich.table import Table

from shoptalk.commerce import Refused, Snapshot, Store, import_snapshot
from shoptalk.commerce.demo import demo_snapshot, generate_snapshot

PG_SERVER = "postgresql://127.0.0.1:5432/test"
console = Console(width=120)

FULL = {"products": 100_000, "users": 20_000, "orders": 200_000, "variants_per_product": 5.0}
QUICK = {"products": 5_000, "users": 1_000, "orders": 10_000, "variants_per_product": 5.0}


def large_snapshot_file(size: dict[str, Any], folder: Path) -> Path:
    """The generated snapshot, kept in var/bench/ between runs (generating it takes a while)."""
    path = folder / f"store-{size['products']}.json"
    if not path.exists():
        with console.status(f"Generating {size['products']:,} products"):
            document = generate_snapshot(seed=1, **size)
            path.write_text(json.dumps(document))
    return path


def timed_import(snapshot: Path, url: str) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MiB) of `shoptalk store import` as a child."""
    command = [
        sys.executable,
        "-m",
        "shoptalk",
        "store",
        "import",
        str(snapshot),
        "--db",
        url,
        "--replace",
    ]
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"import into {url} failed")
    return elapsed, usage.ru_maxrss / 1024


def fresh_postgres(name: str) -> str:
    with psycopg.connect(PG_SERVER, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql+psycopg://127.0.0.1:5432/{name}"


Timings = list[tuple[str, float]]


def session_mix(url: str, seed: int, iterations: int) -> tuple[Timings, float, float]:
    """One worker process: shopper sessions against the store; (operation, seconds) each,
    and the wall-clock span of the sessions themselves (set-up excluded)."""
    store = Store.open(url)
    rng = random.Random(seed)
    document = demo_snapshot()
    users = document["users"]
    orders_by_user: dict[str, list[str]] = {}
    for order in document["orders"]:
        orders_by_user.setdefault(order["user_id"], []).append(order["id"])
    variants = [
        (p["id"], v["id"])
        for p in document["products"]
        for v in p["variants"]
        if v["available"] and v["stock"] > 50
    ]
    timings: Timings = []

    def timed(op: str, **arguments: Any) -> Any:
        started = time.perf_counter()
        try:
            result = store.call(op, arguments)
        except Refused:
            result = None
        timings.append((op, time.perf_counter() - started))
        return result

    began = time.time()
    for _ in range(iterations):
        user = rng.choice([u for u in users if u["id"] in orders_by_user])
        method = (
            next(m["id"] for m in user["payment_methods"] if m["type"] != "gift_card")
            if any(m["type"] != "gift_card" for m in user["payment_methods"])
            else user["payment_methods"][0]["id"]
        )
        timed("find_user_by_email", email=user["email"])
        timed("get_user", user_id=user["id"])
        timed("get_order", user_id=user["id"], order_id=rng.choice(orders_by_user[user["id"]]))
        product_id, variant_id = rng.choice(variants)
        timed("get_product", product_id=product_id)
        timed("add_to_cart", user_id=user["id"], variant_id=variant_id)
        timed("view_cart", user_id=user["id"])
        order = timed("checkout", user_id=user["id"], payment_method_id=method)
        if order is not None:
            timed(
                "cancel_pending_order",
                user_id=user["id"],
                order_id=order.id,
                reason="ordered by mistake",
            )
    ended = time.time()
    store.close()
    return timings, began, ended


def operation_figures(url: str, workers: int, iterations: int) -> dict[str, float]:
    with ProcessPoolExecutor(max_workers=workers) as pool:
        parts = list(pool.map(session_mix, [url] * workers, range(workers), [iterations] * workers))
    wall = max(end for _, _, end in parts) - min(begin for _, begin, _ in parts)
    timings = [t for part, _, _ in parts for t in part]
    reads = sorted(s for op, s in timings if op in READS)
    writes = sorted(s for op, s in timings if op not in READS)
    return {
        "ops": len(timings),
        "ops_per_s": len(timings) / wall,
        "read_p50_ms": percentile(reads, 50),
        "read_p99_ms": percentile(reads, 99),
        "write_p50_ms": percentile(writes, 50),
        "write_p99_ms": percentile(writes, 99),
    }


READS = {"find_user_by_email", "get_user", "get_order", "get_product", "view_cart"}


def percentile(values: list[float], p: int) -> float:
    if len(values) < 2:
        return values[0] * 1000 if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1] * 1000


def load_demo(url: str) -> None:
    store = Store.open(url)
    import_snapshot(store, Snapshot.model_validate(demo_snapshot()), replace=True)
    store.close()


def import_table(size: dict[str, Any], work: Path) -> Table:
    snapshot = large_snapshot_file(size, BENCH_DIR)
    variants = int(size["products"] * size["variants_per_product"])
    title = (
        f"Import of {size['products']:,} products, {variants:,} variants, {size['orders']:,} orders"
    )
    table = Table(title=title)
    for column in ("database", "seconds", "peak MiB"):
        table.add_column(column)
    targets = {
        "SQLite": f"sqlite:///{work / 'large.db'}",
        "PostgreSQL": fresh_postgres("shoptalk_bench_import"),
    }
    for name, url in targets.items():
        seconds, peak = timed_import(snapshot, url)
        table.add_row(name, f"{seconds:.1f}", f"{peak:.0f}")
    return table


def operations_table(iterations: int, work: Path) -> Table:
    title = f"Operations on the demo store ({iterations} shopper sessions per worker, 8 ops each)"
    table = Table(title=title)
    columns = ("database", "workers", "ops/s", "read p50 ms", "read p99 ms", "write p50 ms")
    for column in (*columns, "write p99 ms"):
        table.add_column(column)
    targets = {
        "SQLite": f"sqlite:///{work / 'demo.db'}",
        "PostgreSQL": fresh_postgres("shoptalk_bench_ops"),
    }
    for name, url in targets.items():
        load_demo(url)
        for workers in (1, 8):
            f = operation_figures(url, workers, iterations)
            figures = [f["read_p50_ms"], f["read_p99_ms"], f["write_p50_ms"], f["write_p99_ms"]]
            table.add_row(
                name, str(workers), f"{f['ops_per_s']:.0f}", *(f"{x:.1f}" for x in figures)
            )
    return table


BENCH_DIR = Path("var/bench")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="reduced sizes, for CI")
    args = parser.parse_args()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=BENCH_DIR) as folder:
        console.print(import_table(QUICK if args.quick else FULL, Path(folder)))
        console.print(operations_table(20 if args.quick else 150, Path(folder)))


if __name__ == "__main__":
    main()
