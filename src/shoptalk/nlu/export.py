"""From the trained PyTorch model to what serving runs: ONNX, weights quantised to int8.

Serving then needs only onnxruntime and the tokenizer, not PyTorch, and the model directory
stays small (~23 MB instead of ~90 MB) and fast on a CPU.
"""

from pathlib import Path

import torch
from onnxruntime.quantization import QuantType, quantize_dynamic

from shoptalk.nlu.model import JointParser

INPUTS = ("input_ids", "attention_mask")
OUTPUTS = ("intent_logits", "tag_logits")


def export_onnx(model: JointParser, path: Path) -> None:
    """Export with dynamic batch and length; float32 weights."""
    model.eval()
    ids = torch.ones(2, 8, dtype=torch.long)
    mask = torch.ones(2, 8, dtype=torch.long)
    axes = {name: {0: "batch", 1: "tokens"} for name in INPUTS}
    axes |= {"intent_logits": {0: "batch"}, "tag_logits": {0: "batch", 1: "tokens"}}
    torch.onnx.export(
        model,
        (ids, mask),
        str(path),
        input_names=list(INPUTS),
        output_names=list(OUTPUTS),
        dynamic_axes=axes,
        opset_version=17,
        dynamo=False,
    )


def quantize(source: Path, target: Path) -> None:
    """Dynamic int8 quantisation of the weights (activations stay float)."""
    quantize_dynamic(str(source), str(target), weight_type=QuantType.QInt8)
