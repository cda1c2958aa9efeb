"""What an ingest changed, for the report chat: releases added, updated and removed, and the figures that
moved from a campaign's previous release to its new one ("signatures: 31,000 → 38,750").

A campaign's previous release is the newest earlier release of the same organisation; figures are
compared by their unit (the word after them: "signatures", « communes »), the first of each in each text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from bot import i18n
from bot.claim_facts import Figure, figures
from bot.formatting import escape_text
from bot.types import ReleaseInfo

TextLookup = Callable[[Sequence[str]], dict[str, str]]
_MAX_LINES = 10
_MAX_FIGURES = 5


def _by_path(releases: Sequence[ReleaseInfo], paths: object) -> list[ReleaseInfo]:
    wanted = set(paths) if isinstance(paths, list | tuple | set) else set()
    return [r for r in releases if r.path in wanted]


def _units(text: str, language: str | None) -> dict[str, Figure]:
    found: dict[str, Figure] = {}
    for figure in figures(text, language):
        key = f"{figure.kind}:{figure.near[0]}" if figure.near else None
        if key is not None and key not in found:
            found[key] = figure
    return found


def figure_changes(new: ReleaseInfo, releases: Sequence[ReleaseInfo], texts: TextLookup, language: str) -> list[str]:
    """Lines "unit: old → new (title)" between `new` and its organisation's previous release."""
    if not new.organisation or not new.date:
        return []
    earlier = [
        r
        for r in releases
        if r.organisation == new.organisation and r.date and r.date < new.date and r.release_id != new.release_id
    ]
    if not earlier:
        return []
    previous = max(earlier, key=lambda r: r.date or "")
    both = texts([new.release_id, previous.release_id])
    now, then = (
        _units(both.get(new.release_id, ""), new.language),
        _units(both.get(previous.release_id, ""), previous.language),
    )
    lines = []
    for unit, figure in now.items():
        old = then.get(unit)
        if old is None or old.value == figure.value:
            continue
        lines.append(
            i18n.text(
                language,
                "report.figure",
                unit=unit.split(":", 1)[1],
                old=i18n.amount(old.value, language, percent=old.kind == "percent", currency=old.currency),
                new=i18n.amount(figure.value, language, percent=figure.kind == "percent", currency=figure.currency),
                title=new.title,
            )
        )
    return lines[:_MAX_FIGURES]


def change_report(
    summary: Mapping[str, object],
    before: Sequence[ReleaseInfo],
    after: Sequence[ReleaseInfo],
    texts: TextLookup,
    *,
    summary_line: str,
    language: str = "en",
) -> str | None:
    """Telegram HTML saying what changed, or None when nothing did."""
    added = _by_path(after, summary.get("added"))
    updated = _by_path(after, summary.get("updated"))
    removed = _by_path(before, summary.get("removed"))
    if not (added or updated or removed):
        return None
    lines = [f"<b>{escape_text(i18n.text(language, 'report.title', summary=summary_line))}</b>"]
    for key, group in (("report.added", added), ("report.updated", updated), ("report.removed", removed)):
        if group:
            lines.append(f"\n{escape_text(i18n.text(language, key))}:")
            lines += [f"• {escape_text(r.title)}" + (f" ({escape_text(r.date)})" if r.date else "") for r in group][
                :_MAX_LINES
            ]
    moved = [line for r in [*added, *updated] for line in figure_changes(r, after, texts, language)]
    if moved:
        lines.append(f"\n{escape_text(i18n.text(language, 'report.figures'))}:")
        lines += [f"• {escape_text(line)}" for line in moved]
    return "\n".join(lines)
