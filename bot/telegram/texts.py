"""Everything the bot says on its own in Telegram (not the engine's answers), in the user's language.

The strings live in the gettext catalogues of bot/locales (keys "tg.*", "summary.*", "cmd.*"), read
through bot.i18n; a language without a catalogue gets English. Strings are Telegram HTML: literal `<`,
`>` and `&` must not appear, and every placeholder is filled with already-escaped text by the caller.
"""

from __future__ import annotations

from bot import i18n

# A catalogue's language code ("en", "fr", "es", …): what a user's Telegram language maps to.
Lang = str

SUMMARY_ORDER = (
    "added",
    "updated",
    "unchanged",
    "removed",
    "skipped",
    "chunks_embedded",
    "fetched",
    "not_modified",
    "failed",
)
# The public commands for setMyCommands, in menu order; admin commands stay unadvertised.
PUBLIC_COMMANDS = ("ask", "check", "sources", "about", "help", "start")
ADMIN_COMMANDS = ("digest", "stats", "reindex")


def language_of(language_code: str | None) -> Lang:
    """The catalogue for a Telegram language code (fr, fr-CA, pt-br, …), English when there is none."""
    return i18n.catalogues().language(language_code)


def languages() -> tuple[Lang, ...]:
    """Every language the bot speaks, English first."""
    return tuple(sorted(i18n.catalogues().languages(), key=lambda lang: (lang != i18n.FALLBACK, lang)))


def text(lang: Lang, key: str, **values: object) -> str:
    return i18n.text(lang, f"tg.{key}", **values)


def catalogue_keys(lang: Lang) -> set[str]:
    return {key[3:] for key in i18n.catalogues().keys(lang) if key.startswith("tg.")}


def summary_label(lang: Lang, key: str) -> str:
    if i18n.catalogues().has(lang, f"summary.{key}") or i18n.catalogues().has(i18n.FALLBACK, f"summary.{key}"):
        return i18n.text(lang, f"summary.{key}")
    return key.replace("_", " ")


def command_descriptions(lang: Lang, *, admin: bool = False) -> tuple[tuple[str, str], ...]:
    names = PUBLIC_COMMANDS + (ADMIN_COMMANDS if admin else ())
    return tuple((name, i18n.text(lang, f"cmd.{name}")) for name in names)
