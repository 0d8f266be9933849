"""Training end to end on a tiny budget: the directory it writes, reproducibility, ONNX parity
with PyTorch, DistributedDataParallel under torchrun, and the parse/eval commands on it."""

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import onnxruntime as ort
import pytest
import torch

from shoptalk.commerce import SnapshotFile, Store, import_snapshot
from shoptalk.config import Settings
from shoptalk.nlu import service
from shoptalk.nlu.dataset import TAGS
from shoptalk.nlu.export import export_onnx
from shoptalk.nlu.model import JointParser, ParserConfig
from shoptalk.nlu.parser import Parser
from shoptalk.nlu.train import INTENTS, TrainingConfig
from tests.conftest import DATA

TINY = TrainingConfig(epochs=1, per_intent=6, clinc_per_intent=1, batch_size=16, seed=3)
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("nlu_training")]


@pytest.fixture(scope="module")
def small_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("nlu") / "store.db"
    import_snapshot(Store.open(f"sqlite:///{path}"), SnapshotFile(DATA))
    return path


def train_tiny(db: Path, out: Path) -> None:
    store = Store.open(f"sqlite:///{db}")
    service.train(store, Settings(), out, TINY, lambda _stage, _done, _total: None)


@pytest.fixture(scope="module")
def tiny_model(small_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("model") / "understanding"
    train_tiny(small_db, out)
    return out


def test_the_model_directory_has_everything_serving_needs(tiny_model: Path) -> None:
    assert {p.name for p in tiny_model.iterdir()} == {"model.onnx", "parser.json", "tokenizer.json"}
    meta = json.loads((tiny_model / "parser.json").read_text())
    assert meta["format"] == "shoptalk-parser/1"
    assert meta["config"]["intents"] == list(INTENTS)
    assert meta["training"]["seed"] == 3
    assert len(meta["fingerprint"]) == 16
    assert 0.25 <= meta["temperature"] <= 8.0
    assert list(meta["intent_prior"]) == list(INTENTS)
    assert sum(meta["intent_prior"].values()) == pytest.approx(1.0)
    assert sum(p.stat().st_size for p in tiny_model.iterdir()) < 100 * 2**20
    assert not list(tiny_model.parent.glob("*.building"))


def test_same_seed_same_model(tiny_model: Path, small_db: Path, tmp_path: Path) -> None:
    train_tiny(small_db, tmp_path / "again")
    first = json.loads((tiny_model / "parser.json").read_text())
    second = json.loads((tmp_path / "again" / "parser.json").read_text())
    for figures in (first["validation"], second["validation"]):
        figures.pop("train_seconds")
        figures.pop("onnx_ms_per_utterance")
    assert first["validation"] == second["validation"]
    assert first["temperature"] == second["temperature"]
    words = ["add", "two", "lattes"]
    one = Parser.load(tiny_model, Store.open(f"sqlite:///{small_db}"), 0.0).runtime.predict(words)
    two = Parser.load(tmp_path / "again", Store.open(f"sqlite:///{small_db}"), 0.0).runtime.predict(
        words
    )
    assert one == two


def test_onnx_export_matches_pytorch(tmp_path: Path) -> None:
    torch.manual_seed(0)
    model = JointParser(ParserConfig(intents=INTENTS, tags=TAGS), service.encoder_dir(Settings()))
    model.eval()
    export_onnx(model, tmp_path / "model.onnx")
    ids = torch.tensor([[101, 5587, 2048, 2474, 102], [101, 7592, 102, 0, 0]])
    mask = (ids != 0).long()
    with torch.no_grad():
        intents, tags = model(ids, mask)
    session = ort.InferenceSession(str(tmp_path / "model.onnx"), providers=["CPUExecutionProvider"])
    onnx_intents, onnx_tags = session.run(
        None, {"input_ids": ids.numpy(), "attention_mask": mask.numpy()}
    )
    assert np.allclose(onnx_intents, intents.numpy(), atol=1e-4)
    assert np.allclose(onnx_tags, tags.numpy(), atol=1e-4)


def test_quantized_model_agrees_with_pytorch(tiny_model: Path) -> None:
    figures = json.loads((tiny_model / "parser.json").read_text())["validation"]
    assert figures["onnx_torch_intent_agreement"] >= 0.9


def test_parse_never_crashes_on_bad_input(tiny_model: Path, small_db: Path) -> None:
    parser = Parser.load(tiny_model, Store.open(f"sqlite:///{small_db}"), 0.5)
    for text in [
        "",
        "   ",
        "x" * 10_000,
        "\x00\x01\x02 garbage \ufffd",
        "你好 我要买鞋",
        "🙂🙂🙂",
        "مرحبا",
    ]:
        result = parser.parse(text)
        assert result.text == text
        assert 0.0 <= result.confidence <= 1.0
    assert parser.parse("").intent == "out_of_scope"


def shoptalk(
    *arguments: str, cwd: Path, launcher: list[str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SHOPTALK_VAR_DIR": str(cwd / "var"), "OMP_NUM_THREADS": "1"}
    command = [*(launcher or [sys.executable, "-m"]), "shoptalk", *arguments]
    return subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=900, check=False
    )


def test_distributed_training_under_torchrun(small_db: Path, tmp_path: Path) -> None:
    torchrun = [
        sys.executable,
        "-m",
        "torch.distributed.run",
        "--nproc_per_node",
        "2",
        "--master_port",
        "29517",
        "-m",
    ]
    result = shoptalk(
        "train", "--db", str(small_db), "--out", str(tmp_path / "ddp"), "--epochs", "1",
        "--per-intent", "6", "--clinc-per-intent", "1", "--seed", "3",
        cwd=tmp_path, launcher=torchrun,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "ddp" / "model.onnx").is_file()
    meta = json.loads((tmp_path / "ddp" / "parser.json").read_text())
    assert meta["validation"]["steps"] > 0


def test_parse_and_eval_commands(tiny_model: Path, small_db: Path, tmp_path: Path) -> None:
    os.environ["SHOPTALK_UNDERSTANDING_MODEL"] = str(tiny_model)
    try:
        parsed = shoptalk("parse", "--db", str(small_db), "add two large lattes", cwd=tmp_path)
        labelled = tmp_path / "labelled.jsonl"
        labelled.write_text(json.dumps({"text": "hello", "intent": "greet", "slots": {}}) + "\n")
        scored = shoptalk(
            "eval", "--db", str(small_db), "--file", str(labelled), "--json", cwd=tmp_path
        )
        broken = tmp_path / "broken.jsonl"
        broken.write_text('{"text": "hi", "intent": "dance"}\n')
        refused = shoptalk("eval", "--db", str(small_db), "--file", str(broken), cwd=tmp_path)
    finally:
        del os.environ["SHOPTALK_UNDERSTANDING_MODEL"]
    assert parsed.returncode == 0, parsed.stderr
    assert json.loads(parsed.stdout)["text"] == "add two large lattes"
    assert json.loads(scored.stdout)["utterances"] == 1
    assert refused.returncode == 2
    assert "broken.jsonl:1: not a labelled utterance" in refused.stderr
