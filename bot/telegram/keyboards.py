"""Inline keyboards and the callback data their buttons carry (at most 64 bytes each)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from telegram import CopyTextButton, InlineKeyboardButton, InlineKeyboardMarkup

from bot.telegram.texts import Lang, text
from bot.types import Citation

CITE_PATTERN = re.compile(r"^cite:([A-Za-z0-9_-]{1,16}):(\d{1,3})$")
VOTE_PATTERN = re.compile(r"^vote:([A-Za-z0-9_-]{1,16}):(up|down)$")
SOURCES_PATTERN = re.compile(r"^src:(\d{1,6})$")

_CITATIONS_PER_ROW = 3
# Telegram's limit for the text a copy button puts on the clipboard.
COPY_LIMIT = 256


@dataclass(frozen=True)
class CiteRequest:
    answer_id: str
    n: int


@dataclass(frozen=True)
class VoteRequest:
    answer_id: str
    vote: int  # +1 or -1


def parse_cite(data: str) -> CiteRequest | None:
    match = CITE_PATTERN.match(data)
    return CiteRequest(match[1], int(match[2])) if match else None


def parse_vote(data: str) -> VoteRequest | None:
    match = VOTE_PATTERN.match(data)
    return VoteRequest(match[1], 1 if match[2] == "up" else -1) if match else None


def parse_sources_page(data: str) -> int | None:
    match = SOURCES_PATTERN.match(data)
    return int(match[1]) if match else None


def copy_text(citation: Citation) -> str:
    """The quote with its citation, as a press officer pastes it: “quote” — Title, Org, date, link. Within
    Telegram's 256 characters for a copy button: the quote is shortened first, never the citation."""
    source = ", ".join(part for part in (citation.title, citation.organisation, citation.date) if part)
    link = f" {citation.url or citation.source}" if (citation.url or citation.source) else ""
    tail = f" — {source}{link}"
    if len(tail) > COPY_LIMIT - 40:
        tail = f" — {citation.url or citation.source or source}"[: COPY_LIMIT - 40]
    quote = " ".join(citation.quote.split())
    room = COPY_LIMIT - len(tail) - 2
    if len(quote) > room:
        quote = quote[: room - 1].rstrip() + "…"
    return f"“{quote}”{tail}"


def answer_keyboard(answer_id: str, citations: list[Citation], lang: Lang) -> InlineKeyboardMarkup:
    """One button per citation (reveals its passage), one that copies the first quote with its citation,
    then 👍/👎."""
    buttons = [
        InlineKeyboardButton(text(lang, "source_button", n=c.n), callback_data=f"cite:{answer_id}:{c.n}")
        for c in citations
    ]
    rows = [buttons[i : i + _CITATIONS_PER_ROW] for i in range(0, len(buttons), _CITATIONS_PER_ROW)]
    last = [
        InlineKeyboardButton("👍", callback_data=f"vote:{answer_id}:up"),
        InlineKeyboardButton("👎", callback_data=f"vote:{answer_id}:down"),
    ]
    if citations:
        copy = CopyTextButton(copy_text(citations[0]))
        last.insert(0, InlineKeyboardButton(text(lang, "copy_button"), copy_text=copy))
    rows.append(last)
    return InlineKeyboardMarkup(rows)


def sources_keyboard(page: int, pages: int, lang: Lang) -> InlineKeyboardMarkup | None:
    row = []
    if page > 0:
        row.append(InlineKeyboardButton(text(lang, "prev"), callback_data=f"src:{page - 1}"))
    if page < pages - 1:
        row.append(InlineKeyboardButton(text(lang, "next"), callback_data=f"src:{page + 1}"))
    return InlineKeyboardMarkup([row]) if row else None
