"""`shoptalk ask` with `SHOPTALK_LLM_URL` set: the Assistant builds the client from the
settings and asks it only when the parser is unsure. The server is a scripted one in this
process, so what ShopTalk sends can be read."""

import json
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import copy_demo_database, run_shoptalk
from tests.llm.fakes import completion, http_server, send

pytestmark = pytest.mark.slow


def test_ask_takes_the_llms_reading_only_where_the_parser_was_unsure(
    tmp_path: Path, demo_models: dict[str, str]
) -> None:
    def respond(handler: BaseHTTPRequestHandler, _body: dict[str, Any]) -> None:
        answer = {"tool": "human_agent", "arguments": {}}
        send(handler, 200, json.dumps(completion(json.dumps(answer))).encode())

    demo = copy_demo_database(tmp_path / "demo.db")
    batch = tmp_path / "in.jsonl"
    lines = [
        {"id": 1, "text": "what's the weather like on mars"},
        {"id": 2, "text": "where is my order"},
    ]
    batch.write_text("".join(json.dumps(line) + "\n" for line in lines))
    with http_server(respond) as (url, received):
        env = {
            **demo_models,
            "SHOPTALK_VAR_DIR": str(tmp_path / "var"),
            "SHOPTALK_LLM_URL": url,
            "SHOPTALK_LLM_MODEL": "served-model",
            "SHOPTALK_LLM_API_KEY": "k-7",
        }
        result = run_shoptalk(
            "ask", "--store", str(demo), "--batch", str(batch), "--json", cwd=tmp_path, env=env
        )
    assert result.returncode == 0, result.stderr
    weather, order = (json.loads(line) for line in result.stdout.splitlines())
    assert weather["understanding"]["intent"] == "human_agent"
    assert weather["understanding"]["alternatives"][0]["intent"] == "out_of_scope"
    assert order["understanding"]["intent"] == "order_status"
    [request] = received
    assert request["model"] == "served-model"
    assert request["authorization"] == "Bearer k-7"
    assert request["messages"][-1]["content"] == "Shopper: what's the weather like on mars"
