"""The Assistant: one turn from the shopper's words (or voice) to the reply; every front end
uses it.

A turn is a sequence of typed stages — understanding, then dialogue (speech stages wrap them
for voice turns) — each timed. Models load once in `Assistant.load` and are shared by every
conversation; a `Conversation` holds all per-shopper state.
"""

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from shoptalk.commerce import Store
from shoptalk.config import Settings
from shoptalk.dialogue import Conversation, Dialogue, Reply, Services
from shoptalk.knowledge import PolicyBook
from shoptalk.llm import ChatClient
from shoptalk.lm import service as lm_service
from shoptalk.nlu import Intent, Understanding
from shoptalk.nlu import service as nlu_service
from shoptalk.nlu.parser import Parser
from shoptalk.nlu.vocabulary import shopper_emails
from shoptalk.search import SearchIndex
from shoptalk.speech import Audio, EmailWords
from shoptalk.voice import Voice

Progress = Callable[[str, int, int | None], None]
Announce = Callable[[str], None]
STAGES = ("decode", "asr", "nlu", "dialogue", "tts")


class TurnError(ValueError):
    """A turn that cannot be taken as given (no text and no audio, text too long)."""


NOT_HEARD = "Sorry, I didn't catch that. Could you say it again?"


@dataclass(frozen=True)
class TurnResult:
    transcript: str
    understanding: Understanding
    reply: Reply
    timings_ms: dict[str, float]
    speech: bytes | None = None
    """The reply spoken, as a WAV file, when the turn asked for it."""

    def to_json(self) -> dict[str, Any]:
        """The docs/design.md §8 object."""
        return {
            "transcript": self.transcript,
            "understanding": self.understanding.model_dump(mode="json", exclude_none=True),
            "reply": {"text": self.reply.text, "data": self.reply.json_data()},
            "timings_ms": self.timings_ms,
        }


@dataclass
class Stopwatch:
    """Milliseconds per stage; stages a turn skips report 0."""

    started: float = field(default_factory=time.perf_counter)
    laps: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.laps[name] += (time.perf_counter() - start) * 1000

    def timings(self) -> dict[str, float]:
        total = (time.perf_counter() - self.started) * 1000
        return {name: round(ms, 2) for name, ms in {**self.laps, "total": total}.items()}


MAX_TEXT = 2000


def _checked(text: str) -> str:
    if not text.strip():
        raise TurnError("say or type something: the turn has no text")
    if len(text) > MAX_TEXT:
        raise TurnError(f"the text is longer than {MAX_TEXT} characters")
    return text


class Assistant:
    def __init__(self, parser: Parser, dialogue: Dialogue, voice: Voice) -> None:
        self.parser = parser
        self.dialogue = dialogue
        self.voice = voice

    @classmethod
    def load(
        cls,
        store: Store,
        settings: Settings,
        progress: Progress | None = None,
        announce: Announce = lambda _message: None,
        *,
        serving: bool = False,
    ) -> "Assistant":
        """Everything a turn needs for this store, trained or indexed first when missing.

        A `serving` process (shoptalk serve, chat) answers at once and encodes the search
        vectors still missing in a background thread (`search_vectors`); a one-shot command
        does not start one."""
        report: Progress = progress or (lambda _stage, _done, _total: None)
        model = nlu_service.ensure_model(store, settings, report, announce)
        parser = Parser.load(
            model, store, settings.out_of_scope_threshold, settings.inference_threads
        )
        services = Services(
            store=store,
            catalog=parser.reader.catalog,
            search=SearchIndex.open(store, settings=settings, progress=progress),
            policies=PolicyBook.from_store(store),
            settings=settings,
            llm=ChatClient.from_settings(settings),
        )
        vocabulary = services.catalog.vocabulary()
        voice = Voice(
            settings,
            vocabulary=tuple(dict.fromkeys([*vocabulary.product_names, *vocabulary.brands])),
            order_id_prefix=services.catalog.order_ids.prefix,
            order_id_width=services.catalog.order_ids.width,
            rescorer=lm_service.speech_rescorer(store, settings, report, announce),
            emails=EmailWords.of(shopper_emails(store)),
        )
        if serving:
            services.search.encode_in_background()
        return cls(parser, Dialogue(services), voice)

    @staticmethod
    def prepare(
        store: Store,
        settings: Settings,
        progress: Progress | None = None,
        announce: Announce = lambda _message: None,
    ) -> None:
        """Train the model and build the search index if missing, loading nothing to keep:
        what a parent process does before its workers load the assistant each."""
        report: Progress = progress or (lambda _stage, _done, _total: None)
        nlu_service.ensure_model(store, settings, report, announce)
        if settings.lm_rescoring:
            lm_service.ensure_lm(store, settings, report, announce)
        SearchIndex.open(store, settings=settings, progress=progress)

    def conversation(self, user_id: str | None = None) -> Conversation:
        """A new conversation; with `user_id` it is authenticated (a store-issued token)."""
        if user_id is None:
            return Conversation()
        user = self.dialogue.services.user(user_id)
        return Conversation(user_id=user.id, user_name=user.name.first, authenticated=True)

    def turn(
        self,
        conversation: Conversation,
        text: str | None = None,
        audio: bytes | Path | Audio | None = None,
        *,
        speak: bool = False,
    ) -> TurnResult:
        """One turn from typed text or a recording (any common format); with `speak`, the
        reply is synthesised too. Speech errors (`SpeechError`) say what was wrong with the
        recording; a transcript the recogniser is unsure of is asked again, not acted on."""
        if (text is None) == (audio is None):
            raise TurnError("a turn is text or audio, not both and not neither")
        watch = Stopwatch()
        if audio is not None:
            result = self._voice_turn(conversation, audio, watch)
        else:
            result = self._text_turn(conversation, _checked(text or ""), watch)
        if speak:
            with watch.stage("tts"):
                spoken = self.voice.speak(result.reply.text)
            return replace(result, speech=spoken, timings_ms=watch.timings())
        return result

    def _text_turn(self, conversation: Conversation, text: str, watch: Stopwatch) -> TurnResult:
        with watch.stage("nlu"):
            parsed = self.parser.parse(text)
            understanding = self.dialogue.second_opinion(conversation, parsed)
        with watch.stage("dialogue"):
            reply = self.dialogue.respond(conversation, understanding)
        return TurnResult(text, understanding, reply, watch.timings())

    def _voice_turn(
        self, conversation: Conversation, audio: bytes | Path | Audio, watch: Stopwatch
    ) -> TurnResult:
        with watch.stage("decode"):
            speech = self.voice.speech_of(audio)
        with watch.stage("asr"):
            transcript = self.voice.transcribe(speech, conversation)
        if transcript.confidence >= self.voice.settings.asr_min_confidence:
            return self._text_turn(conversation, _checked(transcript.text), watch)
        with watch.stage("nlu"):
            understanding = self.parser.parse(transcript.text)
        last = conversation.last_reply
        reply = Reply(text=NOT_HEARD, expecting=last.expecting if last else "anything")
        return TurnResult(transcript.text, understanding, reply, watch.timings())

    def command(self, conversation: Conversation, intent: Intent) -> TurnResult:
        """A turn whose intent is known without words (a button, a `/cart` command)."""
        watch = Stopwatch()
        understanding = Understanding(text=f"/{intent}", intent=intent, confidence=1.0)
        with watch.stage("dialogue"):
            reply = self.dialogue.respond(conversation, understanding)
        return TurnResult("", understanding, reply, watch.timings())
