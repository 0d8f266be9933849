"""The FastAPI application over one store.

So far it reports health and serves the page that says what the store holds; the
conversational API (sessions, turns, streaming) arrives with the assistant.
"""

from pathlib import Path
from typing import Annotated

from fastapi import Depends, FastAPI, Request
from fastapi.responses import FileResponse
from pydantic import BaseModel
from sqlalchemy import func, select

from shoptalk import __version__
from shoptalk.commerce import Store
from shoptalk.commerce.tables import OrderRow, ProductRow, StoreRow, UserRow

STATIC = Path(__file__).parent / "static"


class Health(BaseModel):
    status: str
    version: str
    store: str
    products: int
    shoppers: int
    orders: int


def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def create_app(store: Store) -> FastAPI:
    app = FastAPI(title="ShopTalk", version=__version__)
    app.state.store = store

    @app.get("/healthz", summary="The server is up and its store is reachable.")
    def healthz(store: Annotated[Store, Depends(get_store)]) -> Health:
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

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(STATIC / "index.html")

    return app
