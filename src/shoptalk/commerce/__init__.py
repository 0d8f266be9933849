"""The store: tables, the snapshot format, and every operation with its rules."""

from shoptalk.commerce.database import database_url
from shoptalk.commerce.errors import DatabaseError, Refused, SnapshotError, StoreError
from shoptalk.commerce.operations import OPERATIONS, Operation
from shoptalk.commerce.records import Snapshot
from shoptalk.commerce.snapshot import export_snapshot, import_snapshot, parse_snapshot
from shoptalk.commerce.snapshot_file import SnapshotFile
from shoptalk.commerce.store import Store

__all__ = [
    "OPERATIONS",
    "DatabaseError",
    "Operation",
    "Refused",
    "Snapshot",
    "SnapshotError",
    "SnapshotFile",
    "Store",
    "StoreError",
    "database_url",
    "export_snapshot",
    "import_snapshot",
    "parse_snapshot",
]
