"""`shoptalk chat`, `ask` and `say` as a user runs them, over a copy of the demo store."""

import json
import subprocess
import wave
from pathlib import Path

import pytest

from shoptalk.dialogue.verification import CodeMaker
from tests.conftest import copy_demo_database, run_shoptalk

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("conversation_cli")]
SEED = 11


@pytest.fixture(scope="module")
def demo_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy for the module, so its search index is built once (tests use their own
    shoppers)."""
    return copy_demo_database(tmp_path_factory.mktemp("demo") / "demo.db")


def shoptalk(
    *arguments: str,
    cwd: Path,
    models: dict[str, str],
    stdin: str | None = None,
    var: Path | None = None,
    **settings: str,
) -> subprocess.CompletedProcess[str]:
    """Run the command; `var` shares one var folder (and so one search index) between runs."""
    env = {"SHOPTALK_VAR_DIR": str(var or cwd / "var"), **models, **settings}
    return run_shoptalk(*arguments, cwd=cwd, env=env, stdin=stdin)


def test_piped_chat_prints_one_line_per_turn_and_changes_the_store(
    tmp_path: Path, demo_copy: Path, demo_models: dict[str, str]
) -> None:
    """The one-time code comes from the development verifier seeded for replay (a piped
    script cannot read the log it is sent to before it runs)."""
    code = CodeMaker(6, SEED).code()
    said = ["cancel my order", "victor dot lopez at example dot com", f"my code is {code}"]
    turns = "\n".join([*said, "no longer needed", "yes"]) + "\n"
    result = shoptalk(
        "chat",
        "--store",
        str(demo_copy),
        cwd=tmp_path,
        models=demo_models,
        var=demo_copy.parent / "var",
        stdin=turns,
        SHOPTALK_IDENTITY_TEST_SEED=str(SEED),
    )
    assert result.returncode == 0, result.stderr
    replies = result.stdout.splitlines()
    assert len(replies) == 5
    assert "email" in replies[0]
    assert "code" in replies[1]
    assert code in result.stderr
    assert "#W1528" in replies[3]
    assert "cancelled" in replies[4]
    check = '{"op": "get_order", "args": {"user_id": "u-19", "order_id": "#W1528"}}\n'
    order = shoptalk(
        "store",
        "apply",
        "--db",
        str(demo_copy),
        "-",
        cwd=tmp_path,
        models=demo_models,
        var=demo_copy.parent / "var",
        stdin=check,
    )
    assert json.loads(order.stdout)["status"] == "cancelled"


def test_chat_json_and_slash_commands(
    tmp_path: Path, demo_copy: Path, demo_models: dict[str, str]
) -> None:
    turns = "/cart\n/reset\nhello\n/quit\nnever reached\n"
    result = shoptalk(
        "chat",
        "--store",
        str(demo_copy),
        "--user",
        "u-3",
        "--json",
        cwd=tmp_path,
        models=demo_models,
        stdin=turns,
    )
    assert result.returncode == 0, result.stderr
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["understanding"]["intent"] for o in objects] == ["view_cart", "greet"]
    assert "Owen" in objects[1]["reply"]["text"]


def test_ask_text_json_and_batch(
    tmp_path: Path, demo_copy: Path, demo_models: dict[str, str]
) -> None:
    one = shoptalk(
        "ask",
        "--store",
        str(demo_copy),
        "--text",
        "where is my order",
        "--user",
        "u-19",
        "--json",
        cwd=tmp_path,
        models=demo_models,
    )
    assert one.returncode == 0, one.stderr
    shown = json.loads(one.stdout)
    assert "#W1528" in shown["reply"]["text"]
    assert shown["reply"]["data"]["order"]["id"] == "#W1528"
    batch = tmp_path / "in.jsonl"
    batch.write_text('{"id": 1, "text": "hi"}\nnot json\n{"id": 3, "text": "help"}\n{"id": 4}\n')
    many = shoptalk(
        "ask",
        "--store",
        str(demo_copy),
        "--batch",
        str(batch),
        "--json",
        cwd=tmp_path,
        models=demo_models,
    )
    lines = [json.loads(line) for line in many.stdout.splitlines()]
    assert [line.get("id") for line in lines] == [1, None, 3, 4]
    assert "error" in lines[1]
    assert "error" in lines[3]
    assert lines[2]["understanding"]["intent"] == "help"


def test_say_then_ask_by_voice(
    tmp_path: Path, demo_copy: Path, demo_models: dict[str, str]
) -> None:
    question = tmp_path / "question.wav"
    said = shoptalk(
        "say",
        "Where is my order?",
        "-o",
        str(question),
        cwd=tmp_path,
        models=demo_models,
        var=demo_copy.parent / "var",
    )
    assert said.returncode == 0, said.stderr
    answer = tmp_path / "answer.wav"
    result = shoptalk(
        "ask",
        "--store",
        str(demo_copy),
        "--audio",
        str(question),
        "--user",
        "u-19",
        "--json",
        "--say",
        str(answer),
        cwd=tmp_path,
        models=demo_models,
    )
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert "order" in shown["transcript"].lower()
    assert shown["timings_ms"]["asr"] > 0
    with wave.open(str(answer)) as spoken:
        assert spoken.getnframes() > 0


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["ask", "--text", "hi", "--audio", "x.wav"], "give one of --text, --audio"),
        (["ask", "--audio", "missing.wav"], "missing.wav"),
        (["ask", "--audio", "empty.wav"], "empty"),
        (["say", "  ", "-o", "x.wav"], "give the text to say"),
    ],
)
def test_mistakes_are_one_line(
    tmp_path: Path, demo_copy: Path, demo_models: dict[str, str], arguments: list[str], message: str
) -> None:
    (tmp_path / "empty.wav").write_bytes(b"")
    result = (
        shoptalk(
            *arguments,
            "--store",
            str(demo_copy),
            cwd=tmp_path,
            models=demo_models,
            var=demo_copy.parent / "var",
        )
        if arguments[0] == "ask"
        else shoptalk(*arguments, cwd=tmp_path, models=demo_models, var=demo_copy.parent / "var")
    )
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1
    assert message in errors[0]
    assert "Traceback" not in result.stderr
