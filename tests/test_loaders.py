"""What a user notices about the loaders: the right text comes out of every format, and bad files are skipped
with a reason they understand instead of crashing the ingest."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from index.reading import title_from_text
from index.records import LoadedFile, SkipFile
from ingest import loaders
from ingest.loaders import html as html_loader
from ingest.loaders import load_file
from tests.fixtures_formats import ARTICLE_SENTENCES, CHROME_SENTENCES, INJECTION, html_page, write_docx, write_pdf

MAX = 5 * 1024 * 1024

FRENCH = (
    "COMMUNIQUÉ DE PRESSE – POUR DIFFUSION IMMÉDIATE\n"
    "\n"
    "Lyon, le 20 juin 2024\n"
    "\n"
    "Pétition remise à la caisse : 18\u00a0342 signatures pour sortir d’Arméon Industries\n"
    "\n"
    "« C’est un camouflet », déclare Maëlle Quéré, porte-parole de la coalition – à Lyon.\n"
)


def load(path: Path, data: bytes | str, encoding: str = "utf-8") -> LoadedFile:
    path.write_bytes(data.encode(encoding) if isinstance(data, str) else data)
    return load_file(path, max_bytes=MAX)


def skip_reason(path: Path, data: bytes | None = None, max_bytes: int = MAX) -> str:
    if data is not None:
        path.write_bytes(data)
    with pytest.raises(SkipFile) as caught:
        load_file(path, max_bytes=max_bytes)
    return caught.value.reason


def assert_clean(text: str) -> None:
    """The contract every loader keeps: paragraphs one blank line apart, no stray whitespace."""
    assert text == text.strip()
    assert "\n\n\n" not in text
    assert "\r" not in text
    assert not re.search(r"[ \t]\n", text)


# ---------------------------------------------------------------- plain text


@pytest.mark.parametrize(
    ("encoding", "newline"),
    [("utf-8", "\n"), ("utf-8-sig", "\n"), ("cp1252", "\r\n"), ("utf-16", "\r\n")],
)
def test_txt_encodings_come_out_as_written(tmp_path: Path, encoding: str, newline: str) -> None:
    loaded = load(tmp_path / "cp.txt", FRENCH.replace("\n", newline), encoding)
    assert loaded.text == FRENCH.strip()
    assert_clean(loaded.text)


def test_latin1_french_text_is_decoded(tmp_path: Path) -> None:
    text = "Café à l'été : la forêt, où Noël se fête. Déjà « très » bien, dit-elle.\n"
    assert load(tmp_path / "a.txt", text, "latin-1").text == text.strip()


def test_short_cp1252_text_is_not_misread_as_central_european(tmp_path: Path) -> None:
    # charset-normalizer alone reads this as cp1250 and turns "à" into "ŕ".
    text = "Café à l'été, l’œuvre « ici ».\r\nDeuxième ligne."
    assert load(tmp_path / "a.txt", text, "cp1252").text == "Café à l'été, l’œuvre « ici ».\nDeuxième ligne."


def test_utf8_with_stray_cp1252_bytes_keeps_both(tmp_path: Path) -> None:
    data = "Déjà publié l’été. ".encode() + b"Caf\xe9 cr\xe8me \x93ici\x94."
    assert load(tmp_path / "a.txt", data).text == "Déjà publié l’été. Café crème “ici”."


def test_txt_whitespace_is_normalised_but_characters_kept(tmp_path: Path) -> None:
    raw = "\n\n  Title   \r\rFirst line\u00a0: kept  \n  indented line\n\n\n\n\nSecond paragraph\t\n\n"
    text = load(tmp_path / "a.txt", raw).text
    assert text == "Title\n\nFirst line\u00a0: kept\n  indented line\n\nSecond paragraph"
    assert load(tmp_path / "a.txt", raw).hints == {}


# ---------------------------------------------------------------- Markdown

MARKDOWN = """---
title: "Vos applications vous suivent jusqu'à la clinique"
date: 2024-02-05
organization: Collectif Angle Mort
url: https://example.org/communiques/trajecta
lang: fr-CA
---

# Vos applications vous suivent jusqu'à la clinique

<!-- note interne : relire les chiffres -->
**Montréal, le 5 février 2024** – Le *Collectif* publie une [enquête](https://example.org/e "titre")
sur __Trajecta Data__ ![logo](logo.png) et ses `SDK`.

## Nos demandes

* que Trajecta cesse la vente ;
- que les développeurs retirent le SDK.

```
code affiché tel quel
```

---

Contact : 2\\*3 personnes_à_joindre
"""


def test_markdown_front_matter_becomes_hints(tmp_path: Path) -> None:
    hints = load(tmp_path / "r.md", MARKDOWN).hints
    assert hints == {
        "title": "Vos applications vous suivent jusqu'à la clinique",
        "date": "2024-02-05",
        "organisation": "Collectif Angle Mort",
        "url": "https://example.org/communiques/trajecta",
        "language": "fr",
    }


def test_markdown_body_reads_like_the_rendered_page(tmp_path: Path) -> None:
    text = load(tmp_path / "r.md", MARKDOWN).text
    assert text == (
        "Vos applications vous suivent jusqu'à la clinique\n\n"
        "Montréal, le 5 février 2024 – Le Collectif publie une enquête sur Trajecta Data et ses SDK.\n\n"
        "Nos demandes\n\n"
        "- que Trajecta cesse la vente ;\n"
        "- que les développeurs retirent le SDK.\n\n"
        "code affiché tel quel\n\n"
        "Contact : 2*3 personnes_à_joindre"
    )
    assert_clean(text)


def test_markdown_tables_numbered_lists_and_nested_emphasis_read_as_rendered(tmp_path: Path) -> None:
    page = (
        "Results of the *audit*:\n\n"
        "1. **14** stations *without* step-free access\n"
        "2. ***6*** with a lift out of order\n\n"
        "| Station | Lifts |\n| --- | ---: |\n| Lormeuil | 2 |\n| Vaucenne \\| Est | 0 |\n\n"
        "See [the full report](https://example.org/r) or <https://example.org/raw>.\n"
    )
    assert load(tmp_path / "t.md", page).text == (
        "Results of the audit:\n\n"
        "1. 14 stations without step-free access\n"
        "2. 6 with a lift out of order\n\n"
        "Station | Lifts\nLormeuil | 2\nVaucenne | Est | 0\n\n"
        "See the full report or https://example.org/raw."
    )


def test_the_front_matter_author_is_kept_as_the_byline(tmp_path: Path) -> None:
    # "Who is the director of the foundation?" is answered by the byline: it is content, not metadata.
    page = "---\ntitle: A milestone\nauthor: Ana Lindqvist, Foundation Director\n---\n\nWe passed a milestone today.\n"
    loaded = load(tmp_path / "m.md", page)
    assert loaded.text == "Ana Lindqvist, Foundation Director\n\nWe passed a milestone today."
    assert loaded.hints == {"title": "A milestone"}
    # Plain text with front matter too; a release that already names its author does not name it twice.
    two = "---\nauthors: [Ana Lindqvist, Tom Berg]\n---\nWe passed a milestone today.\n"
    assert load(tmp_path / "two.md", two).text == "Ana Lindqvist, Tom Berg\n\nWe passed a milestone today."
    signed = "---\nauthor: Ana Lindqvist\n---\nWe passed a milestone today, says Ana Lindqvist.\n"
    assert load(tmp_path / "s.txt", signed).text == "We passed a milestone today, says Ana Lindqvist."


def test_markdown_without_front_matter_and_bad_yaml(tmp_path: Path) -> None:
    assert load(tmp_path / "a.md", "Just *one* line.").text == "Just one line."
    loaded = load(tmp_path / "b.md", "---\ntitle: [unclosed\n---\nBody text.\n")
    assert loaded.text == "Body text."
    assert loaded.hints == {}


# ---------------------------------------------------------------- HTML


def test_html_keeps_the_article_and_drops_the_page_chrome(tmp_path: Path) -> None:
    text = load(tmp_path / "post.html", html_page()).text
    for sentence in ARTICLE_SENTENCES:
        assert sentence in text
    for chrome in CHROME_SENTENCES:
        assert chrome not in text, chrome
    # The headline, then the date as the page shows it (the only place it is stated, so answers can quote it).
    assert text.split("\n\n")[:2] == [
        "Petition with 14,212 signatures handed to Kestermoor council",
        "Posted on 23 January 2024",
    ]
    assert "About the Hot Dinners Alliance" in text
    assert_clean(text)


def test_html_hints_come_from_the_page_not_the_comments(tmp_path: Path) -> None:
    hints = load(tmp_path / "post.html", html_page()).hints
    assert hints == {
        "title": "Petition with 14,212 signatures handed to Kestermoor council",
        "date": "2024-01-23",  # the post's <time>, not a comment's (25 Jan) or a related post's
        "url": "https://www.hotdinners.example/news/petition-handed-in/",
        "organisation": "Hot Dinners Alliance",
        "language": "en",
    }


def test_html_saved_from_url_is_used_without_canonical(tmp_path: Path) -> None:
    canonical = '<link rel="canonical" href="https://www.hotdinners.example/news/petition-handed-in/">'
    page = html_page().replace(canonical, "")
    assert load(tmp_path / "post.htm", page).hints["url"] == (
        "https://www.hotdinners.example/news/2024/01/petition-handed-in/"
    )


def test_html_article_wins_when_the_extractor_keeps_chrome(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    leaky = ["Over 9,000 people have already signed. Add your name today.", *ARTICLE_SENTENCES]
    monkeypatch.setattr(html_loader, "_trafilatura_paragraphs", lambda tree: list(leaky))
    text = load(tmp_path / "post.html", html_page()).text
    assert "Over 9,000" not in text
    assert text.count("Posted on 23 January 2024") == 1
    for sentence in ARTICLE_SENTENCES:
        assert sentence in text


def test_a_dateline_around_a_time_element_is_kept_once_and_whole(tmp_path: Path) -> None:
    body = " ".join(ARTICLE_SENTENCES)
    page = (
        "<html lang='fr'><head><title>Bibliothèque sauvée</title></head><body><nav>Accueil Menu</nav>"
        "<article><h1>Bibliothèque sauvée : 412 000 euros collectés</h1>"
        "<p class='date-publication'>Communiqué publié le <time datetime='2023-09-26'>26 septembre 2023</time></p>"
        f"<p>{body}</p></article><footer>© 2025</footer></body></html>"
    )
    text = load(tmp_path / "page.html", page).text
    assert text.count("Communiqué publié le") == 1
    assert "Communiqué publié le 26 septembre 2023" in text


def test_html_without_article_element(tmp_path: Path) -> None:
    body = "".join(f"<p>{s} This sentence makes the paragraph long enough to count.</p>" for s in ARTICLE_SENTENCES)
    page = f"<html lang='fr'><head><title>Communiqué</title></head><body><nav>Accueil Menu</nav>{body}</body></html>"
    loaded = load(tmp_path / "plain.html", page)
    assert ARTICLE_SENTENCES[0] in loaded.text
    assert "Accueil Menu" not in loaded.text
    assert loaded.hints["language"] == "fr"


@pytest.mark.parametrize("declared", ["", "<meta charset='iso-8859-1'>", "<meta charset='windows-1252'>"])
def test_html_in_windows_1252(tmp_path: Path, declared: str) -> None:
    sentence = "Les élèves à l’école ont été très contents de la décision prise par le conseil, à Lyon."
    page = f"<html><head>{declared}</head><body><h1>Communiqué</h1>{f'<p>{sentence}</p>' * 3}</body></html>"
    assert sentence in load(tmp_path / "p.html", page, "cp1252").text


# ---------------------------------------------------------------- PDF

HEADER = ["KESTERMOOR HOT DINNERS ALLIANCE", "Campaigning for hot school meals · www.hotdinners.example"]
PAGE_1 = [
    "PRESS RELEASE",
    "KESTERMOOR, 12 September 2023",
    "Nineteen primary schools have no kitchen, parents",
    "find in first audit",
    "A parent-led audit published today reveals that 19 of the 46 primary schools in",
    "Kestermoor have no on-site kitchen. Pupils eat meals cooked at a central unit and re-",
    "heated on arrival.",
    "The audit was coordinated by Ruth Abernethy, a parent volunteer who visited every",
]
PAGE_2 = [
    "school between April and July.",
    "« Chaque enfant mérite un repas chaud », said Priya Lindqvist, coordinator of the",
    "Alliance.",
    "About the Hot Dinners Alliance",
    "The Kestermoor Hot Dinners Alliance is a coalition of parents founded in 2021.",
]
PDF_PARAGRAPHS = [
    "PRESS RELEASE",
    "KESTERMOOR, 12 September 2023",
    "Nineteen primary schools have no kitchen, parents find in first audit",
    "A parent-led audit published today reveals that 19 of the 46 primary schools in Kestermoor have no "
    "on-site kitchen. Pupils eat meals cooked at a central unit and reheated on arrival.",
    "The audit was coordinated by Ruth Abernethy, a parent volunteer who visited every school between April and July.",
    "« Chaque enfant mérite un repas chaud », said Priya Lindqvist, coordinator of the Alliance.",
    "About the Hot Dinners Alliance",
    "The Kestermoor Hot Dinners Alliance is a coalition of parents founded in 2021.",
]


def test_pdf_running_header_footer_and_page_numbers_are_removed(tmp_path: Path) -> None:
    pages = [[*HEADER, *PAGE_1, "Page 1 of 2"], [*HEADER, *PAGE_2, "Page 2 of 2"]]
    loaded = load_file(write_pdf(tmp_path / "r.pdf", pages), max_bytes=MAX)
    assert loaded.text == "\n\n".join(PDF_PARAGRAPHS)
    assert "KESTERMOOR HOT DINNERS ALLIANCE" not in loaded.text
    assert "Page" not in loaded.text
    assert_clean(loaded.text)


def test_pdf_paragraph_spacing_is_used_when_the_layout_has_it(tmp_path: Path) -> None:
    # Same release, but laid out with space between paragraphs and no cue in line lengths.
    page = ["PRESS RELEASE", "", "The audit found that 19 of the 46 primary schools in Kestermoor have no kitchen",
            "and rely on reheated meals.", "", "Parents launched a petition for free school meals for every child in",
            "Kestermoor on the same day.", "", "Media contact: Owen Pryce"]  # fmt: skip
    text = load_file(write_pdf(tmp_path / "r.pdf", [page], paragraph_gap=10), max_bytes=MAX).text
    assert text.split("\n\n") == [
        "PRESS RELEASE",
        "The audit found that 19 of the 46 primary schools in Kestermoor have no kitchen and rely on reheated meals.",
        "Parents launched a petition for free school meals for every child in Kestermoor on the same day.",
        "Media contact: Owen Pryce",
    ]


def test_a_pdf_drawn_from_the_bottom_up_reads_top_down(tmp_path: Path) -> None:
    lines = [
        "Petition reaches 12,400 signatures",
        "",
        "LORMEUIL, 12 March 2024 - The Friends of the line said today that their petition has grown.",
        "",
        "Contact: press@example.org",
    ]
    path = write_pdf(tmp_path / "hand-made.pdf", [lines], leading=16, bottom_up=True)
    text = load_file(path, max_bytes=MAX).text
    assert text.startswith("Petition reaches 12,400 signatures")
    assert text.index("LORMEUIL") < text.index("Contact:")
    assert title_from_text(text) == "Petition reaches 12,400 signatures"


def test_pdf_info_hints_only_when_real(tmp_path: Path) -> None:
    pages = [[*HEADER, *PAGE_1], [*HEADER, *PAGE_2]]
    info = {"Title": "Nineteen schools", "Author": "Hot Dinners Alliance"}
    real = write_pdf(tmp_path / "a.pdf", pages, info=info)
    assert load_file(real, max_bytes=MAX).hints == {"title": "Nineteen schools", "organisation": "Hot Dinners Alliance"}
    info = {"Title": "Microsoft Word - CP_final2.docx", "Author": "Jane Smith"}
    junk = write_pdf(tmp_path / "b.pdf", pages, info=info)
    assert load_file(junk, max_bytes=MAX).hints == {}


# ---------------------------------------------------------------- Word


def test_docx_drops_text_no_reader_can_see(tmp_path: Path) -> None:
    text = load_file(write_docx(tmp_path / "r.docx"), max_bytes=MAX).text
    assert INJECTION not in text and "HACKED" not in text
    assert "Vanished words" not in text
    assert "Microscopic instruction" not in text
    assert "White words on a dark highlight stay readable." in text
    assert text.split("\n\n")[:4] == [
        "FOR IMMEDIATE RELEASE",
        "Collective files complaint against data broker",
        "Montreal, May 16, 2024 – The Blind Spot Collective today filed a complaint.",
        "The complaint covers 312 people.",
    ]
    assert "- February 5, 2024: first findings published." in text
    assert_clean(text)


def test_docx_tables_are_read_row_by_row(tmp_path: Path) -> None:
    text = load_file(write_docx(tmp_path / "r.docx", table=True), max_bytes=MAX).text
    assert "Apps tested | 58\n\nApps sending data | 35" in text


@pytest.mark.parametrize(
    ("author", "organisation"),
    [("Blind Spot Collective", "Blind Spot Collective"), ("Félix Marchand-Ouellet", None), ("python-docx", None)],
)
def test_docx_core_properties(tmp_path: Path, author: str, organisation: str | None) -> None:
    path = write_docx(tmp_path / "r.docx", title="Collective files complaint", author=author)
    hints = load_file(path, max_bytes=MAX).hints
    assert hints.get("title") == "Collective files complaint"
    assert hints.get("organisation") == organisation
    # The template's creation date says nothing about the release; it is never a "date".
    assert "date" not in hints and "file_date" not in hints


# ---------------------------------------------------------------- files that cannot be used


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.md", b"  \n\t\n", "empty file"),
        ("zero.pdf", b"", "empty file"),
        ("corrupt.pdf", b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog garbage", "corrupt PDF"),
        ("renamed.pdf", b"<html>not a pdf</html>", "not a valid PDF"),
        ("notzip.docx", b"this is not a zip file at all", "not a valid .docx"),
        ("old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "not a valid .docx"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary data, not text"),
        ("controls.txt", bytes(range(1, 32)) * 20 + b"abc", "binary data, not text"),
        ("slides.pptx", b"PK\x03\x04", "unsupported format .pptx"),
        ("release.doc", b"\xd0\xcf\x11\xe0", "unsupported format .doc (save it as .docx)"),
        ("README", b"text", "unsupported format (no file extension)"),
    ],
)
def test_bad_files_are_skipped_with_a_reason(tmp_path: Path, name: str, data: bytes, expected: str) -> None:
    assert skip_reason(tmp_path / name, data).startswith(expected)


def test_junk_zip_docx(tmp_path: Path) -> None:
    path = tmp_path / "junk.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a word document")
    assert skip_reason(path).startswith("not a valid .docx")
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<not xml")
    assert skip_reason(path).startswith("not a valid .docx")


def test_scanned_pdf_without_text_layer(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "scan.pdf", [["x"], ["y"]], text=False)
    assert skip_reason(path) == "no text layer (scanned PDF?)"


def test_too_large(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: no 50 MB written
    assert skip_reason(path, max_bytes=20 * 1024 * 1024) == "too large: 50.0 MB > 20 MB limit"


def test_unreadable_and_missing_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("secret")

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)
    assert skip_reason(path) == "permission denied"
    monkeypatch.undo()
    assert skip_reason(tmp_path / "gone.txt") == "file not found"
    (tmp_path / "folder.md").mkdir()
    assert skip_reason(tmp_path / "folder.md") == "not a regular file"


def test_a_library_crash_becomes_a_skip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(data: bytes) -> LoadedFile:
        raise RuntimeError("parser exploded\nwith a long traceback")

    monkeypatch.setitem(loaders._LOADERS, ".html", explode)
    assert skip_reason(tmp_path / "x.html", b"<p>hi</p>") == "unreadable .html file: parser exploded"
