"""What a question says beyond its words: its language, and which point in time it is about.

The kind of answer it wants is read by bot.features.question_class, from its interrogative."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot import i18n
from index.reading import MONTHS, detect_language

_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_MONTH_YEAR = re.compile(rf"\b(?:(\d{{1,2}})(?:er)?\s+)?({_MONTH_RE})(?:\s+(\d{{4}}))?\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(19|20)\d{2}\b")

_LATEST = re.compile(
    r"\b(latest|most recent|newest|current(?:ly)?|now|today|still|so far|to date|"
    r"le plus récent|la plus récente|les plus récents|dernier|dernière|derniers|actuel(?:le)?|"
    r"aujourd'hui|toujours|à ce jour|jusqu'ici|au total)\b",
    re.IGNORECASE,
)
# Not "first": in most questions it is an ordinal ("the first woman to..."), not a point in time.
_EARLIEST = re.compile(r"\b(initial(?:ly)?|originally|at first|initialement|au départ|au début)\b", re.IGNORECASE)


@dataclass(frozen=True)
class TimeFocus:
    latest: bool = False
    earliest: bool = False
    year: int | None = None
    month: int | None = None
    day: int | None = None


@dataclass(frozen=True)
class QuestionInfo:
    text: str
    language: str
    time: TimeFocus


def time_focus(question: str) -> TimeFocus:
    year = month = day = None
    match = _MONTH_YEAR.search(question)
    if match and (match.group(3) or match.group(2).lower() != "may"):
        month = MONTHS[match.group(2).lower()]
        year = int(match.group(3)) if match.group(3) else None
        day = int(match.group(1)) if match.group(1) else None
    if year is None:
        ym = _YEAR.search(question)
        year = int(ym.group(0)) if ym else None
    return TimeFocus(
        latest=bool(_LATEST.search(question)),
        earliest=bool(_EARLIEST.search(question)),
        year=year,
        month=month,
        day=day,
    )


def analyse(question: str) -> QuestionInfo:
    # The answer is written in the question's language when the bot has a catalogue for it, else English.
    language = i18n.catalogues().language(detect_language(question))
    return QuestionInfo(
        text=question,
        language=language,
        time=time_focus(question),
    )


def date_parts(date: str | None) -> tuple[int, int]:
    if not date:
        return (0, 0)
    parts = [int(p) for p in date.split("-")[:2] if p.isdigit()]
    year, month = [*parts, 0, 0][:2]
    return (year, month)


def time_weight(date: str | None, focus: TimeFocus, known_dates: list[str]) -> float:
    """How well a release's date fits the question: a month it names, or the newest for "latest"."""
    year, month = date_parts(date)
    weight = 1.0
    if focus.year and year:
        # A release early the next year often reports on the year asked about ("the autumn 2023 term"),
        # so the year's own releases get only a small lead.
        if year == focus.year:
            weight *= 1.1
        elif not (year == focus.year + 1 and month and month <= 3):
            weight *= 0.85
    if focus.month and month:
        weight *= 1.25 if month == focus.month else 0.9
    if (focus.latest or focus.earliest) and date and known_dates:
        ordered = sorted(set(known_dates))
        position = ordered.index(date) / max(len(ordered) - 1, 1) if date in ordered else 0.5
        weight *= 1.0 + 0.3 * (position if focus.latest else 1.0 - position)
    return weight


_LETTERS = re.compile(r"[^\W\d_]+")
_NUMERIC_DATE = re.compile(r"\d{4}-\d{2}-\d{2}|\d/\d")


def may_name_a_date(text: str) -> bool:
    """A cheap test before the date patterns, which are slow (every month name in two languages is an
    alternative at every position) and find nothing in most sentences."""
    return any(w in MONTHS for w in _LETTERS.findall(text.lower())) or bool(_NUMERIC_DATE.search(text))
