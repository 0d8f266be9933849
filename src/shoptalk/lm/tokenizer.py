"""The language model's tokenizer: byte-pair encoding learnt from the store's own text.

Lowercased, so "Latte" and "latte" are one token; words keep a leading "▁" (Metaspace) so
decoding gives back the spaced text. Every sentence is wrapped in <s> … </s>: the model scores
how a sentence starts and that it ends there, which penalises a hypothesis cut short.
"""

from collections.abc import Iterable
from pathlib import Path

from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors
from tokenizers.trainers import BpeTrainer

PAD, UNKNOWN, START, END = "<pad>", "<unk>", "<s>", "</s>"
SPECIAL_TOKENS = (PAD, UNKNOWN, START, END)
PAD_ID = 0


def train_tokenizer(sentences: Iterable[str], vocab_size: int) -> Tokenizer:
    tokenizer = Tokenizer(models.BPE(unk_token=UNKNOWN))
    tokenizer.normalizer = normalizers.Sequence([normalizers.NFKC(), normalizers.Lowercase()])
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace()
    tokenizer.decoder = decoders.Metaspace()
    trainer = BpeTrainer(
        vocab_size=vocab_size, special_tokens=list(SPECIAL_TOKENS), show_progress=False
    )
    tokenizer.train_from_iterator(sentences, trainer)
    start, end = tokenizer.token_to_id(START), tokenizer.token_to_id(END)
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{START} $A {END}", special_tokens=[(START, start), (END, end)]
    )
    return tokenizer


def load_tokenizer(path: Path) -> Tokenizer:
    return Tokenizer.from_file(str(path))


def encode(tokenizer: Tokenizer, text: str, context: int) -> list[int]:
    """<s> text </s> as ids, at most `context` + 1 of them (the model predicts `context`)."""
    return list(tokenizer.encode(text).ids[: context + 1])
