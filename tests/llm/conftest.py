"""The small store with an injected product description, and a dialogue over it (one per
module: the tests that change the store compare it before and after)."""

import pytest

from shoptalk.commerce import Store
from shoptalk.dialogue import Dialogue
from tests.dialogue.test_manager import make_dialogue
from tests.llm.talk import injected_store


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Store:
    return injected_store(tmp_path_factory.mktemp("shop"))


@pytest.fixture(scope="module")
def plain(shop: Store, tmp_path_factory: pytest.TempPathFactory) -> Dialogue:
    """The dialogue without an LLM; `talk.with_llm` gives it one."""
    return make_dialogue(shop, tmp_path_factory.mktemp("index"))
