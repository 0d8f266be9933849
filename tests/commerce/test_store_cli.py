"""`shoptalk store import` refusing a bad file: one line, exit code 2, and nothing written."""

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import DATA, run_shoptalk

GOOD = DATA.read_text()


def shoptalk(*arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_shoptalk(*arguments, cwd=cwd, env={"SHOPTALK_VAR_DIR": str(cwd / "var")})


def huge_price() -> str:
    document = json.loads(GOOD)
    document["products"][0]["variants"][0]["price"] = 1e300
    return json.dumps(document)


def deeply_nested() -> str:
    depth = 3000
    return GOOD.replace('"tags": ["outdoor"]', f'"tags": {"[" * depth}{"]" * depth}', 1)


def refunds_above_payments() -> str:
    document = json.loads(GOOD)
    document["orders"][0]["payments"].append(
        {"type": "refund", "amount": 180.0, "method_id": "credit_card_7"}
    )
    return json.dumps(document)


BAD_FILES = [
    (huge_price, "products[0].variants[0].price: must be at most 10000000.00"),
    (deeply_nested, "products: nested more than 32 levels deep"),
    (refunds_above_payments, "orders[0].payments[1].amount: refunds add up to $180.00"),
]


@pytest.mark.parametrize(("document", "message"), BAD_FILES, ids=["1e300", "nested", "refunds"])
def test_a_refused_import_is_one_line_and_leaves_no_file(
    tmp_path: Path, document: Callable[[], str], message: str
) -> None:
    (tmp_path / "bad.json").write_text(document())
    result = shoptalk("store", "import", "bad.json", "--db", "new/store.db", cwd=tmp_path)
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith(f"error: {message}")
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json"]


def test_a_refused_replacement_leaves_the_database_as_it_was(tmp_path: Path) -> None:
    assert shoptalk("store", "import", str(DATA), "--db", "s.db", cwd=tmp_path).returncode == 0
    before = shoptalk("store", "export", "--db", "s.db", cwd=tmp_path).stdout
    (tmp_path / "bad.json").write_text(huge_price())
    result = shoptalk("store", "import", "bad.json", "--db", "s.db", "--replace", cwd=tmp_path)
    assert result.returncode == 2
    assert shoptalk("store", "export", "--db", "s.db", cwd=tmp_path).stdout == before
