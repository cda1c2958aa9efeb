"""What a user sees of the metadata: the title, date, organisation, language and link shown with a citation."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from index.reading import detect_language, parse_date
from index.records import LoadedFile, Release
from ingest.metadata import build_release, load_sources

FRENCH_RELEASE = """COMMUNIQUÉ DE PRESSE
POUR DIFFUSION IMMÉDIATE

Lyon, le 14 mars 2024

Les retraites des soignants financent un fabricant d'armes : la coalition exige un désinvestissement

Contact presse : Inès Lavergne – presse@nosretraites.example – 06 39 98 41 27

La coalition révèle aujourd'hui que la caisse détient 3,2 millions d'euros d'actions. Elle demande une sortie avant
l'assemblée générale du 20 juin 2024. La pétition, ouverte le 1er mars 2024, a déjà recueilli 12 500 signatures.

La CMRH est un organisme de retraite complémentaire à but non lucratif.

À PROPOS DE NOS RETRAITES SANS ARMES

Nos Retraites Sans Armes (NRSA) est une coalition fondée en 2022 à Lyon qui réunit 14 organisations.

– FIN –"""

ENGLISH_RELEASE = """FOR IMMEDIATE RELEASE

KESTERMOOR, 12 September 2023

KITCHEN AUDIT: 19 OF KESTERMOOR'S 46 PRIMARY SCHOOLS HAVE NO KITCHEN

Media contact: Owen Pryce, Hot Dinners Alliance | media@hotdinners.example | 07700 900418

A parent-led audit published today by the Kestermoor Hot Dinners Alliance reveals that 19 of the 46 primary
schools in Kestermoor have no on-site kitchen. The council closed 12 kitchens between 2011 and 2016.

About the Hot Dinners Alliance
The Kestermoor Hot Dinners Alliance is a coalition of parents and school staff founded in 2021.

ENDS"""


def release(
    tmp_path: Path,
    text: str,
    name: str = "release.txt",
    hints: dict[str, str] | None = None,
    sources: dict[str, str] | None = None,
) -> Release:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return build_release(path, tmp_path, LoadedFile(text=text, hints=hints or {}), sources or {})


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("28 mars 2020", "2020-03-28"),
        ("28 MARS 2020", "2020-03-28"),
        ("1er avril 2024", "2024-04-01"),
        ("March 28, 2020", "2020-03-28"),
        ("28 March 2020", "2020-03-28"),
        ("(New York City, NY) 28 mars 2020: la coalition annonce", "2020-03-28"),
        ("LYON, 14 March 2024 – The coalition", "2024-03-14"),
        ("Montréal, le 12 novembre 2024 — Le Collectif", "2024-11-12"),
        ("2024-03-14", "2024-03-14"),
        ("14/03/2024", "2024-03-14"),
        ("Publié le 5 février 2024", "2024-02-05"),
        ("Montreal, May 16, 2024 – The Blind Spot Collective", "2024-05-16"),
        ("Lyon, mardi 14 mai 2024", "2024-05-14"),
        ("**Montréal, le 5 février 2024** – Le Collectif", "2024-02-05"),
    ],
)
def test_parse_date_reads_french_and_english_datelines(text: str, expected: str) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "No date here at all.", "Meeting on 31 February 2024", "Sometime in March 2024", "see /news/2024-02-05-x",
     "€3.2 million, 12 500 signatures in 2024"],
)  # fmt: skip
def test_parse_date_returns_none_without_a_full_date(text: str) -> None:
    assert parse_date(text) is None


def test_dateline_near_the_top_beats_earlier_dates_in_sentences() -> None:
    text = "PRESS RELEASE\nThe petition opened on 1 March 2024 and closed.\nLYON, 14 March 2024 – The coalition..."
    assert parse_date(text) == "2024-03-14"
    assert parse_date(FRENCH_RELEASE) == "2024-03-14"


def test_body_dates_are_not_mistaken_for_the_dateline() -> None:
    body = "\n".join(f"Paragraph {n} of the release." for n in range(20))
    text = f"Title of the release\n{body}\nThe council meets on 27 February 2024 to decide."
    assert parse_date(text) is None
    assert parse_date(f"{text}\nLyon, le 3 octobre 2024") == "2024-10-03"  # a dateline at the foot


def test_release_date_prefers_hint_then_dateline_then_file_name(tmp_path: Path) -> None:
    assert release(tmp_path, FRENCH_RELEASE, hints={"date": "2024-03-15"}).date == "2024-03-15"
    assert release(tmp_path, FRENCH_RELEASE, name="CP_2023-01-01.txt").date == "2024-03-14"
    undated = "Title of the release\n\nThe meeting on 20 June 2024 will decide."
    assert release(tmp_path, undated, name="CP_2024-03-14_retraites.txt").date == "2024-03-14"
    assert release(tmp_path, undated).date == "2024-06-20"  # a date in the first lines is better than none
    assert release(tmp_path, "Title\n\nNo date.", hints={"file_date": "2024-05-15"}).date == "2024-05-15"
    assert release(tmp_path, "Title\n\nNo date.").date is None


# ---------------------------------------------------------------- titles, organisations, languages


def test_title_skips_banners_datelines_and_contacts(tmp_path: Path) -> None:
    assert release(tmp_path, FRENCH_RELEASE).title == (
        "Les retraites des soignants financent un fabricant d'armes : la coalition exige un désinvestissement"
    )
    expected = "KITCHEN AUDIT: 19 OF KESTERMOOR'S 46 PRIMARY SCHOOLS HAVE NO KITCHEN"
    assert release(tmp_path, ENGLISH_RELEASE).title == expected
    banner = "PRESS RELEASE – FOR IMMEDIATE RELEASE\nKESTERMOOR\n\nCouncil pledges £1.8m for kitchens in six schools"
    assert release(tmp_path, banner).title == "Council pledges £1.8m for kitchens in six schools"


def test_title_hint_wins_and_file_stem_is_the_last_resort(tmp_path: Path) -> None:
    assert release(tmp_path, FRENCH_RELEASE, hints={"title": "  From\nfront matter "}).title == "From front matter"
    # A document property left as "Communiqué de presse" names nothing: the headline is better.
    generic = release(tmp_path, FRENCH_RELEASE, hints={"title": "Communiqué de presse – 14 mars 2024"})
    assert generic.title.startswith("Les retraites des soignants")
    assert release(tmp_path, "FOR IMMEDIATE RELEASE\n\n12 500", name="cp-mars.txt").title == "cp-mars"


def test_organisation_from_about_boilerplate(tmp_path: Path) -> None:
    # The "About" heading is in capitals; the name is spelt as the text spells it. "La CMRH est un organisme"
    # earlier on is about the target, not the publisher.
    assert release(tmp_path, FRENCH_RELEASE).organisation == "Nos Retraites Sans Armes"
    assert release(tmp_path, ENGLISH_RELEASE).organisation == "Kestermoor Hot Dinners Alliance"
    angle_mort = "Titre du communiqué ici\n\nÀ propos du Collectif Angle Mort\n\nLe Collectif Angle Mort est un OSBL."
    assert release(tmp_path, angle_mort).organisation == "Collectif Angle Mort"
    inline = "Title of the release\n\nAbout the Friends of the Vaucenne Line: a volunteer association of rail users."
    assert release(tmp_path, inline).organisation == "Friends of the Vaucenne Line"


def test_an_acronym_under_the_headline_is_spelt_out_from_the_text(tmp_path: Path) -> None:
    text = (
        "Le fonds se retire de Trajecta : la campagne célèbre sa victoire\n\nCMC\n\nPOUR DIFFUSION IMMÉDIATE\n\n"
        "La campagne a recueilli 9 000 signatures, a dit la porte-parole du Collectif Médias Citoyens."
    )
    assert release(tmp_path, text).organisation == "Collectif Médias Citoyens"
    alone = "A headline of five words or more\n\nFSM\n\nThe campaign gathered 9,000 signatures."
    assert release(tmp_path, alone).organisation == "FSM"


def test_organisation_from_description_or_none(tmp_path: Path) -> None:
    described = "Title of the release\n\nBody.\n\nThe Blind Spot Collective (Collectif Angle Mort) is a non-profit."
    assert release(tmp_path, described).organisation == "Blind Spot Collective"
    unsure = "Title of the release here\n\nContact: someone | press@somewhere.example\n\nBody text only."
    assert release(tmp_path, unsure).organisation is None
    assert release(tmp_path, unsure, hints={"organisation": "Hint Org"}).organisation == "Hint Org"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (FRENCH_RELEASE, "fr"),
        (ENGLISH_RELEASE, "en"),
        ("Die Stadt hat die Schulen nicht mit Küchen ausgestattet, und das ist für die Eltern ein Problem.", "de"),
        ("El ayuntamiento no ha dado cocinas a las escuelas y los padres piden una solución para los niños.", "es"),
        ("12 500 — 3,2 M€", "en"),
        # one-line questions, as the bot receives them
        ("Combien de signatures ?", "fr"),
        ("Quand la pétition a-t-elle été remise ?", "fr"),
        ("Who is Maëlle Quéré?", "en"),
        ("How much does the fund hold in Arméon Industries?", "en"),
        ("", "en"),
    ],
)
def test_detect_language(text: str, expected: str) -> None:
    assert detect_language(text) == expected


def test_language_hint_is_normalised(tmp_path: Path) -> None:
    assert release(tmp_path, ENGLISH_RELEASE, hints={"language": "fr-CA"}).language == "fr"
    assert release(tmp_path, ENGLISH_RELEASE, hints={"language": "??"}).language == "en"


# ---------------------------------------------------------------- paths, hashes, sources


def test_path_hash_and_url(tmp_path: Path) -> None:
    sources = {"2024/cp.txt": "https://example.org/by-path", "other.txt": "https://example.org/by-name"}
    nested = release(tmp_path, FRENCH_RELEASE, name="2024/cp.txt", sources=sources)
    assert nested.path == "2024/cp.txt"
    assert nested.url == "https://example.org/by-path"
    assert nested.content_hash == hashlib.sha256(FRENCH_RELEASE.encode("utf-8")).hexdigest()
    assert release(tmp_path, FRENCH_RELEASE, name="sub/other.txt", sources=sources).url == "https://example.org/by-name"
    hinted = release(tmp_path, FRENCH_RELEASE, name="other.txt", sources=sources, hints={"url": "https://hint"})
    assert hinted.url == "https://hint"


def test_file_outside_the_corpus_keeps_its_name(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere" / "cp.txt"
    outside.parent.mkdir()
    outside.write_text("x")
    built = build_release(outside, tmp_path / "corpus", LoadedFile(text="Some title here"), {})
    assert built.path == "cp.txt"


def test_load_sources_tolerates_messy_csv(tmp_path: Path) -> None:
    assert load_sources(tmp_path) == {}
    (tmp_path / "sources.csv").write_bytes(
        "\ufefffile , url\n"
        "  cp.txt ,  https://example.org/cp  \n"
        "broken line without comma\n"
        "\n"
        "./sub\\doc.pdf,https://example.org/doc,extra column\n"
        "nourl.txt,\n"
        "bad.txt,not a url\n".encode()
    )
    assert load_sources(tmp_path) == {"cp.txt": "https://example.org/cp", "sub/doc.pdf": "https://example.org/doc"}


def test_load_sources_without_header_and_with_semicolons(tmp_path: Path) -> None:
    (tmp_path / "sources.csv").write_text("cp.txt;https://example.org/cp\r\nb.md;https://example.org/b\r\n")
    assert load_sources(tmp_path) == {"cp.txt": "https://example.org/cp", "b.md": "https://example.org/b"}


def test_a_dateline_in_words_the_patterns_do_not_know_is_read(tmp_path: Path) -> None:
    text = "Rail users win a hearing\n\nLONDON, the 3rd of May 2024 – The Friends of the line said today that...\n"
    assert release(tmp_path, text).date == "2024-05-03"
    undated = "Rail users win a hearing\n\nThe Friends of the line said today that they will keep going.\n"
    assert release(tmp_path, undated).date is None
