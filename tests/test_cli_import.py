"""`shoptalk store import` of platform exports and mapped files, and `shoptalk store sync`, as
a user runs them: real processes, exit codes, one-line errors, nothing written on failure."""

import csv
import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import DATA, run_shoptalk

SAMPLES = Path(__file__).parent / "commerce" / "importers" / "data"
SHOPIFY = SAMPLES / "shopify_products.csv"
WOO = SAMPLES / "woocommerce_products.csv"
Rows = list[dict[str, str]]


def shoptalk(*arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_shoptalk(*arguments, cwd=cwd, env={"SHOPTALK_VAR_DIR": str(cwd / "var")})


def one_error(result: subprocess.CompletedProcess[str]) -> str:
    """The one `error:` line of a failed command (exit code 2, no traceback)."""
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, result.stderr
    return errors[0].removeprefix("error: ")


def edited(source: Path, folder: Path, edit: Callable[[Rows], None]) -> Path:
    with source.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        rows, columns = list(reader), list(reader.fieldnames or [])
    edit(rows)
    named = dict.fromkeys(key for row in rows for key in row)
    columns = [c for c in columns if c in named] + [c for c in named if c not in columns]
    path = folder / f"edited-{source.name}"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, columns, restval="")
        writer.writeheader()
        writer.writerows(rows)
    return path


def exported(db: str, cwd: Path) -> dict[str, object]:
    result = shoptalk("store", "export", "--db", db, cwd=cwd)
    assert result.returncode == 0, result.stderr
    document: dict[str, object] = json.loads(result.stdout)
    return document


def test_a_shopify_export_becomes_a_catalog_only_store(tmp_path: Path) -> None:
    db = str(tmp_path / "shop.db")
    result = shoptalk("store", "import", str(SHOPIFY), "--db", db, "--name", "Kiln", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "products": 8,
        "variants": 22,
        "users": 0,
        "orders": 0,
        "skipped": {"draft products": 1, "archived products": 1},
    }
    store = exported(db, tmp_path)
    assert store["store"] == {"name": "Kiln", "currency": "USD", "policies": []}
    assert (store["users"], store["orders"]) == ([], [])


def test_a_mapped_csv_and_json_lines(tmp_path: Path) -> None:
    mapping = "group=product_code,id=sku,name=title,price=cost,currency=currency"
    result = shoptalk(
        "store", "import", str(SAMPLES / "catalog.csv"), "--format", "csv",
        "--map", mapping, "--map", "option.Color=colour,option.Size=size",
        "--db", str(tmp_path / "a.db"), cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["variants"] == 10
    lines = tmp_path / "menu.jsonl"
    lines.write_text('{"id": "tea", "name": "Sencha", "price": 12.5, "currency": "EUR"}\n')
    result = shoptalk("store", "import", str(lines), "--db", str(tmp_path / "b.db"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert exported(str(tmp_path / "b.db"), tmp_path)["store"] == {
        "name": "menu",
        "currency": "EUR",
        "policies": [],
    }


def test_unknown_columns_get_one_warning(tmp_path: Path) -> None:
    def typo(rows: Rows) -> None:
        rows[0]["Variant Colour"] = "x"

    path = edited(SHOPIFY, tmp_path, typo)
    result = shoptalk("store", "import", str(path), "--db", str(tmp_path / "s.db"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (
        "warning: edited-shopify_products.csv: ignoring columns ShopTalk does not know: "
        '"Variant Colour"'
    ) in result.stderr


def unchanged(rows: Rows) -> None:
    """No edit: the sample as it is."""


def sold_out(rows: Rows) -> None:
    next(r for r in rows if r["Variant SKU"] == "ACME-TR2-8")["Variant Inventory Qty"] = "0"
    next(r for r in rows if r["Handle"] == "linen-apron")["Title"] = "Linen Chef Apron"
    next(r for r in rows if r["Handle"] == "cork-yoga-mat")["Status"] = "archived"


def test_sync_reports_what_changed(tmp_path: Path) -> None:
    db = str(tmp_path / "shop.db")
    assert shoptalk("store", "import", str(SHOPIFY), "--db", db, cwd=tmp_path).returncode == 0
    newer = edited(SHOPIFY, tmp_path, sold_out)
    result = shoptalk("store", "sync", str(newer), "--db", db, "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["products_updated"], report["products_missing"]) == (2, 1)
    assert (report["stock_changes"], report["variants_made_unavailable"]) == (1, 3)
    assert report["missing_examples"] == ["cork-yoga-mat"]
    assert report["skipped"] == {"draft products": 1, "archived products": 2}
    assert "run `shoptalk train` and `shoptalk train-lm`" in result.stderr
    again = shoptalk("store", "sync", str(newer), "--db", db, cwd=tmp_path)
    assert again.stdout.splitlines()[0] == (
        "Products: 0 added, 0 updated, 7 unchanged, 1 missing from the file (cork-yoga-mat): "
        "their variants made unavailable"
    )
    assert "shoptalk train" not in again.stderr


@pytest.mark.parametrize(
    ("source", "edit", "options", "message"),
    [
        (
            SHOPIFY,
            lambda rows: [r.pop("Variant Price") for r in rows],
            [],
            'missing column "Variant Price"',
        ),
        (
            SHOPIFY,
            lambda rows: rows[-2].update({"Variant Price": "-3.00"}),
            [],
            'edited-shopify_products.csv, line 33, column "Variant Price": -3.00 is negative',
        ),
        (
            SHOPIFY,
            lambda rows: rows.append(dict(rows[9], **{"Variant SKU": "X-1"})),
            [],
            '"trail-runner-2" is already the product on line 13',
        ),
        (
            WOO,
            lambda rows: rows[3].update({"ID": "10"}),
            [],
            'line 5, column "ID": 10 is already used on line 2',
        ),
        (
            WOO,
            lambda rows: rows[3].update({"SKU": "woo-hoodie"}),
            [],
            'line 5, column "SKU": "woo-hoodie" is already used',
        ),
        (
            SHOPIFY,
            unchanged,
            ["--map", "name=Title"],
            "--map: a shopify export has known columns",
        ),
        (SHOPIFY, unchanged, ["--format", "magento"], "--format: 'magento' is not one of"),
        (SHOPIFY, unchanged, ["--currency", "$"], "--currency: '$' is not a currency code"),
    ],
)
def test_a_bad_file_is_one_line_and_writes_nothing(
    tmp_path: Path, source: Path, edit: Callable[[Rows], None], options: list[str], message: str
) -> None:
    db = str(tmp_path / "store.db")
    path = edited(source, tmp_path, edit)
    result = shoptalk("store", "import", str(path), "--db", db, *options, cwd=tmp_path)
    assert message in one_error(result)
    assert result.stdout == ""
    nothing = shoptalk("store", "export", "--db", db, cwd=tmp_path)
    assert "holds no store" in one_error(nothing)


def test_broken_utf8_and_mixed_currencies(tmp_path: Path) -> None:
    latin = tmp_path / "latin.csv"
    latin.write_bytes(SHOPIFY.read_bytes().replace("Müller".encode(), b"M\xfcller"))
    result = shoptalk("store", "import", str(latin), "--db", str(tmp_path / "a.db"), cwd=tmp_path)
    assert one_error(result) == (
        'latin.csv, line 24, column "Vendor": not UTF-8 text (byte 0xfc): save the file as UTF-8'
    )
    mixed = tmp_path / "mixed.jsonl"
    mixed.write_text(
        '{"id": "a", "name": "A", "price": 1, "currency": "USD"}\n'
        '{"id": "b", "name": "B", "price": 2, "currency": "GBP"}\n'
    )
    result = shoptalk("store", "import", str(mixed), "--db", str(tmp_path / "b.db"), cwd=tmp_path)
    assert one_error(result).startswith('mixed.jsonl, line 2, column "currency": GBP, where')


def test_a_sync_that_fails_changes_nothing(tmp_path: Path) -> None:
    db = str(tmp_path / "shop.db")
    assert shoptalk("store", "import", str(SHOPIFY), "--db", db, cwd=tmp_path).returncode == 0
    before = exported(db, tmp_path)

    def late_mistake(rows: Rows) -> None:
        sold_out(rows)
        rows[-2]["Variant Price"] = "12.345"

    newer = edited(SHOPIFY, tmp_path, late_mistake)
    result = shoptalk("store", "sync", str(newer), "--db", db, cwd=tmp_path)
    assert 'line 33, column "Variant Price": 12.345 has more than 2 decimals' in one_error(result)
    euros = shoptalk("store", "sync", str(SHOPIFY), "--db", db, "--currency", "EUR", cwd=tmp_path)
    assert one_error(euros) == "the file's prices are in EUR, the store's in USD: nothing synced"
    assert exported(db, tmp_path) == before


def test_sync_needs_a_store(tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    result = shoptalk("store", "sync", str(DATA), "--db", str(missing), cwd=tmp_path)
    assert one_error(result).startswith(f"no store at {missing}")
    assert not missing.exists()
