"""A question's words as the releases in other languages write them, from the corpus's word table.

See index/word_table.py for why. The question's words that the table holds reuse their stored vectors;
the others are embedded in one call; a question in the language of every release costs nothing.
Measured on recorded retrieval, the selector unchanged: `xquad-x` 234 -> 247 of 300 answered right, the
team set 15 -> 17 of 20, the development set's cross-lingual questions 2 -> 3 of 6 (its answerable total
unchanged at 26 of 35); the single-language sets cannot change.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np

from bot.features import cognates, content_words, fold
from index.embedding import Embedder
from index.word_table import WordTable, neighbours, surface_forms, words_of

Translations = tuple[tuple[str, tuple[tuple[str, str], ...]], ...]

# How far above a word's mean cosine to the vocabulary a translation must stand, in standard deviations,
# and how many are kept per word. Chosen on `xquad-x` and the development set together, before names were
# left out (z 3: 245 / 27 answered right; z 4: 245 / 27 and one team question fewer).
Z = 3.0
TOP = 2
# A translated word counts as one the corpus knows (for refusing off-topic questions) when its translation
# is a cognate ("petição" / "petition") or stands this far up: with few words in a language, a word with no
# counterpart still has a nearest one just over 3 ("color" found "region" at 3.06 in an English corpus of
# four releases; "petição" found "petition" at 3.15). Set on those examples, not on the off-topic sets the
# 0.25 refusal share was measured on (docs/quality.md).
KNOWN_Z = 3.5
_ASKED = 4096


class QuestionTranslator:
    def __init__(
        self, table: WordTable, embedder: Embedder, *, z: float = Z, top: int = TOP, centred: bool = True
    ) -> None:
        self._table = table
        self._embedder = embedder
        self._z = z
        self._top = top
        self._languages = table.language_set
        # Converted once per generation: float16 halves the file, but numpy multiplies float32 far faster.
        self._plain = table.vectors.astype(np.float32)
        self._means, word_means = _language_means(table, self._plain) if centred else ({}, None)
        self._matrix = _unit(self._plain - word_means) if word_means is not None else self._plain
        # Words of earlier questions the table lacks (an English question over Spanish releases): asked
        # again, they cost no embedding call. Bounded; cleared with the table at a new generation.
        self._asked: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    @classmethod
    def for_table(cls, table: WordTable | None, embedder: Embedder) -> QuestionTranslator | None:
        """None when there is nothing to translate into, or the table is another model's."""
        if table is None or table.model != embedder.name or not len(table.words):
            return None
        return cls(table, embedder)

    def known_share(self, question: str, translated: set[str]) -> float | None:
        """The share of the question's content words that the corpus writes, in any language, or that
        were confidently translated into one of its languages; None when the question has no such word.
        A question of which a quarter or less is known anywhere is about something the releases do not
        cover."""
        content = set(content_words(question))
        words = [w for w in words_of(question) if w in content]
        if not words:
            return None
        return sum(self._table.index(w) is not None or w in translated for w in words) / len(words)

    def read(self, question: str, language: str) -> tuple[Translations, float | None]:
        """The question's translations, and the share of its words the corpus knows (see known_share).
        Whether a word counts as known is read off the plain vectors, as KNOWN_Z was set: removing the
        languages' means lifts every nearest word's standing, a spurious one's too ("cozinheiro" found a
        word 4.2 deviations up), so it helps to pick a translation but not to tell one from none."""
        looked = self._look_up(question, language)
        if looked is None:
            return (), self.known_share(question, set())
        words, vectors = looked
        scores: dict[str, float] = {}
        plain = self._neighbours(words, vectors, self._plain, language, scores)
        confident = {
            w
            for w, others in plain.items()
            if scores.get(w, 0.0) >= KNOWN_Z or any(cognates(w, fold(other)) for other, _ in others)
        }
        found = (
            self._neighbours(words, self._centred(vectors, language), self._matrix, language) if self._means else plain
        )
        return tuple((w, tuple(found[w])) for w in words if w in found), self.known_share(question, confident)

    def _look_up(self, question: str, language: str) -> tuple[list[str], np.ndarray] | None:
        """The question's words that could be translated, with their vectors; None when none are."""
        if not self._languages - {language}:
            return None  # every release is in the question's language: no call, no cost
        # Names are not translated: a capitalised word after the first ("Kestermoor", "CMRH") would get
        # whatever word of the other language happens to lie nearest.
        names = words_of(" ".join(w for w in question.split()[1:] if w[:1].isupper()))
        words = sorted(w for w in words_of(question) if w not in names)
        if not words:
            return None
        known = {w: self._table.index(w) for w in words}
        with self._lock:
            fresh = {w: self._asked[w] for w in known if known[w] is None and w in self._asked}
        missing = [w for w, i in known.items() if i is None and w not in fresh]
        if missing:
            written = surface_forms(question)
            vectors_of = self._embedder.embed_passages([written.get(w, w) for w in missing])
            new = dict(zip(missing, np.asarray(vectors_of, dtype=np.float32), strict=True))
            fresh.update(new)
            with self._lock:
                self._asked.update(new)
                while len(self._asked) > _ASKED:
                    self._asked.popitem(last=False)
        vectors = np.asarray(
            [self._table.vectors[i] if i is not None else fresh[w] for w, i in known.items()], dtype=np.float32
        )
        return words, vectors

    def _centred(self, vectors: np.ndarray, language: str) -> np.ndarray:
        return _unit(vectors - self._means[language]) if language in self._means else vectors

    def _neighbours(
        self,
        words: list[str],
        vectors: np.ndarray,
        matrix: np.ndarray,
        language: str,
        scores: dict[str, float] | None = None,
    ) -> dict[str, list[tuple[str, str]]]:
        return neighbours(
            self._table, vectors, words, language, z=self._z, top=self._top, table_vectors=matrix, scores=scores
        )


# Words of one language share a direction in the model's space that says which language they are, not
# what they mean: nearest neighbours across languages favour words of the question's own language written
# in the other one's releases ("retraites" for "repas", "scolaires", "élèves"). Removing each language's
# mean vector leaves what the words mean (Libovický et al. 2020, "On the language neutrality of
# pre-trained multilingual representations"). A language needs this many words in the table for its mean
# to be known; with fewer, its words and the question's are left as they are. Measured on recorded
# retrieval, the selector unchanged: the development set 26 -> 28 of 35 (cross-lingual 3 -> 4 of 6),
# `xquad-x` 253 -> 251 of 300 (an all-Spanish corpus has no English mean to remove: the question's side
# stays as it is), the team set unchanged at 17 of 20; the same end to end.
MIN_LANGUAGE_WORDS = 200


def _language_means(table: WordTable, matrix: np.ndarray) -> tuple[dict[str, np.ndarray], np.ndarray | None]:
    """Each language's mean vector (languages with enough words), and per word the mean of its languages'
    means (a word several languages write gets their average); None when no language has enough."""
    groups: dict[tuple[str, ...], list[int]] = {}
    for j, langs in enumerate(table.languages):
        groups.setdefault(tuple(x for x in langs.split(",") if x), []).append(j)
    members: dict[str, list[int]] = {}
    for langs, idx in groups.items():
        for lang in langs:
            members.setdefault(lang, []).extend(idx)
    means = {lang: matrix[idx].mean(axis=0) for lang, idx in members.items() if len(idx) >= MIN_LANGUAGE_WORDS}
    if not means:
        return {}, None
    per_word = np.zeros_like(matrix)
    for langs, idx in groups.items():
        known = [means[lang] for lang in langs if lang in means]
        if known:
            per_word[idx] = np.mean(known, axis=0)
    return means, per_word


def _unit(m: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(m, axis=-1, keepdims=True)
    return m / np.where(norms > 0, norms, 1.0)
