"""A realistic development catalog for product search, its queries and graded judgments.

    python benchmarks/data/realistic_catalog/generate.py            # rewrite the outputs here
    python benchmarks/data/realistic_catalog/generate.py --check    # are they up to date?
    python benchmarks/data/realistic_catalog/generate.py --show 10  # queries and their best

Everything comes from the vocabulary in vocab/ and one seed, so the outputs are the same on
every run. The files, the grading rule and the query kinds are described in README.md.
"""

import argparse
import random
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

from catalog import CatalogBuilder, ProductFacts
from grading import Grader
from outputs import SPLITS, render_all, split_queries, write_all
from queries import Query, QueryWriter
from rich.console import Console
from rich.table import Table
from vocab import VocabError, load

from shoptalk.console import progress_bar

HERE = Path(__file__).resolve().parent
SEED = "ridgeway-1"
PRODUCTS = 5_500
out = Console()
err = Console(stderr=True)


def generate(
    seed: str, total: int
) -> tuple[list[ProductFacts], list[Query], dict[str, dict[str, int]]]:
    vocab = load()
    products = CatalogBuilder(vocab, random.Random(f"{seed}:catalog")).build(total)
    queries = QueryWriter(vocab, products, seed).write()
    grader = Grader(vocab)
    judgments: dict[str, dict[str, int]] = {}
    with progress_bar() as report:
        for n, query in enumerate(queries, start=1):
            judgments[query.id] = grader.judge(query.intent, products)
            report("grading", n, len(queries))
    return products, queries, judgments


def summary(
    products: Sequence[ProductFacts],
    queries: Sequence[Query],
    judgments: Mapping[str, Mapping[str, int]],
    split: Mapping[str, str],
) -> None:
    departments = Counter(p.department for p in products)
    table = Table(title=f"{len(products):,} products, {len({p.type for p in products})} types")
    table.add_column("department")
    table.add_column("products", justify="right")
    for name, count in sorted(departments.items()):
        table.add_row(name, f"{count:,}")
    out.print(table)
    kinds = Table(title=f"{len(queries)} queries")
    for column in ("kind", *SPLITS, "grade 3", "grade 2", "grade 1"):
        kinds.add_column(column, justify="left" if column == "kind" else "right")
    for kind in dict.fromkeys(q.kind for q in queries):
        chosen = [q for q in queries if q.kind == kind]
        grades = Counter(g for q in chosen for g in judgments[q.id].values())
        per_split = [sum(split[q.id] == s for q in chosen) for s in SPLITS]
        kinds.add_row(kind, *map(str, per_split), *(f"{grades[g]:,}" for g in (3, 2, 1)))
    out.print(kinds)


def show(
    count: int,
    products: Sequence[ProductFacts],
    queries: Sequence[Query],
    judgments: Mapping[str, Mapping[str, int]],
    seed: str,
) -> None:
    """A sample of queries with their best-graded products, to read the grades by eye."""
    titles = {p.id: p.title for p in products}
    for query in random.Random(f"{seed}:show").sample(list(queries), count):
        best = sorted(judgments[query.id].items(), key=lambda item: (-item[1], item[0]))
        grades = Counter(judgments[query.id].values())
        out.print(
            f"\n[bold]{query.id}[/bold] {query.text!r}  "
            f"(3: {grades[3]}, 2: {grades[2]}, 1: {grades[1]})  {query.intent.as_json()}"
        )
        for product_id, grade in best[:4]:
            out.print(f"  {grade}  {product_id}  {titles[product_id]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=HERE, help="folder for the outputs")
    parser.add_argument("--seed", default=SEED)
    parser.add_argument("--products", type=int, default=PRODUCTS)
    parser.add_argument("--check", action="store_true", help="compare with the files in --out")
    parser.add_argument("--show", type=int, default=0, metavar="N", help="print N queries")
    args = parser.parse_args()
    try:
        products, queries, judgments = generate(args.seed, args.products)
    except (VocabError, ValueError) as error:
        err.print(f"error: {error}")
        sys.exit(2)
    split = split_queries(queries, args.seed)
    files = render_all(products, queries, judgments, split)
    if args.check:
        stale = [n for n, text in files.items() if _read(args.out / n) != text]
        if stale:
            err.print(f"out of date: {', '.join(sorted(stale))} (run generate.py to rewrite)")
            sys.exit(1)
        err.print("outputs are up to date")
    else:
        write_all(args.out, files)
    summary(products, queries, judgments, split)
    if args.show:
        show(args.show, products, queries, judgments, args.seed)


def _read(path: Path) -> str | None:
    return path.read_text() if path.exists() else None


if __name__ == "__main__":
    main()
