"""How an Answer is shown: Telegram HTML messages, an inline-mode card, and plain text for the terminal.

Telegram's HTML parse mode rejects a whole message over one stray `<` or `&`, so every piece of text that
comes from the corpus or from the user goes through `html.escape`, and long answers are cut only between
whole pieces of escaped text, never inside a tag or an entity.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from bot import i18n
from bot.types import Answer, Citation, ClaimVerdict, ReleaseInfo

# Telegram's limit for one message's text; it counts UTF-16 code units.
TELEGRAM_MESSAGE_LIMIT = 4096
# Titles and paths come from files on disk: a pathological one must not make a sources line unsendable.
_MAX_TITLE_CHARS = 200
_MAX_PATH_CHARS = 300
_INLINE_TITLE_CHARS = 100


def telegram_length(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units), so emoji and other astral characters count twice."""
    return len(text.encode("utf-16-le")) // 2


def escape_text(text: str) -> str:
    """Corpus or user text for Telegram HTML. Quotes are left alone outside attributes: escaping them
    would only make messages longer (an apostrophe becomes six characters)."""
    return html.escape(text, quote=False)


def escape_attribute(value: str) -> str:
    """A value for a double-quoted attribute, such as a link's href."""
    return html.escape(value, quote=True)


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] or text[: limit - 1]
    return cut + "…"


def _related_header(answer: Answer) -> str:
    return i18n.text(answer.language, "answer.related")


def _sources_header(language: str) -> str:
    return i18n.text(language, "answer.sources")


def _byline(organisation: str | None, date: str | None) -> str:
    """'Org, 2024-03-14' with whichever parts are known, or ''."""
    return ", ".join(part for part in (organisation, date) if part)


def _by_release(citations: Sequence[Citation]) -> list[list[Citation]]:
    """Citations grouped by release, in order of first mention: two quotes from one release list it once."""
    groups: dict[object, list[Citation]] = {}
    for c in citations:
        groups.setdefault(c.release_id or (c.title, c.source), []).append(c)
    return list(groups.values())


def _numbers(group: Sequence[Citation]) -> str:
    return "[" + ", ".join(str(c.n) for c in group) + "]"


def _iso(text: str, rtl: bool) -> str:
    return i18n.isolate(text) if rtl and text else text


def _citation_html(citation: Citation, numbers: str | None = None, *, rtl: bool = False) -> str:
    title = _iso(escape_text(_shorten(citation.title, _MAX_TITLE_CHARS)), rtl)
    head = f'<a href="{escape_attribute(citation.url)}">{title}</a>' if citation.url else title
    line = f"{numbers or f'[{citation.n}]'} {head}"
    byline = _byline(citation.organisation, citation.date)
    if byline:
        line += f" — {_iso(escape_text(byline), rtl)}"
    if not citation.url:
        # Without a link the reader still needs to know which file the quote is from.
        path = citation.path or citation.source
        if path:
            line += f" — <code>{escape_text(_shorten(path, _MAX_PATH_CHARS))}</code>"
    return line


def _release_html(release: ReleaseInfo, *, rtl: bool = False) -> str:
    title = _iso(escape_text(_shorten(release.title, _MAX_TITLE_CHARS)), rtl)
    line = f'• <a href="{escape_attribute(release.url)}">{title}</a>' if release.url else f"• {title}"
    byline = _byline(release.organisation, release.date)
    if byline:
        line += f" — {_iso(escape_text(byline), rtl)}"
    if not release.url and release.path:
        line += f" — <code>{escape_text(_shorten(release.path, _MAX_PATH_CHARS))}</code>"
    return line


def _fits(text: str, limit: int) -> bool:
    return telegram_length(escape_text(text)) <= limit


def _hard_cut(text: str, limit: int) -> list[str]:
    """Cut text with no usable whitespace so that each escaped piece fits."""
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for char in text:
        width = telegram_length(escape_text(char))
        if current and size + width > limit:
            pieces.append("".join(current))
            current, size = [], 0
        current.append(char)
        size += width
    if current:
        pieces.append("".join(current))
    return pieces


def _split_plain(text: str, limit: int, separators: Sequence[str] = ("\n", " ")) -> list[str]:
    """Plain-text pieces of `text` whose escaped form fits in `limit`, cut at the coarsest separator that
    works (lines, then words, then characters). Escaping happens after cutting, so no entity is split."""
    if _fits(text, limit):
        return [text]
    if not separators:
        return _hard_cut(text, limit)
    separator, finer = separators[0], separators[1:]
    pieces: list[str] = []
    current = ""
    for part in text.split(separator):
        for sub in _split_plain(part, limit, finer):
            candidate = f"{current}{separator}{sub}" if current else sub
            if _fits(candidate, limit):
                current = candidate
            else:
                if current:
                    pieces.append(current)
                current = sub
    if current:
        pieces.append(current)
    return [piece for piece in pieces if piece.strip()]


def _pack(blocks: Sequence[str], limit: int, joiner: str = "\n\n") -> list[str]:
    """Greedily join HTML blocks (each complete and within the limit) into as few messages as fit."""
    messages: list[str] = []
    current = ""
    for block in blocks:
        candidate = f"{current}{joiner}{block}" if current else block
        if telegram_length(candidate) <= limit:
            current = candidate
        else:
            if current:
                messages.append(current)
            current = block
    if current:
        messages.append(current)
    return messages


def _paragraph_blocks(text: str, limit: int, quotes: Sequence[str] = (), *, rtl: bool = False) -> list[str]:
    """Escaped paragraphs; a paragraph that holds one of `quotes` as written in the answer ("According to
    … : “quote” [1]") shows the quote in a blockquote, folded when long."""
    blocks: list[str] = []
    for paragraph in text.split("\n\n"):
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        quoted = next((q for q in quotes if q and q in paragraph), None)
        if quoted is not None:
            head, tail = paragraph.split(quoted, 1)
            inner = _unwrap(quoted)
            # Inside a right-to-left answer the quote stays one left-to-right piece, its marker after it.
            body = f"{i18n.RLM}{i18n.isolate(inner)} {tail.strip()}" if rtl else f"{inner} {tail.strip()}"
            block = (escape_text(head.strip()) + "\n" if head.strip() else "") + _quote_block(body.strip())
            if telegram_length(block) <= limit:
                blocks.append(block)
                continue
        blocks.extend(escape_text(piece.strip()) for piece in _split_plain(paragraph, limit))
    return blocks


def _unwrap(quoted: str) -> str:
    """The quote without the quotation marks the answer put around it (a blockquote says it is one)."""
    return quoted.strip().strip('“”«»„"').strip().strip("\u2068\u2069").strip('“”«»„"').strip()


def _list_blocks(header: str, lines: Sequence[str], limit: int) -> list[str]:
    """A header and its lines as one block when it fits, else as several blocks of whole lines."""
    return _pack([header, *lines], limit, joiner="\n")


def to_telegram_html(answer: Answer, *, limit: int = TELEGRAM_MESSAGE_LIMIT) -> list[str]:
    """The answer as Telegram HTML messages: the fact first, then numbered sources (or, for a refusal,
    the closest releases). Each message is within `limit` and cut only between paragraphs or lines."""
    rtl = i18n.is_rtl(answer.language)
    quotes = [i18n.text(answer.language, "answer.quote", quote=c.quote) for c in answer.citations]
    blocks = _paragraph_blocks(answer.answer, limit, quotes, rtl=rtl)
    if answer.citations:
        lines = [_citation_html(group[0], _numbers(group), rtl=rtl) for group in _by_release(answer.citations)]
        blocks.extend(_list_blocks(f"<b>{escape_text(_sources_header(answer.language))}</b>", lines, limit))
    if not answer.answered and answer.related:
        header = f"<b>{escape_text(_related_header(answer))}</b>"
        blocks.extend(_list_blocks(header, [_release_html(r, rtl=rtl) for r in answer.related], limit))
    # Right-to-left answers: every line laid out from the right, whatever it starts with.
    blocks = [i18n.right_to_left(block, answer.language) for block in blocks]
    return _pack(blocks, limit) or ["…"]


def _plain_line(title: str, organisation: str | None, date: str | None, source: str) -> str:
    parts = [title]
    byline = _byline(organisation, date)
    if byline:
        parts.append(byline)
    if source:
        parts.append(source)
    return " — ".join(parts)


def to_plain_text(answer: Answer) -> str:
    """The answer for a terminal: the text, a blank line, then the sources (or the related releases)."""
    return i18n.right_to_left(_plain_text(answer), answer.language)


def _plain_text(answer: Answer) -> str:
    sections = [answer.answer.strip()]
    if answer.citations:
        lines = [
            f"{_numbers(group)} " + _plain_line(group[0].title, group[0].organisation, group[0].date, group[0].source)
            for group in _by_release(answer.citations)
        ]
        sections.append(f"{_sources_header(answer.language)}:\n" + "\n".join(lines))
    if not answer.answered and answer.related:
        lines = [f"- {_plain_line(r.title, r.organisation, r.date, r.source)}" for r in answer.related]
        sections.append(f"{_related_header(answer)}:\n" + "\n".join(lines))
    return "\n\n".join(section for section in sections if section)


def inline_card(answer: Answer, *, limit: int = TELEGRAM_MESSAGE_LIMIT) -> tuple[str, str]:
    """(title, html) for an inline-mode result: a one-line title for the picker and a single message with
    the fact and its sources, the fact shortened if the whole would not fit in one message."""
    title = _shorten(answer.answer, _INLINE_TITLE_CHARS) or _shorten(answer.question, _INLINE_TITLE_CHARS)
    tail_lines = [_citation_html(c) for c in answer.citations]
    if not answer.answered and answer.related:
        tail_lines = [f"<b>{escape_text(_related_header(answer))}</b>"]
        tail_lines += [_release_html(r) for r in answer.related]
    tail = "\n".join(tail_lines)
    # Whatever of the sources does not fit is dropped whole; the fact always gets at least half.
    while tail and telegram_length(tail) > limit // 2:
        tail = tail.rsplit("\n", 1)[0] if "\n" in tail else ""
    room = limit - (telegram_length(tail) + 2 if tail else 0)
    text = " ".join(answer.answer.split())
    if not _fits(text, room):
        text = _split_plain(text, room - 1, (" ",))[0] + "…"
    body = escape_text(text)
    return title or "…", f"{body}\n\n{tail}" if tail else body


def passage_html(citation: Citation, *, limit: int = TELEGRAM_MESSAGE_LIMIT) -> str:
    """One message with a citation's source line and its whole passage (or the quote when the engine
    kept no passage), the passage shortened if it would not fit."""
    head = _citation_html(citation)
    passage = (citation.passage or citation.quote).strip()
    room = limit - telegram_length(head) - len("\n<blockquote></blockquote>")
    if not _fits(passage, room):
        passage = _split_plain(passage, room - 1)[0] + "…"
    return f"{head}\n<blockquote>{escape_text(passage)}</blockquote>" if passage else head


_VERDICT_MARK = {"supported": "✅", "contradicted": "❌", "not_found": "❔"}


def _claim_quotes(result: ClaimVerdict) -> list[tuple[int, str]]:
    return [(c.n, " ".join(c.quote.split())) for c in result.citations]


def claim_to_plain_text(result: ClaimVerdict) -> str:
    """A claim check for a terminal: the verdict and why, each deciding quote, then the sources."""
    sections = [f"{_VERDICT_MARK.get(result.verdict, '')} {result.explanation}".strip()]
    sections += [f"[{n}] “{quote}”" for n, quote in _claim_quotes(result)]
    if result.citations:
        lines = [
            f"{_numbers(group)} " + _plain_line(group[0].title, group[0].organisation, group[0].date, group[0].source)
            for group in _by_release(result.citations)
        ]
        sections.append(f"{_sources_header(result.language)}:\n" + "\n".join(lines))
    return "\n\n".join(sections)


def claim_to_telegram_html(result: ClaimVerdict, *, limit: int = TELEGRAM_MESSAGE_LIMIT) -> list[str]:
    """A claim check as Telegram HTML: the verdict, each deciding quote in a blockquote (expandable when
    long), then the numbered sources."""
    blocks = [escape_text(f"{_VERDICT_MARK.get(result.verdict, '')} {result.explanation}".strip())]
    room = limit - len("<blockquote expandable>[999] </blockquote>")
    for n, quote in _claim_quotes(result):
        if not _fits(quote, room):
            quote = _split_plain(quote, room - 1)[0] + "…"
        blocks.append(_quote_block(f"[{n}] {quote}"))
    if result.citations:
        lines = [_citation_html(group[0], _numbers(group)) for group in _by_release(result.citations)]
        blocks.extend(_list_blocks(f"<b>{escape_text(_sources_header(result.language))}</b>", lines, limit))
    return _pack(blocks, limit) or ["…"]


# A quote longer than this is shown folded (Telegram's expandable blockquote), so the verdict and the
# sources stay on screen.
_EXPANDABLE_CHARS = 300


def _quote_block(text: str) -> str:
    tag = "blockquote expandable" if len(text) > _EXPANDABLE_CHARS else "blockquote"
    return f"<{tag}>{escape_text(text)}</blockquote>"


def understood_html(question: str) -> str:
    """The line above a follow-up's answer that says how it was read."""
    return f"<i>↪ {escape_text(question)}</i>\n\n"


def understood_plain(question: str) -> str:
    return f"↪ {question}\n\n"


def split_html_lines(html_text: str, *, limit: int = TELEGRAM_MESSAGE_LIMIT) -> list[str]:
    """HTML made of whole lines (each complete in itself) cut into messages between lines."""
    return _pack(html_text.split("\n"), limit, joiner="\n") or ["…"]
