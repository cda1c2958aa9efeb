"""Where the index lives in the data folder: one place for both the writer and the readers."""

from __future__ import annotations

from pathlib import Path

from config import Settings


def keyword_dir(settings: Settings) -> Path:
    return settings.store.data_dir / "keyword" / settings.store.collection


def manifest_dir(settings: Settings) -> Path:
    return settings.store.data_dir / "manifest" / settings.store.collection
