"""The FastAPI application: the conversational API, health and readiness, the web page.

`create_app(assistant, settings)` serves one loaded assistant; `app_from_settings()` is the
factory each `uvicorn` worker calls, so `shoptalk serve --workers N` loads the models once
per worker and shares sessions through Redis.
"""

from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel
from sqlalchemy import func, select
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shoptalk import __version__
from shoptalk.assistant import Assistant
from shoptalk.commerce import Store
from shoptalk.commerce.locate import open_store
from shoptalk.commerce.tables import OrderRow, ProductRow, StoreRow, UserRow
from shoptalk.config import Settings, get_settings
from shoptalk.server import api, stream
from shoptalk.server.access_log import hide_credentials
from shoptalk.server.errors import ApiError, error_response, install_error_handlers
from shoptalk.server.guard import RequestGuard
from shoptalk.server.health import problems
from shoptalk.server.state import ServerState, State

STATIC = Path(__file__).parent / "static"


class Health(BaseModel):
    status: str
    version: str
    store: str
    products: int
    shoppers: int
    orders: int


class Ready(BaseModel):
    status: str


def create_app(assistant: Assistant, settings: Settings) -> FastAPI:
    app = FastAPI(title="ShopTalk", version=__version__, description=_description())
    app.state.server = ServerState.create(assistant, settings)
    install_error_handlers(app)
    app.include_router(api.router)
    app.include_router(stream.router)
    app.add_middleware(BodyLimit, limit=settings.max_request_bytes)
    app.add_middleware(
        RequestGuard,
        max_json_bytes=settings.max_json_bytes,
        max_json_depth=settings.max_json_depth,
    )
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Authorization", "Content-Type"],
            max_age=600,
        )
    hide_credentials()
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    _add_health(app)
    return app


def app_from_settings() -> FastAPI:
    """The app of one worker: the configured store (or the demo store), models loaded."""
    settings = get_settings()
    store = open_store(None, settings=settings)
    return create_app(Assistant.load(store, settings, serving=True), settings)


def _description() -> str:
    return 'A voice shopping assistant over one store. Errors: `{"error": {"code", "message"}}`.'


def _add_health(app: FastAPI) -> None:
    @app.get("/healthz", summary="The server is up and its store is reachable.")
    def healthz(state: State) -> Health:
        return _health(state.assistant.dialogue.services.store)

    @app.get(
        "/readyz",
        summary="Models are loaded; the store's database and Redis answer (asked on each call).",
        responses={503: {}},
    )
    def readyz(state: State) -> Ready:
        settings = state.settings
        store = state.assistant.dialogue.services.store
        found = problems(store, settings.redis_url, settings.readiness_timeout_s)
        if found:
            raise ApiError(503, "not_ready", "; ".join(found) + ".")
        return Ready(status="ready")

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(STATIC / "index.html")


def _health(store: Store) -> Health:
    with store.transaction(write=False) as session:
        name = session.scalar(select(StoreRow.name)) or ""
        counts = [
            session.scalar(select(func.count()).select_from(table)) or 0
            for table in (ProductRow, UserRow, OrderRow)
        ]
    return Health(
        status="ok",
        version=__version__,
        store=name,
        products=counts[0],
        shoppers=counts[1],
        orders=counts[2],
    )


class BodyLimit:
    """Refuses request bodies over `limit` bytes with 413, counting what arrives, so a body
    without a Content-Length is held to the limit too."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._refuse(scope, receive, send)
            return
        await self.app(scope, self._counting(receive), send)

    def _counting(self, receive: Receive) -> Receive:
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise ApiError(413, "too_large", f"The request is over {self.limit} bytes.")
            return message

        return counted

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = error_response(413, "too_large", f"The request is over {self.limit} bytes.")
        await response(scope, receive, send)
