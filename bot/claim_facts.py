"""The checkable facts of a sentence: its figures (with their kind and the words around them), its dates,
its names and whether it is negated. A claim's facts are compared with a release sentence's.

Figures written as words ("Nineteen municipalities", « seize mois ») are read with text2num, in the
languages it knows; figures with thousands separators, decimal commas and "million" / "millions d'euros"
are brought to one value, so that "£4.2 million", "4,2 millions de livres" and "4200000" compare equal.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass

from text_to_num import alpha2digit

from bot.features import content_words, fold
from index.keyword_index import normalise_numbers
from index.reading import MONTHS

TEXT2NUM_LANGUAGES = frozenset({"en", "fr", "es", "de", "it", "pt", "nl"})

_MULTIPLIERS: dict[str, float] = {
    "thousand": 1e3,
    "mille": 1e3,
    "mil": 1e3,
    "tausend": 1e3,
    "k": 1e3,
    "million": 1e6,
    "millions": 1e6,
    "millón": 1e6,
    "millones": 1e6,
    "millionen": 1e6,
    "mio": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "billions": 1e9,
    "bn": 1e9,
    "milliard": 1e9,
    "milliards": 1e9,
    "md": 1e9,
    "mrd": 1e9,
}
CURRENCY = r"[€$£¥₹]|\b(?:euros?|dollars?|pounds?|livres?(?: sterling)?|francs?|EUR|USD|GBP|CHF)\b"
_MONEY_AFTER = re.compile(rf"^\s*(?:(?:de |d['’]|of )?(?:{CURRENCY}))", re.IGNORECASE)
_MONEY_BEFORE = re.compile(rf"(?:{CURRENCY})\s*$", re.IGNORECASE)
_PERCENT_AFTER = re.compile(r"^\s*(?:%|per ?cent\b|pour ?cent\b|por ?ciento\b|prozent\b)", re.IGNORECASE)
# A figure: digits with an optional decimal part, once thousands separators are gone.
_FIGURE = re.compile(r"(?<![\w.,])(\d+(?:\.\d+)?)(?![\d])")
_YEAR = re.compile(r"(?<![\d.,])(?:1[89]|20)\d{2}(?!\d|[.,]\d)")
_MONTH_NAMES = "|".join(sorted((re.escape(m) for m in MONTHS if len(m) >= 3), key=len, reverse=True))
_DATE = re.compile(
    # "June 28, 2017" first: the other form would read "June" alone and leave 28 as a figure.
    rf"(?<!\w)({_MONTH_NAMES})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+((?:1[89]|20)\d{{2}})"
    rf"|(?<!\w)(?:(\d{{1,2}})(?:er|ᵉʳ|st|nd|rd|th)?\.?\s+(?:de\s+)?)?({_MONTH_NAMES})\b\.?,?(?:\s+(?:de\s+)?((?:1[89]|20)\d{{2}}))?",
    re.IGNORECASE,
)
_ISO_DATE = re.compile(r"(?<![\w/.-])((?:19|20)\d{2})-(\d{2})-(\d{2})(?!\d)")
# Hedges that make a figure approximate: "about 75,000", « près de 19 000 », "more than".
HEDGES = (
    r"about|around|almost|nearly|some|roughly|approximately|over|more than|at least|up to|close to|"
    r"environ|près de|presque|plus de|au moins|quelque|quelques|jusqu['’]à|"
    r"unos|unas|casi|más de|alrededor de|etwa|fast|über|mehr als|rund"
)
_HEDGE = re.compile(rf"\b(?:{HEDGES})\s*$", re.IGNORECASE)
_NEGATION = re.compile(
    r"\b(?:not|never|no|none|nobody|nothing|neither|nor|without|cannot|n['’]t|"
    r"ne|n['’]|pas|jamais|aucun|aucune|personne|rien|sans|ni|"
    r"nunca|ningún|ninguna|nadie|nada|sin|nicht|nie|niemals|kein|keine|keinen|keiner|ohne|"
    r"non|mai|nessuno|senza|nunca|nenhum|nenhuma|sem)\b",
    re.IGNORECASE,
)
_CAPITALISED = re.compile(
    r"(?<![\w’'-])[A-ZÀ-ÖØ-ÞĀ-Ž][\w’'-]*(?:\s+(?:(?:de|du|des|of|von|van|la|le)\s+)?[A-ZÀ-ÖØ-ÞĀ-Ž][\w’'-]*)*"
)
_WORDS = re.compile(r"[^\W\d_]+", re.UNICODE)


@dataclass(frozen=True)
class Figure:
    value: float
    kind: str  # "percent", "money" or "count"
    text: str  # as written
    approximate: bool  # "about", "more than", « plus de »…
    near: tuple[str, ...]  # folded content words right after it (its unit: "signatures", "communes")
    start: int = 0
    currency: str | None = None  # ISO code of an amount's currency, when it says


@dataclass(frozen=True)
class DateFact:
    year: int | None
    month: int | None
    day: int | None
    text: str
    # The year was not written but taken from the release's date ("9 October" in a 2023 release): good
    # enough to agree with a claim, not to contradict one.
    inferred_year: bool = False

    def within(self, other: DateFact) -> bool:
        """Every part this date gives is the other's ("March 2020" is within 28 March 2020)."""
        pairs = ((self.year, other.year), (self.month, other.month), (self.day, other.day))
        return all(mine is None or mine == theirs for mine, theirs in pairs) and any(
            mine is not None and theirs is not None for mine, theirs in pairs
        )

    def clashes(self, other: DateFact) -> bool:
        """Both give a part and it differs (2020 against 2019; March against June of the same year)."""
        if self.year is not None and other.year is not None and self.year != other.year:
            return not (self.inferred_year or other.inferred_year)
        if self.month is not None and other.month is not None and self.month != other.month:
            return self.year is None or other.year is None or self.year == other.year
        return False


@dataclass(frozen=True)
class Facts:
    figures: tuple[Figure, ...]
    dates: tuple[DateFact, ...]
    names: tuple[str, ...]  # capitalised runs, as written
    negated: bool


_SCALED = re.compile(
    r"(?<![\w.,])(\d+(?:[.,]\d+)?)\s*(" + "|".join(sorted(_MULTIPLIERS, key=len, reverse=True)) + r")\b(?!['’])",
    re.IGNORECASE,
)


def _scaled(match: re.Match[str]) -> str:
    value = float(match.group(1).replace(",", ".")) * _MULTIPLIERS[match.group(2).lower()]
    return f"{value:.0f}"


_ISO = {"€": "EUR", "euro": "EUR", "$": "USD", "dollar": "USD", "£": "GBP", "pound": "GBP", "livre": "GBP",
        "¥": "JPY", "₹": "INR", "franc": "CHF", "eur": "EUR", "usd": "USD", "gbp": "GBP", "chf": "CHF"}  # fmt: skip


def _iso_currency(written: str) -> str | None:
    word = written.strip().lower()
    return next((code for key, code in _ISO.items() if key in word), None)


def _digits(text: str, language: str | None) -> str:
    # "4,2 millions" before text2num, which would read "millions" alone as a number.
    text = _SCALED.sub(_scaled, text)
    if language in TEXT2NUM_LANGUAGES:
        # From two up: "two in three" is "2 in 3", while "un", "une", "one" stay words (in French they
        # are the article: « une pétition »). A library that raises on odd text must not cost the check.
        with contextlib.suppress(Exception):
            text = alpha2digit(text, language, threshold=2)
    return text


_CURRENCY_WORDS = re.compile(CURRENCY, re.IGNORECASE)


def _words_after(text: str, count: int = 2) -> tuple[str, ...]:
    """The unit of a figure: the content words right after it, without currency words or names ("$100
    million in AnyVision" has no unit; "23 615 signatures remises" has "signatures")."""
    text = _CURRENCY_WORDS.sub(" ", text[:80])
    # Up to the next figure: in "58 volunteers at the same 27 sites" the unit of 58 is "volunteers" only,
    # while "20 of the 27 sites" counts sites.
    head = re.match(r"\D*", text)
    if head and content_words(head.group(0)):
        text = head.group(0)
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", text) if not w[0].isupper()]
    return tuple(content_words(" ".join(words))[:count])


def figures(text: str, language: str | None) -> tuple[Figure, ...]:
    """Figures that are amounts, counts or percentages; years and the days of dates are left out."""
    text = _digits(text, language)
    date_spans = [m.span() for m in _DATE.finditer(text)] + [m.span() for m in _ISO_DATE.finditer(text)]
    years = {m.start() for m in _YEAR.finditer(text)}
    normalised, offsets = _normalise_with_offsets(text)
    found: list[Figure] = []
    for match in _FIGURE.finditer(normalised):
        start = offsets[match.start()]
        if start in years or any(a <= start < b for a, b in date_spans):
            continue
        value = float(match.group(1))
        after = normalised[match.end() :]
        before = normalised[: match.start()]
        currency = None
        money_after, money_before = _MONEY_AFTER.match(after), _MONEY_BEFORE.search(before[-6:])
        if _PERCENT_AFTER.match(after):
            kind = "percent"
        elif money_after or money_before:
            kind = "money"
            currency = _iso_currency((money_after or money_before).group(0))  # type: ignore[union-attr]
        else:
            kind = "count"
        found.append(
            Figure(
                value=value,
                kind=kind,
                text=match.group(0),
                approximate=bool(_HEDGE.search(before[-20:])),
                near=_words_after(after),
                start=start,
                currency=currency,
            )
        )
    return tuple(found)


def _normalise_with_offsets(text: str) -> tuple[str, list[int]]:
    """normalise_numbers, with the position in `text` of each character of the result."""
    pieces: list[str] = []
    offsets: list[int] = []
    position = 0
    for token in re.finditer(r"\d[\d\s.,  ]*\d|\d", text):
        pieces.append(text[position : token.start()])
        offsets.extend(range(position, token.start()))
        normalised = normalise_numbers(token.group(0))
        pieces.append(normalised)
        if len(normalised) == len(token.group(0)):
            offsets.extend(range(token.start(), token.end()))
        else:  # one grouped figure ("23 615" -> "23615"): all of it is where it starts
            offsets.extend([token.start()] * len(normalised))
        position = token.end()
    pieces.append(text[position:])
    offsets.extend(range(position, len(text)))
    offsets.append(len(text))
    return "".join(pieces), offsets


def dates(text: str) -> tuple[DateFact, ...]:
    found: list[DateFact] = []
    for match in _DATE.finditer(text):
        if match.group(1):
            month_word = match.group(1).lower()
            day, year = match.group(2), match.group(3)
        else:
            month_word = match.group(5).lower()
            day, year = match.group(4), match.group(6)
        if month_word == "may" and not (day or year):
            continue  # the verb, not the month
        if month_word in ("mar", "sept", "dec", "jan", "feb", "apr", "jun", "jul", "aug", "oct", "nov") and not (
            day or year
        ):
            continue
        written = match[0].rstrip(" ,.")
        found.append(DateFact(int(year) if year else None, MONTHS[month_word], int(day) if day else None, written))
    for match in _ISO_DATE.finditer(text):
        found.append(DateFact(int(match[1]), int(match[2]), int(match[3]), match[0]))
    covered = [m.span() for m in _DATE.finditer(text)] + [m.span() for m in _ISO_DATE.finditer(text)]
    for match in _YEAR.finditer(text):
        if not any(a <= match.start() < b for a, b in covered):
            found.append(DateFact(int(match[0]), None, None, match[0]))
    return tuple(found)


def names(text: str, language: str | None = None) -> tuple[str, ...]:
    """Capitalised runs that are not a function word or a month; the first word of the text counts
    ("Microsoft divested…"), unless it is a function word ("The petition…")."""
    found: list[str] = []
    for match in _CAPITALISED.finditer(text):
        words = [
            w
            for w in match.group(0).split()
            if content_words(w) and fold(w) not in MONTHS and not _digits(w, language).strip().isdigit()
        ]
        if words:
            found.append(" ".join(words))
    return tuple(found)


_ARTICLES = frozenset(
    "the a an la le les l un une des el los las una die der das den dem ein eine il lo gli o os as".split()
)
_OF = frozenset(["of", "de", "du", "des", "del", "della", "von", "van"])


def person_names(text: str, language: str | None = None) -> tuple[str, ...]:
    """Names shaped like a person's: two or three capitalised words after a lowercase word that is not an
    article ("led by Dr Femi Adeyinka", « déclare Benoît Carrère »), not followed by "of" (organisations
    and places mostly come after an article or hold "of")."""
    found: list[str] = []
    for name in names(text, language):
        words = name.split()
        if not 2 <= len(words) <= 4 or any(w.isupper() and len(w) > 1 for w in words):
            continue
        at = text.find(name)
        before = text[:at].split()
        after = text[at + len(name) :].split()
        if before and (not before[-1][:1].islower() or before[-1].lower() in _ARTICLES):
            continue
        if after and after[0].lower() in _OF:
            continue
        found.append(name)
    return tuple(found)


def negated(text: str) -> bool:
    return bool(_NEGATION.search(text))


def negation_positions(words: list[str]) -> list[int]:
    """Where in a list of folded words a negation stands."""
    # "n" is what is left of "n't" and « n' » once words are split on apostrophes.
    return [k for k, w in enumerate(words) if w == "n" or _NEGATION.fullmatch(w)]


def facts(text: str, language: str | None) -> Facts:
    return Facts(figures(text, language), dates(text), names(text, language), negated(text))


def same_value(claimed: Figure, stated: Figure) -> bool:
    """Whether the claim's figure is the one stated: equal, or equal to the claim's precision when
    either side hedges ("about 28,000" for 27,940; "more than 75,000" for « plus de 75 000 »)."""
    if claimed.kind != stated.kind and "count" not in (claimed.kind, stated.kind):
        return False
    a, b = claimed.value, stated.value
    if abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1.0):
        return True
    if claimed.approximate or stated.approximate:
        return abs(a - b) <= 0.05 * max(abs(a), abs(b))
    return False


def words_of(text: str) -> list[str]:
    return [fold(w) for w in _WORDS.findall(text)]
