"""Settings: the one place configuration is read. Build once with `load_settings()` and pass it down."""

from config.settings import (
    AnswerSettings,
    EmbeddingSettings,
    FeedbackSettings,
    IngestSettings,
    RetrievalSettings,
    Settings,
    SettingsError,
    StoreSettings,
    TelegramSettings,
    WebSettings,
    load_settings,
)

__all__ = [
    "AnswerSettings",
    "EmbeddingSettings",
    "FeedbackSettings",
    "IngestSettings",
    "RetrievalSettings",
    "Settings",
    "SettingsError",
    "StoreSettings",
    "TelegramSettings",
    "WebSettings",
    "load_settings",
]
