"""Build the ingest's parts from the settings and run it: the one entry point for every front end."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

import httpx

from config import Settings
from index.embedding import Embedder, build_embedder
from index.layout import keyword_dir, manifest_dir, web_dir, word_table_path
from index.lock import GenerationMarker, ingest_lock
from index.store import Store
from ingest.discover import Skipped
from ingest.pipeline import IngestOptions, Progress, Summary, ingest
from ingest.web.cache import WebCache
from ingest.web.client import PoliteClient
from ingest.web.sources import SourcesError, load_sources_toml, sources_path
from ingest.web.sync import WebPage, WebReport, WebSync

log = logging.getLogger("pressroom.ingest")


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
    lock_timeout: float | None = None,
    web_transport: httpx.BaseTransport | None = None,
) -> Summary:
    """One ingest, holding the data folder's ingest lock (a second one waits, see index.lock).

    A plain ingest (no paths) also follows the websites sources.toml lists, first: what they publish is
    ingested with the files, in the same summary.

    Raises IngestBusy (a StoreError) when another ingest holds the lock for longer than `lock_timeout`
    (default: the setting PRESSROOM_LOCK_TIMEOUT_S).
    """
    data_dir = settings.store.data_dir
    timeout = settings.ingest.lock_timeout_s if lock_timeout is None else lock_timeout
    with ingest_lock(data_dir, timeout=timeout):
        # Opened under the lock, and fresh: in a process that already has the embedded store open (the
        # bot's /reindex), the cached instance may predate another process's ingest, and writing from a
        # stale vector index would persist it.
        store = store or Store.open(settings.store, fresh=True)
        web, report, problem = (None, None, None) if paths else _follow_websites(settings, web_transport)
        summary = ingest(
            list(paths) or list(settings.ingest.corpus_dirs),
            corpus_root=settings.ingest.corpus_dir,
            store=store,
            embedder=embedder or build_embedder(settings.embedding),
            options=options_from(settings, prune=prune, rebuild=rebuild),
            keyword_dir=keyword_dir(settings),
            word_table=word_table_path(settings),
            manifest_dir=manifest_dir(settings),
            progress=progress,
            web=web,
        )
        summary.web = report
        if problem is not None:
            summary.skipped.insert(0, problem)
        try:
            GenerationMarker(data_dir).write(store.generation, settings.store.collection)
        except OSError as exc:  # the index is written; only other processes' pick-up is delayed
            log.warning("could not write the generation marker in %s: %s", data_dir, exc)
    return summary


def _follow_websites(
    settings: Settings, transport: httpx.BaseTransport | None
) -> tuple[dict[str, WebPage] | None, WebReport | None, Skipped | None]:
    """The pages of the followed websites, fetched anew where they changed.

    A sources.toml that cannot be read fetches nothing and keeps every page as it was (None as the
    pages would prune them): the problem comes back as a skipped entry naming the file.
    """
    configured = settings.web.sources_file
    path = sources_path(configured, settings.ingest.corpus_dir)
    cache = WebCache.load(web_dir(settings))
    try:
        if configured is not None and not path.is_file():
            raise SourcesError(f"PRESSROOM_SOURCES_FILE names {path}, which is not a file")
        sources = load_sources_toml(path)
    except SourcesError as exc:
        return None, None, Skipped(path.name, f"websites not followed this time: {exc}")
    if not sources and not cache.pages:
        return {}, None, None  # nothing followed: a web release left in the index (its cache lost) goes
    with PoliteClient(settings.web, transport=transport) as client:
        sync = WebSync(cache, client)
        try:
            report = sync.run(sources)
        except OSError as exc:  # the cache folder cannot be written: what is stored stays as it is
            return None, None, Skipped(path.name, f"websites not followed this time: {exc}")
        return sync.pages(), report, None
