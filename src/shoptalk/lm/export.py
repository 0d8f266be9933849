"""From the trained PyTorch model to what serving runs: ONNX that returns, for a batch of token
ids, the log-probability of each token given those before it.

Scoring is the only thing serving does with the model, so the graph ends in that gather: the
output is (batch, tokens - 1) floats instead of a (batch, tokens, vocabulary) table. Weights stay
float32: the model is a few MB and already fast, and float keeps it equal to PyTorch.
"""

from pathlib import Path

import torch
from torch import nn

from shoptalk.lm.model import LanguageModel

INPUT = "ids"
OUTPUT = "token_logprobs"


class TokenScorer(nn.Module):
    def __init__(self, model: LanguageModel) -> None:
        super().__init__()
        self.model = model

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        return self.model.token_logprobs(ids)


def export_onnx(model: LanguageModel, path: Path) -> None:
    """Export with dynamic batch and length (up to the model's context + 1 tokens)."""
    model.eval()
    ids = torch.ones(2, 8, dtype=torch.long)
    torch.onnx.export(
        TokenScorer(model).eval(),
        (ids,),
        str(path),
        input_names=[INPUT],
        output_names=[OUTPUT],
        dynamic_axes={INPUT: {0: "batch", 1: "tokens"}, OUTPUT: {0: "batch", 1: "scored"}},
        opset_version=17,
        dynamo=False,
    )
