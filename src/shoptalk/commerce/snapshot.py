"""Import and export of whole stores in the `shoptalk-store/1` snapshot format (DESIGN §5).

Import checks everything before it writes anything, then writes in one transaction: a bad file
leaves the database exactly as it was. Export is canonical (sorted keys, the snapshot's own
order of records), so export → import → export is byte-identical.
"""

import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Table, delete, insert, select
from sqlalchemy.orm import Session

from shoptalk.commerce.convert import (
    order_record,
    order_rows,
    product_record,
    product_rows,
    user_record,
    user_rows,
)
from shoptalk.commerce.errors import SnapshotError
from shoptalk.commerce.records import SNAPSHOT_FORMAT, Snapshot
from shoptalk.commerce.snapshot_checks import check_snapshot
from shoptalk.commerce.store import Store
from shoptalk.commerce.tables import (
    Base,
    OrderRow,
    PolicyRow,
    ProductRow,
    StoreRow,
    UserRow,
)

ProgressCallback = Callable[[str, int, int], None]
"""Told (stage, done, total) as import goes, for a progress bar."""

BATCH = 5_000
UNION_TAGS = {"OptionValue", "str", "constrained-str"}


def parse_snapshot(document: bytes | str) -> Snapshot:
    """Parse and check a snapshot; the first problem is raised as a `SnapshotError`."""
    try:
        snapshot = Snapshot.model_validate_json(document)
    except ValidationError as error:
        raise _first_problem(error) from error
    check_snapshot(snapshot)
    return snapshot


def _first_problem(error: ValidationError) -> SnapshotError:
    first = error.errors(include_url=False)[0]
    message = first["msg"].removeprefix("Value error, ")
    if first["type"] == "json_invalid":
        return SnapshotError("", f"malformed JSON: {message.removeprefix('Invalid JSON: ')}")
    return SnapshotError(json_path(first["loc"]), message)


def json_path(loc: tuple[int | str, ...]) -> str:
    """`("orders", 12, "items", 0, "variant_id")` → `orders[12].items[0].variant_id`."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif part not in UNION_TAGS and not part.startswith("function-"):
            path += f".{part}" if path else part
    return path or "(document)"


def import_snapshot(
    store: Store,
    snapshot: Snapshot,
    *,
    replace: bool = False,
    progress: ProgressCallback | None = None,
) -> dict[str, int]:
    """Write a checked snapshot into the store, in one transaction; returns the counts."""
    report = progress or (lambda _stage, _done, _total: None)
    with store.transaction(write=True) as session:
        _clear(session, replace=replace)
        session.add(_store_row(snapshot))
        session.add_all(
            PolicyRow(position=i, topic=p.topic, text=p.text)
            for i, p in enumerate(snapshot.store.policies)
        )
        session.flush()
        _insert(session, "products", _product_tables(snapshot), len(snapshot.products), report)
        _insert(session, "users", _user_tables(snapshot), len(snapshot.users), report)
        _insert(session, "orders", _order_tables(snapshot), len(snapshot.orders), report)
    return {
        "products": len(snapshot.products),
        "variants": sum(len(p.variants) for p in snapshot.products),
        "users": len(snapshot.users),
        "orders": len(snapshot.orders),
    }


def _clear(session: Session, *, replace: bool) -> None:
    if session.scalar(select(StoreRow.id)) is not None and not replace:
        raise SnapshotError(
            "", "the database already holds a store: pass --replace to overwrite it"
        )
    for table in reversed(Base.metadata.sorted_tables):
        session.execute(delete(table))


def _store_row(snapshot: Snapshot) -> StoreRow:
    prefix, next_number, width = _order_numbering([o.id for o in snapshot.orders])
    return StoreRow(
        id=1,
        name=snapshot.store.name,
        currency=snapshot.store.currency,
        order_id_prefix=prefix,
        next_order_number=next_number,
        order_number_width=width,
    )


def _order_numbering(order_ids: list[str]) -> tuple[str, int, int]:
    """New order ids follow the store's own format: its most common prefix, the next number."""
    numbered = [m.groups() for m in map(re.compile(r"^(.*?)(\d+)$").match, order_ids) if m]
    if not numbered:
        return "#W", 1001, 4
    prefix = Counter(p for p, _ in numbered).most_common(1)[0][0]
    numbers = [digits for p, digits in numbered if p == prefix]
    return prefix, max(int(d) for d in numbers) + 1, max(len(d) for d in numbers)


TableRows = Iterator[tuple[str, list[dict[str, Any]]]]


def _product_tables(snapshot: Snapshot) -> TableRows:
    for position, product in enumerate(snapshot.products):
        row, variants = product_rows(product, position)
        yield "products", [row]
        yield "variants", variants


def _user_tables(snapshot: Snapshot) -> TableRows:
    for position, user in enumerate(snapshot.users):
        row, methods = user_rows(user, position)
        yield "users", [row]
        yield "payment_methods", methods


def _order_tables(snapshot: Snapshot) -> TableRows:
    for position, order in enumerate(snapshot.orders):
        yield from order_rows(order, position).items()


def _insert(
    session: Session, stage: str, rows: TableRows, total: int, report: ProgressCallback
) -> None:
    """Insert rows in batches, parents before children, reporting each record written."""
    tables = Base.metadata.tables
    pending: dict[str, list[dict[str, Any]]] = {}
    done = 0
    for table, batch in rows:
        pending.setdefault(table, []).extend(batch)
        done += table == stage
        if table == stage and done % BATCH == 0:
            _flush(session, tables, pending)
            report(stage, done, total)
    _flush(session, tables, pending)
    report(stage, done, total)


def _flush(session: Session, tables: Any, pending: dict[str, list[dict[str, Any]]]) -> None:
    for name in [t.name for t in Base.metadata.sorted_tables if t.name in pending]:
        table: Table = tables[name]
        if pending[name]:
            session.execute(insert(table), pending[name])
        pending[name] = []


def export_snapshot(store: Store) -> str:
    """The whole store as canonical JSON text."""
    with store.transaction(write=False) as session:
        info = session.scalar(select(StoreRow))
        if info is None:
            raise SnapshotError("", "the database holds no store yet: import a snapshot first")
        document = {
            "format": SNAPSHOT_FORMAT,
            "store": {
                "name": info.name,
                "currency": info.currency,
                "policies": [
                    {"topic": p.topic, "text": p.text}
                    for p in session.scalars(select(PolicyRow).order_by(PolicyRow.position))
                ],
            },
            "products": _dump_all(session, ProductRow, product_record),
            "users": _dump_all(session, UserRow, user_record),
            "orders": _dump_all(session, OrderRow, order_record),
        }
    return json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def _dump_all(session: Session, row_type: Any, to_record: Callable[[Any], Any]) -> list[Any]:
    query = select(row_type).order_by(row_type.position).execution_options(yield_per=1000)
    return [to_record(row).model_dump(mode="json", by_alias=True) for row in session.scalars(query)]
