"""BM25 keyword index over the chunks (bm25s + PyStemmer), kept next to the store.

The index is derived data: it is rebuilt whenever the store's generation moved on, so a crash while
writing it can never make it disagree with the store for long. Each release's tokens are kept with it
(index.keyword_tokens), so a rebuild re-reads only the releases it has not seen. It is written to a
fresh folder and swapped in with an atomic rename.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import shutil
import tempfile
import threading
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import bm25s
import numpy as np
import Stemmer
from bm25s.stopwords import STOPWORDS_EN, STOPWORDS_FRENCH

from index.keyword_tokens import TokenCache
from index.words import INTERROGATIVES_EN_FR

if TYPE_CHECKING:
    from index.store import Store

_STEMMERS = {"fr": "french", "en": "english"}
log = logging.getLogger("pressroom.index")

_STOP = frozenset(STOPWORDS_EN) | frozenset(STOPWORDS_FRENCH)
# Question words say what kind of answer is wanted, not what the question is about.
_INTERROGATIVES = INTERROGATIVES_EN_FR
# "12 500", "12,500", "12.500" -> 12500; a comma followed by one or two digits is a French decimal.
_THOUSANDS = re.compile(r"(?<![\d.,])(\d{1,3})(?:[ \u00a0\u202f.,](\d{3}))+(?![\d])(?![.,]\d)")
_DECIMAL_COMMA = re.compile(r"(\d),(\d{1,2})(?!\d)")
_TOKEN = re.compile(r"\d+(?:\.\d+)?|[^\W\d_]+", re.UNICODE)
_ELISION = re.compile(r"\b(?:[ldjmntsc]|qu|jusqu|lorsqu|puisqu)['’]", re.IGNORECASE)


def normalise_numbers(text: str) -> str:
    text = _THOUSANDS.sub(lambda m: re.sub(r"[^\d]", "", m.group(0)), text)
    return _DECIMAL_COMMA.sub(r"\1.\2", text)


def _words(text: str) -> list[str]:
    text = _ELISION.sub(" ", normalise_numbers(text.lower()))
    return [w for w in _TOKEN.findall(text) if w not in _STOP]


def _fold(word: str) -> str:
    if word.isascii():  # most words, and the decomposition below is the slow part of tokenising
        return word
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


class Tokenizer:
    """Stems with the release's language; a query is stemmed both ways (it may ask across languages).

    There is no hand-written translation list: across languages, keyword search matches the names,
    figures and shared stems a question and a release have in common, and the multilingual embedding
    does the rest (the answer selector reads both).
    """

    def __init__(self) -> None:
        self._stemmers = {lang: Stemmer.Stemmer(name) for lang, name in _STEMMERS.items()}
        self._lock = threading.Lock()  # PyStemmer objects are not safe to share across threads

    def document(self, text: str, language: str | None) -> list[str]:
        stemmer = self._stemmers.get(language or "en", self._stemmers["en"])
        with self._lock:
            return [_fold(t) for t in stemmer.stemWords(_words(text))]

    def query(self, text: str, language: str | None = None) -> list[str]:
        """The question's stems in both languages (interrogatives dropped)."""
        words = [w for w in _words(text) if w not in _INTERROGATIVES]
        with self._lock:
            en = self._stemmers["en"].stemWords(words)
            fr = self._stemmers["fr"].stemWords(words)
        return sorted({_fold(t) for t in (*en, *fr)})


class FlatCorpus(NamedTuple):
    """What FlatBM25.index takes: bm25s accepts any object with `ids` and `vocab`."""

    ids: tuple[np.ndarray, np.ndarray]  # every document's token ids one after the other; their lengths
    vocab: dict[str, int]


class FlatBM25(bm25s.BM25):
    """bm25s's BM25 (Lucene variant, its default), its score matrix built with numpy from flat arrays.

    bm25s builds the matrix with a Python loop and a Counter per document: 7.4 s of the 12 s it took to
    add 100 releases to a 10,000-release store (226,000 chunks); one sort of the flat arrays does it.
    bm25s names build_index_from_ids as the method to override; tests/test_keyword_index.py checks that
    the scores equal bm25s's own build. Saved and loaded as a plain bm25s index.
    """

    def build_index_from_ids(
        self,
        unique_token_ids: list[int],
        corpus_token_ids: tuple[np.ndarray, np.ndarray],
        show_progress: bool = True,
        leave_progress: bool = False,
    ) -> dict[str, object]:
        if self.method != "lucene" or self.idf_method != "lucene":
            raise ValueError("FlatBM25 computes the Lucene variant only")
        self.nonoccurrence_array = None  # what bm25s's own build sets for the Lucene variant
        tokens, lengths = corpus_token_ids
        n_docs, n_vocab = len(lengths), len(unique_token_ids)
        n = max(n_docs, 1)
        # Column-major keys (token * n_docs + document): sorted, they give the compressed-column layout
        # bm25s reads, and each run of equal keys is one term frequency. Sorted in place, and the
        # temporaries dropped as soon as used: at 226,000 chunks each array is ~145 MB.
        keys = tokens.astype(np.int64)
        keys *= n
        keys += np.repeat(np.arange(n_docs, dtype=np.int64), lengths.astype(np.int64))
        keys.sort()
        new = np.empty(len(keys), dtype=bool)
        new[:1] = True
        np.not_equal(keys[1:], keys[:-1], out=new[1:])
        starts = np.flatnonzero(new)
        del new
        tf = np.diff(np.append(starts, len(keys))).astype(np.float32)
        columns, rows = np.divmod(keys[starts], n)
        del keys, starts
        df = np.bincount(columns, minlength=n_vocab)
        indptr = np.concatenate([[0], np.cumsum(df)])
        idf = np.log(1.0 + (n_docs - df + 0.5) / (df + 0.5)).astype(np.float32)
        dl = lengths.astype(np.float32)[rows]
        avg = float(lengths.mean()) if n_docs else 1.0
        tfc = tf / (self.k1 * ((1 - self.b) + self.b * dl / avg) + tf)
        del dl, tf
        data = (idf[columns] * tfc).astype(self.dtype)
        return {
            "data": data,
            "indices": rows.astype(self.int_dtype),
            "indptr": indptr.astype(self.int_dtype),
            "num_docs": n_docs,
        }


class KeywordIndex:
    def __init__(
        self,
        model: bm25s.BM25 | None,
        chunk_ids: list[str],
        generation: int,
        collection: str = "",
        tokenizer: Tokenizer | None = None,
    ) -> None:
        self._model = model
        self.chunk_ids = chunk_ids
        self.generation = generation
        # A --rebuild makes a new collection whose generation starts again: both must match.
        self.collection = collection
        self.tokenizer = tokenizer or Tokenizer()

    @classmethod
    def build(cls, store: Store, tokens: TokenCache | None = None) -> KeywordIndex:
        """Index every visible chunk; `tokens` (updated in place) saves re-reading unchanged releases."""
        tokenizer = Tokenizer()
        cache = tokens if tokens is not None else TokenCache()
        cache.update(store, store.releases(), tokenizer)
        ids, tokens, lengths = cache.documents()
        model = None
        if ids:
            model = FlatBM25()
            model.index(FlatCorpus((tokens, lengths), dict(cache.vocab)), show_progress=False)
        collection, generation = store.version
        return cls(model, ids, generation, collection, tokenizer)

    def save(self, folder: Path, tokens: TokenCache | None = None) -> None:
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".keyword-", dir=folder.parent))
        if self._model is not None:
            self._model.save(str(tmp), show_progress=False)
        if tokens is not None:
            tokens.save(tmp)
        (tmp / "pressroom.json").write_text(
            json.dumps({"generation": self.generation, "collection": self.collection, "chunk_ids": self.chunk_ids}),
            encoding="utf-8",
        )
        old = folder.with_name(folder.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        with contextlib.suppress(FileNotFoundError):
            os.replace(folder, old)
        os.replace(tmp, folder)
        shutil.rmtree(old, ignore_errors=True)

    @classmethod
    def load(cls, folder: Path) -> KeywordIndex | None:
        try:
            meta = json.loads((folder / "pressroom.json").read_text(encoding="utf-8"))
            model = bm25s.BM25.load(str(folder), show_progress=False) if meta["chunk_ids"] else None
        except (OSError, ValueError, KeyError):
            return None
        return cls(model, list(meta["chunk_ids"]), int(meta["generation"]), str(meta.get("collection", "")))

    @classmethod
    def read(cls, store: Store, folder: Path) -> KeywordIndex:
        """For readers (the bot), who never write the index: the saved one when it matches the store's
        generation, else one built in memory (the ingest saves it after every run; until a missing or
        stale one is saved again, each reader builds its own)."""
        current = cls.load(folder)
        if current is not None and (current.collection, current.generation) == store.version:
            return current
        log.warning("the keyword index in %s does not match the store; building one in memory", folder)
        return cls.build(store, TokenCache.load(folder))

    @classmethod
    def refresh(cls, store: Store, folder: Path) -> KeywordIndex:
        """The index matching the store's current generation: loaded when saved, else rebuilt and saved."""
        current = cls.load(folder)
        if current is not None and (current.collection, current.generation) == store.version:
            return current
        tokens = TokenCache.load(folder)
        index = cls.build(store, tokens)
        with contextlib.suppress(OSError):  # a read-only data folder still gets an in-memory index
            index.save(folder, tokens)
        return index

    def search(self, query: str, k: int) -> list[tuple[str, float]]:
        if self._model is None:
            return []
        tokens = self.tokenizer.query(query)
        if not tokens:
            return []
        scores = np.asarray(self._model.get_scores(tokens))
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [(self.chunk_ids[i], float(scores[i])) for i in top if scores[i] > 0]
