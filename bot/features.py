"""What the answer selector knows about each candidate sentence: generic signals, no domain word lists.

Every candidate is a sentence of a retrieved passage. Its features say how close it is to the question
(dense similarity of the sentence and of its passage, relative to the other candidates so that they mean
the same for any embedding model), how much of the question's vocabulary it holds (IDF-weighted over the
candidates, stems and five-letter prefixes so that cognates match across languages), whether it holds an
answer of the kind the question's interrogative asks for (a figure, a year or date, an amount, a
percentage, a capitalised name the question does not already give, a quoted title), and where it sits.
The weights on these come from data (training/fit_selector.py), not from hand.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
import threading
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

import numpy as np
import Stemmer
from bm25s import stopwords as _stopwords

from bot.question import TimeFocus, date_parts, time_focus
from bot.types import Passage
from index.keyword_index import normalise_numbers
from index.reading import MONTHS, detect_language
from index.sentences import split_sentences
from index.words import INTERROGATIVES

# ---------------------------------------------------------------- languages

_STEMMER_NAMES = {
    "en": "english",
    "fr": "french",
    "es": "spanish",
    "de": "german",
    "it": "italian",
    "pt": "portuguese",
    "nl": "dutch",
}
_STOPWORDS = (
    frozenset(
        w
        for name in (
            "STOPWORDS_EN",
            "STOPWORDS_EN_PLUS",
            "STOPWORDS_FRENCH",
            "STOPWORDS_SPANISH",
            "STOPWORDS_GERMAN",
            "STOPWORDS_ITALIAN",
            "STOPWORDS_PORTUGUESE",
            "STOPWORDS_DUTCH",
        )
        for w in getattr(_stopwords, name)
    )
    | INTERROGATIVES
)
# Words are compared folded (accents dropped), so the French stop words are also listed folded: "été",
# "était", "déjà" were content words of every French question, that no answer sentence holds either.
_STOPWORDS |= frozenset(
    unicodedata.normalize("NFKD", w).encode("ascii", "ignore").decode() for w in _stopwords.STOPWORDS_FRENCH
)
STOPWORDS = _STOPWORDS  # for the training scripts (training/candidates.py)

# "day" asks for a date unless a noun follows it: "what day did...", "the day of the vote", but "the day job",
# "the day centre" are things. Only function words may follow it.
_DAY = (
    r"day(?!\s+(?!(?:of|when|on|in|at|for|did|does|do|was|is|were|will|would|has|had|have|the|a|an|this|that|"
    r"these|those|his|her|their|its|our|your|my|they|he|she|it|we|you|last|next)\b)[a-z])"
)
# Interrogatives and the answer they ask for, in the languages the bot is asked in. These are the
# languages' function words, not a vocabulary of any corpus.
QUESTION_CLASSES = ("person", "date", "number", "place", "reason", "manner", "entity", "yesno", "other")
_CLASS_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "number",
        re.compile(
            r"\b(how (?:many|much|long|old|far|large|big|tall|high|often)|what (?:percentage|percent|proportion|"
            r"share|number|amount|fraction)|combien|quel(?:le)?s? (?:est|était|sont) (?:le|la) (?:nombre|montant|"
            r"pourcentage|part|proportion)|quel(?:le)? (?:nombre|montant|pourcentage|proportion|part)|"
            r"cu[aá]nt[oa]s?|wie (?:viele?|lange|alt|hoch|gro[sß])|quant[iaeo]s?|"
            # Arabic and Hebrew: "how many / how much".
            r"كم|بكم|כמה)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "date",
        re.compile(
            rf"\b(when|what (?:year|date|{_DAY}|month|century|decade|time|period)|"
            rf"which (?:year|date|{_DAY}|month|century)|what(?: i|')s the (?:date|year|{_DAY})|"
            rf"what was the (?:date|year|{_DAY})|quel(?:le)? (?:est|était|fut) "
            r"(?:la date|l'année|l’année|le jour)|cu[aá]l (?:es|era|fue) (?:la fecha|el año|el día)|"
            r"in what (?:year|month)|quand|depuis quand|jusqu'à quand|(?:en|à) quelle (?:année|date|époque|période)|"
            r"متى|מתי|"
            r"quel(?:le)? (?:année|date|jour|mois|siècle)|en quel (?:mois|siècle|jour)|cu[aá]ndo|en qu[eé] "
            r"(?:año|fecha|mes|siglo)|wann|in welchem jahr|quando|em que ano|in che anno)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "person",
        re.compile(
            r"\b(who|whom|whose|qui|(?:à|a|par|de|pour|avec) qui|qui (?:est|était|sont|a|ont)|"
            r"qui(?:én|en)(?:es)?|wer|wem|wen|wessen|chi|quem|من|מי)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "place",
        re.compile(
            r"\b(where|whence|où|d'où|d[oó]nde|ad[oó]nde|wo|woher|wohin|dove|onde|أين|איפה|היכן)\b", re.IGNORECASE
        ),
    ),
    (
        "reason",
        re.compile(r"\b(why|pourquoi|por qu[eé]|warum|weshalb|perch[eé]|porque|لماذا|למה|מדוע)\b", re.IGNORECASE),
    ),
    ("manner", re.compile(r"\b(how|comment|c[oó]mo|wie|come|como|كيف|איך|כיצד)\b", re.IGNORECASE)),
    (
        "entity",
        re.compile(
            r"\b(what|which|quel(?:le)?s?|lequel|laquelle|lesquel(?:le)?s|que|quoi|qu'est-ce|qu[eé]|cu[aá]l(?:es)?|"
            r"was|welche[rsmn]?|cosa|quale|quali|qual|quais|ما|ماذا|מה)\b",
            re.IGNORECASE,
        ),
    ),
]
_YES_NO = re.compile(
    r"^\s*(?:did|does|do|has|have|had|is|are|was|were|will|would|can|could|should|est-ce que|est-ce qu['’]|"
    r"hat|ist|sind|war|wurde|kann|¿?(?:es|son|fue|ha|han|puede))\b",
    re.IGNORECASE,
)


# French "qui" is also the relative pronoun: "qu'est-ce qui a inspiré...", "quels châteaux ... qui les
# hantent" ask for a thing, not a person. It asks "who" only when no "what/which" interrogative comes first.
_CE_QUI = re.compile(r"(?:\bqu['’]est[- ]ce|(?<![-\w])ce) qui\b", re.IGNORECASE)
_FRENCH_WHICH = re.compile(r"\b(?:quel(?:le)?s?|lequel|laquelle|lesquel(?:le)?s|que|qu['’])", re.IGNORECASE)
_BARE_QUI = re.compile(r"\bqui\b", re.IGNORECASE)


def _relative_qui(question: str, match: re.Match[str]) -> bool:
    if match.group(0).lower() != "qui":
        return False
    return bool(_CE_QUI.search(question)) or bool(_FRENCH_WHICH.search(question, 0, match.start()))


# "Dans la campagne où ... quel retraité", "in the year when ... which group", "which union backed the
# tenants who...": a bare "where / when / who" right after a word opens a relative clause when the question
# has another interrogative. Measured on recorded retrieval with the shipped selector: `xquad-x` 251 -> 253,
# `squad2` 159 -> 160, `fr`, the development and team sets and the team's training releases unchanged.
_RELATIVE_WORD = re.compile(r"où|where|when|who|whom|quand|d[oó]nde|cu[aá]ndo|wo|dove|onde|quando", re.IGNORECASE)
_AFTER_WORD = re.compile(r"(?<![-'’])\b([^\W\d_]{3,})\s+$")
_PREPOSITIONS = frozenset("since from until till depuis par desde hasta seit bis von até".split())


def _relative_word(question: str, match: re.Match[str]) -> bool:
    if not _RELATIVE_WORD.fullmatch(match.group(0)):
        return False
    before = _AFTER_WORD.search(question, 0, match.start())
    return bool(before) and before.group(1).lower() not in _PREPOSITIONS


def question_class(question: str) -> str:
    if _YES_NO.match(question):
        return "yesno"
    for name, pattern in _CLASS_PATTERNS:
        found = pattern.search(question)
        if found and _relative_word(question, found):
            others = (p.search(question) for n, p in _CLASS_PATTERNS if n != name)
            if any(m is not None and not _relative_word(question, m) for m in others):
                continue
        if found and name == "person" and _relative_qui(question, found):
            # Only the relative pronoun matched: read the question on without it.
            if any(_BARE_QUI.fullmatch(m.group(0)) is None for m in pattern.finditer(question)):
                return name
            if _CE_QUI.search(question):
                return "entity"  # "qu'est-ce qui", "ce qui": what
            continue
        if found:
            return name
    return "other"


# ---------------------------------------------------------------- detectors

_WORD = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)
_YEAR = re.compile(r"(?<![\d.,])(1[0-9]|20)\d{2}(?!\d|[.,]\d)")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_MONTH_WORDS = frozenset(m for m in MONTHS if len(m) >= 3 and m != "may") | {"may"}
_PERCENT = re.compile(r"%|\b(?:per ?cent|pour ?cent|por ?ciento|prozent|per cento|por cento)\b", re.IGNORECASE)
_MONEY = re.compile(
    r"[€$£¥₹]|\b(?:euros?|dollars?|pounds?|francs?|pesos?|yen|yuan|rupees?|EUR|USD|GBP|CHF|CAD|"
    r"millions? d['’]euros|M€|k€|bn|billion|milliards?)\b",
    re.IGNORECASE,
)
_TIMELINE = re.compile(
    r"^\W{0,3}(?:\d{1,2}(?:er|st|nd|rd|th)?\.?\s+[^\W\d_]{3,}\.?(?:\s+\d{4})?|[^\W\d_]{3,}\.?\s+\d{1,2}(?:st|nd|rd|th)?"
    r"(?:,?\s+\d{4})?|\d{4}(?:-\d{2}){0,2}|[^\W\d_]{3,}\s+\d{4})\s*[:–—-]\s"
)
# Two or three capitalised words after a lowercase word that is not an article: how people are named
# mid-sentence ("led by engineer Paulo Ferreira", "a déclaré Marie Dupont"); organisations and places
# mostly come after an article ("the Hot Dinners Alliance") or hold "of".
_CAPITAL_RUN = re.compile(r"[A-ZÀ-ÖØ-Þ][\w’'-]*(?:\s+[A-ZÀ-ÖØ-Þ][\w’'-]*)+")
_ARTICLES = frozenset(
    "the a an la le les l un une des el los las una die der das den dem ein eine il lo gli o os as".split()
)
_OF = frozenset(["of", "de", "du", "des", "del", "della", "von", "van"])


def _person_like(text: str) -> int:
    found = 0
    for m in _CAPITAL_RUN.finditer(text):
        words = m.group(0).split()
        if not 2 <= len(words) <= 3 or any(w.isupper() and len(w) > 1 for w in words):
            continue
        before = text[: m.start()].split()
        after = text[m.end() :].split()
        if not before or not before[-1][:1].islower() or before[-1].lower() in _ARTICLES:
            continue
        if after and after[0].lower() in _OF:
            continue
        found += 1
    return found


_QUOTED = re.compile(r"[“«\"][^”»\"]{3,80}[”»\"]")
_CAPITAL = re.compile(r"(?<![\w’'-])[A-ZÀ-ÖØ-ÞĀ-Ž][\w’'-]*")
_NUMBER_WORDS = frozenset(
    [
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "hundred",
        "thousand",
        "million",
        "billion",
        "deux",
        "trois",
        "quatre",
        "cinq",
        "six",
        "sept",
        "huit",
        "neuf",
        "dix",
        "onze",
        "douze",
        "vingt",
        "trente",
        "quarante",
        "cinquante",
        "cent",
        "mille",
        "dos",
        "tres",
        "cuatro",
        "cinco",
        "seis",
        "siete",
        "ocho",
        "nueve",
        "diez",
        "veinte",
        "cien",
        "mil",
        "zwei",
        "drei",
        "vier",
        "fünf",
        "sechs",
        "sieben",
        "acht",
        "neun",
        "zehn",
        "hundert",
        "tausend",
    ]
)


# French and Italian elided articles and English possessives are not part of the word: "d’Arméon" is
# "Arméon" for every detector, "the Alliance's audit" holds "Alliance".
_ELISION = re.compile(r"\b(?:[ldjmntsc]|qu|jusqu|lorsqu|puisqu|dell|all|dall|nell|sull)['’](?=[^\W\d_])", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?<=[^\W\d_])['’]s\b")


# French questions invert the subject: in "a-t-il", "vivent-elles", "appelle-t-on", "est-ce" the verb is
# the word and the pronoun a stop word; kept whole, "a-t-il" was a question word no sentence holds. Only a
# pronoun that ends the hyphenated word is cut ("Saint-Jean-le-Blanc" keeps its "le").
_CLITIC = re.compile(r"(?<=[^\W\d_])-(?:t-)?(?:ils?|elles?|on|je|tu|nous|vous|ce)(?![\w-])", re.IGNORECASE)


def detach(text: str) -> str:
    if "-" in text:
        text = _CLITIC.sub("", text)
    if "'" not in text and "’" not in text:
        return text
    return _POSSESSIVE.sub("", _ELISION.sub(" ", text))


def fold(text: str) -> str:
    if text.isascii():
        return text.lower()
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


@dataclass(frozen=True)
class TextSignals:
    """What one sentence holds, independent of any question (kept per sentence across questions)."""

    stems: frozenset[str]
    prefixes: frozenset[str]
    words: tuple[str, ...]  # folded content words in order
    stem_seq: tuple[str, ...]  # their stems, in order
    numbers: frozenset[str]  # figures, number styles unified, years excluded
    years: frozenset[str]
    months: bool
    percent: bool
    money: bool
    quoted: bool
    capitals: frozenset[str]  # folded capitalised words not opening the sentence
    number_words: bool
    length: int  # words
    # Positions in `words` of what could answer: figures, years, month names, capitalised words.
    number_at: tuple[int, ...] = ()
    year_at: tuple[int, ...] = ()
    month_at: tuple[int, ...] = ()
    capital_at: tuple[int, ...] = ()
    timeline: bool = False  # opens on a date then a colon or dash: an entry of a dated list
    person_like: int = 0  # capitalised runs shaped like a person's name (see _PERSON_LIKE)
    # Positions in `words` of figures that are amounts, not the day of a date ("18 342 signatures", not
    # "20 June").
    quantity_at: tuple[int, ...] = ()


@functools.lru_cache(maxsize=65536)
def cognates(word: str, other: str) -> bool:
    """Folded words of two languages that share most of the first one's letters in one run: "divested"
    and « desinvestit », "peticion" and "petition", "municipalities" and « municipalites »; not "fined"
    and « financement », nor "color" and "region"."""
    if len(word) < 5 or len(other) < 4:
        return False
    match = SequenceMatcher(None, word, other, autojunk=False).find_longest_match(0, len(word), 0, len(other))
    return match.size >= max(4, math.ceil(0.6 * (len(word) - 2)))


def content_words(text: str) -> list[str]:
    """The folded words of `text` that are not stop words of any language read."""
    words = [fold(w) for w in _WORD.findall(normalise_numbers(detach(text)))]
    return [w for w in words if w not in _STOPWORDS and (len(w) > 1 or w.isdigit())]


class Lexicon:
    """Stemmers and stop words of several languages; thread-safe, with a bounded per-sentence cache."""

    _CACHE = 60_000

    def __init__(self) -> None:
        self._stemmers = {lang: Stemmer.Stemmer(name) for lang, name in _STEMMER_NAMES.items()}
        self._lock = threading.Lock()
        self._cache: dict[tuple[str, str], TextSignals] = {}

    def stem(self, words: Sequence[str], language: str | None) -> list[str]:
        stemmer = self._stemmers.get(language or "en", self._stemmers["en"])
        with self._lock:
            return stemmer.stemWords(list(words))

    def content_words(self, text: str) -> list[str]:
        return content_words(text)

    def signals(self, text: str, language: str | None) -> TextSignals:
        key = (text, language or "")
        found = self._cache.get(key)
        if found is not None:
            return found
        if len(self._cache) > self._CACHE:
            self._cache.clear()
        text = detach(text)
        normalised = normalise_numbers(text)
        # Read before the thousands separators go: "1,203 signatures" is a count, "1203" may be a year.
        years = frozenset(m.group(0) for m in _YEAR.finditer(text))
        raw = _WORD.findall(normalised)
        words: list[str] = []
        number_at: list[int] = []
        year_at: list[int] = []
        month_at: list[int] = []
        capital_at: list[int] = []
        for k, token in enumerate(raw):
            word = fold(token)
            if word in _STOPWORDS or (len(word) < 2 and not word.isdigit()):
                continue
            if word[0].isdigit():
                (year_at if word in years else number_at).append(len(words))
            elif word in _MONTH_WORDS:
                month_at.append(len(words))
            elif token[0].isupper() and k > 0:
                capital_at.append(len(words))
            words.append(word)
        numbers = frozenset(n for n in _NUMBER.findall(normalised) if n not in years)
        months_at = set(month_at)
        quantity_at = tuple(k for k in number_at if k - 1 not in months_at and k + 1 not in months_at)
        raw_words = _WORD.findall(text)
        capitals = frozenset(fold(m.group(0)) for m in _CAPITAL.finditer(text) if m.start() > 0) - _STOPWORDS
        folded = [fold(w) for w in raw_words]
        stem_seq = tuple(self.stem(words, language))
        found = TextSignals(
            stems=frozenset(stem_seq) | frozenset(numbers),
            stem_seq=stem_seq,
            prefixes=frozenset(w[:5] for w in words if len(w) >= 5 and not w[0].isdigit()),
            words=tuple(words),
            numbers=numbers,
            years=years,
            months=any(w in _MONTH_WORDS for w in folded),
            percent=bool(_PERCENT.search(text)),
            money=bool(_MONEY.search(text)),
            quoted=bool(_QUOTED.search(text)),
            capitals=capitals,
            number_words=any(w in _NUMBER_WORDS for w in folded),
            length=len(raw_words),
            number_at=tuple(number_at),
            year_at=tuple(year_at),
            month_at=tuple(month_at),
            capital_at=tuple(capital_at),
            timeline=bool(_TIMELINE.match(text)),
            person_like=_person_like(text),
            quantity_at=quantity_at,
        )
        self._cache[key] = found
        return found


# ---------------------------------------------------------------- candidates and features


@dataclass
class Candidate:
    passage: Passage
    quote: str
    start: int  # in passage.text
    end: int
    window_rank: int
    sentence_index: int  # in its passage
    similarity: float | None  # cosine to the question; None when the sentence has no vector here
    keyword: float
    fused: float
    signals: TextSignals
    features: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float32))
    probability: float = 0.0


@dataclass(frozen=True)
class QuestionSignals:
    text: str
    language: str
    kind: str
    terms: list[tuple[str, frozenset[str]]]  # (word, the stems/prefixes that count as finding it)
    capitals: frozenset[str]
    numbers: frozenset[str]
    years: frozenset[str]
    bigrams: frozenset[tuple[str, str]]
    time: TimeFocus = field(default_factory=TimeFocus)


def translations_of(passages: Sequence[Passage]) -> dict[str, tuple[tuple[str, str], ...]] | None:
    """The question's translated words that retrieval attached to its passages (the same on each)."""
    return dict(passages[0].translations) if passages else None


def question_signals(
    lexicon: Lexicon,
    question: str,
    language: str | None = None,
    translations: Mapping[str, Sequence[tuple[str, str]]] | None = None,
) -> QuestionSignals:
    """`translations`: the question's words as releases in other languages write them (bot/translation);
    a sentence holding a translation holds the word."""
    language = language or detect_language(question)
    words = lexicon.content_words(question)
    stems = lexicon.stem(words, language)
    terms: list[tuple[str, frozenset[str]]] = []
    seen: set[str] = set()
    for word, stem in zip(words, stems, strict=True):
        if word in seen:
            continue
        seen.add(word)
        forms = {stem, word}
        if len(word) >= 5 and not word[0].isdigit():
            forms.add("~" + word[:5])
        for other, other_language in (translations or {}).get(word, ()):
            forms |= {other, lexicon.stem([other], other_language)[0]}
            if len(other) >= 5:
                forms.add("~" + other[:5])
        terms.append((word, frozenset(forms)))
    sig = lexicon.signals(question, language)
    return QuestionSignals(
        text=question,
        language=language,
        kind=question_class(question),
        terms=terms,
        capitals=sig.capitals | frozenset(fold(w) for w in _CAPITAL.findall(detach(question))),
        numbers=sig.numbers,
        years=sig.years,
        bigrams=frozenset(itertools.pairwise(stems)),
        time=time_focus(question),
    )


def candidates(lexicon: Lexicon, passages: Sequence[Passage], *, min_chars: int = 12) -> list[Candidate]:
    out: list[Candidate] = []
    for rank, p in enumerate(passages):
        for index, (start, end) in enumerate(split_sentences(p.text)):
            quote = p.text[start:end].strip()
            if len(quote) < min_chars:
                continue
            overlapping = [h for h in p.hits if h.start < end and start < h.end]
            sims = [h.similarity for h in overlapping if h.similarity != 0.0]
            out.append(
                Candidate(
                    passage=p,
                    quote=quote,
                    start=start,
                    end=end,
                    window_rank=rank,
                    sentence_index=index,
                    similarity=max(sims) if sims else None,
                    keyword=max((h.keyword for h in overlapping), default=0.0),
                    fused=max((h.score for h in overlapping), default=0.0),
                    signals=lexicon.signals(quote, p.language),
                )
            )
    return out


def term_hit(forms: frozenset[str], sig: TextSignals, extra: frozenset[str]) -> bool:
    return bool(forms & sig.stems) or bool(forms & extra) or any(f[0] == "~" and f[1:] in sig.prefixes for f in forms)


def _type_fit(kind: str, row: np.ndarray) -> float:
    """The sentence holds something of the kind the question asks for (1), or not (0)."""

    def has(name: str) -> bool:
        return bool(row[_INDEX[name]])

    if kind == "number":
        return float(has("has_quantity") or has("has_money") or has("has_percent"))
    if kind == "date":
        return float(has("has_year") or has("has_month"))
    if kind == "person":
        return float(has("person_like") or row[_INDEX["new_capitals"]] >= math.log1p(2))
    if kind in ("place", "entity"):
        return float(has("new_capitals") or has("has_quantity") or has("has_year") or has("has_quoted"))
    return 1.0


def _word_hit(s: TextSignals, k: int, forms_list: list[frozenset[str]]) -> bool:
    if not 0 <= k < len(s.words):
        return False
    word = s.words[k]
    keys = {word, s.stem_seq[k], "~" + word[:5]} if len(word) >= 5 else {word, s.stem_seq[k]}
    return any(keys & forms for forms in forms_list)


def _items(kind: str, s: TextSignals, q: QuestionSignals) -> tuple[int, ...]:
    """Positions of the words that could be the answer to this kind of question, not given by it."""
    if kind == "number":
        return tuple(k for k in s.number_at if s.words[k] not in q.numbers)
    if kind == "date":
        return tuple(k for k in s.year_at + s.month_at if s.words[k] not in q.years)
    if kind in ("person", "place", "entity", "other"):
        return tuple(k for k in s.capital_at if s.words[k] not in q.capitals)
    return ()


def _anchors(s: TextSignals, forms_list: list[frozenset[str]]) -> list[int]:
    out = []
    for k, (word, stem) in enumerate(zip(s.words, s.stem_seq, strict=True)):
        prefix = "~" + word[:5] if len(word) >= 5 else ""
        if any(word in f or stem in f or prefix in f for f in forms_list):
            out.append(k)
    return out


def _nearness(items: tuple[int, ...], anchors: list[int]) -> float:
    """1 when an answer word stands next to a word of the question, falling to 0 six words away."""
    distance = min((abs(i - j) for i in items for j in anchors if i != j), default=99)
    return max(0.0, 1.0 - (distance - 1) / 5)


FEATURE_NAMES: list[str] = [
    "sim_gap",
    "sim_z",
    "sim_rank",
    "sim_missing",
    "win_gap",
    "win_z",
    "win_rank",
    "kw_rel",
    "kw_any",
    "fused_rel",
    "cover",
    "cover_win",
    "cover_best_gap",
    "cover_count",
    "bigrams",
    "missing_max_idf",
    "missing_release",
    "pool_missing",
    "cap_overlap",
    "num_overlap",
    "new_words",
    "length_log",
    "long",
    "window_rank_log",
    "sentence_index_log",
    "release_first",
    "paragraph_log",
    "release_rank_log",
    "cross_lingual",
    "has_number",
    "has_year",
    "has_month",
    "has_money",
    "has_percent",
    "new_capitals",
    "has_quoted",
    "near_item",
    "near_focus",
    "cover_exact",
    "cover_rel",
    "cover_rank",
    "neighbour_cover",
    "neighbour_sim_gap",
    "window_sim_best",
    "short",
    "timeline",
    "terms_log",
    "person_like",
    "sim_pool_z",
    "win_pool_z",
    "xl_cover",
    "xl_cover_win",
    "xl_kw_rel",
    "xl_cover_count",
    "xl_sim_z",
    "has_quantity",
    "unit_hit",
    "type_fit",
    "latest_x_newness",
    "earliest_x_newness",
    "year_fit",
    "month_fit",
    *(f"q_{c}" for c in QUESTION_CLASSES),
    *(
        f"{c}_x_{d}"
        for c, d in [
            ("person", "new_capitals"),
            ("person", "person_like"),
            ("entity", "person_like"),
            ("person", "near_item"),
            ("number", "near_item"),
            ("date", "near_item"),
            ("entity", "near_item"),
            ("place", "near_item"),
            ("number", "near_focus"),
            ("person", "near_focus"),
            ("place", "new_capitals"),
            ("entity", "new_capitals"),
            ("other", "new_capitals"),
            ("date", "has_year"),
            ("date", "has_month"),
            ("date", "has_number"),
            ("number", "has_number"),
            ("number", "has_money"),
            ("number", "has_percent"),
            ("number", "has_quantity"),
            ("number", "unit_hit"),
            ("entity", "has_quantity"),
            ("entity", "unit_hit"),
            ("number", "has_year"),
            ("person", "has_number"),
            ("entity", "has_number"),
            ("entity", "has_year"),
            ("place", "has_number"),
            ("yesno", "new_capitals"),
            ("reason", "cover"),
            ("manner", "cover"),
        ]
    ),
]
_INDEX = {name: i for i, name in enumerate(FEATURE_NAMES)}


def _class_interactions() -> dict[str, list[tuple[int, int]]]:
    """ "<class>_x_<detector>" holds the detector's value for questions of that class only: the (target,
    source) column pairs of each class, worked out once rather than for every candidate."""
    pairs: dict[str, list[tuple[int, int]]] = {}
    for name in FEATURE_NAMES:
        cls, _, detector = name.partition("_x_")
        if detector and cls in QUESTION_CLASSES:
            pairs.setdefault(cls, []).append((_INDEX[name], _INDEX[detector]))
    return pairs


_CLASS_INTERACTIONS = _class_interactions()


def featurise(q: QuestionSignals, cands: list[Candidate], *, as_other_language: bool = False) -> np.ndarray:
    """One row per candidate, FEATURE_NAMES columns; also stored on each candidate.

    `as_other_language` reads every candidate as if written in another language than the question: only
    names, figures and shared five-letter prefixes can match. The fitting script uses it to show the
    selector what a question asked across languages looks like, for which public data has no examples.
    """
    n = len(cands)
    x = np.zeros((n, len(FEATURE_NAMES)), dtype=np.float32)
    if not n:
        return x
    # Similarities are read against the question's baseline: its cosine to a sample of the corpus's
    # sentences (the retriever's), or else to the candidates. An embedding model's cosines sit in its own
    # range (e5 between 0.7 and 0.9, others far lower); only distances in units of its spread compare.
    sims = np.array([c.similarity if c.similarity is not None else np.nan for c in cands], dtype=np.float64)
    known = sims[~np.isnan(sims)]
    baseline = next((c.passage.baseline for c in cands if c.passage.baseline), None)
    if known.size:
        sims = np.where(np.isnan(sims), float(known.min()), sims)
        top = float(known.max())
        mean, spread = baseline if baseline else (float(known.mean()), max(float(known.std()), 1e-3))
    else:
        sims = np.zeros(n)
        spread, top, mean = 1.0, 0.0, 0.0
    # The same against the candidates themselves: in one organisation's releases every sentence is about
    # its campaigns, and standing out among them is what tells the answer.
    pool_mean = float(sims.mean())
    pool_spread = max(float(sims.std()), 1e-3, 0.25 * spread)
    order = (-sims).argsort(kind="stable")
    sim_rank = np.empty(n)
    sim_rank[order] = np.arange(n)
    wins = np.array([c.passage.similarity for c in cands], dtype=np.float64)
    unique_wins = np.array(sorted({(c.window_rank, c.passage.similarity) for c in cands}))[:, 1]
    wtop = float(unique_wins.max())
    if baseline:
        wmean, wspread = mean, spread
    else:
        wspread = max(float(unique_wins.std()), 1e-3) if unique_wins.size > 1 else spread
        wmean = float(unique_wins.mean())
    win_values = sorted(set(unique_wins.tolist()), reverse=True)
    win_rank = {v: i for i, v in enumerate(win_values)}
    best_kw = max(c.keyword for c in cands) or 1.0
    best_fused = max(c.fused for c in cands) or 1.0

    # IDF of each question word over the candidate sentences: words every candidate shares (the
    # article's subject) say little about which sentence answers.
    term_hits = np.zeros((n, len(q.terms)), dtype=bool)
    portable = [
        frozenset(f for f in forms if f[0] == "~" or word in q.capitals or word[0].isdigit()) for word, forms in q.terms
    ]
    for i, c in enumerate(cands):
        other = as_other_language or (bool(c.passage.language) and c.passage.language != q.language)
        for j, (word, forms) in enumerate(q.terms):
            if other and word[0].isdigit():
                term_hits[i, j] = word in c.signals.numbers or word in c.signals.years
                continue
            term_hits[i, j] = term_hit(
                portable[j] if other else forms, c.signals, c.signals.capitals if word in q.capitals else frozenset()
            )
    df = term_hits.sum(axis=0)
    idf = np.log((n + 1) / (df + 0.5)) + 0.1 if q.terms else np.zeros(0)
    total_idf = float(idf.sum()) or 1.0
    # Question words no candidate holds in any form ("the minister's dog"): the releases talk around the
    # question. A word that only a same-language sentence could hold is unknown, not absent, when some
    # candidates are in another language.
    has_other = as_other_language or any(bool(c.passage.language) and c.passage.language != q.language for c in cands)
    pool_missing = 0.0
    if q.terms:
        # Across languages only names and figures are known to be spelt alike.
        knowable = np.array(
            [not has_other or word in q.capitals or word[0].isdigit() for word, _ in q.terms], dtype=bool
        )
        absent = (df == 0) & knowable
        known_idf = float((idf * (knowable | (df > 0))).sum())
        pool_missing = float((idf * absent).sum()) / known_idf if known_idf else 0.0
    # The same per passage (window) and per release.
    by_window: dict[int, np.ndarray] = {}
    by_release: dict[str, np.ndarray] = {}
    for i, c in enumerate(cands):
        w = by_window.setdefault(c.window_rank, np.zeros(len(q.terms), dtype=bool))
        w |= term_hits[i]
        r = by_release.setdefault(c.passage.release_id, np.zeros(len(q.terms), dtype=bool))
        r |= term_hits[i]
    release_order: dict[str, int] = {}
    for c in cands:
        release_order.setdefault(c.passage.release_id, len(release_order))
    cover = (term_hits * idf).sum(axis=1) / total_idf if q.terms else np.zeros(n)
    best_cover = float(cover.max()) if n else 0.0
    q_stem_list = [forms for _, forms in q.terms]
    kind = q.kind
    cover_order = (-cover).argsort(kind="stable")
    cover_rank = np.empty(n)
    cover_rank[cover_order] = np.arange(n)
    window_best: dict[int, float] = {}
    for i, c in enumerate(cands):
        window_best[c.window_rank] = max(window_best.get(c.window_rank, -9.0), float(sims[i]))
    # The sentence before or after often names what the answer sentence only refers to ("He was born...").
    neighbour_cover = np.zeros(n)
    neighbour_sim = np.full(n, -9.0)
    for i in range(n):
        for j in (i - 1, i + 1):
            if 0 <= j < n and cands[j].window_rank == cands[i].window_rank:
                neighbour_cover[i] = max(neighbour_cover[i], cover[j])
                neighbour_sim[i] = max(neighbour_sim[i], sims[j])
    # Where the candidate's release stands among the pool's release dates (0 oldest, 1 newest): "latest"
    # questions want the newest release's figure, "initially" the oldest one's. Not a feature of its own:
    # fitted, a general preference for newer releases outweighed the names and figures a question gives
    # ("group 12"); without a time focus, bot.extractive prefers the newest among equal matches instead.
    dates = sorted({c.passage.date for c in cands if c.passage.date})
    newness = {d: k / (len(dates) - 1) for k, d in enumerate(dates)} if len(dates) > 1 else {}
    focus_forms = [forms for _, forms in q.terms[:2]]
    all_forms = [forms for _, forms in q.terms]
    exact_words = {word for word, _ in q.terms}
    for i, c in enumerate(cands):
        s = c.signals
        row = x[i]
        row[_INDEX["sim_gap"]] = (sims[i] - top) / spread
        row[_INDEX["sim_z"]] = (sims[i] - mean) / spread
        row[_INDEX["sim_rank"]] = math.log1p(sim_rank[i])
        row[_INDEX["sim_missing"]] = c.similarity is None
        row[_INDEX["win_gap"]] = (wins[i] - wtop) / wspread
        row[_INDEX["win_z"]] = (wins[i] - wmean) / wspread
        row[_INDEX["win_rank"]] = math.log1p(win_rank.get(float(wins[i]), len(win_values)))
        row[_INDEX["kw_rel"]] = c.keyword / best_kw
        row[_INDEX["kw_any"]] = c.keyword > 0
        row[_INDEX["fused_rel"]] = c.fused / best_fused
        row[_INDEX["cover"]] = cover[i]
        if q.terms:
            row[_INDEX["cover_win"]] = float((by_window[c.window_rank] * idf).sum()) / total_idf
            missing = ~term_hits[i]
            row[_INDEX["missing_max_idf"]] = float((idf * missing).max()) / max(float(idf.max()), 1e-6)
            absent = ~by_release[c.passage.release_id]
            row[_INDEX["missing_release"]] = float((idf * absent).sum()) / total_idf
        row[_INDEX["pool_missing"]] = pool_missing
        row[_INDEX["cover_best_gap"]] = cover[i] - best_cover
        row[_INDEX["cover_count"]] = math.log1p(float(term_hits[i].sum()))
        if q.bigrams:
            pairs = set(zip(s.stem_seq, s.stem_seq[1:], strict=False))
            row[_INDEX["bigrams"]] = len(q.bigrams & pairs) / len(q.bigrams)
        row[_INDEX["cap_overlap"]] = len(q.capitals & s.capitals) / len(q.capitals) if q.capitals else 0.0
        row[_INDEX["num_overlap"]] = (
            len((q.numbers | q.years) & (s.numbers | s.years)) / len(q.numbers | q.years)
            if (q.numbers or q.years)
            else 0.0
        )
        in_question = sum(1 for w in s.words if any(w in f for f in q_stem_list))
        row[_INDEX["new_words"]] = 1.0 - in_question / max(len(s.words), 1)
        row[_INDEX["length_log"]] = math.log1p(s.length)
        row[_INDEX["long"]] = max(0, s.length - 40) / 40
        row[_INDEX["window_rank_log"]] = math.log1p(c.window_rank)
        row[_INDEX["sentence_index_log"]] = math.log1p(c.sentence_index)
        row[_INDEX["release_first"]] = c.passage.start == 0 and c.sentence_index == 0
        row[_INDEX["paragraph_log"]] = math.log1p(c.passage.paragraph)
        row[_INDEX["release_rank_log"]] = math.log1p(release_order[c.passage.release_id])
        row[_INDEX["cross_lingual"]] = as_other_language or (
            bool(c.passage.language) and c.passage.language != q.language
        )
        new_numbers = bool(s.numbers - q.numbers) or s.number_words
        new_years = bool(s.years - q.years)
        new_caps = len(s.capitals - q.capitals)
        row[_INDEX["has_number"]] = new_numbers
        row[_INDEX["has_year"]] = new_years
        row[_INDEX["has_month"]] = s.months
        row[_INDEX["has_money"]] = s.money
        row[_INDEX["has_percent"]] = s.percent
        row[_INDEX["new_capitals"]] = math.log1p(new_caps)
        row[_INDEX["has_quoted"]] = s.quoted
        new_quantities = [k for k in s.quantity_at if s.words[k] not in q.numbers]
        row[_INDEX["has_quantity"]] = bool(new_quantities) or s.number_words
        # The figure counts what the question asks about: a question word right after it ("18 342
        # signatures", "3,2 millions d'euros" for "quel montant" does not, "how many signatures" does).
        row[_INDEX["unit_hit"]] = any(_word_hit(s, k + step, all_forms) for k in new_quantities for step in (1, 2))
        items = _items(kind, s, q)
        if items:
            row[_INDEX["near_item"]] = _nearness(items, _anchors(s, all_forms))
            row[_INDEX["near_focus"]] = _nearness(items, _anchors(s, focus_forms))
        if exact_words:
            row[_INDEX["cover_exact"]] = len(exact_words & set(s.words)) / len(exact_words)
        row[_INDEX["cover_rel"]] = cover[i] / best_cover if best_cover > 0 else 0.0
        row[_INDEX["cover_rank"]] = math.log1p(cover_rank[i])
        row[_INDEX["neighbour_cover"]] = neighbour_cover[i]
        row[_INDEX["neighbour_sim_gap"]] = (neighbour_sim[i] - top) / spread if neighbour_sim[i] > -9 else -5.0
        row[_INDEX["window_sim_best"]] = (sims[i] - window_best[c.window_rank]) / spread
        row[_INDEX["short"]] = s.length < 6
        row[_INDEX["timeline"]] = s.timeline
        row[_INDEX["terms_log"]] = math.log1p(len(q.terms))
        row[_INDEX["person_like"]] = math.log1p(s.person_like)
        row[_INDEX["sim_pool_z"]] = (sims[i] - pool_mean) / pool_spread
        row[_INDEX["win_pool_z"]] = (wins[i] - pool_mean) / pool_spread
        if row[_INDEX["cross_lingual"]]:
            # Words rarely match across languages: how much the lexical evidence counts there is its own.
            for name in ("cover", "cover_win", "kw_rel", "cover_count", "sim_z"):
                row[_INDEX[f"xl_{name}"]] = row[_INDEX[name]]
        row[_INDEX["type_fit"]] = _type_fit(kind, row)
        new = newness.get(c.passage.date or "", 0.5)
        row[_INDEX["latest_x_newness"]] = new if q.time.latest else 0.0
        row[_INDEX["earliest_x_newness"]] = new if q.time.earliest else 0.0
        year, month = date_parts(c.passage.date)
        if q.time.year and year:
            row[_INDEX["year_fit"]] = 1.0 if year == q.time.year else -1.0
        if q.time.month and month:
            same = month == q.time.month and (not q.time.year or year == q.time.year)
            row[_INDEX["month_fit"]] = 1.0 if same else -1.0
        row[_INDEX[f"q_{kind}"]] = 1.0
        for target, source in _CLASS_INTERACTIONS.get(kind, ()):
            row[target] = row[source]
        c.features = row
    return x
