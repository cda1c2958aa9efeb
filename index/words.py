"""Question words, shared by the keyword index (they are not what a question is about) and the answer
features (they say what kind of answer is wanted)."""

from __future__ import annotations

# English and French: the keyword index's languages.
INTERROGATIVES_EN_FR = frozenset(
    [
        "who",
        "whom",
        "whose",
        "what",
        "which",
        "when",
        "where",
        "why",
        "how",
        "many",
        "much",
        "qui",
        "quoi",
        "quel",
        "quelle",
        "quels",
        "quelles",
        "quand",
        "où",
        "pourquoi",
        "comment",
        "combien",
        "lequel",
        "laquelle",
        "lesquels",
    ]
)
# With Spanish, German, Italian and Portuguese: the languages questions are read in.
INTERROGATIVES = INTERROGATIVES_EN_FR | frozenset(
    [
        "quién",
        "quiénes",
        "qué",
        "cuál",
        "cuáles",
        "cuándo",
        "dónde",
        "cómo",
        "cuánto",
        "cuántos",
        "cuántas",
        "wer",
        "wen",
        "wem",
        "wessen",
        "was",
        "welche",
        "welcher",
        "welches",
        "wann",
        "wo",
        "warum",
        "wie",
        "viele",
        "chi",
        "cosa",
        "quale",
        "quali",
        "quando",
        "dove",
        "perché",
        "come",
        "quanto",
        "quanti",
        "quem",
        "qual",
        "quais",
        "onde",
        "porque",
    ]
)
