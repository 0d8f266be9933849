"""Conversation benchmark: task success over the scripted conversation suite, text-turn latency
(understanding + dialogue, no speech) and turns per second in one process.

    python benchmarks/dialogue.py

Runs over a private copy of the demo store (var/demo.db is never changed) with the demo
store's understanding model, trained first if missing.
"""

import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).parents[1]))

from tests.dialogue.script import load_scripts, run_script

from shoptalk.assistant import Assistant, TurnResult
from shoptalk.commerce import Store
from shoptalk.commerce.database import database_url
from shoptalk.commerce.locate import open_demo_store
from shoptalk.config import Settings
from shoptalk.console import progress_bar
from shoptalk.lm import service as lm_service
from shoptalk.nlu import service


def demo_assistant(folder: Path) -> Assistant:
    settings = Settings()
    demo = open_demo_store(settings)
    with progress_bar() as report:
        model = service.ensure_model(demo, settings, report, print)
        language = lm_service.ensure_lm(demo, settings, report, print)
    copy = folder / "demo.db"
    with sqlite3.connect(settings.demo_db_path) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    private = Settings(var_dir=folder / "var", understanding_model=model, language_model=language)
    with progress_bar() as report:
        return Assistant.load(Store.open(database_url(str(copy)), private), private, report)


class TimedAssistant:
    """Records the latency of every text turn the scripts take."""

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant
        self.dialogue = assistant.dialogue
        self.timings: list[float] = []

    def conversation(self, user_id: str | None = None):  # type: ignore[no-untyped-def]
        return self.assistant.conversation(user_id)

    def turn(self, conversation, text: str) -> TurnResult:  # type: ignore[no-untyped-def]
        begin = time.perf_counter()
        result = self.assistant.turn(conversation, text)
        self.timings.append((time.perf_counter() - begin) * 1000)
        return result


def main() -> None:
    scripts = load_scripts()
    with tempfile.TemporaryDirectory() as folder:
        timed = TimedAssistant(demo_assistant(Path(folder)))
        started = time.perf_counter()
        failures = []
        with progress_bar() as report:
            for done, script in enumerate(scripts, 1):
                outcome = run_script(timed, script)  # type: ignore[arg-type]
                if outcome.failure:
                    failures.append(f"{script.source}:{script.name}: {outcome.failure}")
                report("conversations", done, len(scripts))
        wall = time.perf_counter() - started
    cuts = statistics.quantiles(timed.timings, n=100, method="inclusive")
    table = Table("measure", "value", title="Conversations over the demo store (text turns)")
    table.add_row("conversations", str(len(scripts)))
    table.add_row("task success", f"{(len(scripts) - len(failures)) / len(scripts):.1%}")
    table.add_row("turns", str(len(timed.timings)))
    table.add_row("turn latency p50", f"{cuts[49]:.1f} ms")
    table.add_row("turn latency p99", f"{cuts[98]:.1f} ms")
    table.add_row("turns per second (one process)", f"{len(timed.timings) / wall:.0f}")
    console = Console()
    console.print(table)
    for failure in failures:
        console.print(f"[red]failed[/red] {failure}", highlight=False)


if __name__ == "__main__":
    main()
