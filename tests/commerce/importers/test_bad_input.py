"""Bad import files: one line naming the file, the row and the column; nothing read past it."""

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from shoptalk.commerce.errors import SnapshotError
from shoptalk.commerce.importers import open_catalog, open_source, parse_mapping
from shoptalk.commerce.importers.rows import MAX_LINE

DATA = Path(__file__).parent / "data"
Rows = list[dict[str, str]]


def edited(source: Path, tmp_path: Path, edit: Callable[[Rows], None]) -> Path:
    """A copy of a sample export with `edit` applied to its rows."""
    with source.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        rows, columns = list(reader), list(reader.fieldnames or [])
    edit(rows)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, sorted({c for r in rows for c in r}, key=_order(columns)))
    writer.writeheader()
    writer.writerows(rows)
    path = tmp_path / source.name
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def _order(columns: list[str]) -> Callable[[str], int]:
    return lambda c: columns.index(c) if c in columns else len(columns)


def read_all(path: Path, format: str, **options: Any) -> None:
    source = open_source(path, format, **options)
    for _ in source.iter_products():
        pass


def first_with(rows: Rows, column: str, value: str) -> dict[str, str]:
    return next(r for r in rows if r[column] == value)


def drop(column: str) -> Callable[[Rows], None]:
    def edit(rows: Rows) -> None:
        for r in rows:
            del r[column]

    return edit


SHOPIFY = DATA / "shopify_products.csv"
WOO = DATA / "woocommerce_products.csv"


@pytest.mark.parametrize(
    ("source", "edit", "message"),
    [
        (SHOPIFY, drop("Variant Price"), 'shopify_products.csv: missing column "Variant Price"'),
        (WOO, drop("Regular price"), 'woocommerce_products.csv: missing column "Regular price"'),
        (
            SHOPIFY,
            lambda rows: first_with(rows, "Variant SKU", "ACME-TR2-9").update(
                {"Variant Price": "-129.99"}
            ),
            'shopify_products.csv, line 14, column "Variant Price": -129.99 is negative',
        ),
        (
            SHOPIFY,
            lambda rows: first_with(rows, "Variant SKU", "ACME-TR2-9").update(
                {"Variant Price": "129,99"}
            ),
            "line 14, column \"Variant Price\": '129,99' is not an amount like 19.99",
        ),
        (
            SHOPIFY,
            lambda rows: first_with(rows, "Variant SKU", "ACME-TR2-9").update(
                {"Variant Price": "12.999"}
            ),
            'line 14, column "Variant Price": 12.999 has more than 2 decimals',
        ),
        (
            SHOPIFY,
            lambda rows: rows.append(dict(rows[0], **{"Variant SKU": "NW-EXTRA"})),
            'line 35, column "Handle": "merino-crew-sweater" is already the product on line 2: '
            "a product's rows must be together",
        ),
        (
            SHOPIFY,
            lambda rows: first_with(rows, "Variant SKU", "ACME-TR2-9").update(
                {"Variant SKU": "ACME-TR2-8"}
            ),
            'line 14, column "Variant SKU": "ACME-TR2-8" is already used on line 13',
        ),
        (
            SHOPIFY,
            lambda rows: first_with(rows, "Variant SKU", "ACME-TR2-9").update(
                {"Option1 Value": "8"}
            ),
            'line 14, column "Option1 Value": same options (8) as line 13',
        ),
        (
            SHOPIFY,
            lambda rows: first_with(rows, "Variant SKU", "NW-MCS-CH-M").update(
                {"Option2 Value": ""}
            ),
            'line 7, column "Option2 Value": is empty: the product has the option "Size"',
        ),
        (
            SHOPIFY,
            lambda rows: first_with(rows, "Handle", "trail-runner-2").update({"Status": "live"}),
            "line 13, column \"Status\": 'live' is not one of active, draft, archived",
        ),
        (
            WOO,
            lambda rows: first_with(rows, "ID", "31").update({"ID": "30"}),
            'woocommerce_products.csv, line 12, column "ID": 30 is already used on line 11',
        ),
        (
            WOO,
            lambda rows: first_with(rows, "ID", "31").update({"SKU": "woo-beanie"}),
            'line 12, column "SKU": "woo-beanie" is already used by id:30',
        ),
        (
            WOO,
            lambda rows: first_with(rows, "ID", "13").update({"Parent": "id:99"}),
            "line 5, column \"Parent\": 'id:99': no such product in the file",
        ),
        (
            WOO,
            lambda rows: first_with(rows, "ID", "31").update({"Sale price": "-1"}),
            'line 12, column "Sale price": -1 is negative',
        ),
        (
            WOO,
            lambda rows: first_with(rows, "ID", "31").update({"Type": "bundle"}),
            "line 12, column \"Type\": 'bundle' is not one of simple, variable, variation",
        ),
        (
            WOO,
            lambda rows: first_with(rows, "ID", "31").update({"Stock": "many"}),
            "line 12, column \"Stock\": 'many' is not a whole number",
        ),
    ],
)
def test_one_line_names_the_row_and_column(
    tmp_path: Path, source: Path, edit: Callable[[Rows], None], message: str
) -> None:
    path = edited(source, tmp_path, edit)
    with pytest.raises(SnapshotError) as raised:
        read_all(path, "shopify" if source == SHOPIFY else "woocommerce")
    assert str(raised.value).startswith(message) or message in str(raised.value)
    assert "\n" not in str(raised.value)


def test_unknown_columns_are_ignored_with_one_warning(tmp_path: Path) -> None:
    def edit(rows: Rows) -> None:
        for r in rows:
            r["Variant Colour"] = "x"
            r["Price / Canada"] = "1"

    source = open_catalog(edited(SHOPIFY, tmp_path, edit), "shopify")
    assert source.warnings == [
        'shopify_products.csv: ignoring columns ShopTalk does not know: "Variant Colour"'
    ]
    assert len(list(source.iter_products())) == 8


def test_broken_utf8_is_named_by_line_and_column(tmp_path: Path) -> None:
    data = SHOPIFY.read_bytes().replace("Müller".encode(), b"M\xfcller")
    path = tmp_path / "latin1.csv"
    path.write_bytes(data)
    with pytest.raises(SnapshotError) as raised:
        read_all(path, "shopify")
    assert str(raised.value) == (
        'latin1.csv, line 24, column "Vendor": not UTF-8 text (byte 0xfc): save the file as UTF-8'
    )


def test_a_quote_out_of_place_is_named(tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    path.write_text('id,name,price\na,"Apple" crate,1\n')
    with pytest.raises(SnapshotError, match=r"broken.csv, line 2: not valid CSV"):
        read_all(path, "csv")
    path.write_text("id,name,price\na,Apple,1,extra\n")
    with pytest.raises(SnapshotError, match="line 2: 4 fields where the header has 3"):
        read_all(path, "csv")


def test_a_line_too_long_to_be_text_is_refused_without_reading_on(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with path.open("w") as handle:
        handle.write("id,name,price\na,Apple,1\n")
        handle.write("b," + "x" * (MAX_LINE + 10) + ",2\n")
    with pytest.raises(SnapshotError, match=r"huge.csv, line 3: longer than 16 MiB"):
        read_all(path, "csv")


def test_products_stream_before_the_rest_of_the_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "stream.csv"
    path.write_text("id,name,price\na,Apple,1\n" + "b,Birch,-1\n")
    products = open_catalog(path, "csv").iter_products()
    assert next(products).id == "a"
    with pytest.raises(SnapshotError, match="line 3"):
        next(products)


def test_mixed_currencies_are_refused_at_the_row(tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    path.write_text("id,name,price,currency\na,Apple,1,USD\nb,Birch,2,EUR\n")
    mapping = parse_mapping(["id=id,name=name,price=price,currency=currency"])
    with pytest.raises(SnapshotError) as raised:
        read_all(path, "csv", mapping=mapping)
    assert str(raised.value) == (
        'mixed.csv, line 3, column "currency": EUR, where the store\'s prices are in USD: '
        "a store has one currency"
    )
    with pytest.raises(SnapshotError, match='line 2, column "currency": USD, where'):
        read_all(path, "csv", mapping=mapping, currency="EUR")


@pytest.mark.parametrize(
    ("content", "options", "message"),
    [
        ("title,cost\nA,1\n", {}, "--map: map a column to id: --map id=COLUMN"),
        (
            "sku,title\nA,Apple\n",
            {"mapping": {"id": "sku", "name": "title", "price": "cost"}},
            'plain.csv: no column "cost" (mapped to price) in the header',
        ),
        (
            "sku,title,size\nA,Apple,L\n",
            {"mapping": {"id": "sku", "name": "title", "option.Size": "size"}},
            "--map: options need a price column",
        ),
        ("id,name\n", {"currency": "dollars"}, "--currency: 'dollars' is not a currency code"),
        ("id,name,id\n", {}, 'plain.csv, line 1: column "id" appears twice in the header'),
        ("", {}, "plain.csv is empty: expected a header row"),
    ],
)
def test_bad_mappings_and_headers(
    tmp_path: Path, content: str, options: dict[str, object], message: str
) -> None:
    path = tmp_path / "plain.csv"
    path.write_text(content)
    with pytest.raises(SnapshotError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_all(path, "csv", **options)


def test_a_csv_the_header_does_not_place_needs_a_format(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("sku,title\nA,Apple\n")
    with pytest.raises(SnapshotError, match="not a Shopify or WooCommerce product export"):
        open_source(path)
