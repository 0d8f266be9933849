"""A product that comes in nothing else is swapped like for like (docs/design.md §6), by voice
too."""

from pathlib import Path

from shoptalk.commerce import Store
from tests.dialogue.test_manager import Talk, make_dialogue

BLENDER = {"id": "p-2", "name": "Blender", "mention": "blender"}


def test_a_blender_is_swapped_for_an_identical_one(store: Store, tmp_path: Path) -> None:
    talk = Talk(make_dialogue(store, tmp_path))
    talk.prove("u-1")
    reply = talk.say("modify_order_items", order_id="#W1001", product=BLENDER)
    assert "swap Blender, for an identical one. The price is the same." in reply
    assert "Shall I go ahead" in reply
    talk.say("affirm", "yes")
    order = talk.services.order("u-1", "#W1001")
    assert order is not None
    assert order.status == "pending (item modified)"
    assert [item.variant_id for item in order.items] == ["v-1", "v-5"]
    assert [(p.type, p.amount) for p in order.payments][-1] == ("refund", 0)
