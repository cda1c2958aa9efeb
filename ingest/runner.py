"""Build the ingest's parts from the settings and run it: the one entry point for every front end."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from config import Settings
from ingest.embedding import Embedder, build_embedder
from ingest.pipeline import IngestOptions, Progress, Summary, ingest
from ingest.store import Store


def keyword_dir(settings: Settings) -> Path:
    return settings.store.data_dir / "keyword" / settings.store.collection


def options_from(settings: Settings, *, prune: bool = True, rebuild: bool = False) -> IngestOptions:
    return IngestOptions(
        max_bytes=int(settings.ingest.max_file_mb * 1024 * 1024),
        chunk_chars=settings.ingest.chunk_chars,
        embed_title=settings.ingest.embed_title,
        embed_batch=settings.ingest.embed_batch,
        prune=prune,
        rebuild=rebuild,
    )


def run_ingest(
    settings: Settings,
    paths: Sequence[Path] = (),
    *,
    prune: bool = True,
    rebuild: bool = False,
    embedder: Embedder | None = None,
    store: Store | None = None,
    progress: Progress | None = None,
) -> Summary:
    return ingest(
        list(paths) or [settings.ingest.corpus_dir],
        corpus_root=settings.ingest.corpus_dir,
        store=store or Store.open(settings.store),
        embedder=embedder or build_embedder(settings.embedding),
        options=options_from(settings, prune=prune, rebuild=rebuild),
        keyword_dir=keyword_dir(settings),
        progress=progress,
    )
