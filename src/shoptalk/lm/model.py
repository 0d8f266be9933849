"""The store's language model: a small decoder-only Transformer, written plainly like nanoGPT.

Read top-down: attention → feed-forward → block → the configuration → the model. It learns
what shoppers say to one store, so that among the recogniser's guesses for one recording the
sentence a shopper would say ("a dark roast latte") outscores one nobody says ("... lottie").
Attention is spelt out with an explicit causal mask (no fused kernel) so the ONNX export is the
same arithmetic as training.
"""

import math
from dataclasses import asdict, dataclass
from typing import Any

import torch
from torch import nn
from torch.nn import functional


class CausalSelfAttention(nn.Module):
    """Multi-head self-attention in which each position sees itself and the past only."""

    causal_mask: torch.Tensor

    def __init__(self, config: "LMConfig") -> None:
        super().__init__()
        self.heads = config.heads
        self.scale = 1.0 / math.sqrt(config.dim // config.heads)
        self.qkv = nn.Linear(config.dim, 3 * config.dim)
        self.projection = nn.Linear(config.dim, config.dim)
        self.dropout = nn.Dropout(config.dropout)
        mask = torch.tril(torch.ones(config.context, config.context, dtype=torch.bool))
        self.register_buffer("causal_mask", mask.view(1, 1, config.context, config.context))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        batch, tokens, dim = x.shape
        q, k, v = self.qkv(x).split(dim, dim=2)
        q, k, v = (t.view(batch, tokens, self.heads, -1).transpose(1, 2) for t in (q, k, v))
        scores = (q @ k.transpose(-2, -1)) * self.scale
        scores = scores.masked_fill(~self.causal_mask[:, :, :tokens, :tokens], float("-inf"))
        weights = self.dropout(functional.softmax(scores, dim=-1))
        mixed = (weights @ v).transpose(1, 2).reshape(batch, tokens, dim)
        projected: torch.Tensor = self.dropout(self.projection(mixed))
        return projected


class FeedForward(nn.Module):
    def __init__(self, config: "LMConfig") -> None:
        super().__init__()
        self.expand = nn.Linear(config.dim, 4 * config.dim)
        self.contract = nn.Linear(4 * config.dim, config.dim)
        self.dropout = nn.Dropout(config.dropout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        contracted: torch.Tensor = self.dropout(self.contract(functional.gelu(self.expand(x))))
        return contracted


class Block(nn.Module):
    """Pre-norm residual block: attention, then feed-forward."""

    def __init__(self, config: "LMConfig") -> None:
        super().__init__()
        self.attention_norm = nn.LayerNorm(config.dim)
        self.attention = CausalSelfAttention(config)
        self.feed_forward_norm = nn.LayerNorm(config.dim)
        self.feed_forward = FeedForward(config)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x + self.attention(self.attention_norm(x))
        mixed: torch.Tensor = x + self.feed_forward(self.feed_forward_norm(x))
        return mixed


@dataclass(frozen=True)
class LMConfig:
    vocab_size: int
    context: int = 64
    layers: int = 4
    heads: int = 4
    dim: int = 128
    dropout: float = 0.1

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "LMConfig":
        return cls(**{name: data[name] for name in cls.__dataclass_fields__})


class LanguageModel(nn.Module):
    """Token ids (batch, tokens) → next-token logits (batch, tokens, vocabulary)."""

    def __init__(self, config: LMConfig) -> None:
        super().__init__()
        self.config = config
        self.token_embedding = nn.Embedding(config.vocab_size, config.dim)
        self.position_embedding = nn.Embedding(config.context, config.dim)
        self.dropout = nn.Dropout(config.dropout)
        self.blocks = nn.ModuleList(Block(config) for _ in range(config.layers))
        self.final_norm = nn.LayerNorm(config.dim)
        self.output = nn.Linear(config.dim, config.vocab_size, bias=False)
        self.output.weight = self.token_embedding.weight  # tied: one table to read and write
        self.apply(_initialise)

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        positions = torch.arange(ids.size(1), device=ids.device)
        x = self.dropout(self.token_embedding(ids) + self.position_embedding(positions))
        for block in self.blocks:
            x = block(x)
        logits: torch.Tensor = self.output(self.final_norm(x))
        return logits

    def token_logprobs(self, ids: torch.Tensor) -> torch.Tensor:
        """Log-probability of each token given the ones before it: (batch, tokens - 1)."""
        logprobs = functional.log_softmax(self(ids[:, :-1]), dim=-1)
        return logprobs.gather(-1, ids[:, 1:].unsqueeze(-1)).squeeze(-1)


def _initialise(module: nn.Module) -> None:
    """GPT-2's small normal initialisation; a default-initialised LM starts far off."""
    if isinstance(module, nn.Linear | nn.Embedding):
        nn.init.normal_(module.weight, mean=0.0, std=0.02)
    if isinstance(module, nn.Linear) and module.bias is not None:
        nn.init.zeros_(module.bias)
