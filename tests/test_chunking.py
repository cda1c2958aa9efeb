"""Chunking: exact slices of the release, whole paragraphs, sentence-aligned splits, boilerplate dropped."""

from __future__ import annotations

import random

import pytest

from index.records import Chunk
from ingest.chunking import (
    chunk_release,
    is_boilerplate,
    split_paragraphs,
    split_sentences,
)

FR_RELEASE = """COMMUNIQUÉ DE PRESSE
POUR DIFFUSION IMMÉDIATE

Lyon, le 14 mars 2024

Les retraites des soignants financent un fabricant de sous-munitions : la coalition exige que la CMRH \
se désengage d'Arméon Industries

Contact presse : Inès Lavergne, chargée de communication – presse@exemple.org – 06 39 98 41 27

La coalition Nos Retraites Sans Armes (NRSA) révèle aujourd'hui que la Caisse mutuelle de retraite \
des hospitaliers (CMRH), qui gère la retraite de près de 210 000 agents, détient 3,2 millions d'euros \
d'actions d'Arméon Industries.

« Arméon est un placement marginal pour la caisse, moins de 0,1 % de ses actifs. Ce qui manque, \
c'est la volonté politique. », déclare Mme Quéré. La pétition a recueilli 12 500 signatures.

Les demandes de la coalition :
1. L'exclusion immédiate d'Arméon Industries ;
2. La publication intégrale de l'audit ESG réalisé par Verdalis Conseil.

À PROPOS DE NOS RETRAITES SANS ARMES

Nos Retraites Sans Armes (NRSA) est une coalition fondée en 2022 à Lyon qui réunit 14 organisations.
www.exemple.org

– FIN –
"""

EN_RELEASE = """FOR IMMEDIATE RELEASE

KESTERMOOR, 12 September 2023

KITCHEN AUDIT: 19 OF KESTERMOOR'S 46 PRIMARY SCHOOLS HAVE NO KITCHEN, AS PARENTS LAUNCH A PETITION

Media contact: Owen Pryce, Hot Dinners Alliance | media@example.org.uk | 07700 900418

A parent-led audit published today by the Kestermoor Hot Dinners Alliance reveals that 19 of the 46 \
primary schools in Kestermoor have no on-site kitchen.

"No child should sit in a classroom too hungry to learn," said Priya Lindqvist. "The audit shows it."

About the Hot Dinners Alliance
The Kestermoor Hot Dinners Alliance is a coalition of parents and school staff founded in 2021.

Share this:

Leave a comment

Your email address will not be published. Required fields are marked *

ENDS
"""

SENTENCES_FR = [
    "M. Dupont a signé la pétition le 1er mars.",
    "Selon Mme Martin, la caisse détient 3,2 millions d'euros, soit 0,1 % de ses actifs.",
    "La pétition a recueilli 12 500 signatures en trois semaines.",
    "Il faut des garanties, p. ex. une politique d'exclusion publiée.",
    "« C'est une trahison », déclare J.-P. Mercadier, 71 ans.",
    "Voir le rapport annuel, p. 87, pour le détail des placements.",
    "Quelle est la position de la direction ?",
    "Me Lafleur-Santos représente les plaignants depuis le 16 mai.",
]
SENTENCES_EN = [
    "Dr. Smith told the council that 7,340 children live in poverty.",
    "Lunch starts at 11.15am in No. 5 school, the smallest in the borough.",
    "Parents brought pens, paper, etc. and collected menus for a full term.",
    "“Give me a kitchen and I'll feed 300 children,” said Graham Oduya.",
    "Extending free meals would cost £4.6 million a year.",
    "Why did the council close 12 kitchens?",
]
BOILERPLATE = ["###", "-30-", "FIN", "Partager", "Vous aimerez aussi...", "Page 3", "PRESS RELEASE"]
HEADINGS = ["CONTEXTE", "NOTES TO EDITORS", "Paris, le 3 juin 2024", "À propos de la coalition"]


def assert_valid(text: str, chunks: list[Chunk], max_chars: int) -> None:
    """The properties every chunking must have, whatever the text."""
    paragraphs = split_paragraphs(text)
    previous_end = 0
    for chunk in chunks:
        assert text[chunk.start : chunk.end] == chunk.text
        assert chunk.text.strip() == chunk.text != ""
        assert len(chunk.text) <= max_chars
        assert chunk.start >= previous_end, "chunks must be in order and must not overlap"
        previous_end = chunk.end
        p_start, p_end = paragraphs[chunk.paragraph]
        assert p_start <= chunk.start < p_end, "paragraph must be the one the chunk starts in"


def random_release(rng: random.Random) -> str:
    paragraphs = []
    for _ in range(rng.randint(0, 12)):
        kind = rng.random()
        if kind < 0.15:
            paragraphs.append(rng.choice(BOILERPLATE))
        elif kind < 0.3:
            paragraphs.append(rng.choice(HEADINGS))
        else:
            pool = SENTENCES_FR if rng.random() < 0.5 else SENTENCES_EN
            sentences = [rng.choice(pool) for _ in range(rng.randint(1, 25))]
            separator = rng.choice([" ", "  ", "\u00a0", "\n"])
            paragraphs.append(separator.join(sentences))
    gaps = ["\n\n", "\n\n\n", "\n \n", "\n\u00a0\n", "\r\n\r\n"]
    text = ""
    for paragraph in paragraphs:
        text += paragraph + rng.choice(gaps)
    return rng.choice(["", "\n", "  "]) + text


# --- invariant -------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [FR_RELEASE, EN_RELEASE, FR_RELEASE.replace("\n", "\r\n"), "", "\n\n  \n"])
@pytest.mark.parametrize("max_chars", [900, 200, 60])
def test_chunks_are_exact_slices_of_real_looking_releases(text: str, max_chars: int) -> None:
    assert_valid(text, chunk_release(text, max_chars=max_chars), max_chars)


@pytest.mark.parametrize("seed", range(150))
def test_chunks_are_exact_slices_of_random_releases(seed: int) -> None:
    rng = random.Random(seed)
    text = random_release(rng)
    max_chars = rng.choice([900, 400, 120, 40])
    assert_valid(text, chunk_release(text, max_chars=max_chars), max_chars)


def test_no_content_is_lost() -> None:
    """Every sentence of a kept paragraph ends up inside some chunk."""
    text = random_release(random.Random(7))
    chunks = chunk_release(text, max_chars=300)
    for start, end in split_paragraphs(text):
        if is_boilerplate(text[start:end]):
            continue
        for s, e in split_sentences(text[start:end]):
            assert any(c.start <= start + s and start + e <= c.end for c in chunks)


# --- paragraphs ------------------------------------------------------------------------------------


def test_split_paragraphs_counts_every_paragraph_and_trims_whitespace() -> None:
    text = "  Titre\n\nPremier paragraphe.\nSuite.\n \n\n###\n\u00a0\nDernier.  "
    assert [text[s:e] for s, e in split_paragraphs(text)] == [
        "Titre",
        "Premier paragraphe.\nSuite.",
        "###",
        "Dernier.",
    ]


def test_paragraphs_that_fit_stay_whole_and_carry_their_index() -> None:
    chunks = chunk_release(FR_RELEASE)
    texts = [c.text for c in chunks]
    quote = next(c for c in chunks if c.text.startswith("« Arméon"))
    assert quote.text.endswith("12 500 signatures.")
    assert quote.paragraph == 5  # labels (0), dateline (1), title (2), contact (3) are still counted
    demands = next(t for t in texts if t.startswith("Les demandes de la coalition :\n1."))
    assert demands.endswith("Verdalis Conseil.")


def test_long_paragraph_is_split_on_sentence_boundaries_only() -> None:
    sentences = [*SENTENCES_FR, *SENTENCES_EN] * 3
    text = "Intro.\n\n" + " ".join(sentences)
    chunks = chunk_release(text, max_chars=300)
    body = [c for c in chunks if c.paragraph == 1]
    assert len(body) > 1
    ends = {s.rstrip() for s in sentences}
    for chunk in body:
        assert len(chunk.text) <= 300
        assert any(chunk.text.endswith(s) for s in ends), chunk.text
        assert any(chunk.text.startswith(s) for s in ends), chunk.text
    # Pieces are balanced rather than greedy: no sliver at the end.
    sizes = [len(c.text) for c in body]
    assert min(sizes) > 300 // 3


def test_sentence_longer_than_max_chars_is_cut_at_clauses() -> None:
    sentence = ", ".join(f"la section {i} de la coalition" for i in range(40)) + "."
    chunks = chunk_release(sentence, max_chars=200)
    assert len(chunks) > 1
    assert all(len(c.text) <= 200 for c in chunks)
    assert all(c.text.endswith((",", ".")) for c in chunks)


def test_unbreakable_text_is_cut_hard() -> None:
    text = "x" * 250
    chunks = chunk_release(text, max_chars=100)
    assert "".join(c.text for c in chunks) == text
    assert all(len(c.text) <= 100 for c in chunks)


# --- short paragraphs ------------------------------------------------------------------------------


def test_short_heading_and_dateline_are_merged_into_the_following_paragraph() -> None:
    chunks = chunk_release(EN_RELEASE)
    first = chunks[0]
    assert first.text.startswith("KESTERMOOR, 12 September 2023\n\nKITCHEN AUDIT")
    assert first.paragraph == 1
    about = next(c for c in chunks if "About the Hot Dinners Alliance" in c.text)
    assert about.text.endswith("founded in 2021.")
    assert all(len(c.text) >= 80 for c in chunks)


def test_run_of_short_lines_joins_the_next_paragraph() -> None:
    text = "Titre du communiqué\n\nJVP\n\n" + "Le corps du communiqué décrit la campagne en détail. " * 3
    chunks = chunk_release(text.strip())
    assert len(chunks) == 1
    assert chunks[0].paragraph == 0
    assert chunks[0].text.startswith("Titre du communiqué\n\nJVP\n\nLe corps")


def test_trailing_short_line_joins_the_previous_paragraph() -> None:
    text = "Le Collectif défend la vie privée depuis 2019 et publie des enquêtes.\n\nexemple.org\n\n-30-"
    chunks = chunk_release(text)
    assert [c.text for c in chunks] == [text[: text.index("\n\n-30-")]]


def test_short_line_is_not_merged_when_the_result_would_not_fit() -> None:
    body = "Une phrase de contenu assez longue pour remplir le paragraphe. " * 2
    text = "CONTEXTE\n\n" + body.strip()
    chunks = chunk_release(text, max_chars=len(body))
    assert [c.text for c in chunks] == ["CONTEXTE", body.strip()]


def test_short_line_is_not_joined_across_dropped_boilerplate() -> None:
    """Joining would put the label back inside a cited passage; a short chunk is the lesser evil."""
    text = (
        "Petition for the Vaucenne line reaches 12,400 signatures\n\nFOR IMMEDIATE RELEASE\n\n"
        "LORMEUIL, 12 March 2024 – The Friends of the Vaucenne Line said today that their petition has grown."
    )
    chunks = chunk_release(text)
    assert [c.paragraph for c in chunks] == [0, 2]
    assert all("IMMEDIATE" not in c.text for c in chunks)


def test_contact_line_under_a_dateline_is_trimmed_not_chunked() -> None:
    text = (
        "28 MARS 2020\nContact: Sonya | sonya@example.org | 929-290-0317\n\n"
        "(New York City, NY) 28 mars 2020:\n\nLa campagne célèbre une grande victoire."
    )
    chunks = chunk_release(text)
    assert [c.text for c in chunks] == ["28 MARS 2020", text[text.index("(New York") :]]
    assert [c.paragraph for c in chunks] == [0, 1]


# --- boilerplate -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "paragraph",
    [
        "###",
        "-30-",
        "– FIN –",
        "Fin",
        "FIN",
        "END",
        "ENDS",
        "Contact: Sonya E Meyerson-Knox | sonya@example.org | 929-290-0317",
        "Contact presse : Inès Lavergne, chargée de communication – presse@exemple.org – 06 39 98 41 27",
        "Contact presse :",
        "Media contact:\nOwen Pryce\nmedia@example.org.uk\n07700 900418",
        "**Contact médias :** Félix Marchand-Ouellet – medias@exemple.org – 514-555-0142",
        "Tél. : 06 39 98 41 27",
        "FOR IMMEDIATE RELEASE",
        "POUR DIFFUSION IMMÉDIATE",
        "COMMUNIQUÉ DE PRESSE\nPOUR DIFFUSION IMMÉDIATE",
        "COMMUNIQUÉ – POUR DIFFUSION IMMÉDIATE",
        "**POUR DIFFUSION IMMÉDIATE**",
        "PRESS RELEASE",
        "Share this:",
        "Partager",
        "Partager sur Facebook",
        "Laisser un commentaire",
        "Leave a comment",
        "Votre adresse e-mail ne sera pas publiée. Les champs obligatoires sont indiqués avec *",
        "Your email address will not be published. Required fields are marked *",
        "Vous aimerez aussi...",
        "You may also like",
        "Related posts",
        "Traduction SF pour BDS France",
        "Page 3",
        "Page 3 of 10",
        "- 4 -",
        "12",
    ],
)
def test_boilerplate_is_recognised(paragraph: str) -> None:
    assert is_boilerplate(paragraph)


@pytest.mark.parametrize(
    "paragraph",
    [
        "À PROPOS DE NOS RETRAITES SANS ARMES",
        "About the Hot Dinners Alliance\nThe Alliance is a coalition of parents founded in 2021.",
        "« Fin de partie pour Arméon », déclare la porte-parole.",
        '"It ends today," said Priya Lindqvist.',
        "Contactée par la coalition le 8 mars, la direction de la CMRH a refusé de commenter.",
        "Contact was made with the council on 3 May.",
        "Partager la pétition avec vos proches est essentiel.",
        "Les signataires peuvent écrire à temoignages@exemple.org pour raconter leur histoire.",
        "Budget : 4 600 000 €",
        "Communiqué de la coalition sur le vote du 3 octobre",
        "Lyon, le 14 mars 2024",
        "www.exemple.org",
        "2024",
    ],
)
def test_content_is_not_boilerplate(paragraph: str) -> None:
    assert not is_boilerplate(paragraph)


def test_boilerplate_paragraphs_are_dropped_and_about_is_kept() -> None:
    for release in (FR_RELEASE, EN_RELEASE):
        joined = "\n".join(c.text for c in chunk_release(release))
        for marker in ("FIN –", "ENDS", "DIFFUSION IMMÉDIATE", "IMMEDIATE RELEASE", "Contact", "contact"):
            assert marker not in joined
        for widget in ("Share this", "Leave a comment", "will not be published"):
            assert widget not in joined
    fr = chunk_release(FR_RELEASE)
    about = next(c for c in fr if c.text.startswith("À PROPOS"))
    assert "est une coalition fondée en 2022" in about.text
    assert about.text.endswith("www.exemple.org")


def test_boilerplate_lines_at_paragraph_edges_are_trimmed() -> None:
    text = "Paris, le 3 juin 2024 – La coalition publie son rapport sur les placements de la caisse.\nFIN"
    chunks = chunk_release(text)
    assert [c.text for c in chunks] == [text.removesuffix("\nFIN")]


# --- sentences -------------------------------------------------------------------------------------

SENTENCE_CASES = [
    (
        "M. Dupont a signé la pétition. Mme Martin aussi.",
        ["M. Dupont a signé la pétition.", "Mme Martin aussi."],
    ),
    (
        "Selon M. Lestrade, la caisse a souscrit. Elle détient 3,2 millions d'euros.",
        ["Selon M. Lestrade, la caisse a souscrit.", "Elle détient 3,2 millions d'euros."],
    ),
    (
        "La pétition a recueilli 12 500 signatures. Moins de 0,1 % des actifs. C'est peu.",
        ["La pétition a recueilli 12 500 signatures.", "Moins de 0,1 % des actifs.", "C'est peu."],
    ),
    (
        "Il faut des mesures, p. ex. une loi. La coalition insiste.",
        ["Il faut des mesures, p. ex. une loi.", "La coalition insiste."],
    ),
    ("Voir le rapport, p. 4. Le tableau est clair.", ["Voir le rapport, p. 4.", "Le tableau est clair."]),
    (
        "Dr. Smith spoke at 11.15am today. The council listened.",
        ["Dr. Smith spoke at 11.15am today.", "The council listened."],
    ),
    ("See No. 5 in the list. It is long.", ["See No. 5 in the list.", "It is long."]),
    (
        "We need pens, paper, etc. and more. Then we go.",
        ["We need pens, paper, etc. and more.", "Then we go."],
    ),
    (
        "« C'est une trahison. Nous refusons », déclare Mme Quéré. La caisse se tait.",
        ["« C'est une trahison.", "Nous refusons », déclare Mme Quéré.", "La caisse se tait."],
    ),
    (
        "« Je cotise depuis 1979. Je n'ai jamais accepté cela. »",
        ["« Je cotise depuis 1979.", "Je n'ai jamais accepté cela. »"],
    ),
    (
        '"No child should go hungry," said Priya. "The audit shows it."',
        ['"No child should go hungry," said Priya.', '"The audit shows it."'],
    ),
    ("“It works.” She left. Then “fine.”", ["“It works.”", "She left.", "Then “fine.”"]),
    ("Quoi ? Vraiment ! Oui.", ["Quoi ?", "Vraiment !", "Oui."]),
    ("« Quoi ? » a-t-il demandé. Personne.", ["« Quoi ? » a-t-il demandé.", "Personne."]),
    (
        "Me Bérénice Lafleur-Santos parle. Elle est avocate.",
        ["Me Bérénice Lafleur-Santos parle.", "Elle est avocate."],
    ),
    (
        "Trajecta Data inc. affirme disposer de données. Le Collectif doute.",
        ["Trajecta Data inc. affirme disposer de données.", "Le Collectif doute."],
    ),
    (
        "It cost £4.6 million a year. That is less than 1%.",
        ["It cost £4.6 million a year.", "That is less than 1%."],
    ),
    (
        "Mr. and Mrs. Jones came. St. Mary's school too.",
        ["Mr. and Mrs. Jones came.", "St. Mary's school too."],
    ),
    ("Elle a dit : « Non. » Puis elle est partie.", ["Elle a dit : « Non. »", "Puis elle est partie."]),
    (
        "Le 1er janv. 2025, la vente cessera. C'est tôt.",
        ["Le 1er janv. 2025, la vente cessera.", "C'est tôt."],
    ),
    ("Voir www.example.org pour plus. Merci.", ["Voir www.example.org pour plus.", "Merci."]),
    (
        "Le groupe (env. 4 800 personnes) grandit. Il exporte.",
        ["Le groupe (env. 4 800 personnes) grandit.", "Il exporte."],
    ),
    (
        "AnyVision fait ces trois choses\u00a0!\u00a0». Puis rien.",
        ["AnyVision fait ces trois choses\u00a0!\u00a0».", "Puis rien."],
    ),
    ("J.-P. Mercadier témoigne. Il a 71 ans.", ["J.-P. Mercadier témoigne.", "Il a 71 ans."]),
    ("Il a cotisé... Puis il a arrêté.", ["Il a cotisé...", "Puis il a arrêté."]),
    ("La caisse a augmenté… elle a souscrit.", ["La caisse a augmenté… elle a souscrit."]),
    ("Cf. art. 3 de la loi. Fin.", ["Cf. art. 3 de la loi.", "Fin."]),
    (
        "Elle a augmenté en 2023. 27 applications transmettent.",
        ["Elle a augmenté en 2023.", "27 applications transmettent."],
    ),
    # A title or slogan in quotation marks holds its own "?" and "!": the quote is the whole headline.
    (
        'FSFE publishes expert brochure about “Public Money? Public Code!" Read it online.',
        ['FSFE publishes expert brochure about “Public Money? Public Code!"', "Read it online."],
    ),
    (
        "Le slogan « Argent public ? Code public ! » est repris. Fin.",
        ["Le slogan « Argent public ? Code public ! » est repris.", "Fin."],
    ),
    ("He asked: “Why? Nobody knows.” Then he left.", ["He asked: “Why?", "Nobody knows.”", "Then he left."]),
]


@pytest.mark.parametrize(("text", "expected"), SENTENCE_CASES)
def test_split_sentences_fr_en(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in split_sentences(text)] == expected


def test_split_sentences_handles_lists_and_headings_on_separate_lines() -> None:
    text = (
        "Les demandes de la coalition :\n1. L'exclusion immédiate d'Arméon ;\n2. La publication de l'audit."
        "\nBackground\nFree school meals are available to all pupils in Reception."
    )
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "Les demandes de la coalition :",
        "1. L'exclusion immédiate d'Arméon ;",
        "2. La publication de l'audit.",
        "Background",
        "Free school meals are available to all pupils in Reception.",
    ]


def test_split_sentences_joins_a_hard_wrapped_line() -> None:
    text = "La coalition a remis une\npétition de 18 342 signatures. Elle attend."
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "La coalition a remis une\npétition de 18 342 signatures.",
        "Elle attend.",
    ]


def test_split_sentences_of_empty_text() -> None:
    assert split_sentences("") == []
    assert split_sentences("   \n ") == []


def test_max_chars_must_be_positive() -> None:
    with pytest.raises(ValueError):
        chunk_release("Texte.", max_chars=0)
