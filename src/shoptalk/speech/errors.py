"""One error class per speech stage, each with a one-line message a shopper or a store developer
can act on. All of them are `SpeechError`s, so a front end catches one type."""


class SpeechError(Exception):
    """Speech in or out failed; `str(error)` is the one line to show."""


class AudioError(SpeechError):
    """The recording cannot be used: empty, corrupt, an unknown format, or too long."""


class NoSpeechError(SpeechError):
    """The recording holds no speech, only silence or noise."""

    def __init__(self, message: str = "I didn't hear anything: please say that again.") -> None:
        super().__init__(message)


class RecognitionError(SpeechError):
    """The speech recognizer could not load or produced no usable text."""


class SynthesisError(SpeechError):
    """No speech synthesizer could speak the reply."""
