"""The server's log without credentials: a session id (the key of an anonymous conversation)
and a `token=` in the page's address never reach it, neither in uvicorn's access lines nor in
the WebSocket lines uvicorn writes to its error log; a line keeps the route and status."""

import logging
import re

LOGGERS = ("uvicorn.access", "uvicorn.error")
SESSION_PATH = re.compile(r"(/v1/sessions/)[^/?\s]+")
TOKEN_QUERY = re.compile(r"((?:^|[?&])token=)[^&\s]*")
HIDDEN = "***"


def hidden(path: str) -> str:
    """`path` with any session id and token replaced by `***`."""
    return TOKEN_QUERY.sub(rf"\g<1>{HIDDEN}", SESSION_PATH.sub(rf"\g<1>{HIDDEN}", path))


class CredentialsHidden(logging.Filter):
    """Rewrites every text argument of uvicorn's records (the path with its query, in access
    lines and WebSocket lines alike) and their message."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(hidden(a) if isinstance(a, str) else a for a in record.args)
        if isinstance(record.msg, str):
            record.msg = hidden(record.msg)
        return True


def hide_credentials() -> None:
    """Install the filter on uvicorn's loggers (once per process)."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, CredentialsHidden) for f in logger.filters):
            logger.addFilter(CredentialsHidden())
