"""Errors a store developer or a shopper can cause, each with a message they can act on."""


class StoreError(Exception):
    """Base of every error the store reports as one line rather than a traceback."""


class Refused(StoreError):
    """An operation was refused by a business rule; nothing was changed."""


class SnapshotError(StoreError):
    """A snapshot file is not valid; the message names the JSON path and the problem."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}" if path else problem)
        self.path = path
        self.problem = problem


class DatabaseError(StoreError):
    """The database cannot be reached or is not a ShopTalk store."""
