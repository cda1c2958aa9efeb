"""Citations: build them from passages, check every quote against the stored release text."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from bot import i18n
from bot.links import fragment_link
from bot.types import Answer, Citation, Passage

log = logging.getLogger("pressroom.citations")

_MARKER = re.compile(r"\[(\d+)\]")

MONTH_NAMES = {
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    "fr": [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
}


def human_date(date: str | None, language: str) -> str | None:
    """2024-01-23 -> "23 January 2024" / "23 janvier 2024" (what a reader and the press write)."""
    if not date:
        return None
    parts = date.split("-")
    try:
        year, month = int(parts[0]), int(parts[1])
        day = int(parts[2]) if len(parts) > 2 else None
    except (ValueError, IndexError):
        return date
    if not 1 <= month <= 12:
        return date
    language = i18n.catalogues().language(language)
    if language not in MONTH_NAMES:
        # Other languages as Babel writes them ("20 de junio de 2024", "20. Juni 2024", "20 يونيو 2024").
        return i18n.long_date(year, month, day, language)
    months = MONTH_NAMES[language]
    if day is None:
        return f"{months[month - 1]} {year}"
    shown_day = "1er" if language == "fr" and day == 1 else str(day)
    return f"{shown_day} {months[month - 1]} {year}"


def cite(n: int, passage: Passage, quote: str) -> Citation:
    return Citation(
        n=n,
        title=passage.title,
        organisation=passage.organisation,
        date=passage.date,
        source=passage.source,
        url=fragment_link(passage.url, quote),
        quote=quote,
        score=round(passage.score, 6),
        passage=passage.text,
        path=passage.path,
        release_id=passage.release_id,
    )


def renumber(text: str, mapping: dict[int, int]) -> str:
    """Rewrite [n] markers through `mapping`; markers not in it are removed."""

    def swap(match: re.Match[str]) -> str:
        new = mapping.get(int(match.group(1)))
        return f"[{new}]" if new else ""

    return re.sub(r"\s+([.,;:!?])", r"\1", _MARKER.sub(swap, text)).strip()


TextLookup = Callable[[Sequence[str]], dict[str, str]]


def verify_citations(answer: Answer, release_texts: TextLookup) -> Answer:
    """Drop every citation whose quote is not verbatim in its stored release; fix the markers."""
    if not answer.citations:
        return answer
    texts = release_texts([c.release_id for c in answer.citations if c.release_id])
    kept: list[Citation] = []
    mapping: dict[int, int] = {}
    for citation in answer.citations:
        text = texts.get(citation.release_id)
        if not citation.quote or text is None or citation.quote not in text:
            log.warning(
                "dropped citation [%d] of %s: quote not found in the release",
                citation.n,
                citation.path or citation.release_id,
            )
            continue
        mapping[citation.n] = len(kept) + 1
        kept.append(replace(citation, n=len(kept) + 1))
    if len(kept) == len(answer.citations):
        return answer
    return replace(answer, answer=renumber(answer.answer, mapping), citations=kept)
