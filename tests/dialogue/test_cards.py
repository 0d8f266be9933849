"""Product cards, as the web page draws them: the image shown is the variant's, else the
product's, and a card without one says nothing about images."""

from shoptalk.commerce.records import Product
from shoptalk.dialogue.handlers.catalog import card, card_of_product
from shoptalk.dialogue.reply import Reply, ReplyData
from shoptalk.search import SearchHit

SHOE = "https://img.example.com/shoe.jpg"
RED = "https://img.example.com/shoe-red.jpg"


def shoe(*, image: str | None, variant_images: list[str | None]) -> Product:
    variants = [
        {"id": f"v-{i}", "options": {}, "price": 50.0, "available": True, "image_url": url}
        for i, url in enumerate(variant_images)
    ]
    return Product.model_validate(
        {"id": "p-1", "name": "Trail Shoe", "image_url": image, "variants": variants}
    )


def test_a_search_hit_brings_its_image_to_the_card() -> None:
    hit = SearchHit(
        product_id="p-1",
        variant_id="v-1",
        name="Trail Shoe",
        brand=None,
        type=None,
        options={"color": "red"},
        price_cents=5000,
        available=True,
        score=1.0,
        summary="Trail Shoe, red, 50 dollars",
        image_url=RED,
    )
    assert card(hit).image_url == RED


def test_a_products_card_shows_its_variants_image_else_its_own() -> None:
    assert card_of_product(shoe(image=SHOE, variant_images=[RED])).image_url == RED
    assert card_of_product(shoe(image=SHOE, variant_images=[None])).image_url == SHOE
    assert card_of_product(shoe(image=SHOE, variant_images=[RED, None])).image_url == SHOE
    assert card_of_product(shoe(image=None, variant_images=[None])).image_url is None


def test_a_card_without_an_image_leaves_it_out_of_the_reply() -> None:
    plain = card_of_product(shoe(image=None, variant_images=[None]))
    pictured = card_of_product(shoe(image=SHOE, variant_images=[None]))
    shown = Reply(text="Here they are.", data=ReplyData(products=[plain, pictured])).json_data()
    assert "image_url" not in shown["products"][0]
    assert shown["products"][1]["image_url"] == SHOE
