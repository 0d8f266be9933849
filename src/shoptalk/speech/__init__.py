"""Speech in and out: decoding, voice activity, store-aware recognition, synthesis.

    audio = decode_audio(recording_bytes)            # any common format → mono 16 kHz
    speech = VoiceActivity().trim(audio)             # NoSpeechError when there is none
    recognizer = Recognizer.from_settings(settings)  # Whisper loads once per process
    transcript = recognizer.transcribe(speech, RecognitionContext(Expectation.ORDER_ID))
    synthesizer = Synthesizer.from_settings(settings)
    for chunk in synthesizer.stream(reply_text): send(chunk.pcm16)

Each stage has its own error, all `SpeechError`s with a one-line message.
"""

import os

# Models come from local packages only; huggingface_hub (under faster-whisper) must never try
# the network. It reads this when first imported, so it is set before anything imports it.
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from shoptalk.speech.audio import SAMPLE_RATE, Audio, pcm16_to_samples
from shoptalk.speech.bias import Expectation, RecognitionContext
from shoptalk.speech.decode import (
    AudioDecoder,
    Pcm16Stream,
    decode_audio,
    decode_pcm16,
)
from shoptalk.speech.email_repair import EmailWords
from shoptalk.speech.errors import (
    AudioError,
    NoSpeechError,
    RecognitionError,
    SpeechError,
    SynthesisError,
)
from shoptalk.speech.recognize import (
    Biasing,
    Hypothesis,
    Recognizer,
    Rescorer,
    Transcript,
    Word,
    load_whisper,
)
from shoptalk.speech.speakable import speakable
from shoptalk.speech.synthesize import (
    SpeechChunk,
    Synthesizer,
    load_voice,
    wav_bytes,
    write_wav,
)
from shoptalk.speech.vad import (
    SpeechSpan,
    UtteranceDetector,
    VadEvent,
    VadEventKind,
    VoiceActivity,
)

__all__ = [
    "SAMPLE_RATE",
    "Audio",
    "AudioDecoder",
    "AudioError",
    "Biasing",
    "EmailWords",
    "Expectation",
    "Hypothesis",
    "NoSpeechError",
    "Pcm16Stream",
    "RecognitionContext",
    "RecognitionError",
    "Recognizer",
    "Rescorer",
    "SpeechChunk",
    "SpeechError",
    "SpeechSpan",
    "SynthesisError",
    "Synthesizer",
    "Transcript",
    "UtteranceDetector",
    "VadEvent",
    "VadEventKind",
    "VoiceActivity",
    "Word",
    "decode_audio",
    "decode_pcm16",
    "load_voice",
    "load_whisper",
    "pcm16_to_samples",
    "speakable",
    "wav_bytes",
    "write_wav",
]
