"""`WS /v1/sessions/{id}/stream`: typed and streamed turns, events, spoken replies, barge-in."""

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soxr
from fastapi.testclient import TestClient
from starlette.testclient import WebSocketTestSession

from shoptalk.assistant import Assistant
from shoptalk.config import Settings
from shoptalk.server.app import create_app
from shoptalk.server.stream import PartialTranscripts
from shoptalk.speech import SAMPLE_RATE

pytestmark = pytest.mark.slow
CHUNK = 1600


@pytest.fixture
def api(demo_assistant: Assistant, tmp_path: Path) -> TestClient:
    return TestClient(create_app(demo_assistant, Settings(var_dir=tmp_path)))


def events_until(socket: WebSocketTestSession, last: str) -> list[dict[str, Any]]:
    """Events (binary audio frames as {"type": "pcm"}) up to and including `last`."""
    seen: list[dict[str, Any]] = []
    while not seen or seen[-1]["type"] != last:
        message = socket.receive()
        if message.get("bytes") is not None:
            seen.append({"type": "pcm", "size": len(message["bytes"])})
        else:
            seen.append(json.loads(message["text"]))
    return seen


def pcm16(demo_assistant: Assistant, text: str) -> bytes:
    """The project's own voice saying `text`, as the 16 kHz PCM a client streams, with a
    second of silence after it so the utterance ends."""
    speech = demo_assistant.voice.synthesizer.synthesize(text)
    samples = soxr.resample(speech.samples, speech.sample_rate, SAMPLE_RATE)
    padded = np.concatenate([np.zeros(8000), samples, np.zeros(SAMPLE_RATE * 2)])
    return (np.clip(padded, -1, 1) * 32767).astype("<i2").tobytes()


def test_a_typed_turn_streams_the_reply_clause_by_clause(api: TestClient) -> None:
    sid = api.post("/v1/sessions").json()["session_id"]
    with api.websocket_connect(f"/v1/sessions/{sid}/stream") as socket:
        assert json.loads(socket.receive_text())["type"] == "ready"
        socket.send_text(json.dumps({"type": "text", "text": "how long do refunds take"}))
        events = events_until(socket, "audio_end")
    kinds = [e["type"] for e in events]
    assert kinds[:3] == ["transcript", "understanding", "reply"]
    assert "refunds policy" in events[2]["text"]
    assert kinds.count("audio") == kinds.count("pcm") >= 2
    assert all(e["size"] > 0 for e in events if e["type"] == "pcm")


def test_streamed_speech_is_heard_when_the_shopper_stops(
    api: TestClient, demo_assistant: Assistant
) -> None:
    sid = api.post("/v1/sessions").json()["session_id"]
    audio = pcm16(demo_assistant, "Where is my order?")
    with api.websocket_connect(f"/v1/sessions/{sid}/stream") as socket:
        socket.receive_text()
        socket.send_text(json.dumps({"type": "start", "format": "pcm16", "speak": False}))
        for start in range(0, len(audio), CHUNK * 2):
            socket.send_bytes(audio[start : start + CHUNK * 2])
        events = events_until(socket, "reply")
    kinds = [e["type"] for e in events]
    final = next(i for i, e in enumerate(events) if e.get("final"))
    assert kinds.index("speech_started") < kinds.index("speech_ended") < final
    transcripts = [e for e in events if e["type"] == "transcript"]
    assert [e["final"] for e in transcripts][-1] is True
    assert not any(e["final"] for e in transcripts[:-1])
    assert "order" in transcripts[-1]["text"].lower()
    assert "email" in events[-1]["text"]


def test_a_browser_recording_ends_with_end(api: TestClient, demo_assistant: Assistant) -> None:
    sid = api.post("/v1/sessions").json()["session_id"]
    recording = demo_assistant.voice.speak("Hello there")
    with api.websocket_connect(f"/v1/sessions/{sid}/stream") as socket:
        socket.receive_text()
        socket.send_text(json.dumps({"type": "start", "format": "webm", "speak": False}))
        socket.send_bytes(recording[:5000])
        socket.send_bytes(recording[5000:])
        socket.send_text(json.dumps({"type": "end"}))
        events = events_until(socket, "reply")
    assert events[-1]["type"] == "reply"
    assert events[0]["text"].lower().startswith("hello")


def test_speech_during_the_reply_cancels_it(api: TestClient, demo_assistant: Assistant) -> None:
    sid = api.post("/v1/sessions").json()["session_id"]
    interruption = pcm16(demo_assistant, "Stop, what about my order?")
    with api.websocket_connect(f"/v1/sessions/{sid}/stream") as socket:
        socket.receive_text()
        socket.send_text(json.dumps({"type": "text", "text": "help"}))
        events_until(socket, "audio")
        socket.send_bytes(interruption[: SAMPLE_RATE * 2])
        events = events_until(socket, "audio_cancelled")
    assert "audio_end" not in [e["type"] for e in events]


def test_errors_are_events_and_an_unknown_session_is_closed(api: TestClient) -> None:
    sid = api.post("/v1/sessions").json()["session_id"]
    with api.websocket_connect(f"/v1/sessions/{sid}/stream") as socket:
        socket.receive_text()
        socket.send_text("not json")
        assert json.loads(socket.receive_text())["code"] == "bad_message"
        socket.send_text(json.dumps({"type": "text", "text": ""}))
        assert json.loads(socket.receive_text())["code"] == "bad_text"
    with api.websocket_connect("/v1/sessions/nope/stream") as socket:
        error = json.loads(socket.receive_text())
        assert error["code"] == "session_not_found"


def test_partial_transcripts_are_due_every_second_of_speech() -> None:
    half = np.zeros(SAMPLE_RATE // 2, dtype=np.float32)
    partial = PartialTranscripts(SAMPLE_RATE * 2, active=True)
    partial.hear(half)
    assert not partial.due()
    partial.hear(half)
    assert partial.due()
    partial.running = True
    assert not partial.due()
    partial.running, partial.guessed_at = False, SAMPLE_RATE
    assert not partial.due()
    assert not PartialTranscripts(SAMPLE_RATE).due()


def test_a_partial_transcript_decodes_only_its_window() -> None:
    """However long the shopper speaks, a guess decodes at most the window: its cost and the
    audio kept stay bounded."""
    second = np.ones(SAMPLE_RATE, dtype=np.float32)
    partial = PartialTranscripts(SAMPLE_RATE * 3, active=True)
    for n in range(60):
        partial.hear(second * n)
    assert partial.heard == 60 * SAMPLE_RATE
    assert partial.kept <= 4 * SAMPLE_RATE
    window = partial.audio().samples
    assert len(window) == 3 * SAMPLE_RATE
    assert window[-1] == 59
