"""No input makes the API answer a 5xx: the live OpenAPI document fuzzed by schemathesis, and
conversations of shop phrases and noise typed into real sessions.

The app runs in-process (ASGI) over an assistant of this module's own, on a private copy of the
demo store, so fuzzed confirmations never change the store other tests read. Generated session
ids are mostly unknown (a 404 is a fine answer), so three cases in four are pointed at a real,
fresh session: that is where a turn reaches recognition, understanding, dialogue and synthesis.
"""

import zlib
from pathlib import Path
from typing import cast

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.schemas import OpenApiSchema

from shoptalk.assistant import Assistant
from shoptalk.commerce import Store
from shoptalk.commerce.database import database_url
from shoptalk.config import Settings
from shoptalk.server.app import create_app
from shoptalk.server.tokens import issue_token, token_secret
from tests.conftest import copy_demo_database

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("schema")]
UNLIMITED = 1_000_000
EXAMPLES = 50
BOUNDED = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def documented_schema() -> OpenApiSchema:
    """The OpenAPI document `create_app` serves, read through ASGI at import time so pytest
    gets one test per route (an app needs no loaded models to describe itself). The cases run
    against the real app of the `app` fixture; `test_the_fuzzed_document_is_the_live_one`
    holds the two documents equal.

    Constants harvested from the app's source are off: their order changes from run to run,
    and so would the cases."""
    describing = create_app(cast(Assistant, None), Settings(token_secret="unused", redis_url=None))
    loaded = schemathesis.openapi.from_asgi("/openapi.json", describing)
    loaded.config.generation.update(max_examples=EXAMPLES, deterministic=True)
    loaded.config.analysis.constants.enabled = False
    return loaded


schema = documented_schema()


@pytest.fixture(scope="module")
def settings_of_app(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Rate limits out of the way: the fuzzer sends far more turns a minute than a shopper,
    and a 429 would hide what a turn does with its input."""
    return Settings(
        var_dir=tmp_path_factory.mktemp("schema-var"),
        redis_url=None,
        turns_per_minute_session=UNLIMITED,
        turns_per_minute_client=UNLIMITED,
    )


@pytest.fixture(scope="module")
def app(
    demo_model: Path,
    demo_lm: Path,
    settings_of_app: Settings,
    tmp_path_factory: pytest.TempPathFactory,
) -> FastAPI:
    copy = copy_demo_database(tmp_path_factory.mktemp("schema-store") / "demo.db")
    store_settings = settings_of_app.model_copy(
        update={"understanding_model": demo_model, "language_model": demo_lm}
    )
    store = Store.open(database_url(str(copy)), store_settings)
    return create_app(Assistant.load(store, store_settings), settings_of_app)


def new_session(app: FastAPI, token: str | None = None) -> str:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    created = TestClient(app).post("/v1/sessions", headers=headers)
    assert created.status_code == 201, created.text
    return str(created.json()["session_id"])


def seeded_with_a_real_session(case: schemathesis.Case, app: FastAPI) -> None:
    """Three cases in four (by a checksum of the generated id, so runs repeat) get a real
    session instead of the generated id."""
    generated = (case.path_parameters or {}).get("session_id")
    if not isinstance(generated, str) or zlib.crc32(generated.encode()) % 4 == 0:
        return
    case.path_parameters = {**(case.path_parameters or {}), "session_id": new_session(app)}


@schema.parametrize()
@BOUNDED
def test_no_generated_request_makes_a_server_error(case: schemathesis.Case, app: FastAPI) -> None:
    seeded_with_a_real_session(case, app)
    case.call_and_validate(checks=[not_a_server_error], app=app)


def test_the_fuzzed_document_is_the_live_one(app: FastAPI) -> None:
    assert TestClient(app).get("/openapi.json").json() == schema.raw_schema


PHRASES = (
    "show me backpacks",
    "the first one",
    "the second one",
    "add it to my cart",
    "what's in my cart",
    "check out",
    "yes",
    "no",
    "help",
    "I want to cancel my order",
    "victor dot lopez at example dot com",
    "my name is Felix Ali and my zip is 3 0 3 1 8",
    "I don't need it anymore",
    "where is order W one seven zero three",
    "I'd like to return something",
    "talk to a person",
)
SAID = st.one_of(st.sampled_from(PHRASES), st.text(min_size=1, max_size=80))
CONVERSATIONS = st.lists(st.tuples(SAID, st.booleans()), min_size=1, max_size=6)


@given(turns=CONVERSATIONS, shopper=st.sampled_from([None, "u-19", "u-40", "u-87"]))
@settings(BOUNDED, max_examples=25)
def test_no_conversation_makes_a_server_error(
    app: FastAPI, settings_of_app: Settings, turns: list[tuple[str, bool]], shopper: str | None
) -> None:
    """Shop phrases, confirmations and noise in any order, typed or spoken back, by a shopper
    with a token or an anonymous one: every turn is answered, never with a 5xx."""
    token = (
        issue_token(token_secret(settings_of_app), shopper, 600, "shoptalk") if shopper else None
    )
    session_id = new_session(app, token)
    client = TestClient(app, headers={"Authorization": f"Bearer {token}"} if token else {})
    for text, speak in turns:
        answer = client.post(
            f"/v1/sessions/{session_id}/turns", json={"text": text, "speak": speak}
        )
        assert answer.status_code < 500, (text, answer.text)
    summary = client.get(f"/v1/sessions/{session_id}")
    assert summary.status_code == 200, summary.text
