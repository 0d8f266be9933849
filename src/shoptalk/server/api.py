"""The conversational API: sessions and their turns (DESIGN §9, docs/api.md).

Routes are thin: read the request, call the `Assistant`, shape the answer. Handlers are plain
functions, so FastAPI runs them in its thread pool and recognition and synthesis never block
the event loop.
"""

import base64
import json
from typing import Annotated, Any

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
from shoptalk.server.sessions import SessionRecord
from shoptalk.server.state import ServerState, State
from shoptalk.server.tokens import BadToken, verify_token
from shoptalk.speech import AudioError, NoSpeechError, SpeechError

router = APIRouter(prefix="/v1", responses=ERROR_RESPONSES)


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
def create_session(
    state: State, authorization: Annotated[str | None, Header()] = None
) -> NewSession:
    user_id = _token_user(state, authorization)
    conversation = _conversation(state, user_id)
    record = state.sessions.create(conversation)
    return NewSession(session_id=record.session_id, shopper=_shopper(conversation))


def _token_user(state: ServerState, authorization: str | None) -> str | None:
    if authorization is None:
        return None
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise ApiError(401, "bad_token", "Authorization must be 'Bearer <token>'.")
    try:
        return verify_token(state.secret, token)
    except BadToken as error:
        raise ApiError(401, "bad_token", f"Bad token: {error}.") from error


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
async def take_turn(session_id: str, request: Request, state: State) -> TurnAnswer:
    said, speak = await _said(request)
    client = request.client.host if request.client else "unknown"
    return await run_in_threadpool(run_turn, state, session_id, client, said, speak)


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


def run_turn(
    state: ServerState, session_id: str, client: str, said: dict[str, Any], speak: bool
) -> TurnAnswer:
    """One turn of a session under its lock and rate limits; the session is saved after."""
    settings = state.settings
    with state.sessions.locked(session_id):
        record = state.sessions.get(session_id)
        state.limiter.check("session", session_id, settings.turns_per_minute_session)
        state.limiter.check("client", client, settings.turns_per_minute_client)
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
def get_session(session_id: str, state: State) -> SessionSummary:
    record = state.sessions.get(session_id)
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
def end_session(session_id: str, state: State) -> Response:
    state.sessions.delete(session_id)
    return Response(status_code=204)
