"""Store benchmark: large-catalog import (time, peak memory) and operation latency/throughput.

    python benchmarks/store.py            # 100k products / 500k variants / 200k orders
    python benchmarks/store.py --quick    # a reduced size, for CI
    python benchmarks/store.py --catalog  # only the platform export: import and sync (SQLite)
    python benchmarks/store.py --catalog --json   # the same figures as JSON

Import runs `shoptalk store import` in a child process so its peak memory is its own. The
operation mix per iteration is what a shopper's session does: look up the shopper, an order
and a product, add to the cart, view it, check out and cancel (5 reads, 3 writes).

The platform export is a Shopify product CSV made from the generated catalog (a second image
row per product, a variant image on every fifth variant, HTML descriptions); the sync changes
1,000 of its products (a price, stock counts, every tenth one's title), once as a whole new
export and once as a partial one listing just those products (`--partial`).
"""

import argparse
import csv
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
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


SHOPIFY_COLUMNS = (
    "Handle",
    "Title",
    "Body (HTML)",
    "Vendor",
    "Product Category",
    "Type",
    "Tags",
    "Published",
    "Option1 Name",
    "Option1 Value",
    "Option2 Name",
    "Option2 Value",
    "Option3 Name",
    "Option3 Value",
    "Variant SKU",
    "Variant Grams",
    "Variant Inventory Tracker",
    "Variant Inventory Qty",
    "Variant Inventory Policy",
    "Variant Fulfillment Service",
    "Variant Price",
    "Variant Compare At Price",
    "Variant Requires Shipping",
    "Variant Taxable",
    "Variant Barcode",
    "Image Src",
    "Image Position",
    "Image Alt Text",
    "Gift Card",
    "SEO Title",
    "SEO Description",
    "Variant Image",
    "Variant Weight Unit",
    "Cost per item",
    "Status",
)
CDN = "https://cdn.shopify.com/s/files/1/0533/2089/0123/files/"
SYNC_CHANGED = 1000


def _value(value: Any) -> str:
    return value["value"] if isinstance(value, dict) else str(value)


def shopify_rows(product: dict[str, Any]) -> Iterator[dict[str, str]]:
    """One product of the generated catalog as the rows of a Shopify export: a row per
    variant (the first with the product's fields), then a second image's row."""
    handle = product["id"]
    variants = product.get("variants")
    names = list(product.get("options", {})) if variants else []
    if not variants:
        made_to_order = {"id": f"{handle}-made", "options": {}, "price": product["price"]}
        variants = [made_to_order]
    for number, variant in enumerate(variants):
        row = {
            "Handle": handle,
            "Variant SKU": variant["id"],
            "Variant Grams": "450",
            "Variant Inventory Tracker": "" if variant.get("stock") is None else "shopify",
            "Variant Inventory Qty": str(variant.get("stock") or 0),
            "Variant Inventory Policy": "deny",
            "Variant Fulfillment Service": "manual",
            "Variant Price": f"{variant['price']:.2f}",
            "Variant Requires Shipping": "TRUE",
            "Variant Taxable": "TRUE",
            "Variant Weight Unit": "g",
            "Variant Image": f"{CDN}{variant['id']}.jpg" if number % 5 == 4 else "",
        }
        for n, name in enumerate(names, start=1):
            row[f"Option{n} Value"] = variant["options"][name]
        if number == 0:
            row |= {
                "Title": product["name"],
                "Body (HTML)": f"<p>{product.get('description') or ''}</p>",
                "Vendor": product.get("brand") or "",
                "Type": product.get("type") or "",
                "Tags": ", ".join(product.get("tags", [])),
                "Published": "TRUE",
                "Gift Card": "FALSE",
                "Status": "active",
                "Image Src": f"{CDN}{handle}-1.jpg",
                "Image Position": "1",
                "Image Alt Text": product["name"],
            }
            if names:
                row |= {f"Option{n} Name": name for n, name in enumerate(names, start=1)}
            else:
                row |= {"Option1 Name": "Title", "Option1 Value": "Default Title"}
        yield row
    yield {"Handle": handle, "Image Src": f"{CDN}{handle}-2.jpg", "Image Position": "2"}


def shopify_export(size: dict[str, Any], folder: Path) -> Path:
    """The generated catalog as a Shopify product CSV, kept in var/bench/ between runs."""
    path = folder / f"shopify-{size['products']}.csv"
    if path.exists():
        return path
    with console.status(f"Writing a Shopify export of {size['products']:,} products"):
        document = generate_snapshot(
            seed=1,
            products=size["products"],
            users=0,
            orders=0,
            variants_per_product=size["variants_per_product"],
        )
        writing = path.with_suffix(".writing")
        with writing.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, SHOPIFY_COLUMNS, restval="")
            writer.writeheader()
            for product in document["products"]:
                writer.writerows(shopify_rows(product))
        writing.replace(path)
    return path


def changed_exports(export: Path, products: int) -> tuple[Path, Path]:
    """The export with `SYNC_CHANGED` products changed: whole, and with only those products."""
    every = max(1, products // SYNC_CHANGED)
    whole = export.with_name(f"{export.stem}-changed.csv")
    partial = export.with_name(f"{export.stem}-changed-partial.csv")
    if whole.exists() and partial.exists():
        return whole, partial
    writing = [path.with_suffix(".writing") for path in (whole, partial)]
    with (
        export.open(newline="", encoding="utf-8") as source,
        writing[0].open("w", newline="", encoding="utf-8") as all_out,
        writing[1].open("w", newline="", encoding="utf-8") as some_out,
    ):
        reader = csv.DictReader(source)
        writers = [csv.DictWriter(out, SHOPIFY_COLUMNS) for out in (all_out, some_out)]
        for writer in writers:
            writer.writeheader()
        handles: dict[str, int] = {}
        for row in reader:
            number = handles.setdefault(row["Handle"], len(handles))
            changed = number % every == 0 and number // every < SYNC_CHANGED
            if changed:
                _change(row, number // every)
            writers[0].writerow(row)
            if changed:
                writers[1].writerow(row)
    writing[0].replace(whole)
    writing[1].replace(partial)
    return whole, partial


def _change(row: dict[str, str], which: int) -> None:
    """A price up by a dollar on the first variant, stock up on every variant, every tenth
    product renamed."""
    if row["Title"]:
        row["Variant Price"] = f"{float(row['Variant Price']) + 1:.2f}"
        if which % 10 == 0:
            row["Title"] += " II"
    if row["Variant Inventory Tracker"]:
        row["Variant Inventory Qty"] = str(int(row["Variant Inventory Qty"] or 0) + 5)


PEAK_REPORTER = """
import atexit, os, runpy, sys
def report_peak():
    with open("/proc/self/status") as status:
        peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    with open(os.environ["SHOPTALK_BENCH_PEAK"], "w") as out:
        out.write(peak)
atexit.register(report_peak)
sys.argv[0] = "shoptalk"
runpy.run_module("shoptalk", run_name="__main__")
"""
"""Runs `shoptalk` and writes its own high-water resident memory (KiB) on the way out: the
child's `ru_maxrss` would count the parent's pages it was forked with."""


def timed_shoptalk(*arguments: str) -> tuple[float, float, str]:
    """Wall seconds, peak resident memory (MiB) and stdout of a `shoptalk` child process."""
    with tempfile.TemporaryDirectory() as scratch:
        peak_file = Path(scratch) / "peak"
        env = {**os.environ, "SHOPTALK_BENCH_PEAK": str(peak_file)}
        command = [sys.executable, "-c", PEAK_REPORTER, *arguments]
        started = time.perf_counter()
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        elapsed = time.perf_counter() - started
        if done.returncode != 0:
            raise SystemExit(f"shoptalk {' '.join(arguments)} failed: {done.stderr[-500:]}")
        return elapsed, int(peak_file.read_text()) / 1024, done.stdout


def catalog_figures(size: dict[str, Any], work: Path) -> dict[str, Any]:
    """Import of the Shopify export into SQLite, then the two syncs, each into its own copy."""
    export = shopify_export(size, BENCH_DIR)
    whole, partial = changed_exports(export, size["products"])
    db = work / "shopify.db"
    seconds, peak, printed = timed_shoptalk("store", "import", str(export), "--db", str(db))
    counts = json.loads(printed)
    copy = work / "shopify-copy.db"
    with sqlite3.connect(db) as original, sqlite3.connect(copy) as duplicate:
        original.backup(duplicate)
    figures: dict[str, Any] = {
        "file_mib": export.stat().st_size / 2**20,
        "products": counts["products"],
        "variants": counts["variants"],
        "import_s": seconds,
        "import_peak_mib": peak,
    }
    for name, path, target, extra in (
        ("sync", whole, db, []),
        ("partial_sync", partial, copy, ["--partial"]),
    ):
        seconds, peak, printed = timed_shoptalk(
            "store", "sync", str(path), "--db", str(target), "--json", *extra
        )
        report = json.loads(printed)
        figures |= {
            f"{name}_s": seconds,
            f"{name}_peak_mib": peak,
            f"{name}_updated": report["products_updated"],
            f"{name}_unchanged": report["products_unchanged"],
        }
    return figures


def catalog_table(figures: dict[str, Any]) -> Table:
    title = (
        f"A Shopify export of {figures['products']:,} products, {figures['variants']:,} "
        f"variants ({figures['file_mib']:.0f} MB): import, and a sync of {SYNC_CHANGED:,} "
        "changed products (SQLite)"
    )
    table = Table(title=title)
    for column in ("step", "seconds", "peak MiB", "products updated", "target"):
        table.add_column(column)
    table.add_row(
        "import",
        f"{figures['import_s']:.1f}",
        f"{figures['import_peak_mib']:.0f}",
        "",
        "≤ 120 s, ≤ 2048 MiB",
    )
    for name, label in (("sync", "sync, whole export"), ("partial_sync", "sync --partial")):
        table.add_row(
            label,
            f"{figures[f'{name}_s']:.1f}",
            f"{figures[f'{name}_peak_mib']:.0f}",
            f"{figures[f'{name}_updated']:,}",
            "≤ 10 s",
        )
    return table


BENCH_DIR = Path("var/bench")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="reduced sizes, for CI")
    parser.add_argument(
        "--catalog", action="store_true", help="only the platform export's import and sync"
    )
    parser.add_argument("--json", action="store_true", help="print the export figures as JSON")
    args = parser.parse_args()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    size = QUICK if args.quick else FULL
    with tempfile.TemporaryDirectory(dir=BENCH_DIR) as folder:
        if not args.catalog:
            console.print(import_table(size, Path(folder)))
            console.print(operations_table(20 if args.quick else 150, Path(folder)))
        figures = catalog_figures(size, Path(folder))
    if args.json:
        sys.stdout.write(json.dumps(figures) + "\n")
    else:
        console.print(catalog_table(figures))


if __name__ == "__main__":
    main()
