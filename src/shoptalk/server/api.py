"""The conversational API: sessions and their turns (docs/design.md §9, docs/api.md).

Routes are thin: read the request, call the `Assistant`, shape the answer. Handlers are plain
functions, so FastAPI runs them in its thread pool and recognition and synthesis never block
the event loop.
"""

import base64
import hashlib
import hmac
import json
from typing import Annotated, Any, NamedTuple

from fastapi import APIRouter, Header, Request, Response
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

from shoptalk.assistant import TurnError, TurnResult
from shoptalk.commerce import StoreError
from shoptalk.commerce.records import Cart
from shoptalk.dialogue import Conversation, OrderCard
from shoptalk.dialogue.handlers.common import order_card
from shoptalk.server.errors import ERROR_RESPONSES, ApiError
from shoptalk.server.sessions import SessionRecord, not_found
from shoptalk.server.state import ServerState, State
from shoptalk.server.tokens import BadToken
from shoptalk.speech import AudioError, NoSpeechError, SpeechError

router = APIRouter(prefix="/v1", responses=ERROR_RESPONSES)
Authorization = Annotated[str | None, Header()]


class Shopper(BaseModel):
    user_id: str
    name: str


class NewSession(BaseModel):
    session_id: str
    shopper: Shopper | None


class TextTurn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=2000)
    speak: bool = False


class TurnReply(BaseModel):
    text: str
    data: dict[str, Any]


class TurnAnswer(BaseModel):
    transcript: str
    understanding: dict[str, Any]
    reply: TurnReply
    timings_ms: dict[str, float]
    reply_audio: str | None = Field(default=None, description="The reply spoken: base64 WAV.")


class SessionSummary(BaseModel):
    session_id: str
    shopper: Shopper | None
    cart: Cart | None
    orders: list[OrderCard]
    pending_confirmation: str | None
    handoff: bool
    turns: int


@router.post("/sessions", status_code=201, summary="Start a conversation.")
def create_session(state: State, authorization: Authorization = None) -> NewSession:
    user_id = _token_user(state, authorization)
    conversation = _conversation(state, user_id)
    record = state.sessions.create(conversation, _digest(authorization))
    return NewSession(session_id=record.session_id, shopper=_shopper(conversation))


def _token_user(state: ServerState, authorization: str | None) -> str | None:
    token = _bearer(authorization)
    if token is None:
        return None
    try:
        return state.tokens.shopper(token)
    except BadToken as error:
        raise ApiError(401, "bad_token", f"Bad token: {error}.") from error


def _bearer(authorization: str | None) -> str | None:
    if authorization is None:
        return None
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "bad_token", "Authorization must be 'Bearer <token>'.")
    return token.strip()


def _digest(authorization: str | None) -> str | None:
    token = _bearer(authorization)
    return hashlib.sha256(token.encode()).hexdigest() if token else None


def owned_session(state: ServerState, session_id: str, authorization: str | None) -> SessionRecord:
    """The session, when this request may use it. A session started with a token takes only
    requests carrying that same token (still valid); any other request finds no session, as
    if it had ended. So a session id seen elsewhere (a log, a screen) is no key to it."""
    record = state.sessions.get(session_id)
    if not hmac.compare_digest(record.token_digest or "", _digest(authorization) or ""):
        raise not_found(session_id)
    _token_user(state, authorization)
    return record


def _conversation(state: ServerState, user_id: str | None) -> Conversation:
    try:
        return state.assistant.conversation(user_id)
    except StoreError as error:
        raise ApiError(401, "bad_token", "The token's shopper is not in this store.") from error


def _shopper(conversation: Conversation) -> Shopper | None:
    if conversation.user_id is None:
        return None
    return Shopper(user_id=conversation.user_id, name=conversation.user_name or "")


TURN_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": TextTurn.model_json_schema()},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["audio"],
                    "properties": {
                        "audio": {"type": "string", "format": "binary"},
                        "speak": {"type": "boolean"},
                    },
                }
            },
        },
    }
}


@router.post(
    "/sessions/{session_id}/turns",
    summary="Take one turn: typed text (JSON) or a recording (multipart field `audio`).",
    openapi_extra=TURN_BODY,
)
async def take_turn(
    session_id: str, request: Request, state: State, authorization: Authorization = None
) -> TurnAnswer:
    owned_session(state, session_id, authorization)
    said, speak = await _said(request)
    client = request.client.host if request.client else "unknown"
    caller = Caller(client, authorization)
    return await run_in_threadpool(run_turn, state, session_id, caller, said, speak)


async def _said(request: Request) -> tuple[dict[str, Any], bool]:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "multipart/form-data":
        return await _recording(await request.form())
    if kind != "application/json":
        raise ApiError(415, "unsupported_media_type", "Send JSON text or a multipart recording.")
    try:
        turn = TextTurn.model_validate(json.loads(await request.body()))
    except (ValueError, ValidationError) as error:
        raise ApiError(
            422, "bad_text", 'Send {"text": "..."} with 1 to 2000 characters.'
        ) from error
    return {"text": turn.text}, turn.speak


async def _recording(form: FormData) -> tuple[dict[str, Any], bool]:
    upload = form.get("audio")
    if not isinstance(upload, UploadFile):
        raise ApiError(422, "bad_audio", "Send the recording as the multipart file field 'audio'.")
    speak = str(form.get("speak", "false")).lower() in ("1", "true", "yes", "on")
    return {"audio": await upload.read()}, speak


class Caller(NamedTuple):
    """Who sends a turn: the client's address (for its rate limit) and its credentials."""

    client: str
    authorization: str | None


def run_turn(
    state: ServerState, session_id: str, caller: Caller, said: dict[str, Any], speak: bool
) -> TurnAnswer:
    """One turn of a session under its lock and rate limits; the session is saved after."""
    settings = state.settings
    with state.sessions.locked(session_id):
        record = owned_session(state, session_id, caller.authorization)
        state.limiter.check("session", session_id, settings.turns_per_minute_session)
        state.limiter.check("client", caller.client, settings.turns_per_minute_client)
        result = _run(state, record, said, speak)
        state.sessions.save(record.model_copy(update={"turns": record.turns + 1}))
    return _answer(result)


def _run(
    state: ServerState, record: SessionRecord, said: dict[str, Any], speak: bool
) -> TurnResult:
    try:
        return state.assistant.turn(record.conversation, **said, speak=speak)
    except TurnError as error:
        raise ApiError(422, "bad_text", str(error)) from error
    except NoSpeechError as error:
        raise ApiError(422, "no_speech", str(error)) from error
    except AudioError as error:
        raise ApiError(422, "bad_audio", str(error)) from error
    except SpeechError as error:
        raise ApiError(503, "speech_unavailable", str(error)) from error


def _answer(result: TurnResult) -> TurnAnswer:
    shown = result.to_json()
    audio = base64.b64encode(result.speech).decode() if result.speech else None
    return TurnAnswer(**shown, reply_audio=audio)


@router.get(
    "/sessions/{session_id}", summary="Who the shopper is, the cart, orders, and what waits."
)
def get_session(
    session_id: str, state: State, authorization: Authorization = None
) -> SessionSummary:
    record = owned_session(state, session_id, authorization)
    conversation = record.conversation
    services = state.assistant.dialogue.services
    known = conversation.user_id
    proposal = conversation.proposal
    return SessionSummary(
        session_id=session_id,
        shopper=_shopper(conversation),
        cart=services.cart(known) if known else None,
        orders=[order_card(o) for o in reversed(services.orders(known))] if known else [],
        pending_confirmation=proposal.summary if proposal else None,
        handoff=conversation.handoff,
        turns=record.turns,
    )


@router.delete("/sessions/{session_id}", status_code=204, summary="End the conversation.")
def end_session(session_id: str, state: State, authorization: Authorization = None) -> Response:
    owned_session(state, session_id, authorization)
    state.sessions.delete(session_id)
    return Response(status_code=204)
