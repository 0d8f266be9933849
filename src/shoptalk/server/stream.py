"""`WS /v1/sessions/{id}/stream`: audio in, events and spoken replies out (docs/streaming.md).

The client streams 16-bit PCM at 16 kHz (or a browser recording, WebM/Opus, ended by an
`end` message); voice activity finds where each utterance ends, and the turn runs in a worker
thread. The reply is spoken clause by clause as binary frames; speech from the shopper while
it plays (barge-in) stops the playback and cancels the rest of the synthesis.
"""

import asyncio
import json
import threading
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from starlette.concurrency import run_in_threadpool

from shoptalk.server.api import run_turn
from shoptalk.server.errors import ApiError
from shoptalk.server.state import ServerState
from shoptalk.speech import SAMPLE_RATE, Audio, UtteranceDetector, VadEventKind, pcm16_to_samples
from shoptalk.speech.audio import Samples

router = APIRouter()


PARTIAL_EVERY_S = 1.0


@dataclass
class PartialTranscripts:
    """The speech of the utterance in progress, for partial transcripts every second."""

    active: bool = False
    heard: list[Samples] = field(default_factory=list)
    running: bool = False
    guessed_at: int = 0

    def due(self) -> bool:
        length = sum(len(piece) for piece in self.heard)
        return (
            self.active
            and not self.running
            and length - self.guessed_at >= PARTIAL_EVERY_S * SAMPLE_RATE
        )


@dataclass
class Listener:
    """One stream: the detector, the audio of the utterance in progress, the reply playing."""

    state: ServerState
    session_id: str
    socket: WebSocket
    client: str
    detector: UtteranceDetector
    kind: str = "pcm16"
    speak: bool = True
    recording: bytearray = field(default_factory=bytearray)
    turns: asyncio.Lock = field(default_factory=asyncio.Lock)
    hush: threading.Event = field(default_factory=threading.Event)
    speaking: bool = False
    pending: set[asyncio.Task[None]] = field(default_factory=set)
    partial: PartialTranscripts = field(default_factory=PartialTranscripts)

    async def send(self, event: dict[str, Any]) -> None:
        await self.socket.send_text(json.dumps(event))

    async def on_text(self, message: dict[str, Any]) -> None:
        kind = message.get("type")
        if kind == "start":
            self.kind = "webm" if message.get("format") == "webm" else "pcm16"
            self.speak = bool(message.get("speak", True))
        elif kind == "text" and isinstance(message.get("text"), str):
            self._spawn({"text": message["text"]})
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
            self.recording.extend(chunk)
            return
        samples = pcm16_to_samples(chunk[: len(chunk) - len(chunk) % 2])
        if self.partial.active:
            self.partial.heard.append(samples)
        for event in await run_in_threadpool(self.detector.feed, samples):
            if event.kind is VadEventKind.SPEECH_STARTED:
                self.partial = PartialTranscripts(active=True, heard=[samples])
                await self.send({"type": "speech_started", "time": round(event.time, 2)})
                await self._barge_in()
            elif event.utterance is not None:
                self.partial = PartialTranscripts()
                await self.send({"type": "speech_ended", "time": round(event.time, 2)})
                self._spawn({"audio": event.utterance})
        if self.partial.due() and not self.turns.locked():
            self._guess(self.partial)

    async def settle(self) -> None:
        """The shopper left: stop speaking and let the turns and guesses in flight finish, so
        no recognition is left running in a worker thread."""
        self.hush.set()
        await asyncio.gather(*self.pending, return_exceptions=True)

    def _guess(self, partial: "PartialTranscripts") -> None:
        """Recognise the utterance so far, beside the loop, and send it as a partial
        transcript (one guess at a time; a guess finished after the utterance is dropped)."""
        partial.running = True
        heard = Audio(np.concatenate(partial.heard))
        recognizer = self.state.assistant.voice.recognizer

        async def guess() -> None:
            try:
                transcript = await run_in_threadpool(recognizer.transcribe, heard)
            finally:
                partial.running = False
                partial.guessed_at = len(heard.samples)
            if partial is self.partial and transcript.text:
                await self.send({"type": "transcript", "final": False, "text": transcript.text})

        task = asyncio.create_task(guess())
        self.pending.add(task)
        task.add_done_callback(self.pending.discard)

    async def _end_of_recording(self) -> None:
        if self.kind == "webm" and self.recording:
            recording, self.recording = bytes(self.recording), bytearray()
            self._spawn({"audio": recording})

    def _spawn(self, said: dict[str, Any]) -> None:
        """Take the turn beside the receiving loop, which keeps listening for barge-in; turns
        still run one at a time, in order."""
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
            try:
                answer = await run_in_threadpool(
                    run_turn, self.state, self.session_id, self.client, said, False
                )
            except ApiError as error:
                await self.send({"type": "error", "code": error.code, "message": error.message})
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


@router.websocket("/v1/sessions/{session_id}/stream")
async def stream(socket: WebSocket, session_id: str) -> None:
    state: ServerState = socket.app.state.server
    await socket.accept()
    try:
        state.sessions.get(session_id)
    except ApiError as error:
        await socket.send_text(
            json.dumps({"type": "error", "code": error.code, "message": error.message})
        )
        await socket.close(code=4404)
        return
    client = socket.client.host if socket.client else "unknown"
    listener = Listener(
        state, session_id, socket, client, UtteranceDetector.from_settings(state.settings)
    )
    await listener.send({"type": "ready", "session_id": session_id})
    try:
        await _listen(listener)
    except WebSocketDisconnect:
        await listener.settle()


async def _listen(listener: Listener) -> None:
    while True:
        message = await listener.socket.receive()
        if message["type"] == "websocket.disconnect":
            raise WebSocketDisconnect(message.get("code", 1000))
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
