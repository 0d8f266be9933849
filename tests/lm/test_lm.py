"""The store's language model: tokenizer, model, reproducible training, ONNX parity with
PyTorch, the model directory, `train-lm` and `lm-score`, rescoring, and DDP under torchrun."""

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import onnxruntime as ort
import pytest
import torch

from shoptalk.commerce import SnapshotFile, Store, import_snapshot
from shoptalk.config import Settings
from shoptalk.lm.export import export_onnx
from shoptalk.lm.model import LanguageModel, LMConfig
from shoptalk.lm.pipeline import train_store_lm
from shoptalk.lm.rescore import LMRescorer
from shoptalk.lm.runtime import LanguageModelRuntime
from shoptalk.lm.service import lm_dir, speech_rescorer
from shoptalk.lm.tokenizer import train_tokenizer
from shoptalk.lm.train import LMTrainingConfig, train_lm
from shoptalk.speech import Hypothesis, Rescorer
from tests.conftest import DATA, run_shoptalk

SENTENCES = [
    "add a large dark roast latte to my cart",
    "track order w one zero zero one",
    "where is my order",
    "cancel the latte please",
] * 5
TINY = LMTrainingConfig(
    epochs=2, per_intent=3, vocab_size=300, context=32, layers=1, heads=2, dim=16, seed=3
)

pytestmark = pytest.mark.xdist_group("lm_training")
"""One worker trains the module's tiny model once for all its tests."""


def quiet(_stage: str, _done: int, _total: int | None) -> None:
    """A progress callback that draws nothing."""


@pytest.fixture(scope="module")
def small_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("lm") / "store.db"
    import_snapshot(Store.open(f"sqlite:///{path}"), SnapshotFile(DATA))
    return path


@pytest.fixture(scope="module")
def tiny_lm(small_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("model") / "lm"
    train_store_lm(Store.open(f"sqlite:///{small_db}"), out, TINY, quiet)
    return out


def test_tokenizer_round_trip() -> None:
    tokenizer = train_tokenizer(SENTENCES, 200)
    encoding = tokenizer.encode("Add a LARGE latte")
    assert encoding.tokens[0] == "<s>"
    assert encoding.tokens[-1] == "</s>"
    assert tokenizer.decode(encoding.ids) == "add a large latte"


def test_model_shapes_and_causality() -> None:
    torch.manual_seed(0)
    model = LanguageModel(LMConfig(vocab_size=50, context=16, layers=2, heads=2, dim=16))
    model.eval()
    ids = torch.randint(0, 50, (3, 10))
    changed = ids.clone()
    changed[:, 6:] = (changed[:, 6:] + 1) % 50
    with torch.no_grad():
        logits, logits_changed = model(ids), model(changed)
    assert logits.shape == (3, 10, 50)
    assert torch.allclose(logits[:, :6], logits_changed[:, :6])
    assert not torch.allclose(logits[:, 6:], logits_changed[:, 6:])
    assert model.output.weight is model.token_embedding.weight


def test_same_seed_same_losses() -> None:
    tokenizer = train_tokenizer(SENTENCES, 200)
    rows = [tokenizer.encode(s).ids for s in SENTENCES]
    config = TINY.model_config(tokenizer.get_vocab_size())
    _, first = train_lm(rows, rows[:4], config, TINY, quiet)
    _, second = train_lm(rows, rows[:4], config, TINY, quiet)
    for figures in (first, second):
        figures.pop("train_seconds")
    assert first == second
    assert first["validation_perplexity"] < tokenizer.get_vocab_size()


def test_onnx_log_probabilities_match_pytorch(tmp_path: Path) -> None:
    torch.manual_seed(0)
    model = LanguageModel(LMConfig(vocab_size=60, context=16, layers=2, heads=2, dim=16))
    export_onnx(model, tmp_path / "model.onnx")

    session = ort.InferenceSession(str(tmp_path / "model.onnx"), providers=["CPUExecutionProvider"])
    ids = torch.randint(0, 60, (3, 12))
    with torch.no_grad():
        expected = model.token_logprobs(ids).numpy()
    (found,) = session.run(None, {"ids": ids.numpy()})
    assert found.shape == (3, 11)
    assert np.allclose(found, expected, atol=1e-4)


def test_the_model_directory_has_everything_serving_needs(tiny_lm: Path) -> None:
    assert {p.name for p in tiny_lm.iterdir()} == {"model.onnx", "lm.json", "tokenizer.json"}
    meta = json.loads((tiny_lm / "lm.json").read_text())
    assert meta["format"] == "shoptalk-lm/1"
    assert len(meta["fingerprint"]) == 16
    assert meta["training"]["seed"] == 3
    metrics = meta["metrics"]
    assert metrics["onnx_validation_perplexity"] == pytest.approx(
        metrics["validation_perplexity"], rel=1e-3
    )
    assert not list(tiny_lm.parent.glob("*.building"))


def test_runtime_scores_tokens_and_batches_like_one_by_one(tiny_lm: Path) -> None:
    runtime = LanguageModelRuntime(tiny_lm)
    scores = runtime.score("Add a latte, please!")
    assert scores[-1].token == "</s>"
    assert all(s.logprob <= 0 for s in scores)
    texts = ["add a latte", "where is my order w one zero zero one", ""]
    batched = runtime.sentence_logprobs(texts)
    assert batched == pytest.approx([runtime.sentence_logprob(t) for t in texts], abs=1e-4)
    assert runtime.sentence_logprob("x" * 5000) < 0


@dataclass(frozen=True)
class Guess:
    text: str
    acoustic_logprob: float


@dataclass(frozen=True)
class FixedLM:
    scores: dict[str, float]

    def sentence_logprobs(self, texts: list[str]) -> list[float]:
        return [self.scores[t] for t in texts]


def test_rescoring_takes_what_the_lm_prefers_when_the_ear_cannot_tell() -> None:
    lm = FixedLM({"add a dark roast lottie": -30.0, "add a dark roast latte": -12.0})
    guesses = [Guess("add a dark roast lottie", -5.0), Guess("add a dark roast latte", -5.0)]
    assert LMRescorer(lm, weight=0.3)(guesses).text == "add a dark roast latte"
    assert LMRescorer(lm, weight=0.0)(guesses).text == "add a dark roast lottie"
    clearly_heard = [Guess("add a dark roast lottie", -1.0), Guess("add a dark roast latte", -20.0)]
    assert LMRescorer(lm, weight=0.3)(clearly_heard).text == "add a dark roast lottie"


def test_a_word_bonus_keeps_the_lm_from_choosing_a_transcript_cut_short() -> None:
    lm = FixedLM({"tell me": -8.0, "tell me about the lumio laptop": -20.0})
    guesses = [Guess("Tell me about the Lumio laptop.", -6.0), Guess("Tell me.", -7.0)]
    assert LMRescorer(lm, weight=0.5)(guesses).text == "Tell me."
    chosen = LMRescorer(lm, weight=0.5, word_bonus=2.0)(guesses)
    assert chosen.text == "Tell me about the Lumio laptop."


def test_rescoring_with_the_trained_model(tiny_lm: Path) -> None:
    rescorer = LMRescorer(LanguageModelRuntime(tiny_lm), weight=1.0)
    said = [Guess("zzq vvk", -3.0), Guess("where is my order", -3.0)]
    assert rescorer(said).text == "where is my order"
    assert [s.text for s in rescorer.scored(said)] == ["zzq vvk", "where is my order"]


def shoptalk(*arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_shoptalk(*arguments, cwd=cwd, env={"SHOPTALK_VAR_DIR": str(cwd / "var")})


def test_lm_score_command(tiny_lm: Path, small_db: Path, tmp_path: Path) -> None:
    store = Store.open(f"sqlite:///{small_db}")
    shutil.copytree(tiny_lm, lm_dir(store, Settings(var_dir=tmp_path / "var")))
    result = shoptalk("lm-score", "--db", str(small_db), "--json", "Add a latte.", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    scored = json.loads(result.stdout)
    assert scored["text"] == "Add a latte."
    assert scored["tokens"][-1]["token"] == "</s>"
    assert scored["logprob"] == pytest.approx(sum(t["logprob"] for t in scored["tokens"]), abs=1e-3)
    plain = shoptalk("lm-score", "--db", str(small_db), "Add a latte.", cwd=tmp_path)
    assert plain.stdout.splitlines()[-1].endswith(f"total ({len(scored['tokens'])} tokens)")
    again = shoptalk("train-lm", "--db", str(small_db), "--if-missing", cwd=tmp_path)
    assert again.returncode == 0
    assert "exists" in again.stderr


@pytest.mark.slow
def test_distributed_training_under_torchrun(small_db: Path, tmp_path: Path) -> None:
    command = [
        sys.executable, "-m", "torch.distributed.run", "--nproc_per_node", "2",
        "--master_port", "29531", "-m", "shoptalk", "train-lm", "--db", str(small_db),
        "--out", str(tmp_path / "ddp"), "--epochs", "1", "--per-intent", "2", "--seed", "3",
    ]  # fmt: skip
    env = {**os.environ, "SHOPTALK_VAR_DIR": str(tmp_path / "var"), "OMP_NUM_THREADS": "1"}
    result = subprocess.run(
        command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    metrics = json.loads((tmp_path / "ddp" / "lm.json").read_text())["metrics"]
    assert metrics["steps"] > 0
    assert metrics["validation_perplexity"] > 1


def test_speech_rescorer_follows_the_setting(tiny_lm: Path, small_db: Path, tmp_path: Path) -> None:
    store = Store.open(f"sqlite:///{small_db}")
    off = Settings(var_dir=tmp_path / "var", lm_rescoring=False)
    shutil.copytree(tiny_lm, lm_dir(store, off))
    assert speech_rescorer(store, off, quiet, print) is None
    on = Settings(var_dir=tmp_path / "var", lm_rescoring=True, lm_weight=0.5)
    rescorer: Rescorer | None = speech_rescorer(store, on, quiet, print)
    assert isinstance(rescorer, LMRescorer)
    assert rescorer.weight == 0.5
    heard = [Hypothesis("zzq vvk", -3.0, 4), Hypothesis("where is my order", -3.0, 4)]
    assert rescorer(heard).text == "where is my order"
