"""The columns a platform's export has, kept as data (`shopify.yaml`, `woocommerce.yaml`):
which are required, which ShopTalk reads, which it knowingly leaves aside.

A header missing a required column is refused before any row is read; a column that is neither
read nor a documented one is reported once as a warning (it may be a typo of one that is read)
and otherwise ignored.
"""

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from shoptalk.commerce.errors import SnapshotError
from shoptalk.commerce.importers.rows import TableFile


@dataclass(frozen=True)
class ColumnSet:
    signature: tuple[str, ...]
    """Columns that together tell this platform's export from any other CSV."""
    required: tuple[str, ...]
    known: frozenset[str]
    patterns: tuple[re.Pattern[str], ...]

    def check(self, file: TableFile) -> list[str]:
        """Refuse a header without a required column; the warnings for unknown columns."""
        header = file.columns
        missing = [column for column in self.required if column not in header]
        if missing:
            raise SnapshotError(
                file.path.name, f'missing column "{missing[0]}" in the header row (line 1)'
            )
        unknown = [c for c in header if c and not self.knows(c)]
        if not unknown:
            return []
        listed = ", ".join(f'"{c}"' for c in unknown)
        return [f"{file.path.name}: ignoring columns ShopTalk does not know: {listed}"]

    def knows(self, column: str) -> bool:
        return column in self.known or any(p.search(column) for p in self.patterns)

    def matches(self, header: list[str]) -> bool:
        """Whether a header looks like this platform's export (a required column may still be
        missing: better said as such than as an unknown format)."""
        return all(column in header for column in self.signature)


@cache
def column_set(platform: str) -> ColumnSet:
    text = resources.files("shoptalk.commerce.importers").joinpath(f"{platform}.yaml").read_text()
    data = yaml.safe_load(text)
    patterns = [*data.get("read_patterns", []), *data.get("unused_patterns", [])]
    return ColumnSet(
        signature=tuple(data["signature"]),
        required=tuple(data["required"]),
        known=frozenset([*data["read"], *data["unused"]]),
        patterns=tuple(re.compile(p) for p in patterns),
    )
