"""What the bot says in words of its own, in the asker's language: one gettext catalogue (.po) per language
in bot/locales, read with Babel. Message ids are keys ("claim.supported"); English is the fallback for
a language without a catalogue and for a key a catalogue lacks.

Figures and dates are written the way the language writes them (Babel's CLDR data): 75 000 in French,
75,000 in English, ٧٥٬٠٠٠ is not used (Latin digits keep figures checkable against the quotes).
"""

from __future__ import annotations

import functools
import logging
from datetime import date
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from babel.messages.pofile import read_po
from babel.numbers import format_compact_decimal, format_decimal, get_currency_symbol

log = logging.getLogger(__name__)

LOCALES_DIR = Path(__file__).with_name("locales")
FALLBACK = "en"
# Languages written right to left: their answers get bidi isolation around quotes, figures and links.
RTL = frozenset({"ar", "he", "fa", "ur"})


# Unicode's first-strong isolate and its end, and the right-to-left mark: the bidi controls that keep a
# left-to-right quote, figure or link in order inside right-to-left text (UAX #9).
FSI, PDI, RLM = "\u2068", "\u2069", "\u200f"


def isolate(text: str) -> str:
    return text if text.startswith(FSI) else f"{FSI}{text}{PDI}"


def is_rtl(language: str | None) -> bool:
    return base_language(language) in RTL


def right_to_left(text: str, language: str | None) -> str:
    """Each line of `text` opened by a right-to-left mark when the language is written right to left, so
    that a line starting with a quote or a figure is still laid out from the right."""
    if not is_rtl(language):
        return text
    return "\n".join(f"{RLM}{line}" if line and not line.startswith(RLM) else line for line in text.split("\n"))


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
        if lang in RTL:
            # A quote, title, figure or date inside Arabic or Hebrew keeps its own direction and order.
            values = {k: isolate(v) if isinstance(v, str) and v and "\n" not in v else v for k, v in values.items()}
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


def long_date(year: int, month: int, day: int | None, language: str | None) -> str:
    """A date the way the language writes it; a month alone when the day is unknown."""
    locale = _locale(language)
    if day is None:
        return format_date(date(year, month, 1), format="LLLL y", locale=locale)
    return format_date(date(year, month, day), format="long", locale=locale)


def figure(value: float, language: str | None) -> str:
    """A figure as the language writes it: 75 000 / 75,000 / 75.000; 4.2 million stays 4,200,000."""
    lang = base_language(language)
    try:
        return format_decimal(value, locale=lang if lang in catalogues().languages() else FALLBACK)
    except Exception:  # an unknown locale name must not cost the answer
        return format_decimal(value, locale=FALLBACK)
