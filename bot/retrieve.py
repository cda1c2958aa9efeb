"""Hybrid retrieval: dense (Chroma) + keyword (BM25), fused, spread over releases, aware of time."""

from __future__ import annotations

import threading
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from bot.question import QuestionInfo, analyse
from bot.types import Passage, ReleaseInfo
from ingest.embedding import Embedder, build_embedder
from ingest.keyword_index import KeywordIndex
from ingest.runner import keyword_dir
from ingest.store import ChunkHit, Store, StoredRelease

if TYPE_CHECKING:
    from config import Settings

# Reciprocal rank fusion constant; 60 is the value from the original RRF paper and works well here too.
_RRF_K = 60


def _date_parts(date: str | None) -> tuple[int, int, int]:
    if not date:
        return (0, 0, 0)
    parts = [int(p) for p in date.split("-")[:3] if p.isdigit()]
    year, month, day = [*parts, 0, 0, 0][:3]
    return (year, month, day)


class Retriever:
    def __init__(
        self,
        store: Store,
        embedder: Embedder,
        keyword_folder: Path | None = None,
        *,
        candidates: int = 40,
        per_release: int = 2,
    ) -> None:
        self._store = store
        self._embedder = embedder
        self._keyword_folder = keyword_folder
        self._candidates = candidates
        self._per_release = per_release
        self._lock = threading.Lock()
        self._generation = -1
        self._releases: dict[str, StoredRelease] = {}
        self._keyword: KeywordIndex | None = None
        self.refresh()

    @classmethod
    def from_settings(cls, settings: Settings, embedder: Embedder | None = None) -> Retriever:
        embedder = embedder or build_embedder(settings.embedding)
        store = Store.open(settings.store)
        store.check_model(embedder.name)
        return cls(store, embedder, keyword_dir(settings))

    @property
    def store(self) -> Store:
        return self._store

    def refresh(self, *, force: bool = False) -> bool:
        """Reload the release list and keyword index when an ingest has run since; True if reloaded."""
        generation = self._store.generation
        if generation == self._generation and not force:
            return False
        with self._lock:
            releases = self._store.releases()
            if self._keyword_folder is not None:
                keyword = KeywordIndex.refresh(self._store, self._keyword_folder)
            else:
                keyword = KeywordIndex.build(self._store)
            self._releases, self._keyword, self._generation = releases, keyword, generation
        return True

    def releases(self) -> list[ReleaseInfo]:
        infos = [
            ReleaseInfo(
                release_id=r.release_id, title=r.title, path=r.path, date=r.date,
                organisation=r.organisation, language=r.language, url=r.url, chunks=r.chunks,
            )
            for r in self._current_releases().values()
        ]
        return sorted(infos, key=lambda r: (r.date or "", r.title), reverse=True)

    def _current_releases(self) -> dict[str, StoredRelease]:
        """Committed releases; when an interrupted update left two versions of a file, the newer wins."""
        newest: dict[str, StoredRelease] = {}
        for rec in self._releases.values():
            held = newest.get(rec.path)
            if held is None or rec.ingested_at > held.ingested_at:
                newest[rec.path] = rec
        return {r.release_id: r for r in newest.values()}

    def search(self, question: str, k: int = 5, info: QuestionInfo | None = None) -> list[Passage]:
        info = info or analyse(question)
        releases = self._current_releases()
        if not releases:
            return []
        vector = self._embedder.embed_query(question)
        dense = [h for h in self._store.query(vector, self._candidates) if h.release_id in releases]
        keyword = self._keyword.search(question, self._candidates) if self._keyword else []

        fused: dict[str, float] = defaultdict(float)
        hits: dict[str, ChunkHit] = {}
        for rank, hit in enumerate(dense):
            fused[hit.chunk_id] += 1.0 / (_RRF_K + rank)
            hits[hit.chunk_id] = hit
        missing = [cid for cid, _ in keyword if cid not in hits]
        for hit in self._store.chunks_by_id(missing):
            if hit.release_id in releases:
                hits[hit.chunk_id] = hit
        for rank, (cid, _score) in enumerate(keyword):
            if cid in hits:
                fused[cid] += 1.0 / (_RRF_K + rank)

        scored = [
            (fused[cid] * self._time_weight(releases[h.release_id], info), h) for cid, h in hits.items()
        ]
        scored.sort(key=lambda pair: pair[0], reverse=True)
        return self._spread(scored, releases, k)

    def _time_weight(self, release: StoredRelease, info: QuestionInfo) -> float:
        """Nudge releases by date: a question pinned to a month picks that month; "latest" the newest."""
        focus = info.time
        year, month, _day = _date_parts(release.date)
        weight = 1.0
        if focus.year and year:
            weight *= 1.25 if year == focus.year else 0.85
        if focus.month and month:
            weight *= 1.25 if month == focus.month else 0.9
        if focus.latest or focus.earliest:
            dates = sorted(r.date for r in self._releases.values() if r.date)
            if dates and release.date:
                position = dates.index(release.date) / max(len(dates) - 1, 1)
                weight *= 1.0 + 0.3 * (position if focus.latest else 1.0 - position)
        return weight

    def _spread(
        self, scored: list[tuple[float, ChunkHit]], releases: dict[str, StoredRelease], k: int
    ) -> list[Passage]:
        """At most `per_release` passages from one release, so the answer can compare releases."""
        taken: dict[str, int] = defaultdict(int)
        out: list[Passage] = []
        for score, hit in scored:
            if taken[hit.release_id] >= self._per_release:
                continue
            taken[hit.release_id] += 1
            rec = releases[hit.release_id]
            out.append(
                Passage(
                    chunk_id=hit.chunk_id, release_id=hit.release_id, text=hit.text, title=rec.title,
                    path=rec.path, date=rec.date, organisation=rec.organisation, language=rec.language,
                    url=rec.url, paragraph=hit.paragraph, start=hit.start, end=hit.end, score=score,
                )
            )
            if len(out) >= k:
                break
        return out
