"""Format loaders: one corpus file in, clean text plus the metadata its format carries out.

Every loader returns text whose paragraphs are separated by exactly one blank line, because that is
what the chunker splits on and what quotes are checked against. Anything unusable becomes a SkipFile
with a reason an organiser understands; no other exception escapes for a bad file, so one broken file
never stops an ingest.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from index.records import LoadedFile, SkipFile
from ingest.loaders.common import finish_text, short_reason, too_large
from ingest.loaders.docx import _load_docx
from ingest.loaders.html import _load_html
from ingest.loaders.markdown import _load_md, front_matter, with_byline
from ingest.loaders.pdf import _load_pdf
from ingest.loaders.text import _load_txt

# Raised whenever a loader reads a file differently (the text or the hints it gives): a store ingested by
# older loaders then reads every file once more (ingest/manifest.py). 2: front matter bylines.
READER_VERSION = 2


def load_file(path: Path, *, max_bytes: int) -> LoadedFile:
    """Read one corpus file into clean text and hints; raise SkipFile(reason) if it cannot be used."""
    suffix = path.suffix.lower()
    loader = _LOADERS.get(suffix)
    if loader is None:
        raise SkipFile(_unsupported(suffix))
    data = _read_bytes(path, max_bytes)
    try:
        loaded = loader(data)
    except SkipFile:
        raise
    except Exception as exc:  # a library choking on a malformed file must not stop the whole ingest
        raise SkipFile(f"unreadable {suffix} file: {short_reason(exc)}") from exc
    text = finish_text(loaded.text)
    if not text:
        raise SkipFile("no text found")
    return LoadedFile(text=text, hints={k: v for k, v in loaded.hints.items() if v})


def _load_plain(data: bytes) -> LoadedFile:
    """Plain text; one that opens with Markdown's front matter (an embargo, a date) has it read too."""
    loaded = _load_txt(data)
    hints, rest = front_matter(loaded.text.replace("\r\n", "\n"))
    return with_byline(hints, rest) if hints else loaded


def _unsupported(suffix: str) -> str:
    if not suffix:
        return "unsupported format (no file extension)"
    if suffix == ".doc":
        return "unsupported format .doc (save it as .docx)"
    return f"unsupported format {suffix}"


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        if not path.exists():
            raise SkipFile("file not found")
        if not path.is_file():
            raise SkipFile("not a regular file")
        size = path.stat().st_size
        if size > max_bytes:
            raise SkipFile(too_large(size, max_bytes))
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except PermissionError:
        raise SkipFile("permission denied") from None
    except FileNotFoundError:
        raise SkipFile("file not found") from None
    except OSError as exc:
        raise SkipFile(f"unreadable: {exc.strerror or short_reason(exc)}") from None
    if len(data) > max_bytes:  # it grew while we looked at it
        raise SkipFile(too_large(len(data), max_bytes))
    if not data.strip():
        raise SkipFile("empty file")
    return data


_LOADERS: dict[str, Callable[[bytes], LoadedFile]] = {
    ".txt": _load_plain,
    ".text": _load_plain,
    ".md": _load_md,
    ".markdown": _load_md,
    ".html": _load_html,
    ".htm": _load_html,
    ".xhtml": _load_html,
    ".pdf": _load_pdf,
    ".docx": _load_docx,
}

SUPPORTED_SUFFIXES = frozenset(_LOADERS)
