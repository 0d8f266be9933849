"""Running the exported language model: onnxruntime and the tokenizer, no PyTorch.

`score` gives each token's log-probability (what `shoptalk lm-score` prints); `sentence_logprobs`
scores a recogniser's n-best list in one batched run, which is what rescoring calls.
"""

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import onnxruntime as ort

from shoptalk.lm.corpus import spoken_form
from shoptalk.lm.export import INPUT
from shoptalk.lm.model import LMConfig
from shoptalk.lm.tokenizer import PAD_ID, encode, load_tokenizer

MODEL_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"
META_FILE = "lm.json"


@dataclass(frozen=True)
class TokenScore:
    token: str
    logprob: float


class LanguageModelRuntime:
    def __init__(self, model_dir: Path, threads: int = 1) -> None:
        self.model_dir = model_dir
        self.meta = json.loads((model_dir / META_FILE).read_text())
        self.config = LMConfig.from_json(self.meta["config"])
        self.tokenizer = load_tokenizer(model_dir / TOKENIZER_FILE)
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(
            str(model_dir / MODEL_FILE), options, providers=["CPUExecutionProvider"]
        )

    def score(self, text: str) -> list[TokenScore]:
        """Each token after <s> (</s> included) with its log-probability given the ones before."""
        ids = self._ids(text)
        logprobs = self._run([ids])[0]
        return [
            TokenScore(self.tokenizer.id_to_token(token) or "", float(logprob))
            for token, logprob in zip(ids[1:], logprobs, strict=False)
        ]

    def sentence_logprob(self, text: str) -> float:
        return self.sentence_logprobs([text])[0]

    def sentence_logprobs(self, texts: list[str]) -> list[float]:
        """Log-probability of each whole sentence, in one batched run."""
        rows = [self._ids(text) for text in texts]
        logprobs = self._run(rows)
        return [float(logprobs[i, : len(ids) - 1].sum()) for i, ids in enumerate(rows)]

    def _ids(self, text: str) -> list[int]:
        return encode(self.tokenizer, spoken_form(text), self.config.context)

    def _run(self, rows: list[list[int]]) -> np.ndarray:
        """Right-padded batch; a causal model's scores before the padding ignore it."""
        ids = np.full((len(rows), max(len(r) for r in rows)), PAD_ID, dtype=np.int64)
        for i, row in enumerate(rows):
            ids[i, : len(row)] = row
        result: np.ndarray = self.session.run(None, {INPUT: ids})[0]
        return result
