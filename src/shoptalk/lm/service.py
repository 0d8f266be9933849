"""Finding, or first training, the language model of a store.

It lives beside the understanding model, in the store's data folder (`var/stores/<store>/lm/`).
A command that needs one and finds none trains it first, with a progress bar, and says so; a
model trained on another version of the catalog is used, with a warning to retrain.
"""

import json
from collections.abc import Callable
from pathlib import Path

from shoptalk.commerce import Store
from shoptalk.commerce.locate import store_data_dir
from shoptalk.config import Settings
from shoptalk.lm.pipeline import train_store_lm
from shoptalk.lm.rescore import LMRescorer
from shoptalk.lm.runtime import META_FILE, MODEL_FILE, LanguageModelRuntime
from shoptalk.lm.train import LMTrainingConfig
from shoptalk.nlu.vocabulary import load_vocabulary
from shoptalk.training import Progress

Announce = Callable[[str], None]


def lm_dir(store: Store, settings: Settings) -> Path:
    return settings.language_model or store_data_dir(store, settings) / "lm"


def has_lm(folder: Path) -> bool:
    return (folder / MODEL_FILE).is_file() and (folder / META_FILE).is_file()


def train(
    store: Store, out: Path, config: LMTrainingConfig, progress: Progress
) -> dict[str, float] | None:
    return train_store_lm(store, out, config, progress)


def ensure_lm(store: Store, settings: Settings, progress: Progress, announce: Announce) -> Path:
    """The store's LM directory, trained first if there is none; warns when it is stale."""
    folder = lm_dir(store, settings)
    if not has_lm(folder):
        announce(f"No language model for this store yet: training one into {folder}")
        train(store, folder, LMTrainingConfig(), progress)
    elif (
        json.loads((folder / META_FILE).read_text()).get("fingerprint")
        != load_vocabulary(store).fingerprint()
    ):
        announce(
            "The catalog changed since the language model was trained: run `shoptalk train-lm`"
        )
    return folder


def load_lm(
    store: Store, settings: Settings, progress: Progress, announce: Announce
) -> LanguageModelRuntime:
    """The store's language model, ready to score (trained first if missing)."""
    return LanguageModelRuntime(
        ensure_lm(store, settings, progress, announce), settings.inference_threads
    )


def speech_rescorer(
    store: Store, settings: Settings, progress: Progress, announce: Announce
) -> LMRescorer | None:
    """What `Recognizer.from_settings(..., rescorer=...)` takes: None unless `lm_rescoring` is
    on; then the store's LM (trained first if missing) with the configured weight."""
    if not settings.lm_rescoring:
        return None
    model = load_lm(store, settings, progress, announce)
    return LMRescorer(model, settings.lm_weight, settings.lm_word_bonus)
