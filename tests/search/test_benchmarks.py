"""Both search benchmarks run at their reduced size and print their figures."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def run(script: str, *arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *arguments],
        cwd=cwd, env={**os.environ, "COLUMNS": "200"}, capture_output=True, text=True,
        timeout=600, check=False,
    )  # fmt: skip


@pytest.mark.slow
@pytest.mark.usefixtures("demo_index")
def test_relevance_benchmark(demo_folder: Path) -> None:
    """Reuses the session's demo store and index (`--workdir`)."""
    ran = run("search_relevance.py", "--quick", "--workdir", str(demo_folder), cwd=demo_folder)
    assert ran.returncode == 0, ran.stderr
    assert "nDCG@10" in ran.stdout
    assert "bm25 baseline" in ran.stdout
    assert "margin over the baseline" in ran.stderr


@pytest.mark.slow
def test_speed_benchmark(tmp_path: Path) -> None:
    ran = run("search_speed.py", "--quick", "--json", cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    rows = json.loads(ran.stdout)
    assert [row["products"] for row in rows] == [500]
    for row in rows:
        assert row["variants"] > 4 * row["products"]
        assert not row["update_rebuilt"]
        assert row["p50_ms"] <= row["p99_ms"]
