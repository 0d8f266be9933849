"""Any CSV or JSON-lines file, read through a field → column mapping."""

from pathlib import Path

import pytest

from shoptalk.commerce.errors import SnapshotError
from shoptalk.commerce.importers import detect_format, open_catalog, parse_mapping

DATA = Path(__file__).parent / "data"
CSV_MAP = (
    "group=product_code,id=sku,name=title,type=category,brand=maker,description=details,"
    "tags=keywords,price=cost,currency=currency,stock=qty,option.Color=colour,option.Size=size,"
    "image_url=picture,variant_image_url=variant_picture,available=in_stock"
)


def test_a_mapping_names_a_column_per_field() -> None:
    assert parse_mapping(["name=Title,price=Variant Price", "option.Size=Size, EU"]) == {
        "name": "Title",
        "price": "Variant Price",
        "option.Size": "Size, EU",
    }


@pytest.mark.parametrize(
    ("texts", "message"),
    [
        (["colour=Colour"], "--map: unknown field 'colour'"),
        (["Title"], "--map: 'Title' is not FIELD=COLUMN"),
        (["name="], "--map: name= names no column"),
    ],
)
def test_a_bad_mapping_is_refused(texts: list[str], message: str) -> None:
    with pytest.raises(SnapshotError, match=message):
        parse_mapping(texts)


def test_a_csv_with_a_group_column_makes_products_of_variants() -> None:
    source = open_catalog(DATA / "catalog.csv", "csv", mapping=parse_mapping([CSV_MAP]))
    products = {p.id: p for p in source.iter_products()}
    assert list(products) == ["TENT-2P", "STOVE-1", "PAD-R3", "MUG-TI", "BAG-20"]
    tent = products["TENT-2P"]
    assert tent.name == 'Ridgeline 2-Person Tent, "Ultralight"'
    assert tent.description == "Two doors, two vestibules & 1.4 kg."
    assert tent.options == {"Color": ["Green", "Orange"], "Size": ["2P", "2P XL"]}
    assert [(v.id, v.price, v.stock, v.available, v.image_url) for v in tent.variants] == [
        ("TENT-2P-GRN", 34900, 4, True, None),
        ("TENT-2P-ORG", 35900, None, True, "https://img.example.com/tent-orange.jpg"),
        ("TENT-2P-GRN-XL", 38900, 1, False, None),
    ]
    assert tent.image_url == "https://img.example.com/tent-green.jpg"
    assert products["MUG-TI"].tags == ["mug", "titanium"]
    assert source.header().store.currency == "USD"


def test_json_lines_with_the_currency_of_the_file() -> None:
    mapping = parse_mapping(["id=id,name=title,type=kind,brand=brand,description=about"])
    mapping |= parse_mapping(["tags=tags,price=price,stock=stock,image_url=image"])
    mapping |= {"currency": "currency"}
    source = open_catalog(DATA / "catalog.jsonl", "jsonl", mapping=mapping)
    assert detect_format(DATA / "catalog.jsonl") == "jsonl"
    assert source.header().store.currency == "EUR"
    products = {p.id: p for p in source.iter_products()}
    assert [(v.id, v.price, v.stock) for v in products["tea-sencha"].variants] == [
        ("tea-sencha", 1250, 40)
    ]
    assert products["tea-genmaicha"].variants[0].price == 990
    assert products["tea-genmaicha"].variants[0].stock is None
    assert products["kettle-gooseneck"].tags == ["kettle", "pour-over"]
    assert products["kettle-gooseneck"].description == "Pour with precision."
    assert products["cup-yunomi"].brand is None


def test_without_a_mapping_columns_named_like_fields_are_read(tmp_path: Path) -> None:
    path = tmp_path / "plain.csv"
    path.write_text("id,name,price,stock,size\nA1,Apple crate,12.00,,L\nB2,Birch box,8,3,M\n")
    source = open_catalog(path, "csv")
    products = list(source.iter_products())
    assert [
        (p.id, p.name, p.options, [(v.price, v.stock) for v in p.variants]) for p in products
    ] == [
        ("A1", "Apple crate", {}, [(1200, None)]),
        ("B2", "Birch box", {}, [(800, 3)]),
    ]
