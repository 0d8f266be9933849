"""Shopify's product CSV: a realistic export read into snapshot products."""

from pathlib import Path

import pytest

from shoptalk.commerce.importers import detect_format, open_catalog
from shoptalk.commerce.records import Product

DATA = Path(__file__).parent / "data"
CDN = "https://cdn.shopify.com/s/files/1/0533/2089/files/"


@pytest.fixture(scope="module")
def products() -> dict[str, Product]:
    source = open_catalog(DATA / "shopify_products.csv", "shopify")
    return {product.id: product for product in source.iter_products()}


def test_the_header_says_shopify() -> None:
    assert detect_format(DATA / "shopify_products.csv") == "shopify"


def test_rows_of_a_handle_are_one_product_with_its_variants(products: dict[str, Product]) -> None:
    sweater = products["merino-crew-sweater"]
    assert sweater.name == "Merino Crew Sweater"
    assert sweater.brand == "Northwind Knits"
    assert sweater.type == "Sweaters"
    assert sweater.tags == ["knitwear", "winter", "wool"]
    assert sweater.options == {"Color": ["Charcoal", "Oatmeal"], "Size": ["S", "M", "L"]}
    assert [(v.id, v.options, v.price, v.stock) for v in sweater.variants] == [
        ("NW-MCS-CH-S", {"Color": "Charcoal", "Size": "S"}, 8900, 12),
        ("NW-MCS-CH-M", {"Color": "Charcoal", "Size": "M"}, 8900, 7),
        ("NW-MCS-CH-L", {"Color": "Charcoal", "Size": "L"}, 8900, 0),
        ("NW-MCS-OA-S", {"Color": "Oatmeal", "Size": "S"}, 9250, 3),
        ("NW-MCS-OA-M", {"Color": "Oatmeal", "Size": "M"}, 9250, 5),
    ]


def test_html_descriptions_become_plain_text(products: dict[str, Product]) -> None:
    assert products["merino-crew-sweater"].description == (
        'Soft & warm merino wool, knitted in Porto.\nMachine washable\nMade in "Portugal"'
    )
    assert products["espresso-beans"].description == "Notes of cocoa, cherry & brown sugar."
    assert products["ceramic-pour-over"].description == (
        "Hand-glazed stoneware.\nFits #2 filters, brews 1\u20134 cups."
    )


def test_quotes_commas_and_utf8_survive(products: dict[str, Product]) -> None:
    assert products["trail-runner-2"].name == 'Trail Runner 2, "Ridge" Edition'
    mug = products["cafe-creme-mug"]
    assert (mug.name, mug.brand) == ("Café Crème Mug \u2013 350 ml", "Müller & Söhne")
    assert mug.options == {"Color": ["Crème", "Noir"]}


def test_images_first_by_position_and_per_variant(products: dict[str, Product]) -> None:
    sweater = products["merino-crew-sweater"]
    assert sweater.image_url == CDN + "merino-charcoal.jpg?v=1699"
    assert [v.image_url for v in sweater.variants] == [
        None,
        None,
        None,
        CDN + "merino-oatmeal.jpg?v=1699",
        CDN + "merino-oatmeal.jpg?v=1699",
    ]
    assert products["linen-apron"].image_url == CDN + "apron.jpg"
    assert products["cork-yoga-mat"].image_url is None


def test_stock_tracked_untracked_oversold_and_sold_beyond(products: dict[str, Product]) -> None:
    runner = {v.id: v.stock for v in products["trail-runner-2"].variants}
    assert runner == {"ACME-TR2-8": 4, "ACME-TR2-9": None, "ACME-TR2-10": 0}
    assert [v.stock for v in products["ceramic-pour-over"].variants] == [None]
    assert [v.stock for v in products["cafe-creme-mug"].variants] == [20, 0]


def test_default_title_means_no_options_and_ids_without_sku(
    products: dict[str, Product],
) -> None:
    pour_over = products["ceramic-pour-over"]
    assert pour_over.options == {}
    assert [(v.id, v.options) for v in pour_over.variants] == [("KC-POUR-01", {})]
    assert [v.id for v in products["linen-apron"].variants] == ["linen-apron"]
    assert [v.id for v in products["e-gift-card"].variants] == [
        "e-gift-card/$25",
        "e-gift-card/$50",
        "e-gift-card/$100",
    ]
    assert [v.id for v in products["espresso-beans"].variants] == [
        "KC-ESP-L250",
        "espresso-beans/Light/1 kg",
        "KC-ESP-D250",
        "espresso-beans/Dark/1 kg",
    ]


def test_type_falls_back_to_the_category_and_missing_values_stay_empty(
    products: dict[str, Product],
) -> None:
    assert products["cork-yoga-mat"].type == "Yoga Mats"
    apron = products["linen-apron"]
    assert (apron.brand, apron.description, apron.tags) == (None, None, [])
    assert apron.variants[0].price == 4200


def test_draft_and_archived_products_are_skipped_and_counted() -> None:
    source = open_catalog(DATA / "shopify_products.csv", "shopify")
    ids = [product.id for product in source.iter_products()]
    assert "winter-parka" not in ids
    assert "brass-lantern" not in ids
    assert len(ids) == 8
    assert source.skipped == {"draft products": 1, "archived products": 1}
    assert source.warnings == []
