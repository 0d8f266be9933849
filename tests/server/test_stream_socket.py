"""`WS /v1/sessions/{id}/stream` as a real install serves it: a `shoptalk serve` process and a
WebSocket client over a real socket, not the in-process test client.

The in-process client talks to the app directly, so it cannot notice that the server process
has no WebSocket implementation (uvicorn then answers every upgrade with 404). The speech sent
here is espeak-ng's voice, not the assistant's own, so the recogniser is not heard on the voice
its corrections were tuned on.
"""

import json
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import ClientConnection, connect

from shoptalk.speech import SAMPLE_RATE
from shoptalk.speech.decode import decode_audio
from tests.conftest import copy_demo_database
from tests.server.processes import environment, serving

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("stream_socket")]
CHUNK = 3200
"""100 ms of 16 kHz 16-bit PCM: what a browser's audio worklet sends at a time."""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, demo_models: dict[str, str]) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("stream")
    store = copy_demo_database(folder / "demo.db")
    with serving(folder, environment(folder, demo_models), "--store", str(store)) as served:
        yield served.address


@contextmanager
def open_stream(base: str) -> Iterator[ClientConnection]:
    session_id = httpx.post(f"http://{base}/v1/sessions", timeout=30).json()["session_id"]
    with connect(f"ws://{base}/v1/sessions/{session_id}/stream", open_timeout=30) as socket:
        ready = json.loads(socket.recv(timeout=30))
        assert ready == {"type": "ready", "session_id": session_id}
        yield socket


def events_until(socket: ClientConnection, last: str) -> list[dict[str, Any]]:
    """Events up to and including `last`; a binary frame is `{"type": "pcm", "size"}`."""
    seen: list[dict[str, Any]] = []
    while not seen or seen[-1]["type"] != last:
        frame = socket.recv(timeout=120)
        if isinstance(frame, bytes):
            seen.append({"type": "pcm", "size": len(frame)})
        else:
            seen.append(json.loads(frame))
    return seen


def espeak_pcm16(text: str, folder: Path) -> bytes:
    """`text` in espeak-ng's voice as the 16 kHz PCM a client streams, with silence around it
    so voice activity sees the utterance start and end."""
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        pytest.skip("espeak-ng is not installed")
    wav = folder / "said.wav"
    subprocess.run([espeak, "-v", "en-us", "-s", "150", "-w", str(wav), text], check=True)
    samples = decode_audio(wav).samples
    padded = np.concatenate([np.zeros(8000), samples, np.zeros(SAMPLE_RATE * 2)])
    return bytes((np.clip(padded, -1, 1) * 32767).astype("<i2").tobytes())


def test_the_served_stream_upgrades_and_answers_a_typed_turn(server: str) -> None:
    with open_stream(server) as socket:
        socket.send(json.dumps({"type": "text", "text": "how long do refunds take"}))
        events = events_until(socket, "audio_end")
    kinds = [e["type"] for e in events]
    assert kinds[:3] == ["transcript", "understanding", "reply"]
    assert "refund" in events[2]["text"].lower()
    assert kinds.count("audio") == kinds.count("pcm") >= 1
    assert all(e["size"] > 0 for e in events if e["type"] == "pcm")


def test_speech_streamed_over_the_socket_is_heard_and_answered(server: str, tmp_path: Path) -> None:
    audio = espeak_pcm16("show me running shoes", tmp_path)
    with open_stream(server) as socket:
        socket.send(json.dumps({"type": "start", "format": "pcm16", "speak": True}))
        for start in range(0, len(audio), CHUNK):
            socket.send(audio[start : start + CHUNK])
        events = events_until(socket, "audio_end")
    kinds = [e["type"] for e in events]
    assert "speech_started" in kinds
    assert "speech_ended" in kinds
    final = next(e for e in events if e["type"] == "transcript" and e["final"])
    assert "shoe" in final["text"].lower()
    understanding = next(e for e in events if e["type"] == "understanding")
    assert understanding["intent"] == "search_products"
    assert kinds.count("pcm") >= 1


def test_an_unknown_session_is_closed_with_4404(server: str) -> None:
    with connect(f"ws://{server}/v1/sessions/no-such-session/stream") as socket:
        error = json.loads(socket.recv(timeout=30))
        assert error["code"] == "session_not_found"
        with pytest.raises(Exception, match="4404"):
            socket.recv(timeout=30)


def test_a_path_that_is_not_a_stream_refuses_the_upgrade(server: str) -> None:
    with pytest.raises(InvalidStatus, match=r"404|403"):
        connect(f"ws://{server}/v1/sessions/x/not-a-stream", open_timeout=30)
