"""WooCommerce's product CSV: a realistic export read into snapshot products."""

from pathlib import Path

import pytest

from shoptalk.commerce.importers import detect_format, open_catalog
from shoptalk.commerce.records import Product

DATA = Path(__file__).parent / "data"
UPLOADS = "https://shop.example.com/wp-content/uploads/2024/05/"


@pytest.fixture(scope="module")
def products() -> dict[str, Product]:
    source = open_catalog(DATA / "woocommerce_products.csv", "woocommerce")
    return {product.id: product for product in source.iter_products()}


def test_the_header_says_woocommerce() -> None:
    assert detect_format(DATA / "woocommerce_products.csv") == "woocommerce"


def test_variations_join_their_parent_even_far_below_it(products: dict[str, Product]) -> None:
    hoodie = products["10"]
    assert hoodie.name == "Hoodie"
    assert hoodie.options == {"Color": ["Blue", "Green", "Red"], "Logo": ["Yes", "No"]}
    assert [(v.id, v.options, v.price) for v in hoodie.variants] == [
        ("woo-hoodie-blue-logo", {"Color": "Blue", "Logo": "Yes"}, 4200),
        ("woo-hoodie-blue", {"Color": "Blue", "Logo": "No"}, 4500),
        ("woo-hoodie-green", {"Color": "Green", "Logo": "No"}, 4500),
        ("woo-hoodie-red", {"Color": "Red", "Logo": "No"}, 4500),
    ]


def test_product_fields(products: dict[str, Product]) -> None:
    hoodie = products["10"]
    assert (hoodie.type, hoodie.brand, hoodie.tags) == ("Hoodies", "Woo", ["fleece", "casual"])
    assert hoodie.description == "Brushed fleece inside.\nKangaroo pocket."
    assert hoodie.image_url == UPLOADS + "hoodie-2.jpg"
    assert hoodie.variants[0].image_url == UPLOADS + "hoodie-with-logo-2.jpg"
    assert products["20"].tags == ["cotton", "Sale"]


def test_any_value_stands_for_each_value_not_taken(products: dict[str, Product]) -> None:
    tee = products["20"]
    variants = {v.id: (v.options["Color"], v.options["Size"], v.price) for v in tee.variants}
    assert variants["woo-vneck-tee-blue-small"] == ("Blue", "Small", 1800)
    assert variants["woo-vneck-tee-blue/Large"] == ("Blue", "Large", 2000)
    assert "woo-vneck-tee-blue/Small" not in variants
    assert {v for v in variants if v.startswith("woo-vneck-tee-red/")} == {
        "woo-vneck-tee-red/Large",
        "woo-vneck-tee-red/Medium",
        "woo-vneck-tee-red/Small",
    }
    assert len(tee.variants) == 9


def test_simple_products_prices_stock_and_availability(products: dict[str, Product]) -> None:
    beanie = products["30"]
    assert [(v.id, v.options, v.price, v.stock, v.available) for v in beanie.variants] == [
        ("woo-beanie", {}, 1800, None, True)
    ]
    assert beanie.tags == ["knit", "winter", "Wool", "Acrylic"]
    assert [(v.stock, v.available) for v in products["31"].variants] == [(12, True)]
    assert [(v.stock, v.available) for v in products["32"].variants] == [(0, False)]
    echarpe = products["39"]
    assert [(v.price, v.stock) for v in echarpe.variants] == [(104900, None)]


def test_text_is_unescaped(products: dict[str, Product]) -> None:
    echarpe = products["39"]
    assert echarpe.name == "Écharpe en laine \u2013 édition d\u2019hiver"
    assert echarpe.description == 'Chaude\nTricotée à Lyon, "fine" & légère.'
    assert echarpe.tags == ["laine, mérinos", "hiver"]
    assert echarpe.type == "Écharpes"
    assert products["44"].name == "@home Slippers"


def test_unpriced_and_unpublished(products: dict[str, Product]) -> None:
    assert products["33"].variants == []
    assert products["33"].price is None
    polo = products["40"]
    assert [(v.id, v.available) for v in polo.variants] == [
        ("woo-polo-s", True),
        ("woo-polo-l", False),
    ]


def test_what_is_skipped_is_counted() -> None:
    source = open_catalog(DATA / "woocommerce_products.csv", "woocommerce")
    ids = {product.id for product in source.iter_products()}
    assert ids == {"10", "20", "30", "31", "32", "33", "34", "39", "40", "44"}
    assert source.skipped == {
        "grouped products": 1,
        "external products": 1,
        "draft products": 1,
        "private products": 1,
        "simple products without a price (imported for search only)": 1,
        "variations without a price": 1,
    }
