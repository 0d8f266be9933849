"""The `shoptalk` command. Commands are thin: parse, call one function of the core, print."""

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.markup import escape
from sqlalchemy.engine import make_url

from shoptalk import __version__
from shoptalk.commerce import (
    OPERATIONS,
    Store,
    StoreError,
    import_snapshot,
)
from shoptalk.commerce.database import database_url
from shoptalk.commerce.demo import generate_snapshot
from shoptalk.commerce.importers import CatalogSource, open_source, parse_mapping
from shoptalk.commerce.locate import import_into, open_store
from shoptalk.commerce.records import Snapshot
from shoptalk.commerce.snapshot import SnapshotSource, write_snapshot
from shoptalk.commerce.sync import store_currency, sync_catalog
from shoptalk.config import Settings, get_settings
from shoptalk.console import progress_bar, stderr
from shoptalk.failure import explain
from shoptalk.files import atomic_text, write_bytes_atomically

app = typer.Typer(
    help="ShopTalk: a self-hosted voice shopping assistant.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
store_app = typer.Typer(help="Create, import, export and operate on a store.", no_args_is_help=True)
app.add_typer(store_app, name="store")


def _print_version(wanted: bool) -> None:
    if wanted:
        typer.echo(f"shoptalk {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_print_version,
            is_eager=True,
            help="Print the installed version and exit.",
        ),
    ] = False,
) -> None:
    """ShopTalk: a self-hosted voice shopping assistant."""


WEBSOCKETS = "websockets"
"""Named, not left to uvicorn's "auto": auto silently serves no WebSocket at all (every stream
upgrade a 404) when no WebSocket library is installed; named, a missing one stops the start."""

StoreOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        "--store",
        help="Database URL, SQLite file or snapshot JSON; default: the demo store (var/demo.db).",
    ),
]


def fail(message: str) -> NoReturn:
    """A user's mistake: one line on stderr, exit code 2, no traceback."""
    report_error(message)
    raise typer.Exit(2)


def report_error(message: str) -> None:
    # The message is text, not markup: "pip install 'shoptalk[postgres]'" keeps its brackets.
    stderr.print(f"[red]error:[/red] {escape(message)}", highlight=False, soft_wrap=True)


def print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False) + "\n")


FormatOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        help="snapshot, shopify, woocommerce, csv or jsonl; default: from the file's name and "
        "header row.",
    ),
]
MapOption = Annotated[
    list[str] | None,
    typer.Option("--map", help="FIELD=COLUMN,... for a csv or jsonl file (docs/import.md)."),
]
CurrencyOption = Annotated[
    str | None,
    typer.Option(help="The currency of a catalog file's prices, when it does not say."),
]
CatalogFile = Annotated[
    Path,
    typer.Argument(
        help="A shoptalk-store/1 snapshot, a Shopify or WooCommerce product export (CSV), or any "
        "CSV or JSON-lines file with --map."
    ),
]


@store_app.command("import")
def store_import(
    file: CatalogFile,
    db: StoreOption = None,
    replace: Annotated[
        bool, typer.Option(help="Overwrite a store already in the database.")
    ] = False,
    format: FormatOption = None,
    mapping: MapOption = None,
    currency: CurrencyOption = None,
    name: Annotated[
        str | None, typer.Option(help="The store's name (default: the catalog file's name).")
    ] = None,
) -> None:
    """Import a store from a snapshot or a catalog file (docs/import.md); on any problem
    nothing is written (one transaction, and a new SQLite file appears only once the import
    went through)."""
    source = open_source(
        file, format, mapping=parse_mapping(mapping or []), currency=currency, name=name
    )
    _warn(source)
    target = db or str(get_settings().demo_db_path)
    with progress_bar() as report:
        counts = import_into(target, source, replace=replace, progress=report)
    print_json({**counts, **_skipped(source)})


@store_app.command("sync")
def store_sync(
    file: CatalogFile,
    db: StoreOption = None,
    format: FormatOption = None,
    mapping: MapOption = None,
    currency: CurrencyOption = None,
    partial: Annotated[
        bool, typer.Option(help="The file lists only some products: leave the others alone.")
    ] = False,
    remove_missing: Annotated[
        bool,
        typer.Option(
            help="Delete products the file no longer has (those no order or cart refers to) "
            "instead of making them unavailable."
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Bring the store's catalog up to date from a snapshot or a catalog file, in one
    transaction: add, update, and make unavailable what the file no longer has."""
    store = _existing_store(db)
    source = open_source(
        file,
        format,
        mapping=parse_mapping(mapping or []),
        currency=currency,
        default_currency=store_currency(store),
    )
    _warn(source)
    with progress_bar() as progress:
        report = sync_catalog(
            store, source, partial=partial, remove_missing=remove_missing, progress=progress
        )
    if as_json:
        print_json({**report.to_json(), **_skipped(source)})
    else:
        sys.stdout.write("".join(f"{line}\n" for line in report.lines()))
    if report.words_changed:
        stderr.print(
            "The catalog's names, types, brands, tags or options changed: run `shoptalk train` "
            "and `shoptalk train-lm` so the assistant learns them.",
            highlight=False,
        )


def _existing_store(db: str | None) -> Store:
    """The store to change; a SQLite file that does not exist is refused, not created."""
    url = database_url(db or str(get_settings().demo_db_path))
    path = make_url(url).database if url.startswith("sqlite") else None
    if path and path != ":memory:" and not Path(path).exists():
        fail(f"no store at {path}: import one first (shoptalk store import)")
    return Store.open(url)


def _warn(source: SnapshotSource) -> None:
    for warning in source.warnings if isinstance(source, CatalogSource) else []:
        stderr.print(f"[yellow]warning:[/yellow] {warning}", highlight=False, soft_wrap=True)


def _skipped(source: SnapshotSource) -> dict[str, Any]:
    """What a catalog file holds that was not imported, and why (counts)."""
    skipped = source.skipped if isinstance(source, CatalogSource) else {}
    return {"skipped": skipped} if skipped else {}


@store_app.command("export")
def store_export(
    db: StoreOption = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File to write.")] = None,
) -> None:
    """Export the whole store as a canonical snapshot (stdout, or a file written atomically)."""
    store = open_store(db)
    if output is None:
        write_snapshot(store, sys.stdout)
        return
    with atomic_text(output) as handle:
        write_snapshot(store, handle)
    stderr.print(f"Wrote {output}")


@store_app.command("apply")
def store_apply(
    ops: Annotated[
        Path, typer.Argument(help='JSON lines {"op": NAME, "args": {...}}; - for stdin.')
    ],
    db: StoreOption = None,
) -> None:
    """Run operations line by line: each prints its result or {"error": ...}; errors don't stop."""
    store = open_store(db)
    failures = 0
    for line in _lines(ops):
        result = _apply_line(store, line)
        failures += "error" in result
        print_json(result)
    if failures:
        raise typer.Exit(2)


def _lines(source: Path) -> Iterator[str]:
    if str(source) == "-":
        yield from (line for line in sys.stdin if line.strip())
        return
    try:
        with source.open(encoding="utf-8") as handle:
            yield from (line for line in handle if line.strip())
    except OSError as error:
        fail(f"cannot read {source}: {error.strerror}")


def _apply_line(store: Store, line: str) -> dict[str, Any]:
    try:
        request = json.loads(line)
    except json.JSONDecodeError as error:
        return {"error": f"not JSON: {error.msg}"}
    if not isinstance(request, dict) or not isinstance(request.get("op"), str):
        return {"error": 'each line must be {"op": NAME, "args": {...}}'}
    arguments = request.get("args", {})
    if not isinstance(arguments, dict):
        return {"error": "args must be an object"}
    try:
        result = store.call(request["op"], arguments)
    except StoreError as error:
        return {"error": str(error)}
    dumped: dict[str, Any] = result.model_dump(mode="json", by_alias=True)
    return dumped


@store_app.command("ops")
def store_ops(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """List the store operations with their arguments."""
    for declared in OPERATIONS.values():
        if as_json:
            print_json(declared.tool_schema())
        else:
            kind = "write" if declared.writes else "read"
            arguments = ", ".join(declared.arguments.model_fields)
            sys.stdout.write(f"{declared.name}({arguments})  [{kind}]  {declared.description}\n")


@store_app.command("init-demo")
def store_init_demo(
    db: StoreOption = None,
    seed: Annotated[
        int | None, typer.Option(help="Generator seed (default from settings).")
    ] = None,
    if_missing: Annotated[bool, typer.Option(help="Do nothing when the store exists.")] = False,
    replace: Annotated[bool, typer.Option(help="Overwrite an existing store.")] = False,
) -> None:
    """Generate the demo store: 1,200 products, 250 shoppers, 1,500 orders, the store policies."""
    store = Store.open(database_url(db or str(get_settings().demo_db_path)))
    if if_missing and store.has_data():
        stderr.print("The demo store already exists.")
        return
    with stderr.status("Generating the demo store"):
        snapshot = Snapshot.model_validate(
            generate_snapshot(seed=get_settings().demo_seed if seed is None else seed)
        )
    with progress_bar() as report:
        counts = import_snapshot(store, snapshot, replace=replace, progress=report)
    print_json(counts)


@app.command()
def serve(
    db: StoreOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[
        int, typer.Option(min=1, help="Worker processes (more than 1 needs Redis).")
    ] = 1,
) -> None:
    """Serve the assistant: HTTP and WebSocket API, and the web page."""
    import uvicorn

    from shoptalk.assistant import Assistant
    from shoptalk.server.app import create_app
    from shoptalk.server.tokens import TokenCheck, TokenSetupError

    settings = get_settings()
    if workers > 1 and not settings.redis_url:
        fail("--workers above 1 needs SHOPTALK_REDIS_URL, so every worker sees every session")
    try:
        TokenCheck.from_settings(settings)  # the key read (or made) before any worker starts
    except TokenSetupError as error:
        fail(str(error))
    store = open_store(db)
    _check_backends(store, settings)
    frame_limit = settings.stream_max_message_bytes
    if workers == 1:
        with progress_bar() as report:
            assistant = Assistant.load(store, settings, report, stderr.print, serving=True)
        served = create_app(assistant, settings)
        uvicorn.run(served, host=host, port=port, ws=WEBSOCKETS, ws_max_size=frame_limit)
        return
    with progress_bar() as report:
        Assistant.prepare(store, settings, report, stderr.print)
    os.environ["SHOPTALK_DATABASE_URL"] = store.engine.url.render_as_string(hide_password=False)
    uvicorn.run(
        "shoptalk.server.app:app_from_settings",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        ws=WEBSOCKETS,
        ws_max_size=frame_limit,
    )


def _check_backends(store: Store, settings: Settings) -> None:
    """Refuse to serve, in one line, when the store's database or Redis does not answer:
    better than a server that starts and then fails every request."""
    from shoptalk.server.health import problems

    found = problems(store, settings.redis_url, settings.redis_timeout_s)
    if found:
        fail("; ".join(found))


@app.command()
def token(
    user: Annotated[str, typer.Option("--user", help="The shopper the token is for.")],
    db: StoreOption = None,
) -> None:
    """Print a bearer token (an HS256 JWT) for a shopper, as the store's back end would mint
    it for its web site."""
    from shoptalk.server.tokens import issue_token, token_secret

    settings = get_settings()
    if settings.token_algorithm != "HS256":
        fail(
            f"token_algorithm is {settings.token_algorithm}: those tokens are minted by the "
            "store's back end with its private key (docs/api.md); `shoptalk token` mints HS256"
        )
    store = open_store(db)
    store.call("get_user", {"user_id": user})
    secret = token_secret(settings)
    audience, issuer = settings.token_audience, settings.token_issuer
    print(issue_token(secret, user, settings.token_ttl_s, audience, issuer))


@app.command()
def train(
    db: StoreOption = None,
    out: Annotated[
        Path | None, typer.Option(help="Model directory (default: the store's).")
    ] = None,
    epochs: Annotated[int, typer.Option(min=1, help="Passes over the training data.")] = 2,
    seed: Annotated[int, typer.Option(help="Seed for data, initialisation and order.")] = 7,
    samples: Annotated[
        int, typer.Option(help="Only print this many generated training sentences.")
    ] = 0,
    per_intent: Annotated[int, typer.Option(min=1, help="Template sentences per intent.")] = 450,
    clinc_per_intent: Annotated[
        int, typer.Option(min=0, help="CLINC150 utterances per unrelated CLINC intent.")
    ] = 25,
    if_missing: Annotated[bool, typer.Option(help="Do nothing when the model exists.")] = False,
) -> None:
    """Train the store's understanding model (intents and catalog-grounded slots).

    Runs as is on one CPU, or under `torchrun --nproc_per_node N -m shoptalk train ...` with
    DistributedDataParallel."""
    from shoptalk.nlu import service
    from shoptalk.nlu.train import TrainingConfig

    store = open_store(db)
    config = TrainingConfig(
        epochs=epochs, seed=seed, per_intent=per_intent, clinc_per_intent=clinc_per_intent
    )
    if samples:
        _print_training_samples(store, config, samples)
        return
    folder = out or service.model_dir(store, get_settings())
    if if_missing and service.has_model(folder):
        stderr.print(f"The understanding model exists: {folder}")
        return
    with progress_bar() as report:
        figures = service.train(store, get_settings(), folder, config, report)
    if figures is not None:
        stderr.print(f"Wrote {folder}")
        print_json(figures)


def _print_training_samples(store: Store, config: Any, count: int) -> None:
    import random

    from shoptalk.nlu.dataset import template_examples
    from shoptalk.nlu.spans import render
    from shoptalk.nlu.vocabulary import load_vocabulary

    examples = list(template_examples(load_vocabulary(store), 50, random.Random(config.seed)))
    for example in random.Random(config.seed).sample(examples, min(count, len(examples))):
        sys.stdout.write(f"{example.intent:<24} {render(example.words, example.tags)}\n")


@app.command("search")
def search_products(
    query: Annotated[str | None, typer.Argument(help="What the shopper asked for.")] = None,
    db: StoreOption = None,
    queries: Annotated[
        Path | None,
        typer.Option(help='JSON lines {"id": ..., "query": ...} (- for stdin); one line each.'),
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=100, help="How many results.")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    build_vectors: Annotated[
        bool,
        typer.Option(
            "--build-vectors",
            help="Encode every product text still waiting for its vector now (a large "
            "import is searchable by words first); alone, or before the search.",
        ),
    ] = False,
) -> None:
    """Search the store's products; the index beside the store is built or updated first."""
    if query is not None and queries is not None:
        fail("give either a query or --queries FILE, not both")
    if query is None and queries is None and not build_vectors:
        fail("give a query, --queries FILE or --build-vectors")
    if queries is not None and str(queries) != "-" and not queries.is_file():
        fail(f"cannot read {queries}: no such file")
    from shoptalk.search import SearchIndex

    store = open_store(db)
    with progress_bar() as report:
        index = SearchIndex.open(store, progress=report)
        if build_vectors:
            index.build_vectors(report)
    if query is None and queries is None:
        done = len(index.parts.vectors.keys)
        stderr.print(f"search vectors: all {done:,} product texts encoded")
        return
    if queries is not None:
        failures = 0
        for line in _lines(queries):
            answer = _search_line(index, line, limit)
            failures += "error" in answer
            print_json(answer)
        if failures:
            raise typer.Exit(2)
        return
    _print_search(index, query or "", limit, as_json)


def _print_search(index: Any, query: str, limit: int, as_json: bool) -> None:
    from shoptalk.search import SearchRequest, search

    result = search(index, SearchRequest(text=query, limit=limit))
    if as_json:
        print_json(result.model_dump(mode="json"))
        return
    for note in [*result.notes, *(f"no match for {r!r}: left out" for r in result.relaxed)]:
        stderr.print(note, highlight=False)
    if not result.hits:
        stderr.print("No products found.")
    for number, hit in enumerate(result.hits, start=1):
        sys.stdout.write(f"{number}. {hit.summary}  [{hit.product_id} {hit.variant_id or ''}]\n")


def _search_line(index: Any, line: str, limit: int) -> dict[str, Any]:
    """One batch line: {"id", "results": [{"product_id", "variant_id", "score"}]}, or an error."""
    from shoptalk.search import SearchRequest, search

    shape = 'each line must be {"id": ..., "query": "..."}'
    try:
        request = json.loads(line)
    except json.JSONDecodeError as error:
        return {"error": f"not JSON: {error.msg}"}
    if not isinstance(request, dict):
        return {"error": shape}
    if not isinstance(request.get("query"), str):
        return {"id": request.get("id"), "error": shape}
    result = search(index, SearchRequest(text=request["query"], limit=limit))
    results = [
        {"product_id": hit.product_id, "variant_id": hit.variant_id, "score": hit.score}
        for hit in result.hits
    ]
    return {"id": request.get("id"), "results": results}


def _parser(db: str | None) -> Any:
    """The store's parser; its model is trained first if the store has none."""
    from shoptalk.nlu import service
    from shoptalk.nlu.parser import Parser

    settings = get_settings()
    store = open_store(db)
    with progress_bar() as report:
        folder = service.ensure_model(store, settings, report, stderr.print)
    return Parser.load(folder, store, settings.out_of_scope_threshold, settings.inference_threads)


@app.command()
def parse(
    text: Annotated[str | None, typer.Argument(help="What the shopper said.")] = None,
    db: StoreOption = None,
    file: Annotated[
        Path | None, typer.Option(help='JSON lines {"text": ..., "id": ...}; one result each.')
    ] = None,
) -> None:
    """Understand an utterance: intent, confidence and catalog-grounded slots (JSON)."""
    if (text is None) == (file is None):
        fail("give the text to parse, or --file with one JSON object per line")
    parser = _parser(db)
    if text is not None:
        print_json(parser.parse(text).model_dump(mode="json", exclude_none=True))
        return
    for line in _lines(file) if file else ():
        print_json(_parse_line(parser, line))


def _parse_line(parser: Any, line: str) -> dict[str, Any]:
    try:
        request = json.loads(line)
    except json.JSONDecodeError as error:
        return {"error": f"not JSON: {error.msg}"}
    if not isinstance(request, dict) or not isinstance(request.get("text"), str):
        return {"error": 'each line must be {"text": ..., "id": ...}'}
    result: dict[str, Any] = parser.parse(request["text"]).model_dump(
        mode="json", exclude_none=True
    )
    return {"id": request["id"], **result} if "id" in request else result


UserOption = Annotated[
    str | None, typer.Option("--user", help="Act as this shopper, as with a store-issued token.")
]
SLASH_COMMANDS: dict[str, Any] = {"/cart": "view_cart", "/orders": "list_orders", "/help": "help"}


def _assistant(db: str | None, *, serving: bool = False) -> Any:
    """The store's assistant, with its model trained and its search index built if missing."""
    from shoptalk.assistant import Assistant

    store = open_store(db)
    with progress_bar() as report:
        return Assistant.load(store, get_settings(), report, stderr.print, serving=serving)


@app.command()
def chat(
    db: StoreOption = None,
    user: UserOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="One ask-style JSON per turn.")] = False,
) -> None:
    """Talk to the assistant in the terminal; piped input is one shopper turn per line."""
    from shoptalk.terminal import COMMANDS

    assistant = _assistant(db, serving=True)
    conversation = assistant.conversation(user)
    interactive = sys.stdin.isatty() and not as_json
    if interactive:
        stderr.print(f"Talk to the store. Commands: {COMMANDS}")
    for line in _chat_lines(interactive):
        if line == "/quit":
            break
        if line == "/reset":
            conversation = conversation.reset()
            continue
        _chat_turn(assistant, conversation, line, interactive, as_json)


def _chat_lines(interactive: bool) -> Iterator[str]:
    from rich.console import Console

    prompt = Console()
    while True:
        try:
            line = prompt.input("[bold green]you>[/bold green] ") if interactive else input()
        except EOFError:
            return
        if line.strip():
            yield line.strip()


def _chat_turn(
    assistant: Any, conversation: Any, line: str, interactive: bool, as_json: bool
) -> None:
    from rich.console import Console

    from shoptalk.assistant import TurnError
    from shoptalk.terminal import show_reply

    try:
        intent = SLASH_COMMANDS.get(line)
        result = (
            assistant.command(conversation, intent)
            if intent
            else assistant.turn(conversation, line)
        )
    except TurnError as error:
        report_error(str(error))
        return
    if as_json:
        print_json(result.to_json())
    elif interactive:
        show_reply(Console(), result.reply)
    else:
        print(result.reply.text, flush=True)


@app.command()
def ask(
    db: StoreOption = None,
    text: Annotated[str | None, typer.Option("--text", help="What the shopper says.")] = None,
    audio: Annotated[
        Path | None, typer.Option(help="A recording of the shopper (WAV, FLAC, OGG, MP3, ...).")
    ] = None,
    user: UserOption = None,
    batch: Annotated[
        Path | None,
        typer.Option(help='JSON lines {"id", "text" or "audio", "user"?}: one turn each.'),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the docs/design.md §8 JSON.")
    ] = False,
    say: Annotated[Path | None, typer.Option(help="Also speak the reply into this WAV.")] = None,
) -> None:
    """One turn in a fresh session: print the reply (or the whole turn as JSON)."""
    if sum(given is not None for given in (text, audio, batch)) != 1:
        fail("give one of --text, --audio, or --batch with one JSON object per line")
    assistant = _assistant(db)
    if batch is not None:
        for line in _lines(batch):
            print_json(_ask_line(assistant, line))
        return
    result = _one_turn(assistant, {"text": text, "audio": audio}, user, speak=say is not None)
    if say is not None:
        write_bytes_atomically(say, result.speech)
    if as_json:
        print_json(result.to_json())
    else:
        print(result.reply.text)


def _one_turn(assistant: Any, said: dict[str, Any], user: str | None, *, speak: bool) -> Any:
    """The turn, or the one-line reason it could not be taken."""
    from shoptalk.assistant import TurnError
    from shoptalk.speech import SpeechError

    try:
        return assistant.turn(assistant.conversation(user), **said, speak=speak)
    except (TurnError, SpeechError) as error:
        fail(str(error))


def _ask_line(assistant: Any, line: str) -> dict[str, Any]:
    try:
        request = json.loads(line)
    except json.JSONDecodeError as error:
        return {"id": None, "error": f"not JSON: {error.msg}"}
    said = _said(request)
    if said is None:
        return {
            "id": request.get("id") if isinstance(request, dict) else None,
            "error": 'each line must be {"id": ..., "text": ...} or {"id": ..., "audio": PATH}',
        }
    return {"id": request.get("id"), **_batch_turn(assistant, said, request.get("user"))}


def _said(request: Any) -> dict[str, Any] | None:
    if not isinstance(request, dict):
        return None
    if isinstance(request.get("text"), str) and "audio" not in request:
        return {"text": request["text"]}
    if isinstance(request.get("audio"), str) and "text" not in request:
        return {"audio": Path(request["audio"])}
    return None


def _batch_turn(assistant: Any, said: dict[str, Any], user: Any) -> dict[str, Any]:
    from shoptalk.assistant import TurnError
    from shoptalk.speech import SpeechError

    try:
        result: dict[str, Any] = assistant.turn(assistant.conversation(user), **said).to_json()
    except (TurnError, SpeechError, StoreError) as error:
        return {"error": str(error)}
    return result


@app.command("say")
def say_text(
    text: Annotated[str, typer.Argument(help="What to say.")],
    out: Annotated[Path, typer.Option("-o", "--out", help="The WAV file to write.")],
) -> None:
    """Speak text with the assistant's voice into a WAV file (prices and ids read for the ear)."""
    from shoptalk.speech import SpeechError, Synthesizer

    if not text.strip():
        fail("give the text to say")
    try:
        speech = Synthesizer.from_settings(get_settings()).to_wav(text, out)
    except SpeechError as error:
        fail(str(error))
    stderr.print(f"Wrote {out} ({len(speech.samples) / speech.sample_rate:.1f} s)")


@app.command("eval")
def evaluate(
    db: StoreOption = None,
    file: Annotated[
        Path | None, typer.Option(help="Labelled JSON lines: text, intent, slots.")
    ] = None,
    clinc: Annotated[
        Path | None, typer.Option(help="A CLINC150 folder: score its validation split.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Score the understanding model: intents, slots, whole frames, out of scope."""
    from shoptalk.nlu.evaluate import labelled, labelled_clinc, score

    if (file is None) == (clinc is None):
        fail("give --file (labelled JSON lines) or --clinc (a CLINC150 folder)")
    parser = _parser(db)
    try:
        expected = labelled(file) if file else labelled_clinc(clinc) if clinc else []
    except (OSError, ValueError) as error:
        fail(str(error))
    report = score((frame, parser.parse(frame.text)) for frame in expected)
    if as_json:
        print_json(report)
    else:
        _print_scores(report)


def _print_scores(report: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    figures = Table("measure", "value", title=f"{report['utterances']} utterances")
    for name, value in report.items():
        if isinstance(value, float):
            figures.add_row(
                name, f"{value:.1%}" if "rate" in name or name != "utterances" else str(value)
            )
    confusions = Table("expected", "predicted", "count", title="Most frequent intent confusions")
    for row in report["confusions"][:15]:
        confusions.add_row(row["expected"], row["predicted"], str(row["count"]))
    console = Console()
    console.print(figures)
    console.print(confusions)


def main() -> None:
    """Entry point: every failure is one line; exit code 2 for what the user can act on, 1
    for a bug (see `shoptalk.failure`)."""
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as error:
        code, line = explain(error, _home())
        report_error(line)
        sys.exit(code)


def _home() -> Path | None:
    try:
        return get_settings().var_dir
    except Exception:  # the settings are what failed: the bug report goes elsewhere
        return None


@app.command("train-lm")
def train_lm(
    db: StoreOption = None,
    out: Annotated[
        Path | None, typer.Option(help="Model directory (default: the store's lm/).")
    ] = None,
    epochs: Annotated[int, typer.Option(min=1, help="At most this many passes.")] = 10,
    seed: Annotated[int, typer.Option(help="Seed for data, initialisation and order.")] = 7,
    per_intent: Annotated[int, typer.Option(min=1, help="Template sentences per intent.")] = 400,
    if_missing: Annotated[bool, typer.Option(help="Do nothing when the model exists.")] = False,
) -> None:
    """Train the store's language model (used to rescore speech recognition).

    Runs as is on one CPU, or under `torchrun --nproc_per_node N -m shoptalk train-lm ...` with
    DistributedDataParallel."""
    from shoptalk.lm import service
    from shoptalk.lm.train import LMTrainingConfig

    store = open_store(db)
    folder = out or service.lm_dir(store, get_settings())
    if if_missing and service.has_lm(folder):
        stderr.print(f"The language model exists: {folder}")
        return
    with progress_bar() as report:
        config = LMTrainingConfig(epochs=epochs, seed=seed, per_intent=per_intent)
        figures = service.train(store, folder, config, report)
    if figures is not None:
        stderr.print(f"Wrote {folder}")
        print_json(figures)


@app.command("lm-score")
def lm_score(
    text: Annotated[str, typer.Argument(help="A sentence to score.")],
    db: StoreOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Print the log-probability the store's language model gives each token of a sentence."""
    from shoptalk.lm import service

    settings = get_settings()
    with progress_bar() as report:
        model = service.load_lm(open_store(db), settings, report, stderr.print)
    scores = model.score(text)
    total = sum(s.logprob for s in scores)
    if as_json:
        tokens = [{"token": s.token, "logprob": round(s.logprob, 4)} for s in scores]
        print_json({"text": text, "tokens": tokens, "logprob": round(total, 4)})
        return
    for s in scores:
        sys.stdout.write(f"{s.logprob:9.3f}  {s.token}\n")
    sys.stdout.write(f"{total:9.3f}  total ({len(scores)} tokens)\n")
