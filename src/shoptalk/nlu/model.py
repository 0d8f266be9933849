"""The understanding model: a pretrained MiniLM encoder with two small heads, trained jointly.

Read top-down: the configuration, the word-to-token alignment, then the model. The intent
head reads the mean of the encoder's token states (how MiniLM was pretrained to summarise a
sentence); the tag head reads each word's first token and predicts its BIO slot tag.
"""

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import torch
from tokenizers import Encoding, Tokenizer
from torch import nn
from transformers import AutoModel
from transformers.utils import logging as transformers_logging

IGNORED = -100
"""Label of tokens that carry no tag: special tokens and every word's later sub-words."""


@dataclass(frozen=True)
class ParserConfig:
    intents: tuple[str, ...]
    tags: tuple[str, ...]
    max_tokens: int = 64
    dropout: float = 0.1

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "ParserConfig":
        return cls(
            intents=tuple(data["intents"]),
            tags=tuple(data["tags"]),
            max_tokens=int(data["max_tokens"]),
            dropout=float(data["dropout"]),
        )


def load_tokenizer(path: Path, max_tokens: int) -> Tokenizer:
    tokenizer = Tokenizer.from_file(str(path))
    tokenizer.enable_truncation(max_tokens)
    tokenizer.no_padding()
    return tokenizer


def encode_words(tokenizer: Tokenizer, words: list[str]) -> tuple[Encoding, list[int]]:
    """Tokenise pre-split words; returns the encoding and, per word kept, its first token."""
    encoding = tokenizer.encode(words, is_pretokenized=True)
    first_tokens: list[int] = []
    seen: set[int] = set()
    for token, word in enumerate(encoding.word_ids):
        if word is not None and word not in seen:
            seen.add(word)
            first_tokens.append(token)
    return encoding, first_tokens


class JointParser(nn.Module):
    """Encoder → (intent logits per sentence, tag logits per token)."""

    def __init__(self, config: ParserConfig, encoder_dir: Path) -> None:
        super().__init__()
        self.config = config
        transformers_logging.set_verbosity_error()  # type: ignore[no-untyped-call]
        transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
        self.encoder = AutoModel.from_pretrained(str(encoder_dir), add_pooling_layer=False)
        hidden = int(self.encoder.config.hidden_size)
        self.dropout = nn.Dropout(config.dropout)
        self.intent_head = nn.Linear(hidden, len(config.intents))
        self.tag_head = nn.Linear(hidden, len(config.tags))

    def forward(
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor]:
        states = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(states.dtype)
        pooled = (states * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1.0)
        intent_logits = self.intent_head(self.dropout(pooled))
        tag_logits = self.tag_head(self.dropout(states))
        return intent_logits, tag_logits
