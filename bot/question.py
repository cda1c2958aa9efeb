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
    (
        "number",
        re.compile(
            r"\b(how many|how much|what (?:share|percentage|proportion|amount|number|sum)|by how (?:many|much)|"
            r"combien|quel(?:le)? (?:montant|somme|part|pourcentage|nombre|proportion)|à combien|"
            r"what (?:is|was) the (?:total|value|cost|price)|(?:value|count|number|amount|total|share|percentage) of|"
            r"(?:latest|most recent|current) (?:count|figure|total|value|number|tally)|"
            r"quel(?:le)? (?:est|était) (?:le|la) (?:montant|valeur|nombre|total|part|chiffre))\b",
            re.IGNORECASE,
        ),
    ),
    (
        "date",
        re.compile(
            r"\b(when|what date|which date|by what date|on what date|what day|what year|"
            r"quand|quelle date|à partir de quelle date|depuis quand|quel jour|en quelle année|"
            r"avant quelle date|jusqu'à quand)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "person",
        re.compile(
            r"\b(who|whom|whose|qui|à qui|de qui|par qui|quel(?:le)? (?:chercheu\w*|élu\w*|avocat\w*|"
            r"porte-parole|président\w*|directeu\w*|retraité\w*|personne|responsable|militant\w*)|"
            r"which (?:researcher|lawyer|official|councillor|person|spokes\w*|member|chair\w*))\b",
            re.IGNORECASE,
        ),
    ),
    (
        "org",
        re.compile(
            r"\b(what is the name|what was the name|quel est le nom|comment s'appelle|"
            r"which (?:firm|company|organi[sz]ation|group|fund|bank|investor|lab\w*|agency|charity|"
            r"investment firm|campaign)|quel(?:le)? (?:cabinet|entreprise|société|organisation|fonds|"
            r"laboratoire|association|collectif|banque|groupe))\b",
            re.IGNORECASE,
        ),
    ),
    (
        "place",
        re.compile(
            r"\b(where|où|which (?:[\w'’-]+\s+){0,2}(?:city|cities|town|towns|school|schools|place|places|sites?|"
            r"countries|country|regions?|villages?|neighbourhoods?|districts?|streets?|hospitals?|stations?)|"
            r"quelle ville|quel lieu|quel(?:le)?s (?:écoles|villes|communes|sites|quartiers|gares|hôpitaux))\b",
            re.IGNORECASE,
        ),
    ),
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
    # What the answer is a count of, or the role of the person asked about ("signatures", "lawyer"):
    # the answer stands next to it in the sentence that holds it.
    focus: str = ""
    # The organisation the role belongs to ("the CEO of Trajecta Data" -> "Trajecta Data").
    focus_of: str = ""
    # "Did the council approve...?", "Est-ce que...": asks whether something happened.
    yes_no: bool = False


# "how many <unit>", "combien de <unit>"; "who is the <role>", "quel <role>".
_UNIT = re.compile(
    r"\b(?:how many|combien (?:de |d['’]))\s*((?:[^\W\d_][\w'’-]*\s+){0,2}[^\W\d_][\w'’-]*)", re.IGNORECASE
)
_ROLE = re.compile(
    r"\b(?:who (?:is|was|are|were) (?:the|their|its)|what is the name of the|"
    r"qui (?:est|était|sont) (?:le|la|les|l['’])|"
    r"comment s['’]appelle (?:le|la|l['’])|quel(?:le)?s?|which)\s*((?:[^\W\d_][\w'’-]*\s+){0,1}[^\W\d_][\w'’-]*)",
    re.IGNORECASE,
)
# Counts of these say nothing about what is counted.
_STOP = frozenset(
    ["la", "le", "les", "l", "de", "du", "des", "a", "an", "the", "qui", "que", "who", "which", "se", "s"]
)
_GENERIC = frozenset(
    ["people", "persons", "person", "times", "individuals", "personnes", "personne", "gens", "fois", "individus"]
)
_FOLLOWERS = re.compile(
    r"\s+(?:de|du|des|d['’]|of|for|in|at|did|does|do|has|have|had|is|are|was|were|will|would|can|could|a|ont|sont"
    r"|était|étaient|the|la|le|les|l['’]|a-t-il|a-t-elle|ont-ils|ont-elles|se|s['’])\b.*$",
    re.IGNORECASE,
)


_YES_NO = re.compile(
    r"\s*(?:did|does|do|has|have|had|is|are|was|were|will|would|can|could|est-ce que|est-ce qu['’])\b",
    re.IGNORECASE,
)


def role_organisation(question: str, role: str) -> str:
    """The capitalised name after "<role> of" / "<role> de" in the question, or ""."""
    match = re.search(
        rf"\b{re.escape(role)}\s+(?:of|at|de|du|des|d['’])\s+(?:the\s+|la\s+|le\s+|l['’])?"
        r"((?:[A-ZÀ-Ý][\w'’-]*\s*)+)",
        question,
    )
    return match.group(1).strip() if match else ""


def answer_focus(question: str, kind: AnswerKind) -> str:
    """The unit of a count or the role of a person the question asks for, or "" when there is none."""
    pattern = _UNIT if kind == "number" else _ROLE if kind == "person" else None
    match = pattern.search(question) if pattern else None
    if not match:
        return ""
    words = _FOLLOWERS.sub("", match.group(1)).split()
    # "how many volunteers visited schools": a past tense after the noun starts the rest of the question.
    verb = next((i for i, w in enumerate(words) if i > 0 and w.lower().endswith("ed")), len(words))
    words = words[:verb]
    # Names ("Kestermoor primary schools") say whose, not what is counted.
    words = [
        w
        for w in words
        if w.lower() not in _GENERIC and w.lower() not in _STOP and not (kind == "number" and w[0].isupper())
    ]
    return " ".join(words)


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
    kind = answer_kind(question)
    focus = answer_focus(question, kind)
    return QuestionInfo(
        text=question,
        language=language if language in ("fr", "en") else "en",
        kind=kind,
        time=time_focus(question),
        focus=focus,
        focus_of=role_organisation(question, focus) if kind == "person" and focus else "",
        yes_no=bool(_YES_NO.match(question)),
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


def sentence_dates(sentence: str) -> list[tuple[int | None, int]]:
    """(year or None, month) of each date a sentence names."""
    out: list[tuple[int | None, int]] = []
    if not may_name_a_date(sentence):
        return out
    for match in _MONTH_YEAR.finditer(sentence):
        if match.group(2).lower() == "may" and not (match.group(1) or match.group(3)):
            continue
        out.append((int(match.group(3)) if match.group(3) else None, MONTHS[match.group(2).lower()]))
    return out
