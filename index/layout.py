"""Where the index lives in the data folder: one place for both the writer and the readers."""

from __future__ import annotations

from pathlib import Path

from config import Settings


def keyword_dir(settings: Settings) -> Path:
    return settings.store.data_dir / "keyword" / settings.store.collection


def word_table_path(settings: Settings) -> Path:
    return settings.store.data_dir / "words" / settings.store.collection / "words.npz"


def manifest_dir(settings: Settings) -> Path:
    return settings.store.data_dir / "manifest" / settings.store.collection


def web_dir(settings: Settings) -> Path:
    """Pages fetched from the followed websites, as the ingest reads them, and what each fetch returned."""
    return settings.store.data_dir / "web" / settings.store.collection
