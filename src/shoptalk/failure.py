"""What the `shoptalk` command says when a command fails: one line, always.

A failure the user can act on (a bad setting, a damaged or unreachable database, Redis not
answering, a file that cannot be read or written) is exit code 2 and says what is wrong. Any
other exception is a bug of ShopTalk: exit code 1, one line asking for a report, and the
traceback written to a file under the home's `logs/` for that report.
"""

import tempfile
import time
import traceback
from pathlib import Path

import redis
from pydantic import ValidationError
from sqlalchemy import exc as sql

from shoptalk.commerce import StoreError

USER_ERROR, BUG = 2, 1


def explain(error: Exception, home: Path | None) -> tuple[int, str]:
    """The exit code and the line to print for `error`; `home` is where a bug's traceback
    goes (the system's temporary folder when the settings themselves failed)."""
    if isinstance(error, StoreError):
        return USER_ERROR, str(error)
    if isinstance(error, ValidationError) and error.title == "Settings":
        return USER_ERROR, _bad_setting(error)
    if isinstance(error, sql.DBAPIError):
        return USER_ERROR, f"the store's database failed: {_first_line(error.orig or error)}"
    if isinstance(error, redis.ConnectionError | redis.TimeoutError):
        return USER_ERROR, f"Redis does not answer: {_first_line(error)}"
    if isinstance(error, OSError):
        where = f": {error.filename}" if error.filename else ""
        return USER_ERROR, f"{error.strerror or _first_line(error)}{where}"
    saved = _save_traceback(error, home)
    return BUG, (
        f"unexpected {type(error).__name__}: {_first_line(error)}. This is a bug in ShopTalk; "
        f"please report it with the traceback saved in {saved}"
    )


def _bad_setting(error: ValidationError) -> str:
    first = error.errors()[0]
    name = str(first["loc"][0]) if first["loc"] else "a setting"
    given = f" (given {first['input']!r})" if isinstance(first.get("input"), str | int) else ""
    return f"setting {name} (SHOPTALK_{name.upper()}): {first['msg']}{given}"


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _save_traceback(error: Exception, home: Path | None) -> Path:
    text = "".join(traceback.format_exception(error))
    name = f"crash-{time.strftime('%Y%m%d-%H%M%S')}.txt"
    for folder in ([home / "logs"] if home else []) + [Path(tempfile.gettempdir())]:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text, encoding="utf-8")
            return folder / name
        except OSError:
            continue
    raise error
