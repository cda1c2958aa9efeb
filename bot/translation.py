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
    def __init__(self, table: WordTable, embedder: Embedder, *, z: float = Z, top: int = TOP) -> None:
        self._table = table
        self._embedder = embedder
        self._z = z
        self._top = top
        self._languages = table.language_set
        # Converted once per generation: float16 halves the file, but numpy multiplies float32 far faster.
        self._matrix = table.vectors.astype(np.float32)
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
        """The question's translations, and the share of its words the corpus knows (see known_share)."""
        scores: dict[str, float] = {}
        translations = self.translate(question, language, scores=scores)
        confident = {
            w
            for w, others in translations
            if scores.get(w, 0.0) >= KNOWN_Z or any(cognates(w, fold(other)) for other, _ in others)
        }
        return translations, self.known_share(question, confident)

    def translate(self, question: str, language: str, *, scores: dict[str, float] | None = None) -> Translations:
        if not self._languages - {language}:
            return ()  # every release is in the question's language: no call, no cost
        # Names are not translated: a capitalised word after the first ("Kestermoor", "CMRH") would get
        # whatever word of the other language happens to lie nearest.
        names = words_of(" ".join(w for w in question.split()[1:] if w[:1].isupper()))
        words = sorted(w for w in words_of(question) if w not in names)
        if not words:
            return ()
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
        found = neighbours(
            self._table,
            vectors,
            list(known),
            language,
            z=self._z,
            top=self._top,
            table_vectors=self._matrix,
            scores=scores,
        )
        return tuple((w, tuple(found[w])) for w in words if w in found)
