"""One-time codes as a developer reads them: from the development verifier's log lines."""

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager

LOGGER = "shoptalk.identity"
LINE = re.compile(r"code for (?P<user>\S+) by (?P<channel>\w+): (?P<code>\d+)")


def codes_in(text: str) -> list[tuple[str, str]]:
    """(shopper, code) of every development-verifier line in `text` (a server's log)."""
    return [(m["user"], m["code"]) for m in LINE.finditer(text)]


class CodeLog(logging.Handler):
    """The codes the development verifier logged while attached."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.sent: list[tuple[str, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.sent += codes_in(record.getMessage())

    def last(self, user_id: str) -> str:
        codes = [code for to, code in self.sent if to == user_id]
        assert codes, f"no code was sent to {user_id}"
        return codes[-1]


@contextmanager
def code_log() -> Iterator[CodeLog]:
    handler = CodeLog()
    logger = logging.getLogger(LOGGER)
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
