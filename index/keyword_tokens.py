"""The stemmed words of every chunk, as token ids by release, saved beside the keyword index.

BM25 scores depend on the whole corpus (idf, average length), so the index is rebuilt whenever the store
changes. What does not change is each release's tokens: a release id is its content's hash, so its
chunks, their windows and their stems are fixed. Keeping them means an ingest that adds one release to
10,000 re-reads and re-stems one release, not 226,000 chunks, and the build works from compact uint32
arrays rather than millions of Python strings (the ingest's memory peak at 10,000 releases).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from index.keyword_index import Tokenizer
    from index.store import Store, StoredRelease

# Bump when Tokenizer.document or the text it is given changes: saved tokens of another format are dropped.
FORMAT = 1
_FILES = ("tokens.json", "tokens.npy", "lengths.npy")


@dataclass(frozen=True)
class ReleaseTokens:
    chunk_ids: tuple[str, ...]
    lengths: np.ndarray  # uint32, tokens per chunk
    tokens: np.ndarray  # uint32, every chunk's token ids one after the other


class TokenCache:
    def __init__(self, vocab: dict[str, int] | None = None, releases: dict[str, ReleaseTokens] | None = None) -> None:
        self.vocab = vocab if vocab is not None else {}
        self.releases = releases if releases is not None else {}

    # -- keeping it in step with the store ----------------------------------------------------------
    def update(self, store: Store, stored: dict[str, StoredRelease], tokenizer: Tokenizer, batch: int = 200) -> int:
        """Drop releases the store no longer has, tokenise the ones it gained; returns how many were read."""
        kept = {rid: tokens for rid, tokens in self.releases.items() if rid in stored}
        if len(kept) < len(self.releases):
            self.releases = kept
            self._compact()
        missing = [rid for rid in stored if rid not in self.releases]
        for i in range(0, len(missing), batch):
            part = missing[i : i + batch]
            texts = store.release_texts(part)
            chunks: dict[str, list[tuple[str, str]]] = {rid: [] for rid in part}
            for hit in store.chunks_of({rid: stored[rid].chunks for rid in part}):
                # The sentence's own words plus its window's: "the petition" may only be named nearby.
                text = texts.get(hit.release_id, "")
                sentence, window = text[hit.start : hit.end], text[hit.window_start : hit.window_end]
                chunks[hit.release_id].append((hit.chunk_id, f"{sentence}\n{window}"))
            for rid, found in chunks.items():
                found.sort(key=lambda item: _chunk_number(item[0]))
                docs = [tokenizer.document(text, stored[rid].language) or ["∅"] for _, text in found]
                self._add(rid, [cid for cid, _ in found], docs)
        return len(missing)

    def _add(self, release_id: str, chunk_ids: Sequence[str], docs: Iterable[list[str]]) -> None:
        vocab = self.vocab
        lengths: list[int] = []
        ids: list[int] = []
        for doc in docs:
            lengths.append(len(doc))
            ids.extend(vocab.setdefault(token, len(vocab)) for token in doc)
        self.releases[release_id] = ReleaseTokens(
            tuple(chunk_ids), np.asarray(lengths, dtype=np.uint32), np.asarray(ids, dtype=np.uint32)
        )

    def _compact(self) -> None:
        """Forget the words only removed releases used, once they are half the vocabulary."""
        parts = [tokens.tokens for tokens in self.releases.values()]
        used = np.unique(np.concatenate([np.zeros(0, dtype=np.uint32), *parts]))
        if 2 * len(used) >= len(self.vocab):
            return
        remap = np.zeros(len(self.vocab), dtype=np.uint32)
        remap[used] = np.arange(len(used), dtype=np.uint32)
        words = sorted(self.vocab, key=self.vocab.__getitem__)
        self.vocab = {words[old]: new for new, old in enumerate(used.tolist())}
        self.releases = {
            rid: ReleaseTokens(tokens.chunk_ids, tokens.lengths, remap[tokens.tokens])
            for rid, tokens in self.releases.items()
        }

    # -- what the BM25 build reads ------------------------------------------------------------------
    def documents(self) -> tuple[list[str], np.ndarray, np.ndarray]:
        """Chunk ids, every chunk's token ids one after the other, and each chunk's length."""
        chunk_ids = [cid for tokens in self.releases.values() for cid in tokens.chunk_ids]
        empty = np.zeros(0, dtype=np.uint32)
        flat = np.concatenate([empty, *(t.tokens for t in self.releases.values())])
        lengths = np.concatenate([empty, *(t.lengths for t in self.releases.values())])
        return chunk_ids, flat, lengths

    # -- files --------------------------------------------------------------------------------------
    def save(self, folder: Path) -> None:
        order = list(self.releases)
        meta = {
            "format": FORMAT,
            "vocab": sorted(self.vocab, key=self.vocab.__getitem__),
            "releases": [[rid, list(self.releases[rid].chunk_ids)] for rid in order],
        }
        (folder / "tokens.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        empty = np.zeros(0, dtype=np.uint32)
        np.save(folder / "tokens.npy", np.concatenate([empty, *(self.releases[r].tokens for r in order)]))
        np.save(folder / "lengths.npy", np.concatenate([empty, *(self.releases[r].lengths for r in order)]))

    @classmethod
    def load(cls, folder: Path) -> TokenCache:
        """The saved tokens, or an empty cache when they are missing, damaged or of another format."""
        try:
            meta = json.loads((folder / "tokens.json").read_text(encoding="utf-8"))
            if meta.get("format") != FORMAT:
                return cls()
            tokens = np.load(folder / "tokens.npy")
            lengths = np.load(folder / "lengths.npy")
            vocab = {token: i for i, token in enumerate(meta["vocab"])}
            releases: dict[str, ReleaseTokens] = {}
            chunk = offset = 0
            for rid, chunk_ids in meta["releases"]:
                these = lengths[chunk : chunk + len(chunk_ids)]
                size = int(these.sum())
                releases[rid] = ReleaseTokens(tuple(chunk_ids), these, tokens[offset : offset + size])
                chunk += len(chunk_ids)
                offset += size
            if chunk != len(lengths) or offset != len(tokens) or (len(tokens) and int(tokens.max()) >= len(vocab)):
                return cls()
        except (OSError, EOFError, ValueError, KeyError, TypeError):
            return cls()
        return cls(vocab, releases)


def _chunk_number(chunk_id: str) -> int:
    return int(chunk_id.rsplit(":", 1)[-1]) if chunk_id.rsplit(":", 1)[-1].isdigit() else 0
