"""The corpus's words with their vectors, for reading a question across languages.

An English question over French releases shares only names, figures and a few prefixes with the sentence
that answers it ("received" / "reçu", "households" / "foyers"). The multilingual model that embeds the
sentences also places a word near its translation: embedded alone, 19 of 20 English campaign words had
their French translation as nearest neighbour among the French words. So the ingest embeds every word of
the corpus once (it replaced the hand-written English-French glossary, which held 60 pairs from the
development set's vocabulary), and the bot looks up a question's words among those of the releases in
other languages (bot/translation.py): a question in English over Spanish releases, or in French over a
corpus in French and English.

Incremental: a release id is its content's hash, so the words of a release read once are known for good;
an ingest reads only the releases the table has not seen, and embeds only the words it has not seen.
Words of removed releases stay (a word too many is harmless: it is only ever a candidate translation).
"""

from __future__ import annotations

import contextlib
import os
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from index.embedding import Embedder
    from index.store import Store

# 2: with `common` (whether a word is ever written in lower case), so that names are never translations.
FORMAT = 2
_WORD = re.compile(r"[^\W\d_]{4,}", re.UNICODE)


def fold(word: str) -> str:
    word = word.lower()
    if word.isascii():
        return word
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def words_of(text: str) -> set[str]:
    """The folded words of four letters or more (shorter ones are function words or too ambiguous)."""
    return {fold(w) for w in _WORD.findall(text)}


def surface_forms(text: str) -> dict[str, str]:
    """Folded word -> the word as written (lowercase, accents kept), which is what gets embedded: the
    model reads "reçue" as a form of "recevoir", "recue" as nothing in particular."""
    out: dict[str, str] = {}
    for w in _WORD.findall(text):
        out.setdefault(fold(w), w.lower())
    return out


@dataclass
class WordTable:
    model: str
    words: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)  # per word: the languages of its releases, "en,fr"
    vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.float16))
    releases: set[str] = field(default_factory=set)  # release ids whose words are in
    # Per word: written in lower case somewhere in the corpus. A word only ever capitalised is a name
    # ("Ferreira", "Lanzac"), which translates nothing: "favorito" once found "ferreira" as its nearest.
    common: list[bool] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._index = {w: i for i, w in enumerate(self.words)}

    def index(self, word: str) -> int | None:
        return self._index.get(word)

    @property
    def language_set(self) -> frozenset[str]:
        return frozenset(lang for langs in self.languages for lang in langs.split(",") if lang)

    # -- files ------------------------------------------------------------------------------------
    @classmethod
    def read(cls, path: Path) -> WordTable | None:
        """The saved table, or None when there is none or it is of another format (never raises)."""
        try:
            with np.load(path, allow_pickle=False) as data:
                if int(data["format"]) != FORMAT:
                    return None
                return cls(
                    model=str(data["model"]),
                    words=[str(w) for w in data["words"]],
                    languages=[str(x) for x in data["languages"]],
                    vectors=np.asarray(data["vectors"], dtype=np.float16),
                    releases={str(r) for r in data["releases"]},
                    common=[bool(c) for c in data["common"]],
                )
        except (OSError, KeyError, ValueError):
            return None

    def write(self, path: Path) -> None:
        """One file, replaced whole: a reader sees the old table or the new one."""
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp.npz")
        np.savez(
            tmp,
            format=np.int64(FORMAT),
            model=np.str_(self.model),
            words=np.asarray(self.words, dtype=str),
            languages=np.asarray(self.languages, dtype=str),
            vectors=self.vectors,
            releases=np.asarray(sorted(self.releases), dtype=str),
            common=np.asarray(self.common, dtype=bool),
        )
        os.replace(tmp, path)

    # -- keeping it in step with the store ----------------------------------------------------------
    @classmethod
    def refresh(cls, store: Store, path: Path, embedder: Embedder, *, batch: int = 256) -> WordTable:
        """Add the words of the releases the table has not seen, embedding the new ones; saved."""
        stored = store.releases()
        current = cls.read(path)
        if current is not None and current.model != embedder.name:
            current = None  # vectors of another model mean nothing next to this one's
        table = current or cls(model=embedder.name)
        missing = sorted(rid for rid in stored if rid not in table.releases)
        if not missing and current is not None:
            return table
        langs: dict[str, set[str]] = {
            w: set(x.split(",")) - {""} for w, x in zip(table.words, table.languages, strict=True)
        }
        written: dict[str, str] = {}
        common = {w for w, c in zip(table.words, table.common, strict=False) if c}
        for i in range(0, len(missing), 200):
            part = missing[i : i + 200]
            for rid, text in store.release_texts(part).items():
                language = stored[rid].language or ""
                for word, form in surface_forms(text).items():
                    langs.setdefault(word, set()).add(language)
                    written.setdefault(word, form)
                common.update(fold(w) for w in _WORD.findall(text) if w[0].islower())
        new_words = sorted(w for w in langs if table.index(w) is None)
        vectors = [table.vectors] if len(table.words) else []
        for i in range(0, len(new_words), batch):
            forms = [written.get(w, w) for w in new_words[i : i + batch]]
            vectors.append(np.asarray(embedder.embed_passages(forms), dtype=np.float16))
        words = [*table.words, *new_words]
        out = cls(
            model=embedder.name,
            words=words,
            languages=[",".join(sorted(langs[w])) for w in words],
            vectors=np.concatenate(vectors) if vectors else np.zeros((0, 0), dtype=np.float16),
            releases=table.releases | set(missing),
            common=[w in common for w in words],
        )
        with contextlib.suppress(OSError):  # a read-only data folder: the next ingest tries again
            out.write(path)
        return out


def neighbours(
    table: WordTable,
    vectors: np.ndarray,
    words: Sequence[str],
    language: str,
    *,
    z: float,
    top: int,
    table_vectors: np.ndarray | None = None,
    scores: dict[str, float] | None = None,
) -> dict[str, list[tuple[str, str]]]:
    """For each word (its vector in `vectors`), up to `top` words of the table used in a language other
    than `language`, whose cosine stands at least `z` standard deviations above the word's mean cosine
    to the whole table: relative to the model's own spread, so no absolute cosine is assumed.
    `table_vectors`: the table's vectors as float32, when the caller keeps them (converted here if not).
    `scores`, when given, receives each translated word's best translation in standard deviations."""
    if not len(table.words) or not len(words):
        return {}
    if table_vectors is None:
        table_vectors = table.vectors.astype(np.float32)
    sims = np.asarray(vectors, dtype=np.float32) @ table_vectors.T
    out: dict[str, list[tuple[str, str]]] = {}
    for row, word in zip(sims, words, strict=True):
        bar = float(row.mean()) + z * float(row.std())
        head = min(top + 8, len(row))
        best = np.argpartition(-row, head - 1)[:head]
        order = best[np.argsort(-row[best])]
        found: list[tuple[str, str]] = []
        for j in order:
            if row[j] < bar or len(found) >= top:
                break
            other = table.words[j]
            other_languages = [x for x in table.languages[j].split(",") if x and x != language]
            if other == word or not other_languages or (table.common and not table.common[j]):
                continue
            if not found and scores is not None:
                scores[word] = (float(row[j]) - float(row.mean())) / max(float(row.std()), 1e-9)
            found.append((other, other_languages[0]))
        if found:
            out[word] = found
    return out
