"""A release record from a loaded file: each field from the best evidence there is (the file's own
metadata, then its text, then its name), and the corpus's sources.csv for links, embargoes and audiences.

How the text itself is read (datelines, headline, organisation, language) is index.reading, which the
bot uses too.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from index.embargo import PRESS, EmbargoError, later, parse_audience, parse_embargo
from index.reading import (
    dates_in_line,
    detect_language,
    find_dates,
    iso_or_none,
    organisation_from_text,
    parse_date,
    strip_banner,
    title_from_text,
    valid_date,
)
from index.records import LoadedFile, Release, SkipFile

SOURCES_FILE = "sources.csv"


@dataclass(frozen=True)
class SourceRow:
    """What sources.csv says of one file, as written there."""

    url: str | None = None
    embargo: str | None = None
    audience: str | None = None

    @property
    def access(self) -> str:
        """The embargo and audience as one value: the manifest re-reads a file when it changes."""
        return f"{self.embargo or ''}|{self.audience or ''}" if self.embargo or self.audience else ""


def build_release(
    path: Path,
    corpus_root: Path,
    loaded: LoadedFile,
    sources: Mapping[str, str | SourceRow],
    *,
    name: str | None = None,
) -> Release:
    """Assemble a Release from a loaded file, filling each field from the best evidence available.

    `sources` maps file names to their sources.csv row (or, as before rows had columns, to a URL).
    `name`: what the release is known by when it is not its file's (a web page's URL).
    Raises SkipFile for an embargo or audience that cannot be honoured."""
    rel = name or _relative_path(path, corpus_root)
    # A web page's cached file is named by hashes; its URL's last segment is the label its author chose.
    label = Path(urlsplit(name).path.rstrip("/") or "page") if name else path
    text = loaded.text
    hints = loaded.hints
    row = source_row(rel, path.name, sources)
    embargo, audience = _access(hints, row)
    return Release(
        path=rel,
        text=text,
        content_hash=_release_id(text, embargo, audience),
        title=_hinted_title(hints) or title_from_text(text) or label.stem,
        date=_release_date(label, text, hints),
        organisation=_clean(hints.get("organisation")) or organisation_from_text(text),
        language=normalise_language(hints.get("language")) or detect_language(text),
        url=_clean(hints.get("url")) or row.url,
        embargo=embargo,
        audience=audience,
    )


def load_sources(corpus_root: Path) -> dict[str, str]:
    """The URLs of the optional sources.csv of a corpus folder (file -> url); {} if there is none."""
    return {name: row.url for name, row in load_source_rows(corpus_root).items() if row.url}


def load_source_rows(corpus_root: Path) -> dict[str, SourceRow]:
    """Read the optional sources.csv of a corpus folder: `file,url` rows, or columns named in a header
    row (file, url, embargo, audience); {} if there is none."""
    try:
        raw = (corpus_root / SOURCES_FILE).read_bytes()
    except OSError:
        return {}
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        content = raw.decode("cp1252", errors="replace")
    return dict(_source_rows(content))


def source_row(rel: str, name: str, sources: Mapping[str, str | SourceRow]) -> SourceRow:
    """The sources.csv row of a file, by its path in the corpus or its bare name (any case)."""
    found = _source_value(rel, name, sources)
    if found is None:
        return SourceRow()
    return found if isinstance(found, SourceRow) else SourceRow(url=found)


def _access(hints: Mapping[str, str], row: SourceRow) -> tuple[str | None, str | None]:
    """The embargo (UTC) and audience from the file's own metadata and its sources.csv row. Where both
    set one, the stricter holds: the later embargo, and press if either says press."""
    embargoes: list[str | None] = []
    audiences: list[str | None] = []
    for where, embargo, audience in (("", hints.get("embargo"), hints.get("audience")),
                                     (f"{SOURCES_FILE}: ", row.embargo, row.audience)):  # fmt: skip
        try:
            embargoes.append(parse_embargo(embargo) if _clean(embargo) else None)
            audiences.append(parse_audience(audience))
        except EmbargoError as exc:
            raise SkipFile(f"{where}{exc}") from None
    return later(*embargoes), PRESS if PRESS in audiences else None


def _release_id(text: str, embargo: str | None, audience: str | None) -> str:
    digest = hashlib.sha256(text.encode("utf-8"))
    if embargo or audience:
        # The same text under another embargo or audience is stored again: a change to sources.csv alone
        # takes effect at the next ingest. Releases with neither keep the id they always had.
        digest.update(f"\0embargo={embargo or ''}\0audience={audience or ''}".encode())
    return digest.hexdigest()


def normalise_language(value: object) -> str | None:
    """ "fr-FR", "fr_CA", "French", "français" -> "fr"; None if it doesn't look like a language."""
    if not isinstance(value, str) or not value.strip():
        return None
    names = {
        "english": "en", "anglais": "en", "french": "fr", "français": "fr", "francais": "fr",
        "german": "de", "deutsch": "de", "allemand": "de", "spanish": "es", "español": "es",
        "espanol": "es", "espagnol": "es",
    }  # fmt: skip
    code = value.strip().casefold()
    if code in names:
        return names[code]
    code = re.split(r"[-_]", code)[0]
    return code if re.fullmatch(r"[a-z]{2,3}", code) else None


def _relative_path(path: Path, corpus_root: Path) -> str:
    try:
        return path.resolve().relative_to(corpus_root.resolve()).as_posix()
    except (ValueError, OSError):
        return path.name


def _source_key(name: str) -> str:
    key = name.strip().replace("\\", "/")
    while key.startswith("./"):
        key = key[2:]
    return key


_FILE_COLUMNS = ("file", "filename", "file name", "path", "name", "fichier")
_COLUMNS = {"url": "url", "link": "url", "lien": "url", "embargo": "embargo", "audience": "audience"}


def _is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://", "www."))


def _header(row: list[str]) -> dict[str, int] | None:
    """The columns a header row names (file, url, embargo, audience), or None for a data row."""
    names = [cell.strip().casefold() for cell in row]
    if any(_is_url(cell) for cell in names) or not any(n in _COLUMNS or n in _FILE_COLUMNS for n in names):
        return None
    columns = {"file": next((i for i, n in enumerate(names) if n in _FILE_COLUMNS), 0)}
    for index, cell in enumerate(names):
        if cell in _COLUMNS:
            columns.setdefault(_COLUMNS[cell], index)
    return columns


def _source_rows(content: str) -> Iterator[tuple[str, SourceRow]]:
    first = content.lstrip().split("\n", 1)[0]
    # Spreadsheets saved in French locales separate with ";".
    delimiter = ";" if ";" in first and "," not in first else "\t" if "\t" in first else ","
    columns: dict[str, int] | None = None
    started = False
    try:
        for row in csv.reader(io.StringIO(content), delimiter=delimiter):
            if not any(cell.strip() for cell in row):
                continue
            if not started:
                started = True
                columns = _header(row)
                if columns is not None:
                    continue
            if columns is None:
                # No header: `file,url` rows, as sources.csv has always been read.
                if len(row) < 2:
                    continue
                name, url = _source_key(row[0]), row[1].strip()
                if name and _is_url(url):
                    yield name, SourceRow(url=url)
                continue
            cells = {key: row[i].strip() if i < len(row) else "" for key, i in columns.items()}
            name, url = _source_key(cells["file"]), cells.get("url", "")
            found = SourceRow(
                url=url if _is_url(url) else None,
                embargo=cells.get("embargo") or None,
                audience=cells.get("audience") or None,
            )
            if name and (found.url or found.embargo or found.audience):
                yield name, found
    except csv.Error:
        # A broken quote ends the readable part of the file; the rows before it still count.
        return


def _source_value(rel: str, name: str, sources: Mapping[str, str | SourceRow]) -> str | SourceRow | None:
    for key in (rel, name):
        if key in sources:
            return sources[key]
    folded = {_source_key(k).casefold(): v for k, v in sources.items()}
    return folded.get(rel.casefold()) or folded.get(name.casefold())


def _hinted_title(hints: Mapping[str, str]) -> str | None:
    """A document title that is only "Press release" or "Communiqué de presse – 14 mars 2024" names nothing."""
    title = _clean(hints.get("title"))
    if not title:
        return None
    rest = strip_banner(title)
    for start, end, _ in reversed(dates_in_line(rest)):
        rest = rest[:start] + rest[end:]
    return title if len(re.findall(r"[^\W\d_]{2,}", rest)) >= 2 else None


def _clean(value: str | None) -> str | None:
    if not value:
        return None
    value = re.sub(r"\s+", " ", value).strip()
    return value or None


def _release_date(path: Path, text: str, hints: Mapping[str, str]) -> str | None:
    hinted = _clean(hints.get("date"))
    if hinted:
        iso = iso_or_none(hinted) or parse_date(hinted)
        if iso:
            return iso
    found = find_dates(text)
    strong = next((f.iso for f in found if f.strong and f.top), None) or next((f.iso for f in found if f.strong), None)
    if strong:
        return strong
    # The file name is a deliberate label ("CP_2024-03-14_..."): better than a date in a sentence.
    named = _date_in_filename(path.stem)
    if named:
        return named
    weak = next((f.iso for f in found if f.top), None)
    if weak:
        return weak
    spelt = _spelt_date(text)
    if spelt:
        return spelt
    file_date = _clean(hints.get("file_date"))
    return (iso_or_none(file_date) or parse_date(file_date)) if file_date else None


_SPELT_YEAR = re.compile(r"\b(19|20)\d{2}\b")


def _spelt_date(text: str) -> str | None:
    """A full date near the top in a phrasing the dateline patterns do not know ("the 3rd of May 2024",
    "May the 3rd, 2024"), read by dateparser. Only when they found none: it costs 3 ms a release (0.3 s
    to load), against microseconds, and it also reads relative words ("today") that date nothing."""
    from dateparser.search import search_dates

    top = "\n".join(text.split("\n")[:_TOP_SPELT_LINES])[:2000]
    try:
        found = search_dates(top, languages=["en", "fr", "de", "es"], settings={"STRICT_PARSING": True}) or []
    except Exception:  # a parser bug on odd text must not lose the release
        return None
    for span, when in found:
        if _SPELT_YEAR.search(span):
            return valid_date(when.year, when.month, when.day)
    return None


_TOP_SPELT_LINES = 15


def _date_in_filename(stem: str) -> str | None:
    for match in re.finditer(r"(?<!\d)(\d{4})[-_.]?(\d{2})[-_.]?(\d{2})(?!\d)", stem):
        iso = valid_date(int(match[1]), int(match[2]), int(match[3]))
        if iso:
            return iso
    for match in re.finditer(r"(?<!\d)(\d{2})[-_.](\d{2})[-_.](\d{4})(?!\d)", stem):
        iso = valid_date(int(match[3]), int(match[2]), int(match[1]))
        if iso:
            return iso
    return None
