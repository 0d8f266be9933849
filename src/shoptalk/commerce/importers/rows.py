"""Reading an import file row by row, CSV or JSON lines, each row knowing the line it is on.

Files are read a line at a time, never whole: a 2 GB export streams through in bounded memory
(a line may be up to 16 MiB, so a broken quote cannot swallow the rest of the file). Lines are
decoded one by one, so bytes that are not UTF-8 are reported at their own line and column,
not somewhere in the block a text reader happened to decode; a leading byte-order mark (as
WooCommerce writes) is dropped.

A product's rows can also be read as a `RowGroup`: the run of rows sharing a column's value,
with a digest of their bytes (`digests`). Its rows become `Row`s only when asked, so a sync
passes over the rows of unchanged products at the speed of the CSV parser.
"""

import _csv
import csv
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from shoptalk.commerce.digests import row_digest
from shoptalk.commerce.errors import SnapshotError

MAX_LINE = 16 << 20
BOM = b"\xef\xbb\xbf"
_UNDECODED = re.compile("[\udc80-\udcff]")

csv.field_size_limit(MAX_LINE)

Cells = list[str] | dict[str, object]
"""A CSV row's values in header order, or a JSON-lines object."""
Record = tuple[int, Cells, list[bytes]]
"""A row as read: the line it starts on, its cells, the bytes of its lines."""


class Row:
    """One record of the file: a CSV row (cells by column name) or a JSON-lines object."""

    __slots__ = ("cells", "file", "line")

    def __init__(self, file: "TableFile", line: int, cells: dict[str, object]) -> None:
        self.file, self.line, self.cells = file, line, cells

    def text(self, column: str) -> str:
        """The cell as text, stripped; "" when empty or absent (JSON numbers as written)."""
        value = self.cells.get(column)
        if value.__class__ is str:
            return value.strip()
        if value is None:
            return ""
        if isinstance(value, bool | int | float):
            return json.dumps(value)
        raise self.error(column, f"expected text or a number, not {json.dumps(value)[:40]}")

    def value(self, column: str) -> object:
        """The cell as stored: text for CSV, any JSON value for JSON lines."""
        return self.cells.get(column)

    def error(self, column: str | None, problem: str) -> SnapshotError:
        """A problem of this row, named by file, line and column."""
        return self.file.error(self.line, problem, column)


class TableFile:
    """A CSV file with a header row, or a JSON-lines file; `rows()` reads it afresh each time."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.json_lines = path.suffix.lower() in (".jsonl", ".ndjson")
        self._columns: list[str] | None = None

    @property
    def columns(self) -> list[str]:
        """The CSV header; for JSON lines, the keys of the first object."""
        if self._columns is None:
            if self.json_lines:
                first = next(self._records(), None)
                self._columns = [] if first is None else list(first[1])
            else:
                with self._open() as handle:
                    lines = _Lines(handle, self)
                    self._columns = self._header(csv.reader(lines, strict=True), lines)
        return self._columns

    def rows(self) -> Iterator[Row]:
        for line, cells, _ in self._records():
            yield self.row(line, cells)

    def groups(self, column: str, context: bytes) -> Iterator["RowGroup"]:
        """The rows in runs that share `column`'s text, each with the digest of its bytes in
        `context` (`digests.reading_context`). A value that is not text (a JSON object) runs
        alone under the key "", which no product has: its rows are read and refused."""
        key_of = self._key_reader(column)
        run: list[Record] = []
        key = ""
        for record in self._records():
            record_key = key_of(record)
            if run and record_key != key:
                yield RowGroup(self, key, run, row_digest(context, _raw(run)))
                run = []
            key = record_key
            run.append(record)
        if run:
            yield RowGroup(self, key, run, row_digest(context, _raw(run)))

    def row(self, line: int, cells: Cells) -> Row:
        if isinstance(cells, list):
            return Row(self, line, dict(zip(self.columns, cells, strict=False)))
        return Row(self, line, cells)

    def error(self, line: int, problem: str, column: str | None = None) -> SnapshotError:
        """A problem at a line (and column) of the file, as one line naming them."""
        where = f"{self.path.name}, line {line}"
        return SnapshotError(f'{where}, column "{column}"' if column else where, problem)

    def _key_reader(self, column: str) -> Callable[[Record], str]:
        if self.json_lines:

            def json_key(record: Record) -> str:
                try:
                    return self.row(record[0], record[1]).text(column)
                except SnapshotError:
                    return ""

            return json_key
        index = self.columns.index(column) if column in self.columns else len(self.columns)

        def csv_key(record: Record) -> str:
            values = record[1]
            if isinstance(values, list) and index < len(values):
                return values[index].strip()
            return ""

        return csv_key

    def _records(self) -> Iterator[Record]:
        with self._open() as handle:
            lines = _Lines(handle, self)
            yield from (self._json_records(lines) if self.json_lines else self._csv_records(lines))

    def _open(self) -> BinaryIO:
        try:
            return self.path.open("rb")
        except OSError as error:
            raise SnapshotError("", f"cannot read {self.path}: {error.strerror}") from error

    def _csv_records(self, lines: "_Lines") -> Iterator[Record]:
        reader = csv.reader(lines, strict=True)
        self._columns = header = self._header(reader, lines)
        lines.take()
        width = len(header)
        while True:
            start = reader.line_num + 1
            try:
                values = next(reader, None)
            except csv.Error as error:
                raise self.error(reader.line_num, f"not valid CSV: {error}") from error
            if values is None:
                return
            raw = lines.take()
            if not any(map(str.strip, values)):
                continue
            if len(values) > width:
                raise self.error(
                    start,
                    f"{len(values)} fields where the header has {width}: "
                    "a comma or a quote out of place?",
                )
            if lines.undecoded_since(start):
                _refuse_undecoded(self.row(start, values))
            yield start, values, raw

    def _header(self, reader: "_csv.Reader", lines: "_Lines") -> list[str]:
        try:
            header = next(reader, None)
        except csv.Error as error:
            raise self.error(1, f"not valid CSV: {error}") from error
        if header is None or not any(h.strip() for h in header):
            raise SnapshotError("", f"{self.path.name} is empty: expected a header row")
        if lines.undecoded_since(1):
            raise self.error(1, "the header row is not UTF-8 text")
        header = [h.strip() for h in header]
        repeated = sorted({h for h in header if header.count(h) > 1})
        if repeated:
            raise self.error(1, f'column "{repeated[0]}" appears twice in the header')
        return header

    def _json_records(self, lines: "_Lines") -> Iterator[Record]:
        for number, text in enumerate(lines, start=1):
            raw = lines.take()
            if not text.strip():
                continue
            try:
                cells = json.loads(text)
            except json.JSONDecodeError as error:
                raise self.error(number, f"malformed JSON: {error.msg}") from error
            if not isinstance(cells, dict):
                raise self.error(number, "each line must be a JSON object")
            if lines.undecoded_since(number):
                _refuse_undecoded(Row(self, number, cells))
            yield number, cells, raw


class RowGroup:
    """A run of rows sharing one column's value (`key`): the rows of one product."""

    __slots__ = ("digest", "file", "key", "records")

    def __init__(self, file: TableFile, key: str, records: list[Record], digest: str) -> None:
        self.file, self.key, self.records, self.digest = file, key, records, digest

    @property
    def line(self) -> int:
        """The line the rows start on."""
        return self.records[0][0]

    @property
    def where(self) -> str:
        """Where the rows start, as an error names it (`products.csv, line 12`)."""
        return f"{self.file.path.name}, line {self.line}"

    def first_row(self) -> Row:
        line, cells, _ = self.records[0]
        return self.file.row(line, cells)

    def rows(self) -> list[Row]:
        return [self.file.row(line, cells) for line, cells, _ in self.records]


def _raw(records: list[Record]) -> Iterator[bytes]:
    return (chunk for _, _, raw in records for chunk in raw)


class _Lines:
    """The file's lines as text; lines that are not UTF-8 are decoded with escapes and
    remembered, so the row holding them can say which column is broken."""

    def __init__(self, handle: BinaryIO, file: TableFile) -> None:
        self.handle, self.file = handle, file
        self.number = 0
        self.undecoded: list[int] = []
        self.raw: list[bytes] = []
        """The bytes of the lines read since the last `take`."""

    def __iter__(self) -> Iterator[str]:
        while True:
            raw = self.handle.readline(MAX_LINE + 1)
            if not raw:
                return
            self.number += 1
            if len(raw) > MAX_LINE:
                raise self.file.error(self.number, "longer than 16 MiB: not a text file?")
            if self.number == 1:
                raw = raw.removeprefix(BOM)
            self.raw.append(raw)
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError:
                self.undecoded.append(self.number)
                yield raw.decode("utf-8", "surrogateescape")

    def take(self) -> list[bytes]:
        """The bytes of the lines read since the last call (one record's)."""
        taken, self.raw = self.raw, []
        return taken

    def undecoded_since(self, line: int) -> bool:
        return bool(self.undecoded) and self.undecoded[-1] >= line


def _refuse_undecoded(row: Row) -> None:
    for column, value in row.cells.items():
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        found = _UNDECODED.search(column + text)
        if found:
            byte = ord(found.group()) - 0xDC00
            raise row.error(column, f"not UTF-8 text (byte 0x{byte:02x}): save the file as UTF-8")
    raise row.error(None, "not UTF-8 text: save the file as UTF-8")
