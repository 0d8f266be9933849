"""What the store's language model reads: the sentences shoppers say to this store.

Four sources, all from the store or shipped with ShopTalk: the understanding templates crossed
with the catalog (the same generator the understanding model trains on), the human-written
CLINC150 utterances whose intents are ours, the catalog's own words (product names, brands,
types, option values and their synonyms) and the store's policy texts. Every sentence is put in
the form the recogniser's hypotheses are scored in (`spoken_form`), deduplicated, shuffled with
the seed and split into training and validation sentences.
"""

import random
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from shoptalk.commerce import Store
from shoptalk.commerce.tables import PolicyRow
from shoptalk.nlu.dataset import clinc_examples, template_examples
from shoptalk.nlu.normalize import words_of
from shoptalk.nlu.vocabulary import StoreVocabulary

CLINC_DIR = Path(__file__).parents[1] / "nlu" / "data" / "clinc150"
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True)
class Corpus:
    training: tuple[str, ...]
    validation: tuple[str, ...]


def spoken_form(text: str) -> str:
    """Lower case, no punctuation, symbols as words: how the LM reads training text and
    hypotheses alike, so "Where's order #W1001?" and "where's order #w1001" score the same."""
    return " ".join(words_of(text))


def build_corpus(
    store: Store,
    vocabulary: StoreVocabulary,
    *,
    per_intent: int,
    validation_fraction: float,
    seed: int,
) -> Corpus:
    rng = random.Random(seed)
    sentences = [e.text for e in template_examples(vocabulary, per_intent, rng)]
    sentences += [e.text for e in clinc_examples(CLINC_DIR, "train") if e.intent != "out_of_scope"]
    sentences += catalog_phrases(vocabulary)
    sentences += policy_sentences(store)
    unique = sorted({form for s in sentences if (form := spoken_form(s))})
    rng.shuffle(unique)
    held = max(1, int(len(unique) * validation_fraction))
    return Corpus(training=tuple(unique[held:]), validation=tuple(unique[:held]))


def catalog_phrases(vocabulary: StoreVocabulary) -> list[str]:
    """Names, brands, types and option values as short phrases of their own."""
    phrases: list[str] = []
    for product in vocabulary.products:
        phrases += [product.name, *(t for t in (product.brand, product.type) if t)]
        for option in product.options:
            for value in option.values:
                phrases += [*value.spellings, f"{value.value} {product.name}"]
    return phrases


def policy_sentences(store: Store) -> list[str]:
    with store.transaction(write=False) as session:
        texts = list(session.scalars(select(PolicyRow.text).order_by(PolicyRow.position)))
    return [sentence for text in texts for sentence in SENTENCE_END.split(text)]
