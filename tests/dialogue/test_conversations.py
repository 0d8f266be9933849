"""The conversation suite: every scripted conversation over the demo store, end to end."""

import pytest

from shoptalk.assistant import Assistant
from tests.dialogue.script import Script, load_scripts, run_script
from tests.server.test_api import SHOPPERS as API_SHOPPERS

SCRIPTS = load_scripts()

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("script", SCRIPTS, ids=[f"{s.source}:{s.name}" for s in SCRIPTS])
def test_conversation(demo_assistant: Assistant, script: Script) -> None:
    outcome = run_script(demo_assistant, script)
    assert outcome.failure is None, "\n".join([outcome.failure or "", *outcome.transcript])


def test_each_script_touches_its_own_shopper() -> None:
    """Scripts share one store per worker (with the API tests), so two must never change the
    same account."""
    shoppers = [s.shopper for s in SCRIPTS if s.shopper is not None]
    assert len(shoppers) == len(set(shoppers))
    assert not set(shoppers) & set(API_SHOPPERS)
