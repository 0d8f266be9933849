"""Training data for the understanding model: templates crossed with the store's catalog, plus
the human-written CLINC150 utterances (mapped intents, and out-of-scope ones).

Every example is a list of words with one BIO tag per word and an intent. Generation is seeded:
the same store and seed give the same data, and so the same model.
"""

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

from shoptalk.nlu.normalize import words_of
from shoptalk.nlu.slot_values import SlotFiller
from shoptalk.nlu.template import Node, Piece, parse_template, sample
from shoptalk.nlu.vocabulary import StoreVocabulary

SPAN_TYPES = (
    "product", "option", "quantity", "order_id", "reason", "email", "first_name", "last_name",
    "zip", "address", "payment_method", "price", "sort", "query", "ordinal",
)  # fmt: skip
"""What the model tags. The policy `topic` is not a span: people ask "do you ship to Canada"
without naming one, so it is found from the whole sentence by `nlu.topics`."""
TAGS = ("O", *(f"{p}-{t}" for t in SPAN_TYPES for p in ("B", "I")))

CLINC_INTENTS = {
    "order_status": "order_status",
    "cancel": "cancel_action",
    "yes": "affirm",
    "no": "deny",
    "repeat": "repeat",
    "greeting": "greet",
    "goodbye": "goodbye",
    "thank_you": "thanks",
}
CLINC_OUT_OF_SCOPE = "oos"
CLINC_SHOPPING_RELATED = {"order", "shopping_list", "shopping_list_update", "what_can_i_ask_you"}
"""CLINC intents too close to shopping to call out of scope, yet not ours: left out entirely."""

FILLERS = ("um", "uh", "so", "okay", "hey", "well", "hmm", "oh", "alright")
CLOSERS = ("please", "thanks", "thank you", "for me")
ASR_SLIPS = {"add": "at", "cart": "car", "order": "orders", "the": "a", "my": "by", "to": "two"}


@dataclass(frozen=True)
class Example:
    words: tuple[str, ...]
    tags: tuple[str, ...]
    intent: str

    @property
    def text(self) -> str:
        return " ".join(self.words)


def load_templates() -> dict[str, list[Node]]:
    """The packaged templates, parsed; keys are intents."""
    text = resources.files("shoptalk.nlu.templates").joinpath("intents.yaml").read_text()
    raw: dict[str, list[str]] = yaml.safe_load(text)
    return {intent: [parse_template(t) for t in templates] for intent, templates in raw.items()}


def template_examples(
    vocabulary: StoreVocabulary, per_intent: int, rng: random.Random
) -> Iterator[Example]:
    filler = SlotFiller(vocabulary, rng)
    for intent, templates in load_templates().items():
        seen: set[tuple[str, ...]] = set()
        for _ in range(per_intent * 3):
            if len(seen) >= per_intent:
                break
            pieces = filler.fill(sample(rng.choice(templates), rng))
            if pieces is None:
                continue
            example = _noisy(_tagged(pieces, intent), rng)
            if example.words and example.words not in seen:
                seen.add(example.words)
                yield example


def _tagged(pieces: list[Piece], intent: str) -> Example:
    words: list[str] = []
    tags: list[str] = []
    for text, span in pieces:
        piece_words = words_of(text)
        words.extend(piece_words)
        if span is None:
            tags.extend("O" for _ in piece_words)
        else:
            tags.extend(f"{'B' if i == 0 else 'I'}-{span}" for i in range(len(piece_words)))
    return Example(tuple(words), tuple(tags), intent)


def _noisy(example: Example, rng: random.Random) -> Example:
    """Speech-like variation on the words outside slots: fillers, closers, recognition slips."""
    words, tags = list(example.words), list(example.tags)
    for i, (word, tag) in enumerate(zip(words, tags, strict=True)):
        if tag == "O" and word in ASR_SLIPS and rng.random() < 0.04:
            words[i] = ASR_SLIPS[word]
    if rng.random() < 0.15:
        filler = list(words_of(rng.choice(FILLERS)))
        words, tags = filler + words, ["O"] * len(filler) + tags
    if rng.random() < 0.08 and example.intent not in {"thanks", "affirm", "deny"}:
        closer = list(words_of(rng.choice(CLOSERS)))
        words, tags = words + closer, tags + ["O"] * len(closer)
    return Example(tuple(words), tuple(tags), example.intent)


def clinc_examples(folder: Path, split: str, per_intent: int | None = None) -> Iterator[Example]:
    """CLINC150 utterances of one split: mapped intents as ours, the rest as out of scope.

    Every utterance of a mapped intent and of CLINC's own out-of-scope set is kept: they are
    the human-written examples of what we must accept or refuse. Of each unrelated intent at
    most `per_intent` are kept, so a hundred-odd topics do not swamp the shopping intents."""
    rows = json.loads((folder / f"{split}.json").read_text())
    rows += json.loads((folder / f"oos_{split}.json").read_text())
    taken: dict[str, int] = {}
    for text, clinc_intent in rows:
        if clinc_intent in CLINC_SHOPPING_RELATED:
            continue
        taken[clinc_intent] = taken.get(clinc_intent, 0) + 1
        capped = clinc_intent not in CLINC_INTENTS and clinc_intent != CLINC_OUT_OF_SCOPE
        if capped and per_intent is not None and taken[clinc_intent] > per_intent:
            continue
        intent = CLINC_INTENTS.get(clinc_intent, "out_of_scope")
        words = words_of(text)
        if words:
            yield Example(words, ("O",) * len(words), intent)


def gibberish_examples(count: int, rng: random.Random) -> Iterator[Example]:
    """Noise and nonsense (keyboard mashing, stutters, mumbles): out of scope, never acted on."""
    syllables = ("asd", "qw", "jkl", "zx", "mm", "hm", "grr", "bla", "ffff", "uhh", "the", "um")
    for _ in range(count):
        words = tuple(rng.choice(syllables) * rng.randint(1, 2) for _ in range(rng.randint(1, 5)))
        yield Example(words, ("O",) * len(words), "out_of_scope")


def training_examples(
    vocabulary: StoreVocabulary, clinc: Path, *, per_intent: int, clinc_per_intent: int, seed: int
) -> list[Example]:
    """Everything the model trains on, shuffled with `seed`."""
    rng = random.Random(seed)
    examples = list(template_examples(vocabulary, per_intent, rng))
    examples += list(clinc_examples(clinc, "train", per_intent=clinc_per_intent))
    examples += list(gibberish_examples(per_intent // 3, rng))
    rng.shuffle(examples)
    return examples
