"""`WS /v1/sessions/{id}/stream`: audio in, events and spoken replies out (docs/streaming.md).

The client streams 16-bit PCM at 16 kHz (or a browser recording, WebM/Opus, ended by an
`end` message); voice activity finds where each utterance ends, and the turn runs in a worker
thread. The reply is spoken clause by clause as binary frames; speech from the shopper while
it plays (barge-in) stops the playback and cancels the rest of the synthesis.

Every stream is held to limits (settings `stream_*` and `max_audio_seconds`, docs/streaming.md):
messages a second, bytes in all, the size of a recording, the length of an utterance, time
without a message, turns waiting. A breach is an error frame; the socket is closed (4000 + the
HTTP status it mirrors) where going on makes no sense. What the stream holds is bounded by
them, and let go when the socket closes.
"""

import asyncio
import contextlib
import json
import logging
import secrets
import threading
from collections import deque
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from starlette.concurrency import run_in_threadpool

from shoptalk.server.api import Caller, owned_session, run_turn
from shoptalk.server.errors import ApiError, backend_failed, unavailable
from shoptalk.server.limits import (
    StreamBreach,
    StreamBudget,
    idle,
    recording_too_large,
    too_long,
    too_many_turns,
)
from shoptalk.server.state import ServerState
from shoptalk.speech import SAMPLE_RATE, Audio, UtteranceDetector, VadEventKind, pcm16_to_samples
from shoptalk.speech.audio import Samples

router = APIRouter()
log = logging.getLogger("shoptalk.server")


PARTIAL_EVERY_S = 1.0


@dataclass
class PartialTranscripts:
    """The last `window` samples of the utterance in progress, for a partial transcript
    every second of speech: a guess decodes at most that much audio, so its cost stays the
    same however long the shopper speaks."""

    window: int
    active: bool = False
    recent: deque[Samples] = field(default_factory=deque)
    kept: int = 0
    heard: int = 0
    """Samples of the utterance so far (`kept` of them are in `recent`)."""
    running: bool = False
    guessed_at: int = 0

    def hear(self, samples: Samples) -> None:
        self.recent.append(samples)
        self.kept += len(samples)
        self.heard += len(samples)
        while self.kept - len(self.recent[0]) >= self.window:
            self.kept -= len(self.recent.popleft())

    def due(self) -> bool:
        return (
            self.active
            and not self.running
            and self.heard - self.guessed_at >= PARTIAL_EVERY_S * SAMPLE_RATE
        )

    def audio(self) -> Audio:
        return Audio(np.concatenate(self.recent)[-self.window :])


@dataclass
class Listener:
    """One stream: the detector, the audio of the utterance in progress, the reply playing."""

    state: ServerState
    session_id: str
    socket: WebSocket
    caller: Caller
    detector: UtteranceDetector
    kind: str = "pcm16"
    speak: bool = True
    recording: bytearray = field(default_factory=bytearray)
    turns: asyncio.Lock = field(default_factory=asyncio.Lock)
    hush: threading.Event = field(default_factory=threading.Event)
    speaking: bool = False
    pending: set[asyncio.Task[None]] = field(default_factory=set)
    budget: StreamBudget = field(init=False)
    partial: PartialTranscripts = field(init=False)
    queued: int = 0
    """Turns waiting behind the one running."""
    dropping_recording: bool = False
    """The recording went over its limit: its chunks are dropped until `end`."""

    def __post_init__(self) -> None:
        self.budget = StreamBudget.from_settings(self.state.settings)
        self.partial = self._partial(active=False)

    def _partial(self, *, active: bool) -> PartialTranscripts:
        window = int(self.state.settings.stream_partial_window_s * SAMPLE_RATE)
        return PartialTranscripts(window, active=active)

    async def send(self, event: dict[str, Any]) -> None:
        await self.socket.send_text(json.dumps(event))

    async def tell(self, breach: StreamBreach) -> None:
        await self.send({"type": "error", "code": breach.code, "message": breach.message})

    async def receive(self) -> dict[str, Any]:
        """The client's next message, counted against the budget; `StreamBreach` when the
        client sent nothing for `stream_idle_s` while no turn of its was running."""
        idle_s = self.state.settings.stream_idle_s
        while True:
            try:
                message = await asyncio.wait_for(self.socket.receive(), idle_s)
                break
            except TimeoutError:
                if not self.pending:
                    raise idle(idle_s) from None
        if message["type"] == "websocket.disconnect":
            raise WebSocketDisconnect(message.get("code", 1000))
        data = message.get("bytes")
        self.budget.spend(len(data) if data is not None else len(message.get("text") or ""))
        return dict(message)

    async def on_text(self, message: dict[str, Any]) -> None:
        kind = message.get("type")
        if kind == "start":
            self.kind = "webm" if message.get("format") == "webm" else "pcm16"
            self.speak = bool(message.get("speak", True))
        elif kind == "text" and isinstance(message.get("text"), str):
            await self._queue({"text": message["text"]})
        elif kind == "end":
            await self._end_of_recording()
        elif kind == "barge_in":
            await self._barge_in()
        else:
            await self.send(
                {"type": "error", "code": "bad_message", "message": f"unknown message {kind!r}"}
            )

    async def on_audio(self, chunk: bytes) -> None:
        if self.kind == "webm":
            await self._record(chunk)
            return
        samples = pcm16_to_samples(chunk[: len(chunk) - len(chunk) % 2])
        if self.partial.active:
            self.partial.hear(samples)
        for event in await run_in_threadpool(self.detector.feed, samples):
            if event.kind is VadEventKind.SPEECH_STARTED:
                self.partial = self._partial(active=True)
                self.partial.hear(samples)
                await self.send({"type": "speech_started", "time": round(event.time, 2)})
                await self._barge_in()
                continue
            self.partial = self._partial(active=False)
            await self.send({"type": "speech_ended", "time": round(event.time, 2)})
            if event.utterance is not None:
                await self._queue({"audio": event.utterance})
            else:
                await self.tell(too_long(self.state.settings.max_audio_seconds))
        if self.partial.due() and not self.turns.locked():
            self._guess(self.partial)

    async def _record(self, chunk: bytes) -> None:
        """Keep a chunk of the browser recording, up to `stream_max_recording_bytes`."""
        limit = self.budget.max_recording_bytes
        if self.dropping_recording:
            return
        if len(self.recording) + len(chunk) > limit:
            self.recording, self.dropping_recording = bytearray(), True
            await self.tell(recording_too_large(limit))
            return
        self.recording.extend(chunk)

    async def settle(self) -> None:
        """The shopper left: stop speaking and let the turns and guesses in flight finish, so
        no recognition is left running in a worker thread."""
        self.hush.set()
        await asyncio.gather(*self.pending, return_exceptions=True)

    def _guess(self, partial: "PartialTranscripts") -> None:
        """Recognise the utterance so far, beside the loop, and send it as a partial
        transcript (one guess at a time; a guess finished after the utterance is dropped)."""
        partial.running = True
        heard, at = partial.audio(), partial.heard
        recognizer = self.state.assistant.voice.recognizer

        async def guess() -> None:
            try:
                transcript = await run_in_threadpool(recognizer.transcribe, heard)
            finally:
                partial.running = False
                partial.guessed_at = at
            if partial is self.partial and transcript.text:
                await self.send({"type": "transcript", "final": False, "text": transcript.text})

        task = asyncio.create_task(guess())
        self.pending.add(task)
        task.add_done_callback(self.pending.discard)

    async def _end_of_recording(self) -> None:
        self.dropping_recording = False
        if self.kind == "webm" and self.recording:
            recording, self.recording = bytes(self.recording), bytearray()
            await self._queue({"audio": recording})

    async def _queue(self, said: dict[str, Any]) -> None:
        """Take the turn beside the receiving loop, which keeps listening for barge-in; turns
        still run one at a time, in order, and at most `stream_max_queued_turns` wait."""
        waiting = self.state.settings.stream_max_queued_turns
        if self.queued >= waiting:
            await self.tell(too_many_turns(waiting))
            return
        self.queued += 1
        task = asyncio.create_task(self.take(said))
        self.pending.add(task)
        task.add_done_callback(self.pending.discard)

    async def _barge_in(self) -> None:
        if self.speaking:
            self.hush.set()
            await self.send({"type": "audio_cancelled"})

    async def take(self, said: dict[str, Any]) -> None:
        """One turn, its events, and its reply spoken clause by clause."""
        async with self.turns:
            self.queued -= 1
            try:
                answer = await run_in_threadpool(
                    run_turn, self.state, self.session_id, self.caller, said, False
                )
            except ApiError as error:
                await self.send({"type": "error", "code": error.code, "message": error.message})
                return
            except Exception as error:
                await self.send(failure(error))
                return
            await self.send({"type": "transcript", "final": True, "text": answer.transcript})
            await self.send({"type": "understanding", **answer.understanding})
            await self.send({"type": "reply", "text": answer.reply.text, "data": answer.reply.data})
            if self.speak:
                await self._speak(answer.reply.text)

    async def _speak(self, text: str) -> None:
        synthesizer = self.state.assistant.voice.synthesizer
        self.hush.clear()
        self.speaking = True
        clauses = iter(await run_in_threadpool(lambda: synthesizer.stream(text)))
        try:
            while not self.hush.is_set():
                chunk = await run_in_threadpool(next, clauses, None)
                if chunk is None or self.hush.is_set():
                    break
                await self.send(
                    {
                        "type": "audio",
                        "text": chunk.text,
                        "sample_rate": chunk.sample_rate,
                        "format": "pcm16",
                    }
                )
                await self.socket.send_bytes(chunk.pcm16)
        finally:
            self.speaking = False
        if not self.hush.is_set():
            await self.send({"type": "audio_end"})


def failure(error: Exception) -> dict[str, Any]:
    """The error frame for what a stream did not expect: a backend that failed (its 503
    code), or a bug, logged with its traceback under the `request_id` the frame carries."""
    if backend_failed(error):
        refusal = unavailable(error)
        return {"type": "error", "code": refusal.code, "message": refusal.message}
    request_id = secrets.token_hex(8)
    log.error("internal error %s in a stream", request_id, exc_info=error)
    message = f"Something went wrong on our side; it was logged as {request_id}."
    return {"type": "error", "code": "internal", "message": message, "request_id": request_id}


@router.websocket("/v1/sessions/{session_id}/stream")
async def stream(socket: WebSocket, session_id: str) -> None:
    """The stream; what it did not expect is an error frame and a close (4503 when a
    backend failed, 1011 otherwise), never a socket dropped without a word."""
    try:
        await _serve(socket, session_id)
    except (WebSocketDisconnect, OSError):  # the client left mid-send: nothing to tell
        return
    except Exception as error:
        event = failure(error)
        with contextlib.suppress(Exception):  # the socket may be gone already
            await socket.send_text(json.dumps(event))
            await socket.close(code=4503 if event["code"] != "internal" else 1011)


async def _serve(socket: WebSocket, session_id: str) -> None:
    state: ServerState = socket.app.state.server
    await socket.accept()
    authorization = socket.headers.get("authorization")
    try:
        owned_session(state, session_id, authorization)
    except ApiError as error:
        await socket.send_text(
            json.dumps({"type": "error", "code": error.code, "message": error.message})
        )
        await socket.close(code=4000 + error.status)
        return
    caller = Caller(socket.client.host if socket.client else "unknown", authorization)
    listener = Listener(
        state, session_id, socket, caller, UtteranceDetector.from_settings(state.settings)
    )
    await listener.send({"type": "ready", "session_id": session_id})
    try:
        await _listen(listener)
    except WebSocketDisconnect:
        pass
    except StreamBreach as breach:
        await listener.tell(breach)
        await socket.close(code=breach.close or 1008)
    finally:
        await listener.settle()


async def _listen(listener: Listener) -> None:
    while True:
        message = await listener.receive()
        if message.get("bytes") is not None:
            await listener.on_audio(message["bytes"])
        elif message.get("text") is not None:
            await listener.on_text(_json(message["text"]))


def _json(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError:
        return {"type": None}
    return value if isinstance(value, dict) else {"type": None}
