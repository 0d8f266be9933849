"""`shoptalk parse`: one utterance in, the docs/design.md §7 understanding out.

Text is prepared as the model was trained (`normalize.prepare`), the exported model gives the
intent and a tag per word, and `SlotReader` turns the tagged spans into grounded values. An
intent below the confidence threshold becomes `out_of_scope`; the model's guesses (the one
refused included), and products a mention named equally well, are reported as alternatives
rather than dropped.
"""

import json
from pathlib import Path

from shoptalk.commerce import Store
from shoptalk.commerce.tables import PolicyRow
from shoptalk.nlu.grounding import CatalogIndex
from shoptalk.nlu.normalize import prepare
from shoptalk.nlu.runtime import META_FILE, ModelRuntime
from shoptalk.nlu.slot_reading import SlotReader, SlotReading
from shoptalk.nlu.topics import TopicMatcher
from shoptalk.nlu.understanding import Alternative, Intent, Understanding

OUT_OF_SCOPE: Intent = "out_of_scope"
ALTERNATIVES = 3
MIN_ALTERNATIVE = 0.01


class Parser:
    def __init__(self, runtime: ModelRuntime, reader: SlotReader, threshold: float) -> None:
        self.runtime = runtime
        self.reader = reader
        self.threshold = threshold

    @classmethod
    def load(cls, model_dir: Path, store: Store, threshold: float, threads: int = 1) -> "Parser":
        """The model in `model_dir` over `store`'s catalog and policies."""
        with store.transaction(write=False) as session:
            policies = [
                (p.topic, p.text) for p in session.query(PolicyRow).order_by(PolicyRow.position)
            ]
        reader = SlotReader(CatalogIndex.from_store(store), TopicMatcher(policies))
        return cls(ModelRuntime(model_dir, threads), reader, threshold)

    @property
    def fingerprint(self) -> str:
        meta = json.loads((self.runtime.model_dir / META_FILE).read_text())
        return str(meta.get("fingerprint", ""))

    def parse(self, text: str) -> Understanding:
        prepared = prepare(text)
        if not prepared.words:
            return Understanding(text=text, intent=OUT_OF_SCOPE, confidence=1.0)
        prediction = self.runtime.predict(list(prepared.words))
        ranked = sorted(prediction.intent_probabilities.items(), key=lambda item: -item[1])
        guessed, confidence = ranked[0]
        intent = guessed if confidence >= self.threshold else OUT_OF_SCOPE
        reading = (
            self.reader.read(intent, prepared, prediction.tags)
            if intent != OUT_OF_SCOPE
            else SlotReading()
        )
        return Understanding(
            text=text,
            intent=intent,
            confidence=round(confidence, 4),
            slots=reading.slots(),
            alternatives=_alternatives(
                intent, confidence, [r for r in ranked if r[0] != intent], reading
            ),
        )


def _alternatives(
    intent: str, confidence: float, others: list[tuple[str, float]], reading: SlotReading
) -> list[Alternative]:
    tied = [
        Alternative.model_validate(
            {
                "intent": intent,
                "confidence": round(confidence, 4),
                "slots": reading.slots().model_copy(update={"product": product}),
            }
        )
        for product in reading.tied_products
    ]
    guesses = [
        Alternative.model_validate({"intent": other, "confidence": round(p, 4)})
        for other, p in others[:ALTERNATIVES]
        if p >= MIN_ALTERNATIVE
    ]
    return tied + guesses
