"""`shoptalk search` as a user runs it: one query, or a batch of JSON lines."""

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import DATA


def shoptalk(
    *arguments: str, cwd: Path, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SHOPTALK_VAR_DIR": str(cwd / "var"), "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "shoptalk", *arguments],
        cwd=cwd, env=env, input=stdin, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


def test_one_query_builds_the_index_beside_the_store(tmp_path: Path) -> None:
    found = shoptalk("search", "--store", str(DATA), "red trail shoe size 10", cwd=tmp_path)
    assert found.returncode == 0, found.stderr
    assert found.stdout.splitlines()[0] == (
        "1. Trail Running Shoe, red, size 10, 59 dollars 99  [p-1 v-2]"
    )
    assert "Traceback" not in found.stderr
    assert list((tmp_path / "var" / "stores").glob("*/search/current.json"))
    as_json = shoptalk(
        "search", "--store", str(DATA), "latte", "--limit", "1", "--json", cwd=tmp_path
    )
    result = json.loads(as_json.stdout)
    assert [hit["product_id"] for hit in result["hits"]] == ["p-3"]
    assert result["hits"][0]["price"] == 4.5


def test_batch_mode(tmp_path: Path) -> None:
    lines = [
        {"id": 1, "query": "latte"},
        {"id": "b", "query": "navy trail shoe"},
        {"id": 3, "query": ""},
        {"id": 4},
        "not json",
    ]
    stdin = "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n"
    ran = shoptalk("search", "--store", str(DATA), "--queries", "-", "--limit", "2", "--json", cwd=tmp_path, stdin=stdin)  # fmt: skip
    answers = [json.loads(line) for line in ran.stdout.splitlines()]
    assert ran.returncode == 2
    assert answers[0]["id"] == 1
    assert answers[0]["results"][0]["product_id"] == "p-3"
    assert set(answers[0]["results"][0]) == {"product_id", "variant_id", "score"}
    assert answers[1]["results"][0] == {
        **answers[1]["results"][0],
        "product_id": "p-1",
        "variant_id": "v-3",
    }
    assert answers[2] == {"id": 3, "results": []}
    assert answers[3] == {"id": 4, "error": 'each line must be {"id": ..., "query": "..."}'}
    assert answers[4] == {"error": "not JSON: Expecting value"}


def test_mistakes_are_one_line(tmp_path: Path) -> None:
    neither = shoptalk("search", "--store", str(DATA), cwd=tmp_path)
    assert (neither.returncode, neither.stderr.strip()) == (
        2,
        "error: give a query, --queries FILE or --build-vectors",
    )
    missing = shoptalk("search", "--store", str(DATA), "--queries", "nope.jsonl", cwd=tmp_path)
    assert missing.returncode == 2
    assert missing.stderr.strip().splitlines()[-1] == "error: cannot read nope.jsonl: no such file"
