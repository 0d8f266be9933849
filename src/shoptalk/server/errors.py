"""API errors: one JSON shape, `{"error": {"code", "message"}}`, for every refusal.

A backend that stopped answering (Redis, the store's database, a damaged SQLite file) is a
503 naming it, not a crash: the request can be retried once it is back. Anything else
unexpected is a 500 with a `request_id` (see `shoptalk.server.guard`).
"""

import logging
from typing import Any

import redis
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import exc as sql
from starlette.exceptions import HTTPException

from shoptalk.commerce.errors import DatabaseError

log = logging.getLogger("shoptalk.server")


class ErrorBody(BaseModel):
    code: str
    message: str
    request_id: str | None = Field(
        default=None,
        description="Only with a 500: quote it when reporting the problem; the server's log "
        "holds what went wrong under it.",
    )


class ErrorResponse(BaseModel):
    error: ErrorBody


class ApiError(Exception):
    def __init__(
        self, status: int, code: str, message: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers


def error_response(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    body = ErrorResponse(error=ErrorBody(code=code, message=message))
    return JSONResponse(body.model_dump(exclude_none=True), status_code=status, headers=headers)


def internal_error(request_id: str) -> JSONResponse:
    message = f"Something went wrong on our side; it was logged as {request_id}."
    body = ErrorResponse(error=ErrorBody(code="internal", message=message, request_id=request_id))
    return JSONResponse(body.model_dump(), status_code=500, headers={"X-Request-ID": request_id})


def backend_failed(error: BaseException) -> bool:
    """Whether `error` says a backend did not answer or cannot be read (Redis, the database
    server, a damaged SQLite file), not that the code asked it something wrong (an integrity
    or syntax error stays a bug, a 500)."""
    unanswered = (redis.ConnectionError, redis.TimeoutError, sql.OperationalError)
    return isinstance(error, (*unanswered, sql.InterfaceError, DatabaseError)) or (
        type(error) is sql.DatabaseError
    )


def unavailable(error: BaseException) -> ApiError:
    """The 503 for a backend that failed (see `backend_failed`), logged as one line: what
    failed is the backend's news, not a bug of the request."""
    if isinstance(error, redis.RedisError):
        code, what = "sessions_unavailable", "Sessions are unavailable (Redis does not answer)"
    else:
        code, what = "store_unavailable", "The store is unavailable (its database failed)"
    log.warning("%s: %s", what, first_line(error))
    return ApiError(503, code, f"{what}; try again shortly.", headers={"Retry-After": "5"})


def first_line(error: BaseException | None) -> str:
    orig = getattr(error, "orig", None)  # SQLAlchemy wraps the driver's error
    text = str(orig if orig is not None else error).strip()
    return text.splitlines()[0] if text else type(error).__name__


HTTP_CODES = {
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
}


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, error: ApiError) -> JSONResponse:
        return error_response(error.status, error.code, error.message, error.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, error: RequestValidationError) -> JSONResponse:
        return error_response(422, "invalid_request", _first_problem(error.errors()))

    @app.exception_handler(redis.ConnectionError)
    @app.exception_handler(redis.TimeoutError)
    @app.exception_handler(sql.DBAPIError)
    @app.exception_handler(DatabaseError)
    async def _backend(_request: Request, error: Exception) -> JSONResponse:
        if not backend_failed(error):
            raise error
        refusal = unavailable(error)
        return error_response(refusal.status, refusal.code, refusal.message, refusal.headers)

    @app.exception_handler(HTTPException)
    async def _http(_request: Request, error: HTTPException) -> JSONResponse:
        code = HTTP_CODES.get(error.status_code, "http_error")
        return error_response(error.status_code, code, str(error.detail))


def _first_problem(errors: Any) -> str:
    if not errors:
        return "the request is not valid"
    first = errors[0]
    where = ".".join(str(part) for part in first.get("loc", ()) if part != "body")
    return f"{where}: {first.get('msg', 'invalid')}" if where else str(first.get("msg"))


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "description": description}
    for status, description in {
        401: "Bad or expired token.",
        404: "Unknown, ended or expired session.",
        409: "Another turn of this session is still running.",
        413: "Request or upload too large.",
        422: "Bad text, bad audio, or no speech in it.",
        429: "Too many turns per minute.",
        500: "Unexpected error: the server's log has it under `request_id`.",
        503: "The store's database, Redis or the models are not available.",
    }.items()
}
