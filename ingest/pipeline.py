"""ingest(paths) -> Summary: load, clean, chunk, embed and store, incrementally and crash-safely."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from index.embedding import Embedder
from index.keyword_index import KeywordIndex
from index.records import Node, Release, SkipFile
from index.store import Store, StoredRelease
from index.word_table import WordTable
from ingest.chunking import chunk_release
from ingest.discover import Skipped, discover, outside_corpus, relative_name
from ingest.loaders import READER_VERSION, load_file
from ingest.manifest import Manifest
from ingest.metadata import SourceRow, build_release, load_source_rows, source_row
from ingest.nodes import sentence_nodes
from ingest.web.sync import WebPage, WebReport

Progress = Callable[[int, int], None]  # (done, total) chunks embedded


@dataclass
class Summary:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    chunks_embedded: int = 0
    seconds: float = 0.0
    web: WebReport | None = None  # None: this run did not look at the followed websites

    @property
    def usable(self) -> bool:
        return bool(self.added or self.updated or self.unchanged)

    def to_dict(self) -> dict[str, object]:
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "removed": self.removed,
            "skipped": [s.to_dict() for s in self.skipped],
            "chunks_embedded": self.chunks_embedded,
            "seconds": round(self.seconds, 3),
        } | (
            {
                "fetched": self.web.fetched,
                "not_modified": self.web.not_modified,
                "failed": [f.to_dict() for f in self.web.failed],
            }
            if self.web
            else {}
        )


@dataclass
class _Pending:
    release: Release
    paths: list[str]
    chunks: list[Node]


@dataclass
class IngestOptions:
    max_bytes: int = 20 * 1024 * 1024
    chunk_chars: int = 900
    embed_title: bool = False
    embed_batch: int = 64
    prune: bool = True
    rebuild: bool = False


def _embedded_text(release: Release, chunk: Node, embed_title: bool) -> str:
    return f"{release.title}\n{chunk.text}" if embed_title else chunk.text


class _Loader:
    """Reads every file into releases keyed by content hash (same content under two names: one release)."""

    def __init__(self, corpus_root: Path, max_bytes: int, links: Mapping[str, str]) -> None:
        self.corpus_root = corpus_root
        self.max_bytes = max_bytes
        # A web page's link, where it names no canonical one, is where it was fetched from.
        self.sources: dict[str, str | SourceRow] = {**load_source_rows(corpus_root), **links}

    def access(self, rel: str, path: Path) -> str:
        """The embargo and audience sources.csv gives this file: a change there means it is read again."""
        return source_row(rel, path.name, self.sources).access

    def load(
        self, files: Mapping[str, Path], skipped: list[Skipped], manifest: Manifest, stored: Mapping[str, object]
    ) -> dict[str, tuple[Release | None, list[str]]]:
        """Releases by content hash; None for one whose files are unchanged since it was stored (not read)."""
        by_hash: dict[str, tuple[Release | None, list[str]]] = {}
        unread: list[tuple[Path, str]] = []
        for rel, path in files.items():
            rid = manifest.release_of(rel, path, self.access(rel, path))
            if rid is not None and rid in stored:
                by_hash.setdefault(rid, (None, []))[1].append(rel)
            else:
                unread.append((path, rel))
        for path, rel in unread:
            try:
                loaded = load_file(path, max_bytes=self.max_bytes)
                release = build_release(path, self.corpus_root, loaded, self.sources, name=rel if is_web(rel) else None)
            except SkipFile as exc:
                skipped.append(Skipped(rel, exc.reason))
                continue
            except Exception as exc:  # one bad file must never abort the batch
                skipped.append(Skipped(rel, f"unexpected error: {type(exc).__name__}: {exc}"))
                continue
            by_hash.setdefault(release.content_hash, (release, []))[1].append(rel)
        for _, paths in by_hash.values():
            paths.sort()
        return by_hash


def is_web(name: str) -> bool:
    """A release fetched from a followed website: it is known by its URL."""
    return "://" in name


def _in_scope(path: str, scopes: list[str], web: bool) -> bool:
    """The release name falls under one of the folders this run was given ("" is the corpus folder,
    which holds only names relative to it), or is a web page and this run followed the websites."""
    if is_web(path):
        return web
    return any(
        not outside_corpus(path) if scope == "" else path == scope or path.startswith(scope.rstrip("/") + "/")
        for scope in scopes
    )


def ingest(
    paths: Sequence[Path],
    *,
    corpus_root: Path,
    store: Store,
    embedder: Embedder,
    options: IngestOptions | None = None,
    keyword_dir: Path | None = None,
    word_table: Path | None = None,
    manifest_dir: Path | None = None,
    progress: Progress | None = None,
    web: Mapping[str, WebPage] | None = None,
) -> Summary:
    """`web`: the followed websites' pages by URL (ingest.web.sync), given when this run followed them;
    a web release missing from it is then pruned like a deleted file, and left alone otherwise."""
    opts = options or IngestOptions()
    started = time.perf_counter()
    summary = Summary()
    if opts.rebuild:
        store.start_rebuild()
    # Only a run that changed something moves the generation on: readers reopen and the keyword index
    # is rebuilt on a new generation, which a re-run over an unchanged corpus should not cost.
    changed = opts.rebuild
    if store.begin_ingest(embedder.name):
        store.sweep_orphans()  # chunks an interrupted run wrote without their release record
        changed = True

    roots = [Path(p) for p in paths] or [corpus_root]
    scopes = [
        "" if Path(r).absolute() == corpus_root.absolute() else relative_name(Path(r), corpus_root) for r in roots
    ]
    found, summary.skipped = discover(roots, corpus_root)
    files = {relative_name(f, corpus_root): f for f in found}
    files.update({url: page.path for url, page in (web or {}).items()})
    seen = set(files)
    stored = store.releases()
    if manifest_dir is not None and not opts.rebuild:
        manifest = Manifest.load(manifest_dir, reader=READER_VERSION)
    else:
        manifest = Manifest(reader=READER_VERSION)
    links = {url: page.link for url, page in (web or {}).items()}
    loader = _Loader(corpus_root, opts.max_bytes, links)
    by_hash = loader.load(files, summary.skipped, manifest, stored)
    previous = {p: rid for rid, rec in stored.items() for p in rec.paths}
    claimed = {p for _, rels in by_hash.values() for p in rels}

    pending: list[_Pending] = []
    for rid, (release, rels) in by_hash.items():
        if rid in stored:
            summary.unchanged.extend(rels)
            if tuple(rels) != stored[rid].paths:
                store.set_paths(rid, rels)
                changed = True
            continue
        assert release is not None  # only stored releases go unread
        chunks = sentence_nodes(chunk_release(release.text, max_chars=opts.chunk_chars))
        if not chunks:
            summary.skipped.extend(Skipped(p, "no text left after removing boilerplate") for p in rels)
            continue
        pending.append(_Pending(release, rels, chunks))
        for p in rels:
            (summary.updated if p in previous else summary.added).append(p)

    _embed_and_write(pending, store, embedder, opts, summary, progress)
    _retire(stored, by_hash, claimed, seen, scopes, opts.prune, web is not None, store, summary)
    changed = changed or bool(pending or summary.removed)
    store.end_ingest(changed=changed)
    if manifest_dir is not None:
        _save_manifest(manifest_dir, manifest, files, by_hash, summary.skipped, scopes, web is not None, loader.access)
    if keyword_dir is not None:
        KeywordIndex.refresh(store, keyword_dir)
    if word_table is not None:
        WordTable.refresh(store, word_table, embedder)
    summary.seconds = time.perf_counter() - started
    return summary


def _save_manifest(
    folder: Path,
    manifest: Manifest,
    files: Mapping[str, Path],
    by_hash: Mapping[str, tuple[Release | None, list[str]]],
    skipped: Sequence[Skipped],
    scopes: list[str],
    web: bool,
    access: Callable[[str, Path], str],
) -> None:
    """Record what every file stored now gave; a file skipped this time is read again next time."""
    release_of = {rel: rid for rid, (_, rels) in by_hash.items() for rel in rels}
    failed = {s.path for s in skipped}
    seen: set[str] = set()
    for rel, path in files.items():
        if rel in release_of and rel not in failed:
            seen.add(rel)
            manifest.record(rel, path, release_of[rel], access(rel, path))
    # Files outside the folders this run was given keep their entries.
    manifest.forget(lambda name: name not in seen and _in_scope(name, scopes, web))
    with contextlib.suppress(OSError):  # only a speed-up is lost: the next ingest reads every file
        manifest.save(folder)


def _embed_and_write(
    pending: list[_Pending],
    store: Store,
    embedder: Embedder,
    opts: IngestOptions,
    summary: Summary,
    progress: Progress | None,
) -> None:
    """Embed chunks across releases in full batches (the model is fastest that way), write per batch."""
    total = sum(len(p.chunks) for p in pending)
    done = 0
    batch: list[_Pending] = []
    size = 0
    for index, item in enumerate(pending):
        batch.append(item)
        size += len(item.chunks)
        if size < opts.embed_batch and index < len(pending) - 1:
            continue
        texts = [_embedded_text(p.release, c, opts.embed_title) for p in batch for c in p.chunks]
        vectors = np.asarray(embedder.embed_passages(texts), dtype=np.float32)
        bounds = np.cumsum([0] + [len(p.chunks) for p in batch])
        store.add_releases(
            [(p.release, p.paths, p.chunks, vectors[bounds[i] : bounds[i + 1]]) for i, p in enumerate(batch)]
        )
        summary.chunks_embedded += len(texts)
        done += len(texts)
        if progress:
            progress(done, total)
        batch, size = [], 0


def _retire(
    stored: dict[str, StoredRelease],
    by_hash: Mapping[str, tuple[Release | None, list[str]]],
    claimed: set[str],
    seen: set[str],
    scopes: list[str],
    prune: bool,
    web: bool,
    store: Store,
    summary: Summary,
) -> None:
    """Old versions of changed files go; files gone from the corpus go unless --no-prune.

    A file that still exists but failed to load this time keeps its previous version: a broken save
    must not lose a release that was searchable.
    """
    for rid, rec in stored.items():
        if rid in by_hash:
            continue
        keep = [p for p in rec.paths if p not in claimed and (p in seen or not prune or not _in_scope(p, scopes, web))]
        if keep:
            if tuple(keep) != rec.paths:
                store.set_paths(rid, keep)
            continue
        store.remove_release(rid)
        summary.removed.extend(p for p in rec.paths if p not in claimed)
