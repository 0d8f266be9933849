"""The demo store's assistant, once per test worker, over a private copy of the demo store.

The understanding model is the demo store's own (`var/stores/demo-*/understanding`, trained by
`make test` before the suite, or here when missing); conversations change the copy, never
`var/demo.db`.
"""

import sqlite3
from pathlib import Path

import pytest

from shoptalk.assistant import Assistant
from shoptalk.commerce import Store
from shoptalk.commerce.database import database_url
from shoptalk.commerce.locate import open_demo_store
from shoptalk.config import Settings
from shoptalk.nlu import service

REPO_VAR = Path(__file__).parents[2] / "var"


def _trained_demo(settings: Settings) -> tuple[Path, Path]:
    """The demo database and its understanding model, trained first when missing."""
    demo = open_demo_store(settings)
    try:
        model = service.ensure_model(demo, settings, lambda *_: None, print)
    finally:
        demo.close()
    return settings.demo_db_path, model


@pytest.fixture(scope="session")
def demo_assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    database, model = _trained_demo(Settings(var_dir=REPO_VAR))
    folder = tmp_path_factory.mktemp("demo")
    copy = folder / "demo.db"
    with sqlite3.connect(database) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    settings = Settings(var_dir=folder / "var", understanding_model=model)
    return Assistant.load(Store.open(database_url(str(copy)), settings), settings)
