"""Understanding benchmark: parse latency (normalisation + model + grounding), throughput, and
quality on the hand-written held-out set and on CLINC150's validation split.

    python benchmarks/nlu.py                 # the demo store's model (trained first if missing)
    python benchmarks/nlu.py --store DB      # another store

Latency is measured one utterance at a time on one thread, as a turn is served.
"""

import argparse
import json
import statistics
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from shoptalk.commerce.locate import open_store
from shoptalk.config import get_settings
from shoptalk.console import progress_bar
from shoptalk.nlu import service
from shoptalk.nlu.evaluate import labelled, labelled_clinc, score
from shoptalk.nlu.parser import Parser

HELD_OUT = Path("tests/nlu/data/heldout.jsonl")
CLINC = Path("../shared/data/clinc150")


def latency(parser: Parser, texts: list[str]) -> dict[str, float]:
    for text in texts[:20]:
        parser.parse(text)
    timings = []
    started = time.perf_counter()
    for text in texts:
        begin = time.perf_counter()
        parser.parse(text)
        timings.append((time.perf_counter() - begin) * 1000)
    wall = time.perf_counter() - started
    cuts = statistics.quantiles(timings, n=100, method="inclusive")
    return {"p50_ms": cuts[49], "p99_ms": cuts[98], "utterances_per_s": len(texts) / wall}


def main() -> None:
    parser_args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser_args.add_argument("--store", default=None)
    args = parser_args.parse_args()
    settings = get_settings()
    store = open_store(args.store)
    with progress_bar() as report:
        folder = service.ensure_model(store, settings, report, print)
    parser = Parser.load(folder, store, settings.out_of_scope_threshold, threads=1)
    held_out = labelled(HELD_OUT)
    speed = latency(parser, [frame.text for frame in held_out])
    quality = score((frame, parser.parse(frame.text)) for frame in held_out)
    clinc = score((frame, parser.parse(frame.text)) for frame in labelled_clinc(CLINC))
    meta = json.loads((folder / "parser.json").read_text())
    size = sum(p.stat().st_size for p in folder.iterdir()) / 2**20
    table = Table("measure", "value", title=f"Understanding model {folder} ({size:.0f} MB)")
    rows = {
        "parse p50 (ms)": f"{speed['p50_ms']:.1f}",
        "parse p99 (ms)": f"{speed['p99_ms']:.1f}",
        "utterances/s, one thread": f"{speed['utterances_per_s']:.0f}",
        "training seconds": f"{meta['validation'].get('train_seconds', 0):.0f}",
        "held-out intent accuracy": f"{quality['intent_accuracy']:.1%}",
        "held-out intent macro F1": f"{quality['intent_macro_f1']:.1%}",
        "held-out slot F1": f"{quality['slot_f1']:.1%}",
        "held-out slot precision / recall": f"{quality['slot_precision']:.1%} / "
        f"{quality['slot_recall']:.1%}",
        "held-out exact frame": f"{quality['exact_frame']:.1%}",
        "CLINC val out-of-scope recall": f"{clinc['oos_recall']:.1%}",
        "CLINC val in-scope rejected": f"{clinc['in_scope_rejected_rate']:.1%}",
    }
    for name, value in rows.items():
        table.add_row(name, value)
    Console(width=120).print(table)


if __name__ == "__main__":
    main()
