"""Plain text in any common encoding (UTF-8 with or without BOM, UTF-16, Windows-1252, Latin-1)."""

from __future__ import annotations

import codecs
from typing import TYPE_CHECKING

from index.records import LoadedFile, SkipFile

if TYPE_CHECKING:
    pass

# ---------------------------------------------------------------- plain text and encodings

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: its BOM starts the same way
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Characters a French, English, German or Spanish legacy text plausibly contains beyond ASCII. A
# Windows-1252 reading that stays inside this set is right; one that needs "ŕ" or "ð" is not.
_WESTERN = frozenset(
    "àâäáãçéèêëíìîïñóòôöõúùûüÿœæßÀÂÄÁÃÇÉÈÊËÍÌÎÏÑÓÒÔÖÕÚÙÛÜŸŒÆ’‘“”„«»‹›–—…•€£¥¢§°©®™·×±µ¿¡ªº½¼¾²³¹\u00a0\u202f\u2009"
)
_TEXT_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"


def decode_text(data: bytes) -> str:
    """Bytes of a text file as str; the encoding is detected, never assumed."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise SkipFile(f"undecodable text: starts with a {encoding} marker but is not {encoding}") from None
    utf16 = _sniff_utf16(data)
    if utf16:
        return utf16
    if _looks_binary(data):
        raise SkipFile("binary data, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):
        # UTF-8 with a few stray Windows-1252 bytes (a pasted "é"): read each stray byte as cp1252.
        return data.decode("utf-8", errors=_STRAY_BYTES)
    return _decode_legacy(data)


def _stray_bytes_as_cp1252(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    stray = error.object[error.start : error.end]
    return bytes(stray).decode("cp1252", errors="replace"), error.end


_STRAY_BYTES = "pressroom-stray-cp1252"
codecs.register_error(_STRAY_BYTES, _stray_bytes_as_cp1252)


def _mostly_utf8(data: bytes) -> bool:
    """True when real multi-byte UTF-8 characters outnumber the bytes that are not UTF-8."""
    text = data.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd")
    valid = sum(1 for c in text if ord(c) > 127) - invalid
    return valid > invalid


def _sniff_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: mostly-ASCII text has a NUL in every other byte."""
    if len(data) < 8 or len(data) % 2:
        return None
    half = len(data) // 2
    even, odd = data[0::2].count(0), data[1::2].count(0)
    encoding = "utf-16-le" if odd > 0.4 * half and even < 0.05 * half else None
    if even > 0.4 * half and odd < 0.05 * half:
        encoding = "utf-16-be"
    if encoding is None:
        return None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _looks_binary(data: bytes) -> bool:
    if b"\x00" in data:
        return True
    sample = data[: 1 << 20]
    controls = len(sample) - len(sample.translate(None, _TEXT_CONTROL_BYTES))
    return controls > 0.02 * len(sample)


def _western_share(text: str) -> float:
    extended = [c for c in text if ord(c) > 127]
    if not extended:
        return 1.0
    return sum(1 for c in extended if c in _WESTERN) / len(extended)


def _decode_legacy(data: bytes) -> str:
    """Not UTF-8: Windows-1252 when it reads as Western text, else what charset-normalizer finds."""
    try:
        cp1252 = data.decode("cp1252")
    except UnicodeDecodeError:
        cp1252 = None
    # charset-normalizer alone misreads short French cp1252 as cp1250 ("à" -> "ŕ"), hence cp1252 first.
    if cp1252 is not None and _western_share(cp1252) >= 0.98:
        return cp1252
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.chaos < 0.3:
        return str(best)
    raise SkipFile("undecodable text: could not tell its encoding")


def _load_txt(data: bytes) -> LoadedFile:
    return LoadedFile(text=decode_text(data))
