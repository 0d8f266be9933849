"""The `shoptalk` command as a user runs it: real processes, exit codes, stdout and stderr."""

import json
import subprocess
from importlib.metadata import version
from pathlib import Path

import pytest

from tests.conftest import DATA, run_shoptalk


def shoptalk(
    *arguments: str, cwd: Path, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return run_shoptalk(
        *arguments, cwd=cwd, env={"SHOPTALK_VAR_DIR": str(cwd / "var")}, stdin=stdin
    )


def test_import_export_round_trip(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'store.db'}"
    imported = shoptalk("store", "import", str(DATA), "--db", db, cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr
    assert json.loads(imported.stdout) == {"products": 4, "variants": 5, "users": 2, "orders": 4}
    out = tmp_path / "out" / "export.json"
    exported = shoptalk("store", "export", "--db", db, "-o", str(out), cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    again = shoptalk("store", "export", "--db", str(tmp_path / "store.db"), cwd=tmp_path)
    assert again.stdout == out.read_text()
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["store", "import", "missing.json"],
            "cannot read missing.json: No such file or directory",
        ),
        (["store", "import", "bad.json"], 'orders[0].user_id: unknown user "u-9"'),
        (["store", "export", "--db", "mysql://x/y"], "unsupported database 'mysql'"),
        (["store", "apply", "nope.jsonl"], "cannot read nope.jsonl"),
    ],
)
def test_user_errors_are_one_line_with_exit_code_2(
    tmp_path: Path, arguments: list[str], message: str
) -> None:
    bad = json.loads(DATA.read_text())
    bad["orders"][0]["user_id"] = "u-9"
    (tmp_path / "bad.json").write_text(json.dumps(bad))
    result = shoptalk(*arguments, cwd=tmp_path)
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1
    assert errors[0].startswith(f"error: {message}")
    assert "Traceback" not in result.stderr


def test_a_bad_import_leaves_the_database_untouched(tmp_path: Path) -> None:
    db = str(tmp_path / "store.db")
    assert shoptalk("store", "import", str(DATA), "--db", db, cwd=tmp_path).returncode == 0
    before = shoptalk("store", "export", "--db", db, cwd=tmp_path).stdout
    result = shoptalk("store", "import", str(DATA), "--db", db, cwd=tmp_path)
    assert result.returncode == 2
    assert "--replace" in result.stderr
    assert shoptalk("store", "export", "--db", db, cwd=tmp_path).stdout == before


def test_apply_prints_one_result_per_line_and_goes_on_after_errors(tmp_path: Path) -> None:
    db = str(tmp_path / "store.db")
    shoptalk("store", "import", str(DATA), "--db", db, cwd=tmp_path)
    lines = [
        {
            "op": "cancel_pending_order",
            "args": {"user_id": "u-1", "order_id": "#W1001", "reason": "no longer needed"},
        },
        {
            "op": "cancel_pending_order",
            "args": {"user_id": "u-1", "order_id": "#W1001", "reason": "no longer needed"},
        },
        "not json",
        {"op": "get_order", "args": {"user_id": "u-2", "order_id": "#W1001"}},
        {"op": "find_user_by_email", "args": {"email": "bo@example.com"}},
    ]
    ops = "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n"
    result = shoptalk("store", "apply", "--db", db, "-", cwd=tmp_path, stdin=ops)
    outputs = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.returncode == 2
    assert outputs[0]["status"] == "cancelled"
    assert outputs[1] == {"error": "order #W1001 is cancelled, and this needs it pending"}
    assert outputs[2]["error"].startswith("not JSON")
    assert outputs[3] == {"error": "order not found"}
    assert outputs[4] == {"user_id": "u-2"}


def test_store_accepts_a_snapshot_file(tmp_path: Path) -> None:
    result = shoptalk(
        "store",
        "apply",
        "--store",
        str(DATA),
        "-",
        cwd=tmp_path,
        stdin='{"op": "get_user", "args": {"user_id": "u-2"}}\n',
    )
    assert json.loads(result.stdout)["email"] == "bo@example.com"
    assert list((tmp_path / "var" / "snapshots").glob("small_store-*.db"))


def test_ops_lists_every_operation(tmp_path: Path) -> None:
    result = shoptalk("store", "ops", "--json", cwd=tmp_path)
    names = [json.loads(line)["name"] for line in result.stdout.splitlines()]
    assert "checkout" in names
    assert "exchange_delivered_order_items" in names


def test_init_demo_once(tmp_path: Path) -> None:
    first = shoptalk("store", "init-demo", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["orders"] == 1500
    again = shoptalk("store", "init-demo", "--if-missing", cwd=tmp_path)
    assert again.returncode == 0
    assert "already exists" in again.stderr
    refused = shoptalk("store", "init-demo", cwd=tmp_path)
    assert refused.returncode == 2
    assert "--replace" in refused.stderr
    email = shoptalk(
        "store",
        "apply",
        "-",
        cwd=tmp_path,
        stdin='{"op": "get_user", "args": {"user_id": "u-1"}}\n',
    )
    assert "@" in json.loads(email.stdout)["email"]


def test_version_is_the_installed_distribution_s(tmp_path: Path) -> None:
    result = shoptalk("--version", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"shoptalk {version('shoptalk')}\n"
    assert not (tmp_path / "var").exists()


def test_an_error_line_keeps_its_brackets(tmp_path: Path) -> None:
    """Error lines are text, not rich markup: "shoptalk[postgres]" or a file named with
    brackets print as they are."""
    result = shoptalk("store", "import", "menu[red].json", cwd=tmp_path)
    assert result.returncode == 2
    assert "cannot read menu[red].json" in result.stderr
