"""Import and export of whole stores in the `shoptalk-store/1` snapshot format (docs/design.md §5).

Import checks each record as it writes it, all inside one transaction: the first problem rolls
everything back, so a bad file leaves the database exactly as it was, and a large file never
has to fit in memory. Export is canonical (sorted keys, the snapshot's own order of records),
so export → import → export is byte-identical.
"""

import io
import json
import uuid
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Protocol, TextIO, TypeVar

from pydantic import BaseModel, ValidationError
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from shoptalk.commerce.convert import (
    order_record,
    order_rows,
    product_record,
    product_rows,
    user_record,
    user_rows,
)
from shoptalk.commerce.digests import DigestReader, Read, Unchanged
from shoptalk.commerce.errors import SnapshotError
from shoptalk.commerce.records import (
    SNAPSHOT_FORMAT,
    Order,
    Product,
    Snapshot,
    SnapshotHeader,
    User,
)
from shoptalk.commerce.snapshot_checks import SnapshotChecker
from shoptalk.commerce.snapshot_file import problem_of
from shoptalk.commerce.store import Store
from shoptalk.commerce.tables import Base, OrderRow, PolicyRow, ProductRow, StoreRow, UserRow

ProgressCallback = Callable[[str, int, int | None], None]
"""Told (stage, records done, total if known) as import goes, for a progress bar."""

BATCH = 5_000
Rows = list[dict[str, Any]]


class SnapshotSource(Protocol):
    """A snapshot in memory (`Snapshot`) or read record by record (`SnapshotFile`)."""

    def header(self) -> SnapshotHeader: ...
    def iter_products(self) -> Iterator[Product]: ...
    def iter_users(self) -> Iterator[User]: ...
    def iter_orders(self) -> Iterator[Order]: ...


def read_products(source: SnapshotSource, live: Mapping[str, str]) -> Iterator[Read | Unchanged]:
    """The source's products; those `live` digests show unchanged are recognised where the
    source can (`digests`), and built otherwise."""
    if isinstance(source, DigestReader):
        return source.read_products(live)
    return (Read(product, None) for product in source.iter_products())


def digested_products(source: SnapshotSource) -> Iterator[Read]:
    """Every product of the source built, with its digest (an import: nothing to compare)."""
    for item in read_products(source, {}):
        assert isinstance(item, Read), "only a live digest leaves a product unbuilt"
        yield item


def parse_snapshot(document: bytes | str) -> Snapshot:
    """Parse and check a snapshot held in memory; the first problem is a `SnapshotError`."""
    try:
        snapshot = Snapshot.model_validate_json(document)
    except ValidationError as error:
        raise problem_of(error) from error
    _check_all(snapshot)
    return snapshot


def _check_all(snapshot: Snapshot) -> SnapshotChecker:
    checker = SnapshotChecker(snapshot.store.currency)
    for i, product in enumerate(snapshot.products):
        checker.product(f"products[{i}]", product)
    for i, user in enumerate(snapshot.users):
        checker.user(f"users[{i}]", user)
    for i, order in enumerate(snapshot.orders):
        checker.order(f"orders[{i}]", order)
    return checker


def import_snapshot(
    store: Store,
    source: SnapshotSource,
    *,
    replace: bool = False,
    progress: ProgressCallback | None = None,
) -> dict[str, int]:
    """Check and write a whole snapshot in one transaction; returns what was imported."""
    report = progress or (lambda _stage, _done, _total: None)
    header = source.header()
    checker = SnapshotChecker(header.store.currency)
    with store.transaction(write=True) as session:
        _clear(session, replace=replace)
        rows = RowBuffer(session)
        _import_section(
            "products",
            digested_products(source),
            lambda where, read: checker.product(where, read.product),
            lambda read, position: product_rows(read.product, position, read.digest),
            rows,
            report,
        )
        _import_section("users", source.iter_users(), checker.user, user_rows, rows, report)
        _import_section("orders", source.iter_orders(), checker.order, order_rows, rows, report)
        rows.flush()
        _write_store(session, header, checker)
    return {
        table: rows.written.get(table, 0) for table in ("products", "variants", "users", "orders")
    }


RecordT = TypeVar("RecordT")


def _import_section(
    stage: str,
    records: Iterator[RecordT],
    check: Callable[[str, RecordT], None],
    to_rows: Callable[[RecordT, int], dict[str, Rows]],
    rows: "RowBuffer",
    report: ProgressCallback,
) -> None:
    done = 0
    for done, record in enumerate(records, start=1):
        check(f"{stage}[{done - 1}]", record)
        rows.add(to_rows(record, done - 1))
        if done % BATCH == 0:
            report(stage, done, None)
    report(stage, done, done)


def _clear(session: Session, *, replace: bool) -> None:
    if session.scalar(select(StoreRow.id)) is not None and not replace:
        raise SnapshotError(
            "", "the database already holds a store: pass --replace to overwrite it"
        )
    for table in reversed(Base.metadata.sorted_tables):
        session.execute(delete(table))


class RowBuffer:
    """Rows waiting to be inserted, per table; written in batches, parents before children."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.pending: dict[str, Rows] = {}
        self.written: dict[str, int] = {}

    def add(self, rows: dict[str, Rows]) -> None:
        for table, table_rows in rows.items():
            self.pending.setdefault(table, []).extend(table_rows)
        if any(len(r) >= BATCH for r in self.pending.values()):
            self.flush()

    def flush(self) -> None:
        for table in Base.metadata.sorted_tables:
            batch = self.pending.pop(table.name, [])
            if batch:
                self.session.execute(insert(table), batch)
                self.written[table.name] = self.written.get(table.name, 0) + len(batch)


def _write_store(session: Session, header: SnapshotHeader, checker: SnapshotChecker) -> None:
    prefix, next_number, width = checker.order_numbering()
    session.add(
        StoreRow(
            id=1,
            name=header.store.name,
            currency=header.store.currency,
            order_id_prefix=prefix,
            next_order_number=next_number,
            order_number_width=width,
            catalog_id=uuid.uuid4().hex,
        )
    )
    session.add_all(
        PolicyRow(position=i, topic=p.topic, text=p.text)
        for i, p in enumerate(header.store.policies)
    )


def export_snapshot(store: Store) -> str:
    """The whole store as canonical JSON text (see `write_snapshot`)."""
    buffer = io.StringIO()
    write_snapshot(store, buffer)
    return buffer.getvalue()


def write_snapshot(store: Store, out: TextIO) -> None:
    """Stream the store as canonical JSON: keys sorted, one record per line, in the order the
    records were imported. Streaming keeps memory flat for a store of any size."""
    with store.transaction(write=False) as session:
        info = session.scalar(select(StoreRow))
        if info is None:
            raise SnapshotError("", "the database holds no store yet: import a snapshot first")
        policies = session.scalars(select(PolicyRow).order_by(PolicyRow.position))
        store_info = {
            "name": info.name,
            "currency": info.currency,
            "policies": [{"topic": p.topic, "text": p.text} for p in policies],
        }
        out.write(f'{{\n"format": {_canonical(SNAPSHOT_FORMAT)},\n"orders": ')
        _write_records(out, session, OrderRow, order_record)
        out.write(',\n"products": ')
        _write_records(out, session, ProductRow, product_record)
        out.write(f',\n"store": {_canonical(store_info)},\n"users": ')
        _write_records(out, session, UserRow, user_record)
        out.write("\n}\n")


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _write_records(
    out: TextIO, session: Session, row_type: Any, to_record: Callable[[Any], BaseModel]
) -> None:
    query = select(row_type).order_by(row_type.position).execution_options(yield_per=1000)
    separator = "[\n"
    for row in session.scalars(query):
        out.write(separator + _canonical(to_record(row).model_dump(mode="json", by_alias=True)))
        separator = ",\n"
    out.write("[]" if separator == "[\n" else "\n]")
