"""Questions about a release itself (date, headline, issuer, media contact): what the user reads back.

Passages are built by hand the way retrieval returns them (a chunk of the release, best first) and the
full release texts live in a dict, as the store keeps them. Contact blocks are in no chunk: the answer
must come from the full text.
"""

from __future__ import annotations

import pytest

from bot.release_facts import ReleaseFacts
from bot.types import Answer, Passage

# One paragraph a line, as a .txt export of a word processor gives it.
FRENCH = "\n\n".join(
    [
        "COMMUNIQUÉ DE PRESSE\nPour diffusion immédiate",
        "Reconnaissance faciale : Microsoft se désengage d'AnyVision après la campagne de Visages Libres",
        "Paris, le 27 mars 2020 – Le collectif Visages Libres salue l'annonce par Microsoft de la vente de sa "
        "participation dans la société AnyVision, dont les caméras de reconnaissance faciale sont au cœur de sa "
        "campagne depuis octobre 2019.",
        "La pétition du collectif a réuni 41 200 signatures en cinq mois.",
        "« C'est une première victoire, mais d'autres investisseurs financent encore cette technologie », "
        "déclare Camille Roussel, porte-parole du collectif.",
        "Fin",
        "À propos de Visages Libres\nVisages Libres est un collectif citoyen fondé en 2018 à Paris, qui milite "
        "contre la surveillance biométrique de l'espace public.",
        "Contact presse :\nCamille Roussel, chargée des relations presse\nTél. : 06 12 34 56 78\n"
        "camille.roussel@visages-libres.example\n",
    ]
)

# Hard-wrapped, as a plain-text e-mail release is.
ENGLISH = """FOR IMMEDIATE RELEASE

Calder Court tenants begin rent strike over broken heating

KESTERMOOR, 20 June 2024 – Tenants of Calder Court began a rent strike today after eleven months
without working heating, the Calder Court Tenants' Association said.

On 14 June the Association handed in a petition signed by 1,240 residents to Brackley Homes, the landlord.

"We have paid for heat we never got," said Priya Nandakumar, secretary of the Association.

ENDS

About the Calder Court Tenants' Association
The Calder Court Tenants' Association represents the 212 households of Calder Court in Kestermoor.

Media contact:
Priya Nandakumar, secretary
Mobile: 07700 900461
press@caldercourt.example
"""

# No contact block, but a phone number in the body: that line is not a press contact.
NO_CONTACT = """Library opening hours extended over the summer

KESTERMOOR, 2 July 2024 – The Friends of Kestermoor Library welcomed the council's decision to open
the library on Sundays until September.

Readers can call the library desk on 01632 960777 to book a study room.
"""

TEXTS = {"fr": FRENCH, "en": ENGLISH, "none": NO_CONTACT}


META: dict[str, dict[str, str | None]] = {
    "fr": {
        "title": "Reconnaissance faciale : Microsoft se désengage d'AnyVision après la campagne de Visages Libres",
        "date": "2020-03-27",
        "organisation": "Visages Libres",
        "language": "fr",
    },
    "en": {
        "title": "Calder Court tenants begin rent strike over broken heating",
        "date": "2024-06-20",
        "organisation": "Calder Court Tenants' Association",
        "language": "en",
    },
    "none": {
        "title": "Library opening hours extended over the summer",
        "date": "2024-07-02",
        "organisation": "Friends of Kestermoor Library",
        "language": "en",
    },
}


def chunk(release_id: str, sentence: str, **fields: str | None) -> Passage:
    """A retrieved passage: a slice of the stored release text, with the release's metadata."""
    text = TEXTS[release_id]
    start = text.index(sentence)
    meta = {**META[release_id], **fields}
    return Passage(
        chunk_id=f"{release_id}-{start}",
        release_id=release_id,
        text=sentence,
        title=meta["title"] or "",
        path=f"{release_id}.txt",
        date=meta["date"],
        organisation=meta["organisation"],
        language=meta["language"],
        url=f"https://example.org/{release_id}",
        start=start,
        end=start + len(sentence),
        score=0.8,
    )


FR_PETITION = chunk("fr", "La pétition du collectif a réuni 41 200 signatures en cinq mois.")
EN_PETITION = chunk(
    "en", "On 14 June the Association handed in a petition signed by 1,240 residents to Brackley Homes, the landlord."
)
NONE_BODY = chunk("none", "Readers can call the library desk on 01632 960777 to book a study room.")


@pytest.fixture
def facts() -> ReleaseFacts:
    return ReleaseFacts(TEXTS.get)


def assert_cited(answer: Answer | None, release_id: str) -> Answer:
    """Answered, from that release, and every quote is verbatim in its stored text (what verification checks)."""
    assert answer is not None
    assert answer.answered and answer.mode == "extractive"
    assert answer.citations, "an answer without a citation"
    for citation in answer.citations:
        assert citation.release_id == release_id
        assert citation.quote and citation.quote in TEXTS[release_id]
        assert citation.quote in citation.passage  # the passage shown around the quote holds it
    assert "[1]" in answer.answer
    return answer


# --- dates ---------------------------------------------------------------------------------------


def test_french_date_question_gets_the_french_date_and_quotes_the_dateline(facts: ReleaseFacts) -> None:
    question = "De quelle date est le communiqué annonçant que Microsoft se désengage d'AnyVision ?"
    answer = assert_cited(facts.answer(question, "fr", [FR_PETITION]), "fr")
    assert "27 mars 2020" in answer.answer
    assert answer.answer.startswith("Le communiqué est daté du 27 mars 2020.")
    assert answer.citations[0].quote.startswith("Paris, le 27 mars 2020")
    assert "« Paris, le 27 mars 2020" in answer.answer


@pytest.mark.parametrize(
    "question",
    [
        "When was the press release about the rent strike published?",
        "What date is the release on the petition hand-in?",
        "On what date was the statement on the Calder Court rent strike issued?",
    ],
)
def test_english_date_questions_get_the_release_date(facts: ReleaseFacts, question: str) -> None:
    answer = assert_cited(facts.answer(question, "en", [EN_PETITION]), "en")
    assert "20 June 2024" in answer.answer
    assert answer.citations[0].quote.startswith("KESTERMOOR, 20 June 2024")
    # The petition's own date is a fact in the release, not the release's date.
    assert "14 June" not in answer.answer.split("“")[0]


def test_spanish_and_german_date_questions_are_understood(facts: ReleaseFacts) -> None:
    for question in (
        "¿Cuándo se publicó el comunicado sobre la huelga de alquileres?",
        "Wann wurde die Pressemitteilung über den Mietstreik veröffentlicht?",
    ):
        answer = assert_cited(facts.answer(question, "en", [EN_PETITION]), "en")
        assert "20 June 2024" in answer.answer, question


def test_release_without_a_date_leaves_the_question_to_the_sentences(facts: ReleaseFacts) -> None:
    undated = chunk("en", EN_PETITION.text, date=None)
    assert facts.answer("When was the press release about the rent strike published?", "en", [undated]) is None


# --- contacts ------------------------------------------------------------------------------------


def test_phone_question_gets_the_number_as_printed_and_cites_the_contact_block(facts: ReleaseFacts) -> None:
    question = "What phone number should journalists call about the Calder Court rent strike?"
    answer = assert_cited(facts.answer(question, "en", [EN_PETITION]), "en")
    assert "07700 900461" in answer.answer
    quote = answer.citations[0].quote
    assert quote.startswith("Media contact:") and "07700 900461" in quote
    assert answer.citations[0].url is not None and "#:~:text=" in answer.citations[0].url


@pytest.mark.parametrize(
    "question",
    [
        "What is the phone number of the spokesperson for the Calder Court rent strike?",
        "Can I have the spokeswoman's telephone number?",
        "Quel est le numéro de téléphone de la porte-parole ?",
    ],
)
def test_a_spokespersons_phone_is_read_from_the_contact_block(facts: ReleaseFacts, question: str) -> None:
    answer = assert_cited(facts.answer(question, "en", [EN_PETITION]), "en")
    assert "07700 900461" in answer.answer


@pytest.mark.parametrize(
    "question",
    [
        "Who is the spokesperson of the tenants' union?",
        "How many households did the spokesperson say were withholding rent?",
        "What number of tenants did the spokeswoman give?",
    ],
)
def test_a_fact_question_about_a_spokesperson_is_left_to_the_sentences(facts: ReleaseFacts, question: str) -> None:
    assert facts.answer(question, "en", [EN_PETITION]) is None


def test_press_contact_question_names_the_person(facts: ReleaseFacts) -> None:
    answer = assert_cited(facts.answer("Who is the press contact for the rent strike?", "en", [EN_PETITION]), "en")
    assert "Priya Nandakumar" in answer.answer
    assert "press@caldercourt.example" in answer.answer


def test_french_phone_question_gets_the_french_number(facts: ReleaseFacts) -> None:
    question = "Quel numéro de téléphone les journalistes peuvent-ils appeler au sujet d'AnyVision ?"
    answer = assert_cited(facts.answer(question, "fr", [FR_PETITION]), "fr")
    assert "06 12 34 56 78" in answer.answer
    assert "Camille Roussel" in answer.answer
    assert answer.citations[0].quote.startswith("Contact presse :")


def test_french_email_question_gets_the_address(facts: ReleaseFacts) -> None:
    question = "Quel est l'email de contact presse pour le communiqué sur AnyVision ?"
    answer = assert_cited(facts.answer(question, "fr", [FR_PETITION]), "fr")
    assert "camille.roussel@visages-libres.example" in answer.answer
    assert answer.answer.startswith("L'adresse e-mail du contact presse")


def test_german_press_contact_question(facts: ReleaseFacts) -> None:
    answer = assert_cited(facts.answer("Wer ist der Pressekontakt für den Mietstreik?", "en", [EN_PETITION]), "en")
    assert "Priya Nandakumar" in answer.answer


def test_release_without_a_contact_block_gives_no_contact_answer(facts: ReleaseFacts) -> None:
    # The body's "call the library desk" number is not a press contact.
    question = "What phone number should journalists call about the library's Sunday opening?"
    assert facts.answer(question, "en", [NONE_BODY]) is None
    assert facts.answer("Who is the press contact for the library release?", "en", [NONE_BODY]) is None


# --- title and issuer ----------------------------------------------------------------------------


def test_title_question_quotes_the_headline(facts: ReleaseFacts) -> None:
    answer = assert_cited(
        facts.answer("What is the title of the release about the rent strike?", "en", [EN_PETITION]), "en"
    )
    assert answer.citations[0].quote == "Calder Court tenants begin rent strike over broken heating"
    assert "Calder Court tenants begin rent strike over broken heating" in answer.answer


def test_issuer_questions_name_the_organisation(facts: ReleaseFacts) -> None:
    english = assert_cited(facts.answer("Who issued the statement about the rent strike?", "en", [EN_PETITION]), "en")
    assert "Calder Court Tenants' Association" in english.answer
    french = assert_cited(
        facts.answer("Quelle organisation a publié le communiqué sur AnyVision ?", "fr", [FR_PETITION]), "fr"
    )
    assert "Visages Libres" in french.answer


def test_issuer_unknown_leaves_the_question_to_the_sentences(facts: ReleaseFacts) -> None:
    anonymous = chunk("en", EN_PETITION.text, organisation=None)
    assert facts.answer("Who issued the statement about the rent strike?", "en", [anonymous]) is None


# --- which release, and what is not a question about the release ----------------------------------


def test_the_best_ranked_release_is_the_one_answered_about(facts: ReleaseFacts) -> None:
    question = "What date is the press release on?"
    first_french = assert_cited(facts.answer(question, "en", [FR_PETITION, EN_PETITION]), "fr")
    assert "27 March 2020" in first_french.answer
    first_english = assert_cited(facts.answer(question, "en", [EN_PETITION, FR_PETITION]), "en")
    assert "20 June 2024" in first_english.answer


@pytest.mark.parametrize(
    "question",
    [
        "How many signatures does the release report?",
        "What does the statement say about the heating?",
        "When was the petition handed in, according to the release?",
        "Selon le communiqué, combien de signatures la pétition a-t-elle réunies ?",
        "Quand la pétition a-t-elle été lancée d'après le communiqué ?",
        "What date does the release give for the petition hand-in?",
        "When is the press conference?",
        "Who is quoted in the release?",
    ],
)
def test_fact_questions_that_mention_the_release_are_left_to_the_sentences(facts: ReleaseFacts, question: str) -> None:
    assert facts.answer(question, "en", [EN_PETITION, FR_PETITION]) is None


def test_no_passages_no_answer(facts: ReleaseFacts) -> None:
    assert facts.answer("When was the press release published?", "en", []) is None


def test_release_text_missing_from_the_store_gives_no_answer() -> None:
    facts = ReleaseFacts(lambda release_id: None)
    assert facts.answer("When was the press release about the rent strike published?", "en", [EN_PETITION]) is None


def spanish_release() -> tuple[ReleaseFacts, Passage]:
    text = (
        "Madrid, 3 de marzo de 2025 – El Sindicato de Inquilinas de Lavapiés convoca una huelga de alquileres.\n\n"
        "Contacto de prensa: Lucía Gómez – prensa@inquilinas.example – +34 600 123 456\n"
    )
    sentence = "El Sindicato de Inquilinas de Lavapiés convoca una huelga de alquileres."
    passage = Passage(
        chunk_id="es-0",
        release_id="es",
        text=sentence,
        title="Huelga de alquileres en Lavapiés",
        path="es.txt",
        date="2025-03-03",
        organisation="Sindicato de Inquilinas de Lavapiés",
        language="es",
        start=text.index(sentence),
        end=text.index(sentence) + len(sentence),
    )
    return ReleaseFacts({"es": text}.get), passage


def test_spanish_contact_question_on_a_one_line_contact_block() -> None:
    facts, passage = spanish_release()
    answer = facts.answer("¿Cuál es el teléfono de contacto de prensa del comunicado?", "en", [passage])
    assert answer is not None and answer.answered
    assert "+34 600 123 456" in answer.answer
    assert answer.citations[0].quote == "Contacto de prensa: Lucía Gómez – prensa@inquilinas.example – +34 600 123 456"


def test_asking_for_a_phone_the_block_lacks_says_so_and_gives_the_email() -> None:
    text = ENGLISH.replace("Mobile: 07700 900461\n", "")
    facts = ReleaseFacts({"en": text}.get)
    sentence = EN_PETITION.text
    passage = chunk("en", sentence)
    answer = facts.answer("What number can reporters call about the rent strike?", "en", [passage])
    assert answer is not None
    assert answer.answer.startswith("The release gives no phone number.")
    assert "press@caldercourt.example" in answer.answer
    assert "07700" not in answer.answer
