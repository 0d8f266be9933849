"""A store with real shops' looseness: untracked stock, history without reasons, images.

It imports as it is, round-trips byte-identically, and a replay of order operations on it
(the same file `shoptalk store apply` reads) leaves exactly the state the rules say.
"""

import copy
import json
from pathlib import Path
from typing import Any

from shoptalk.commerce import Store, export_snapshot, import_snapshot, parse_snapshot
from tests.commerce.conftest import LOOSE, LOOSE_REPLAY
from tests.commerce.helpers import call
from tests.conftest import run_shoptalk

NADIA, TOMAS = "nadia_okafor_3051", "tomas_reyes_8826"
NEW_ADDRESS = {
    "address1": "12 Pine Court",
    "address2": "",
    "city": "Salem",
    "state": "OR",
    "country": "USA",
    "zip": "97301",
}


def replay_lines() -> list[dict[str, Any]]:
    return [json.loads(line) for line in LOOSE_REPLAY.read_text().splitlines() if line.strip()]


def test_imports_as_it_is_and_round_trips_byte_identically(
    loose_store: Store, tmp_path: Path
) -> None:
    first = export_snapshot(loose_store)
    again = Store.open(f"sqlite:///{tmp_path / 'again.db'}")
    import_snapshot(again, parse_snapshot(first))
    assert export_snapshot(again) == first
    exported = json.loads(first)
    earbuds, _, lamp = exported["products"]
    assert earbuds["image_url"] == "https://img.harbor-goods.example/earbuds.jpg"
    assert earbuds["variants"][0] == {
        "id": "3694871183",
        "options": {"color": "black", "battery life": "8 hours"},
        "price": 256.67,
        "available": True,
        "image_url": "https://img.harbor-goods.example/earbuds-black.jpg",
    }
    assert "stock" not in earbuds["variants"][1]
    assert "image_url" not in earbuds["variants"][1]
    assert "image_url" not in lamp
    assert [v["stock"] for v in lamp["variants"]] == [4, 0]
    reasons = [(o["status"], o["cancel_reason"]) for o in exported["orders"]]
    assert reasons[2] == ("cancelled", None)
    assert reasons[-1] == ("cancelled", "customer found it cheaper elsewhere")


def expected_after_replay(before: dict[str, Any]) -> dict[str, Any]:
    """The state the replay file must leave, worked out by hand from the rules of docs/design.md §6:
    untracked stock is never counted (the cancelled earbuds and notebook, the three earbuds
    bought), counted stock is (the lamp); like-for-like swaps move no money."""
    after = copy.deepcopy(before)
    orders = {order["id"]: order for order in after["orders"]}
    cancelled = orders["#W4038826"]
    cancelled.update(status="cancelled", cancel_reason="ordered by mistake")
    cancelled["payments"].append(
        {"type": "refund", "amount": 285.95, "method_id": "credit_card_5513204"}
    )
    orders["#W5107733"].update(
        status="return requested",
        **{"return": {"variant_ids": ["1199058591"], "refund_method_id": "gift_card_8107745"}},
    )
    orders["#W7215540"].update(
        status="exchange requested",
        exchange={
            "variant_ids": ["6452271382"],
            "new_variant_ids": ["6452271382"],
            "method_id": "credit_card_1109482",
            "price_difference": 0.0,
        },
    )
    orders["#W3390172"].update(
        status="exchange requested",
        exchange={
            "variant_ids": ["7579176349"],
            "new_variant_ids": ["1199058591"],
            "method_id": "gift_card_4400217",
            "price_difference": 3.01,
        },
    )
    changed = orders["#W8842016"]
    changed.update(status="pending (item modified)", address=NEW_ADDRESS)
    changed["payments"] += [
        {"type": "payment", "amount": 258.84, "method_id": "paypal_6034418"},
        {"type": "refund", "amount": 258.84, "method_id": "credit_card_1109482"},
        {"type": "refund", "amount": 0.0, "method_id": "paypal_6034418"},
    ]
    lamp = after["products"][2]
    lamp["variants"][0]["stock"] = 3
    earbuds = {
        "product_id": "4760268021",
        "variant_id": "3694871183",
        "name": "Wireless Earbuds",
        "options": {"color": "black", "battery life": "8 hours"},
        "price": 256.67,
    }
    bought = [earbuds] * 3 + [
        {
            "product_id": "9523456873",
            "variant_id": "5320792178",
            "name": "Desk Lamp",
            "options": {"color": "silver"},
            "price": 48.0,
        }
    ]
    after["orders"].append(
        {
            "id": "#W9031658",
            "user_id": NADIA,
            "status": "pending",
            "address": after["users"][0]["address"],
            "items": bought,
            "payments": [{"type": "payment", "amount": 818.01, "method_id": "paypal_2240913"}],
            "fulfillments": [],
            "cancel_reason": None,
            "return": None,
            "exchange": None,
        }
    )
    return after


def test_a_replay_of_order_operations_leaves_the_expected_state(loose_store: Store) -> None:
    before = json.loads(export_snapshot(loose_store))
    for line in replay_lines():
        loose_store.call(line["op"], line["args"])
    assert json.loads(export_snapshot(loose_store)) == expected_after_replay(before)
    assert call(loose_store, "view_cart", user_id=NADIA)["items"] == []


def test_the_same_replay_through_store_apply(tmp_path: Path) -> None:
    env = {"SHOPTALK_VAR_DIR": str(tmp_path / "var")}
    db = str(tmp_path / "loose.db")
    imported = run_shoptalk("store", "import", str(LOOSE), "--db", db, cwd=tmp_path, env=env)
    assert imported.returncode == 0, imported.stderr
    before = json.loads(run_shoptalk("store", "export", "--db", db, cwd=tmp_path, env=env).stdout)
    applied = run_shoptalk("store", "apply", str(LOOSE_REPLAY), "--db", db, cwd=tmp_path, env=env)
    assert applied.returncode == 0, applied.stdout + applied.stderr
    results = [json.loads(line) for line in applied.stdout.splitlines()]
    assert len(results) == len(replay_lines())
    assert not [r for r in results if "error" in r]
    exported = run_shoptalk("store", "export", "--db", db, cwd=tmp_path, env=env).stdout
    assert json.loads(exported) == expected_after_replay(before)
