"""The speech ends of a turn: recording → words, reply words → audio.

The models load on first use, so a process that only takes text turns never loads Whisper or
piper. Recognition is told what the conversation expects next (an order id, an email, one of
the items just read out) and the store's product names and brands, so it can be biased
towards them and its transcript corrected against them.
"""

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from shoptalk.config import Settings
from shoptalk.dialogue import Conversation
from shoptalk.speech import (
    Audio,
    AudioDecoder,
    EmailWords,
    Expectation,
    NoSpeechError,
    RecognitionContext,
    Recognizer,
    Rescorer,
    Synthesizer,
    Transcript,
    VoiceActivity,
    wav_bytes,
)

EXPECTATIONS = {
    "order_id": Expectation.ORDER_ID,
    "email": Expectation.EMAIL,
    "identity": Expectation.EMAIL,
    "code": Expectation.NUMBER,
    "choice": Expectation.LIST_ITEMS,
}


@dataclass
class Voice:
    settings: Settings
    vocabulary: tuple[str, ...] = ()
    order_id_prefix: str = "#W"
    order_id_width: int = 4
    rescorer: Rescorer | None = None
    """Picks among the recogniser's hypotheses with the store's language model."""
    emails: EmailWords | None = None
    """What the store's email addresses are made of, to repair a heard one."""

    @cached_property
    def decoder(self) -> AudioDecoder:
        return AudioDecoder.from_settings(self.settings)

    @cached_property
    def activity(self) -> VoiceActivity:
        return VoiceActivity.from_settings(self.settings)

    @cached_property
    def recognizer(self) -> Recognizer:
        return Recognizer.from_settings(self.settings, rescorer=self.rescorer)

    @cached_property
    def synthesizer(self) -> Synthesizer:
        return Synthesizer.from_settings(self.settings)

    def speech_of(self, recording: bytes | Path | Audio) -> Audio:
        """The recording decoded (unless it already is audio), with only its speech kept
        (`NoSpeechError` when silent)."""
        audio = recording if isinstance(recording, Audio) else self.decoder.decode(recording)
        return self.activity.trim(audio)

    def transcribe(self, speech: Audio, conversation: Conversation) -> Transcript:
        transcript = self.recognizer.transcribe(speech, self.context(conversation))
        if transcript.is_empty:
            raise NoSpeechError()
        return transcript

    def context(self, conversation: Conversation) -> RecognitionContext:
        """What the conversation makes likely next: the answer to the question just asked."""
        last = conversation.last_reply
        expectation = EXPECTATIONS.get(last.expecting if last else "anything", Expectation.ANY)
        listing = conversation.listing
        choices = tuple(entry.name for entry in listing.entries) if listing else ()
        return RecognitionContext(
            expectation=expectation,
            vocabulary=self.vocabulary,
            choices=choices,
            order_id_prefix=self.order_id_prefix,
            order_id_width=self.order_id_width,
            emails=self.emails,
        )

    def speak(self, text: str) -> bytes:
        """The reply as a 16-bit PCM WAV file."""
        speech = self.synthesizer.synthesize(text)
        return wav_bytes(speech.samples, speech.sample_rate)
