"""A question's words as the releases in other languages write them, from the corpus's word table.

See index/word_table.py for why. The question's words that the table holds reuse their stored vectors;
the others are embedded in one call; a question in the language of every release costs nothing.
Measured on recorded retrieval with the selector of the time, before refitting: `xquad-x` 234 ->
245 of 300 answered right, the development set 26 -> 27 of 35, the team set 15 -> 16 of 20; the
single-language sets cannot change.
"""

from __future__ import annotations

import numpy as np

from index.embedding import Embedder
from index.word_table import WordTable, neighbours, surface_forms, words_of

Translations = tuple[tuple[str, tuple[tuple[str, str], ...]], ...]

# How far above a word's mean cosine to the vocabulary a translation must stand, in standard deviations,
# and how many are kept per word. Chosen on `xquad-x` and the development set together (z 3: 245 / 27;
# z 4: 245 / 27 and one team question fewer).
Z = 3.0
TOP = 2


class QuestionTranslator:
    def __init__(self, table: WordTable, embedder: Embedder, *, z: float = Z, top: int = TOP) -> None:
        self._table = table
        self._embedder = embedder
        self._z = z
        self._top = top
        self._languages = table.language_set

    @classmethod
    def for_table(cls, table: WordTable | None, embedder: Embedder) -> QuestionTranslator | None:
        """None when there is nothing to translate into, or the table is another model's."""
        if table is None or table.model != embedder.name or not len(table.words):
            return None
        return cls(table, embedder)

    def translate(self, question: str, language: str) -> Translations:
        if not self._languages - {language}:
            return ()  # every release is in the question's language: no call, no cost
        # Names are not translated: a capitalised word after the first ("Kestermoor", "CMRH") would get
        # whatever word of the other language happens to lie nearest.
        names = words_of(" ".join(w for w in question.split()[1:] if w[:1].isupper()))
        words = sorted(w for w in words_of(question) if w not in names)
        if not words:
            return ()
        known = {w: self._table.index(w) for w in words}
        missing = [w for w, i in known.items() if i is None]
        written = surface_forms(question)
        fresh = (
            dict(zip(missing, self._embedder.embed_passages([written.get(w, w) for w in missing]), strict=True))
            if missing
            else {}
        )
        vectors = np.asarray(
            [self._table.vectors[i] if i is not None else fresh[w] for w, i in known.items()], dtype=np.float32
        )
        found = neighbours(self._table, vectors, list(known), language, z=self._z, top=self._top)
        return tuple((w, tuple(found[w])) for w in words if w in found)
