"""What the bot says in words of its own, in the asker's language: one gettext catalogue (.po) per language
in bot/locales, read with Babel. Message ids are keys ("claim.supported"); English is the fallback for
a language without a catalogue and for a key a catalogue lacks.

Figures and dates are written the way the language writes them (Babel's CLDR data): 75 000 in French,
75,000 in English, ٧٥٬٠٠٠ is not used (Latin digits keep figures checkable against the quotes).
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path

from babel import Locale
from babel.messages.pofile import read_po
from babel.numbers import format_compact_decimal, format_decimal, get_currency_symbol

log = logging.getLogger(__name__)

LOCALES_DIR = Path(__file__).with_name("locales")
FALLBACK = "en"
# Languages written right to left: their answers get bidi isolation around quotes, figures and links.
RTL = frozenset({"ar", "he", "fa", "ur"})


def base_language(code: str | None) -> str:
    """ "fr-CA" -> "fr"; None or "" -> the fallback."""
    return (code or FALLBACK).replace("_", "-").split("-")[0].lower() or FALLBACK


class Catalogues:
    """The .po files of one folder, each read once; safe to share between threads (read-only after load)."""

    def __init__(self, folder: Path = LOCALES_DIR) -> None:
        self._folder = folder

    @functools.cached_property
    def _messages(self) -> dict[str, dict[str, str]]:
        messages: dict[str, dict[str, str]] = {}
        for path in sorted(self._folder.glob("*.po")):
            with path.open("rb") as handle:
                catalog = read_po(handle, locale=path.stem)
            messages[path.stem] = {
                str(m.id): str(m.string) for m in catalog if m.id and isinstance(m.id, str) and m.string
            }
        return messages

    def languages(self) -> frozenset[str]:
        return frozenset(self._messages)

    def supports(self, language: str | None) -> bool:
        return base_language(language) in self._messages

    def language(self, code: str | None) -> str:
        """The catalogue a user with this language code gets: theirs, else the fallback."""
        lang = base_language(code)
        return lang if lang in self._messages else FALLBACK

    def text(self, language: str | None, key: str, **values: object) -> str:
        lang = self.language(language)
        template = self._messages.get(lang, {}).get(key) or self._messages.get(FALLBACK, {}).get(key)
        if template is None:
            raise KeyError(f"no message {key!r} in any catalogue")
        return template.format(**values)

    def has(self, language: str, key: str) -> bool:
        return key in self._messages.get(base_language(language), {})

    def keys(self, language: str) -> frozenset[str]:
        return frozenset(self._messages.get(base_language(language), {}))


@functools.cache
def catalogues() -> Catalogues:
    """The shipped catalogues (read on first use, not at import)."""
    return Catalogues()


def text(language: str | None, key: str, **values: object) -> str:
    return catalogues().text(language, key, **values)


def _locale(language: str | None) -> str:
    lang = base_language(language)
    return lang if lang in catalogues().languages() else FALLBACK


def amount(value: float, language: str | None, *, percent: bool = False, currency: str | None = None) -> str:
    """A figure of a claim or a release as the language writes it: "€45,000" / « 45 000 € », "£4.2
    million" / « 4,2 millions £ », "65%" / « 65 % »."""
    locale = _locale(language)
    if value >= 1_000_000 and value % 10_000 == 0:
        shown = format_compact_decimal(value, format_type="long", locale=locale, fraction_digits=1)
    else:
        shown = figure(value, locale)
    if percent:
        return format_decimal(value / 100, format="#,##0.##%", locale=locale)
    if currency:
        symbol = get_currency_symbol(currency, locale=locale)
        pattern = Locale.parse(locale).currency_formats["standard"].pattern
        return f"{symbol}{shown}" if pattern.lstrip().startswith("¤") else f"{shown}\u00a0{symbol}"
    return shown


def figure(value: float, language: str | None) -> str:
    """A figure as the language writes it: 75 000 / 75,000 / 75.000; 4.2 million stays 4,200,000."""
    lang = base_language(language)
    try:
        return format_decimal(value, locale=lang if lang in catalogues().languages() else FALLBACK)
    except Exception:  # an unknown locale name must not cost the answer
        return format_decimal(value, locale=FALLBACK)
