"""What every format loader shares: the finished text's shape, size limits, reasons, dates and links,
and authors read as organisations."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING

from index.reading import parse_date

if TYPE_CHECKING:
    pass

MIB = 1024 * 1024


# ---------------------------------------------------------------- entry point


def finish_text(text: str) -> str:
    """The shared clean-up: NFC, LF line ends, no trailing spaces, paragraphs one blank line apart."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = text.replace("\x0b", "\n").replace("\x0c", "\n\n")
    text = _CONTROL.sub("", text)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


# Control characters have no business in a release; NUL and friends come from broken exports.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufeff\ufffe]")


def too_large(size: int, max_bytes: int) -> str:
    limit = f"{max_bytes / MIB:.1f}".removesuffix(".0")
    return f"too large: {size / MIB:.1f} MB > {limit} MB limit"


def short_reason(exc: BaseException) -> str:
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return message if len(message) <= 100 else message[:97] + "..."


def paragraphs_to_text(paragraphs: Iterable[str]) -> str:
    return "\n\n".join(p.strip() for p in paragraphs if p.strip())


def iso_date(value: object) -> str | None:
    """A YAML/docx date, datetime or date string as YYYY-MM-DD."""
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    if isinstance(value, str) and value.strip():
        return parse_date(value)
    return None


def http_url(value: object) -> str | None:
    if isinstance(value, str) and re.match(r"https?://\S+$", value.strip()):
        return value.strip()
    return None


# ---------------------------------------------------------------- authors as organisations

_SOFTWARE_AUTHORS = {
    "python-docx", "administrator", "admin", "user", "owner", "author", "unknown", "microsoft office user",
    "windows user", "utilisateur", "utilisateur windows", "auteur", "root", "default", "anonymous",
}  # fmt: skip
_ORG_WORDS = re.compile(
    r"\b(?:alliance|collective|collectif|coalition|association|foundation|fondation|network|réseau|union|"
    r"syndicat|federation|fédération|campaign|campagne|trust|society|société|institute|institut|ligue|"
    r"league|council|conseil|committee|comité|ngo|ong|group|groupe|movement|mouvement|inc|ltd|llc|"
    r"gmbh|press|presse|media|médias|office|bureau|agency|agence|ministry|ministère|university|université|"
    r"centre|center|club|fund|fonds|lab|laboratoire|project|projet|initiative|team|équipe)\b",
    re.I,
)


def author_as_org(author: str | None) -> str | None:
    """An author field names the organisation only when it is not a person or a software default."""
    if not author:
        return None
    author = re.sub(r"\s+", " ", author).strip()
    if author.casefold() in _SOFTWARE_AUTHORS or "@" in author or not author[:1].isupper():
        return None
    words = author.split()
    if _ORG_WORDS.search(author) or len(words) >= 4 or re.fullmatch(r"[A-Z][A-Z0-9&]{1,9}", author):
        return author
    return None  # "Félix Marchand-Ouellet", "Jane Smith": people, not organisations


def real_title(title: object) -> bool:
    """Document titles are often left as "Microsoft Word - CP_final2.docx" or "Untitled"."""
    if not isinstance(title, str):
        return False
    title = title.strip()
    if len(title) < 4 or not re.search(r"[^\W\d_]{2}", title):
        return False
    if re.match(r"^(?:(?:untitled|sans titre|document\s*\d*)$|microsoft (?:word|powerpoint) -)", title, re.I):
        return False
    if re.search(r"\.(?:docx?|pdf|odt|rtf|txt|indd|pages|html?)$", title, re.I):
        return False
    return " " in title or not re.search(r"[_\d]", title)
