"""What the bot says about the corpus itself: the /sources pages, example questions, /about."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from bot.formatting import escape_attribute, escape_text
from bot.telegram.texts import Lang, text
from bot.types import ReleaseInfo

SOURCES_PER_PAGE = 5
_MAX_TITLE = 120
_MAX_EXAMPLE_TITLE = 60


def _short(value: str, limit: int) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def newest_first(releases: Sequence[ReleaseInfo]) -> list[ReleaseInfo]:
    """Dated releases newest first (ISO dates sort as text), then undated ones, each group by title."""
    dated = sorted((r for r in releases if r.date), key=lambda r: r.title.casefold())
    dated.sort(key=lambda r: r.date or "", reverse=True)
    undated = sorted((r for r in releases if not r.date), key=lambda r: r.title.casefold())
    return dated + undated


def page_count(total: int) -> int:
    return max(1, math.ceil(total / SOURCES_PER_PAGE))


def _release_line(release: ReleaseInfo) -> str:
    title = escape_text(_short(release.title, _MAX_TITLE))
    parts = [f"<b>{escape_text(release.date)}</b>" if release.date else "—"]
    parts.append(f'<a href="{escape_attribute(release.url)}">{title}</a>' if release.url else title)
    if release.organisation:
        parts.append(escape_text(release.organisation))
    if not release.url:
        parts.append(f"<code>{escape_text(_short(release.path, _MAX_TITLE))}</code>")
    return " — ".join(parts)


def sources_page(releases: Sequence[ReleaseInfo], page: int, lang: Lang) -> tuple[str, int, int]:
    """(html, page actually shown, page count); the page is clamped because the corpus can shrink
    between the moment a button was drawn and the moment it is pressed."""
    if not releases:
        return text(lang, "sources_empty"), 0, 1
    ordered = newest_first(releases)
    pages = page_count(len(ordered))
    page = min(max(page, 0), pages - 1)
    shown = ordered[page * SOURCES_PER_PAGE : (page + 1) * SOURCES_PER_PAGE]
    header = text(lang, "sources_title", total=len(ordered), page=page + 1, pages=pages)
    return header + "\n\n" + "\n".join(_release_line(r) for r in shown), page, pages


def main_organisation(releases: Sequence[ReleaseInfo]) -> str | None:
    """The organisation most releases come from (ties broken alphabetically, for determinism)."""
    counts = Counter(r.organisation for r in releases if r.organisation)
    if not counts:
        return None
    return min(counts, key=lambda org: (-counts[org], org))


def example_questions(releases: Sequence[ReleaseInfo], lang: Lang, count: int = 3) -> list[str]:
    """Plain-text questions built from the newest releases' metadata, one per release."""
    examples: list[str] = []
    for release in newest_first(releases):
        title = _short(release.title, _MAX_EXAMPLE_TITLE)
        if release.organisation and release.date:
            question = text(lang, "example_org_date", org=release.organisation, date=release.date)
        elif release.organisation:
            question = text(lang, "example_org", org=release.organisation, title=title)
        else:
            question = text(lang, "example_title", title=title)
        if question not in examples:
            examples.append(question)
        if len(examples) == count:
            break
    return examples


def welcome(releases: Sequence[ReleaseInfo], lang: Lang) -> str:
    examples = example_questions(releases, lang)
    if not examples:
        return text(lang, "welcome_empty")
    org = main_organisation(releases) or text(lang, "the_organisation")
    listing = "\n".join(f"• {escape_text(example)}" for example in examples)
    return text(lang, "welcome", org=escape_text(org), examples=listing)


def about(releases: Sequence[ReleaseInfo], lang: Lang) -> str:
    organisations = sorted({r.organisation for r in releases if r.organisation})
    orgs = ""
    if organisations:
        shown = ", ".join(organisations[:5]) + (", …" if len(organisations) > 5 else "")
        orgs = text(lang, "about_orgs", orgs=escape_text(shown))
    return text(lang, "about", count=len(releases), orgs=orgs)
