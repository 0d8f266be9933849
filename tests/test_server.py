"""The HTTP app over a store."""

from fastapi.testclient import TestClient

from shoptalk.commerce import Store
from shoptalk.server.app import create_app


def test_health_reports_the_store(store: Store) -> None:
    client = TestClient(create_app(store))
    health = client.get("/healthz").json()
    assert health["status"] == "ok"
    assert (health["store"], health["products"], health["shoppers"], health["orders"]) == (
        "Test Store",
        4,
        2,
        4,
    )
    assert "/healthz" in client.get("/openapi.json").json()["paths"]
    assert "ShopTalk" in client.get("/").text
