"""What a question asks for: its language, the kind of answer, and which point in time it is about."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ingest.metadata import MONTHS, detect_language

AnswerKind = Literal["number", "person", "date", "place", "org", "other"]

_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_MONTH_YEAR = re.compile(rf"\b(?:(\d{{1,2}})(?:er)?\s+)?({_MONTH_RE})(?:\s+(\d{{4}}))?\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(19|20)\d{2}\b")

_LATEST = re.compile(
    r"\b(latest|most recent|newest|current(?:ly)?|now|today|still|so far|to date|"
    r"le plus récent|la plus récente|les plus récents|dernier|dernière|derniers|actuel(?:le)?|"
    r"aujourd'hui|toujours|à ce jour|jusqu'ici|au total)\b",
    re.IGNORECASE,
)
_EARLIEST = re.compile(r"\b(first|initial(?:ly)?|originally|premier|première|initialement)\b", re.IGNORECASE)

_KINDS: list[tuple[AnswerKind, re.Pattern[str]]] = [
    ("number", re.compile(
        r"\b(how many|how much|what (?:share|percentage|proportion|amount|number|sum)|by how (?:many|much)|"
        r"combien|quel(?:le)? (?:montant|somme|part|pourcentage|nombre|proportion)|à combien|"
        r"what (?:is|was) the (?:total|value|cost|price)|(?:value|count|number|amount|total|share|percentage) of|"
        r"(?:latest|most recent|current) (?:count|figure|total|value|number|tally)|"
        r"quel(?:le)? (?:est|était) (?:le|la) (?:montant|valeur|nombre|total|part|chiffre))\b", re.IGNORECASE)),
    ("date", re.compile(
        r"\b(when|what date|which date|by what date|on what date|what day|what year|"
        r"quand|quelle date|à partir de quelle date|depuis quand|quel jour|en quelle année|"
        r"avant quelle date|jusqu'à quand)\b", re.IGNORECASE)),
    ("person", re.compile(
        r"\b(who|whom|whose|qui|à qui|de qui|par qui|quel(?:le)? (?:chercheu\w*|élu\w*|avocat\w*|"
        r"porte-parole|président\w*|directeu\w*|retraité\w*|personne|responsable|militant\w*)|"
        r"which (?:researcher|lawyer|official|councillor|person|spokes\w*|member|chair\w*))\b",
        re.IGNORECASE)),
    ("org", re.compile(
        r"\b(what is the name|what was the name|quel est le nom|comment s'appelle|"
        r"which (?:firm|company|organi[sz]ation|group|fund|bank|investor|lab\w*|agency|charity|"
        r"investment firm|campaign)|quel(?:le)? (?:cabinet|entreprise|société|organisation|fonds|"
        r"laboratoire|association|collectif|banque|groupe))\b", re.IGNORECASE)),
    ("place", re.compile(r"\b(where|où|which (?:city|town|school|schools|place)|quelle ville|quel lieu)\b",
                         re.IGNORECASE)),
]


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
    kind: AnswerKind
    time: TimeFocus


def answer_kind(question: str) -> AnswerKind:
    for kind, pattern in _KINDS:
        if pattern.search(question):
            return kind
    return "other"


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
    language = detect_language(question)
    return QuestionInfo(
        text=question,
        language=language if language in ("fr", "en") else "en",
        kind=answer_kind(question),
        time=time_focus(question),
    )


def _date_parts(date: str | None) -> tuple[int, int]:
    if not date:
        return (0, 0)
    parts = [int(p) for p in date.split("-")[:2] if p.isdigit()]
    year, month = [*parts, 0, 0][:2]
    return (year, month)


def time_weight(date: str | None, focus: TimeFocus, known_dates: list[str]) -> float:
    """How well a release's date fits the question: a month it names, or the newest for "latest"."""
    year, month = _date_parts(date)
    weight = 1.0
    if focus.year and year:
        weight *= 1.25 if year == focus.year else 0.85
    if focus.month and month:
        weight *= 1.25 if month == focus.month else 0.9
    if (focus.latest or focus.earliest) and date and known_dates:
        ordered = sorted(set(known_dates))
        position = ordered.index(date) / max(len(ordered) - 1, 1) if date in ordered else 0.5
        weight *= 1.0 + 0.3 * (position if focus.latest else 1.0 - position)
    return weight


def sentence_dates(sentence: str) -> list[tuple[int | None, int]]:
    """(year or None, month) of each date a sentence names."""
    out: list[tuple[int | None, int]] = []
    for match in _MONTH_YEAR.finditer(sentence):
        if match.group(2).lower() == "may" and not (match.group(1) or match.group(3)):
            continue
        out.append((int(match.group(3)) if match.group(3) else None, MONTHS[match.group(2).lower()]))
    return out
