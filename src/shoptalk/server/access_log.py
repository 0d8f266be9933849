"""The access log without credentials: a session id (the key of an anonymous conversation) and
a `token=` in the page's address never reach the log; the line keeps the route and status."""

import logging
import re

ACCESS_LOGGER = "uvicorn.access"
SESSION_PATH = re.compile(r"(/v1/sessions/)[^/?\s]+")
TOKEN_QUERY = re.compile(r"((?:^|[?&])token=)[^&\s]*")
HIDDEN = "***"


def hidden(path: str) -> str:
    """`path` with any session id and token replaced by `***`."""
    return TOKEN_QUERY.sub(rf"\g<1>{HIDDEN}", SESSION_PATH.sub(rf"\g<1>{HIDDEN}", path))


class CredentialsHidden(logging.Filter):
    """Rewrites uvicorn's access records, whose third argument is the path with its query."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], hidden(args[2]), *args[3:])
        return True


def hide_credentials() -> None:
    """Install the filter on uvicorn's access logger (once per process)."""
    logger = logging.getLogger(ACCESS_LOGGER)
    if not any(isinstance(f, CredentialsHidden) for f in logger.filters):
        logger.addFilter(CredentialsHidden())
