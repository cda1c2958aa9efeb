"""The only module that imports chromadb: open (embedded or server), write releases, read them back.

Two collections: `<name>_chunks` (one record per passage, with its vector) and `<name>_releases` (one
record per release: its metadata and full text). A release is visible only once its release record
exists, and that record is written after all of its chunks: a crash between the two leaves invisible
chunks that the next ingest sweeps, never a half-present release.

We talk to chromadb directly rather than through llama-index's ChromaVectorStore because we need the
collection metadata (model guard, generation), per-release atomic writes and release-level records.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

import numpy as np

from index.records import Node, Release

if TYPE_CHECKING:
    from config import StoreSettings


class StoreError(RuntimeError):
    """The store cannot be opened or written; the message says what to do."""


class ModelMismatch(StoreError):
    """The collection was built with another embedding model."""


@dataclass(frozen=True)
class StoredRelease:
    release_id: str
    title: str
    path: str
    paths: tuple[str, ...]
    date: str | None = None
    organisation: str | None = None
    language: str | None = None
    url: str | None = None
    chunks: int = 0
    ingested_at: float = 0.0
    embargo: str | None = None  # UTC, ISO 8601: the bot uses the release from this instant on
    audience: str | None = None  # "press": only the press ids see it


@dataclass(frozen=True)
class ChunkHit:
    """A stored sentence node: the release's text[start:end], in its window [window_start:window_end].

    Chunk records hold no text: every chunk is a slice of its release's text, which the releases
    collection holds and every reader fetches anyway. Storing it twice took 180 MB of 1,139 at 10,000
    releases, and reading it back was 40% of a Chroma query (3.5 of 8.5 ms).
    """

    chunk_id: str
    release_id: str
    paragraph: int
    start: int
    end: int
    distance: float
    window_start: int = 0
    window_end: int = 0


@dataclass
class StoreInfo:
    location: str
    embedding_model: str | None
    releases: int
    chunks: int
    last_ingest: float | None
    generation: int
    extra: dict[str, Any] = field(default_factory=dict)


def _clean(meta: dict[str, Any]) -> dict[str, Any]:
    # Chroma rejects None values and empty lists.
    return {k: v for k, v in meta.items() if v is not None and v != []}


def _date_key(date: str | None) -> int:
    return int(date.replace("-", "")) if date and date[:4].isdigit() else 0


class Store:
    def __init__(self, client: Any, name: str, location: str) -> None:
        self._client = client
        self.location = location
        self._name = name
        self._build = self._served_build()
        self._replacing: str | None = None  # the build a rebuild in progress will replace
        self._chunks = self._collection(f"{self._build}_chunks")
        self._releases = self._collection(f"{self._build}_releases")

    # -- opening -----------------------------------------------------------------------------------
    @staticmethod
    def exists(settings: StoreSettings) -> bool:
        """An index to read is there (a server is asked when opened); readers must not create one."""
        return bool(settings.chroma_url) or settings.chroma_dir.is_dir()

    @classmethod
    def open(cls, settings: StoreSettings, *, fresh: bool = False) -> Store:
        """`fresh`: for the embedded store, a new Chroma instance that loads the vector index from disk.

        chromadb keeps one instance per path and process, with the vector index in memory; it never sees
        vectors that another process wrote since. A reader that must see another process's ingest
        opens fresh. Stores opened earlier keep working on their own (older) instance.
        """
        import chromadb
        from chromadb.api.shared_system_client import SharedSystemClient
        from chromadb.config import Settings as ChromaSettings

        chroma_settings = ChromaSettings(anonymized_telemetry=False)
        try:
            if settings.chroma_url:
                url = urlparse(settings.chroma_url)
                client = chromadb.HttpClient(
                    host=url.hostname or "localhost",
                    port=url.port or (443 if url.scheme == "https" else 8000),
                    ssl=url.scheme == "https",
                    settings=chroma_settings,
                )
                location = settings.chroma_url
            else:
                path = settings.chroma_dir
                path.mkdir(parents=True, exist_ok=True)
                if fresh:
                    # The only public way to drop the cached instance; it clears the whole cache, which
                    # costs nothing here: HTTP clients never look theirs up again after construction.
                    SharedSystemClient.clear_system_cache()
                client = chromadb.PersistentClient(path=str(path), settings=chroma_settings)
                location = str(path)
            return cls(client, settings.collection, location)
        except StoreError:
            raise
        except Exception as exc:  # chromadb raises many types; the user needs one clear line
            where = settings.chroma_url or str(settings.chroma_dir)
            raise StoreError(f"cannot open the Chroma store at {where}: {exc}") from exc

    def _collection(self, name: str) -> Any:
        # Vectors are always passed in: with embedding_function=None Chroma never loads its own model.
        return self._client.get_or_create_collection(
            name, embedding_function=None, configuration={"hnsw": {"space": "cosine"}}
        )

    # -- builds --------------------------------------------------------------------------------------
    # A build is a pair of collections, `<build>_chunks` and `<build>_releases`. The one served is named
    # in the metadata of a record-less collection, `<name>_served` (none: the build is `<name>` itself,
    # as every store was before rebuilds were built aside). A rebuild writes a new build while readers
    # keep answering from the served one, then names it: deleting the collections in place, as a rebuild
    # once did, made every answer fail until it finished.
    def _served_build(self) -> str:
        from chromadb.errors import NotFoundError

        try:
            pointer = self._client.get_collection(f"{self._name}_served", embedding_function=None)
        except (NotFoundError, ValueError):  # never rebuilt (older clients raise ValueError)
            return self._name
        return str((pointer.metadata or {}).get("build", self._name))

    def _serve(self, build: str) -> None:
        pointer = self._client.get_or_create_collection(f"{self._name}_served", embedding_function=None)
        pointer.modify(metadata={"build": build})

    def _builds(self) -> set[str]:
        """Every build of this store's name found in Chroma, served or not."""
        found: set[str] = set()
        for collection in self._client.list_collections():
            name = collection if isinstance(collection, str) else collection.name
            for suffix in ("_chunks", "_releases"):
                build = name.removesuffix(suffix)
                if build != name and (build == self._name or build.startswith(f"{self._name}_b")):
                    found.add(build)
        return found

    def _drop_unserved_builds(self) -> None:
        """Builds no process should read any more: one a rebuild replaced (a reader still on it reopens
        at its next question, when it sees the new build), or one a crashed rebuild left half-written."""
        keep = {self._served_build(), self._build}
        for build in self._builds() - keep:
            for suffix in ("_chunks", "_releases"):
                with contextlib.suppress(Exception):  # another process got there first
                    self._client.delete_collection(f"{build}{suffix}")

    def start_rebuild(self) -> None:
        """Write into a new, empty build; end_ingest serves it. Until then readers see the old one."""
        self._replacing = self._build
        self._build = f"{self._name}_b{time.time_ns():x}"
        self._chunks = self._collection(f"{self._build}_chunks")
        self._releases = self._collection(f"{self._build}_releases")

    # -- metadata ------------------------------------------------------------------------------------
    def _meta(self) -> dict[str, Any]:
        meta = self._client.get_collection(f"{self._build}_chunks", embedding_function=None).metadata
        return dict(meta or {})

    def _set_meta(self, **values: Any) -> None:
        meta = self._meta()
        meta.update(values)
        self._chunks.modify(metadata=_clean(meta))

    @property
    def embedding_model(self) -> str | None:
        return self._meta().get("embedding_model")

    @property
    def generation(self) -> int:
        return int(self._meta().get("generation", 0))

    @property
    def version(self) -> tuple[str, int]:
        """(collection id, generation) of the build served now, which a reader compares with its own:
        a rebuild serves a new collection, whose generation starts again."""
        collection = self._client.get_collection(f"{self._served_build()}_chunks", embedding_function=None)
        return str(collection.id), int((collection.metadata or {}).get("generation", 0))

    def check_model(self, model: str) -> None:
        """Refuse to mix vectors of two models: the scores would be meaningless."""
        built_with = self.embedding_model
        if built_with and built_with != model and self._chunks.count() > 0:
            raise ModelMismatch(
                f"the index was built with the embedding model {built_with!r} but {model!r} is configured; "
                "run `pressroom ingest --rebuild` to re-embed the corpus with it"
            )

    def begin_ingest(self, model: str) -> bool:
        """Mark an ingest as running; True when the previous one did not finish (sweep needed)."""
        self._drop_unserved_builds()
        self.check_model(model)
        crashed = bool(self._meta().get("ingest_running"))
        self._set_meta(embedding_model=model, ingest_running=True)
        return crashed

    def end_ingest(self, *, changed: bool = True) -> None:
        generation = int(self._meta().get("generation", 0))
        self._set_meta(ingest_running=False, last_ingest=time.time(), generation=generation + changed)
        if self._replacing is not None:
            self._serve(self._build)
            self._replacing = None

    # -- writing -------------------------------------------------------------------------------------
    def _batches(self, n: int) -> Iterator[slice]:
        size = max(1, int(self._client.get_max_batch_size()))
        for i in range(0, n, size):
            yield slice(i, i + size)

    def add_release(
        self,
        release: Release,
        paths: Sequence[str],
        chunks: Sequence[Node],
        vectors: np.ndarray,
    ) -> None:
        """Write the chunks (sentence nodes), then the release record that makes them visible."""
        self.add_releases([(release, paths, chunks, vectors)])

    def add_releases(self, items: Sequence[tuple[Release, Sequence[str], Sequence[Node], np.ndarray]]) -> None:
        """Several releases: all of their chunks, then all of their records (no record before its chunks).

        One write per collection rather than two per release: each Chroma write is a transaction with its
        own fsync (~30 ms on a plain disk), which bounded an ingest of short releases at ~15 per second.
        """
        ids: list[str] = []
        metas: list[dict[str, Any]] = []
        for release, _paths, chunks, _vectors in items:
            ids.extend(f"{release.content_hash}:{i}" for i in range(len(chunks)))
            # Two keys: Chroma stores and indexes one SQLite row per key, and seven (each offset apart,
            # plus a date no query used) made every chunk write cost more as the store grew.
            metas.extend(
                {
                    "release": release.content_hash,
                    "pos": f"{c.paragraph},{c.start},{c.end},{c.window_start},{c.window_end}",
                }
                for c in chunks
            )
        if not ids:
            return
        vectors = np.concatenate([v for *_, v in items])
        for part in self._batches(len(ids)):
            self._chunks.upsert(ids=ids[part], embeddings=vectors[part], metadatas=metas[part])
        # The release record carries the mean of its chunk vectors (chunks is never empty: the pipeline
        # skips a release with no text).
        centroids = [v.mean(axis=0) for *_, v in items]
        now = time.time()
        records = [
            _clean(
                {
                    "path": paths[0],
                    "paths": json.dumps(list(paths), ensure_ascii=False),
                    "title": release.title,
                    "date": release.date,
                    "date_key": _date_key(release.date),
                    "organisation": release.organisation,
                    "language": release.language,
                    "url": release.url,
                    "embargo": release.embargo,
                    "audience": release.audience,
                    "chunks": len(chunks),
                    "ingested_at": now,
                }
            )
            for release, paths, chunks, _vectors in items
        ]
        self._releases.upsert(
            ids=[release.content_hash for release, *_ in items],
            embeddings=[c / max(float(np.linalg.norm(c)), 1e-12) for c in centroids],
            documents=[release.text for release, *_ in items],
            metadatas=records,
        )

    def set_paths(self, release_id: str, paths: Sequence[str]) -> None:
        """A renamed or duplicated file: update the record without re-embedding anything."""
        self._releases.update(
            ids=[release_id],
            metadatas=[{"path": paths[0], "paths": json.dumps(list(paths), ensure_ascii=False)}],
        )

    def remove_release(self, release_id: str) -> None:
        """Hide the release first (its record), then drop its chunks."""
        self._releases.delete(ids=[release_id])
        self._chunks.delete(where={"release": release_id})

    def sweep_orphans(self) -> int:
        """Delete chunks whose release record was never written (an interrupted ingest)."""
        known = set(self.releases())
        got = self._chunks.get(include=["metadatas"])
        orphans = [
            cid
            for cid, meta in zip(got["ids"], got["metadatas"], strict=True)
            if (meta or {}).get("release") not in known
        ]
        for part in self._batches(len(orphans)):
            self._chunks.delete(ids=orphans[part])
        return len(orphans)

    # -- reading -------------------------------------------------------------------------------------
    def releases(self) -> dict[str, StoredRelease]:
        got = self._releases.get(include=["metadatas"])
        out: dict[str, StoredRelease] = {}
        for rid, meta in zip(got["ids"], got["metadatas"], strict=True):
            meta = meta or {}
            out[rid] = StoredRelease(
                release_id=rid,
                title=str(meta.get("title", "")),
                path=str(meta.get("path", "")),
                paths=tuple(json.loads(str(meta.get("paths", "[]")))) or (str(meta.get("path", "")),),
                date=meta.get("date"),  # type: ignore[arg-type]
                organisation=meta.get("organisation"),  # type: ignore[arg-type]
                language=meta.get("language"),  # type: ignore[arg-type]
                url=meta.get("url"),  # type: ignore[arg-type]
                chunks=int(meta.get("chunks", 0)),  # type: ignore[arg-type]
                ingested_at=float(meta.get("ingested_at", 0.0)),  # type: ignore[arg-type]
                embargo=meta.get("embargo"),  # type: ignore[arg-type]
                audience=meta.get("audience"),  # type: ignore[arg-type]
            )
        return out

    def release_text(self, release_id: str) -> str | None:
        got = self._releases.get(ids=[release_id], include=["documents"])
        docs = got.get("documents") or []
        return docs[0] if docs else None

    def release_texts(self, release_ids: Sequence[str]) -> dict[str, str]:
        if not release_ids:
            return {}
        got = self._releases.get(ids=list(dict.fromkeys(release_ids)), include=["documents"])
        return dict(zip(got["ids"], got["documents"] or [], strict=False))

    def query(self, vector: np.ndarray, k: int) -> list[ChunkHit]:
        # No count() first to cap k: chromadb 1.5 answers an empty collection or a k above its size with
        # what it has, and count() costs 30 ms at 226,000 chunks, three times the query itself.
        res = self._chunks.query(
            query_embeddings=[np.asarray(vector, dtype=np.float32)],
            n_results=k,
            include=["metadatas", "distances"],
        )
        return [
            self._hit(cid, meta, dist)
            for cid, meta, dist in zip(res["ids"][0], res["metadatas"][0], res["distances"][0], strict=True)
        ]

    def _get_chunks_of(self, chunk_counts: Mapping[str, int], include: list[str]) -> dict[str, Any]:
        """Every chunk of these releases, looked up by id: a release's chunks are `<release>:0` to
        `<release>:<chunks - 1>`. A `where release $in [...]` filter scans metadata instead, and grew with
        the store (11 -> 67 ms a question from 100 to 10,000 releases); it stays for records that do not
        say how many chunks they have."""
        ids = [f"{rid}:{i}" for rid, n in chunk_counts.items() for i in range(n)]
        uncounted = [rid for rid, n in chunk_counts.items() if n <= 0]
        got: dict[str, Any] = {"ids": [], "metadatas": [], "embeddings": []}
        for kwargs in ([{"ids": ids}] if ids else []) + (
            [{"where": {"release": {"$in": uncounted}}}] if uncounted else []
        ):
            part = self._chunks.get(include=include, **kwargs)
            for key in ("ids", *include):
                values = part.get(key)
                got[key].extend([] if values is None else list(values))
        return got

    def nodes_of(self, chunk_counts: Mapping[str, int]) -> list[tuple[ChunkHit, np.ndarray]]:
        """Every node of these releases (release id -> its chunk count) with its vector, to rank all
        their sentences, not just the hits."""
        got = self._get_chunks_of(chunk_counts, ["metadatas", "embeddings"])
        return [
            (self._hit(cid, meta, 0.0), np.asarray(vec, dtype=np.float32))
            for cid, meta, vec in zip(got["ids"], got["metadatas"], got["embeddings"], strict=True)
        ]

    def sample_vectors(self, chunk_counts: Mapping[str, int], n: int = 256) -> np.ndarray:
        """About n node vectors spread over these releases (release id -> its chunk count), looked up by id."""
        counted = {rid: c for rid, c in chunk_counts.items() if c > 0}
        if not counted:
            return np.zeros((0, 0), dtype=np.float32)
        per = max(1, n // len(counted))
        ids = [f"{rid}:{(j * c) // min(per, c)}" for rid, c in sorted(counted.items()) for j in range(min(per, c))]
        got = self._chunks.get(ids=ids[: 2 * n], include=["embeddings"])
        vectors = got.get("embeddings")
        if vectors is None or len(vectors) == 0:
            return np.zeros((0, 0), dtype=np.float32)
        return np.asarray(vectors, dtype=np.float32)

    def chunks_of(self, chunk_counts: Mapping[str, int]) -> list[ChunkHit]:
        """Every chunk of these releases (release id -> its chunk count), without vectors."""
        got = self._get_chunks_of(chunk_counts, ["metadatas"])
        return [self._hit(cid, meta, 0.0) for cid, meta in zip(got["ids"], got["metadatas"], strict=True)]

    def chunks_by_id(self, ids: Sequence[str]) -> list[ChunkHit]:
        if not ids:
            return []
        got = self._chunks.get(ids=list(ids), include=["metadatas"])
        return [self._hit(cid, meta, 0.0) for cid, meta in zip(got["ids"], got["metadatas"], strict=True)]

    def iter_chunks(self, page: int = 5000) -> Iterator[ChunkHit]:
        offset = 0
        while True:
            got = self._chunks.get(include=["metadatas"], limit=page, offset=offset)
            if not got["ids"]:
                return
            for cid, meta in zip(got["ids"], got["metadatas"], strict=True):
                yield self._hit(cid, meta, 0.0)
            offset += len(got["ids"])

    @staticmethod
    def _hit(cid: str, meta: Any, dist: float) -> ChunkHit:
        meta = meta or {}
        if "pos" in meta:
            paragraph, start, end, wstart, wend = (int(x) for x in str(meta["pos"]).split(","))
        else:  # written before the offsets were packed into "pos"
            paragraph, start, end = int(meta.get("paragraph", 0)), int(meta.get("start", 0)), int(meta.get("end", 0))
            wstart, wend = int(meta.get("wstart", start)), int(meta.get("wend", end))
        return ChunkHit(
            chunk_id=cid,
            release_id=str(meta.get("release", cid.split(":")[0])),
            paragraph=paragraph,
            start=start,
            end=end,
            distance=float(dist),
            window_start=wstart,
            window_end=wend,
        )

    def check_index(self, probes: int = 5) -> None:
        """Raise StoreError when the vector index cannot serve what the collection holds.

        chromadb 1.5 has reports of the HNSW index failing to load after a restart, or loading without
        its vectors: `count()` still answers but queries raise or come back empty (both reproduced by
        damaging the index files, see tests/test_server_mode.py). A few stored vectors, spread over the
        collection, are queried back. The index is approximate, so one probe may miss itself among
        near-duplicates (seen with the tests' fake vectors, before and after restarts alike): only an
        empty answer, or every probe missing, counts as a broken index.
        """
        try:
            total = self._chunks.count()
            if total == 0:
                return
            k = min(10, total)
            offsets = sorted({round(i * (total - 1) / max(1, probes - 1)) for i in range(probes)})
            tried = missed = empty = 0
            for offset in offsets:
                got = self._chunks.get(limit=1, offset=offset, include=["embeddings"])
                if not got["ids"]:
                    continue  # deleted by a concurrent ingest since count()
                res = self._chunks.query(query_embeddings=got["embeddings"], n_results=k, include=["distances"])
                distances = res["distances"][0] if res["distances"] else []
                tried += 1
                empty += not distances
                missed += not distances or min(distances) > 1e-3
        except Exception as exc:  # chromadb raises InternalError, but the type is not a promise
            raise StoreError(
                f"the vector index of the Chroma store at {self.location} cannot be read ({exc}); "
                f"rebuild it from the corpus with `pressroom ingest --rebuild`"
            ) from exc
        if empty or (tried and missed == tried):
            raise StoreError(
                f"the vector index of the Chroma store at {self.location} does not return the passages it "
                f"holds ({missed} of {tried} stored vectors not found, {total} passages stored); rebuild it "
                f"from the corpus with `pressroom ingest --rebuild`"
            )

    def info(self) -> StoreInfo:
        meta = self._meta()
        return StoreInfo(
            location=self.location,
            embedding_model=meta.get("embedding_model"),
            releases=self._releases.count(),
            chunks=self._chunks.count(),
            last_ingest=meta.get("last_ingest"),
            generation=int(meta.get("generation", 0)),
        )
