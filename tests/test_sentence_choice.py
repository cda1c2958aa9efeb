"""How the extractive answerer reads a question and weighs sentences: no model, hand-built passages.

Each passage carries its sentences' cosine to the question the way retrieval would, so these tests pin
the rules on top of similarity: translated question words, the unit or role asked about, money for
"how much", timeline entries for "latest", and the names that answer "which schools".
"""

from __future__ import annotations

from bot.evidence import holds_answer, role_of_another
from bot.extractive import ExtractiveAnswerer
from bot.question import analyse
from bot.types import Passage, SentenceHit
from ingest.chunking import split_sentences
from ingest.keyword_index import Tokenizer


def passage(text: str, *, sims: list[float], date: str, language: str = "en", rid: str = "r1") -> Passage:
    spans = list(split_sentences(text))
    assert len(spans) == len(sims), spans
    hits = tuple(
        SentenceHit(start=s, end=e, score=sim, similarity=sim) for (s, e), sim in zip(spans, sims, strict=True)
    )
    return Passage(
        chunk_id=f"{rid}-0",
        release_id=rid,
        text=text,
        title=f"Release {rid}",
        path=f"{rid}.txt",
        date=date,
        language=language,
        hits=hits,
    )


def test_question_words_are_translated_for_releases_in_the_other_language() -> None:
    tokens = Tokenizer()
    lawyer = next(c for c in tokens.concepts("Who is the lawyer for the complainants?", "en") if "lawyer" in c)
    assert "avocat" in lawyer
    elected = next(c for c in tokens.concepts("Quel élu a reçu la pétition ?", "fr") if "elu" in c)
    assert "councillor" in elected
    # The glossary is read in the question's language: the English "data" is not the French "date".
    data = next(c for c in tokens.concepts("Which data broker?", "en") if "data" in c)
    assert "deadlin" not in data


def test_a_french_answer_to_an_english_question_beats_an_english_near_miss() -> None:
    french = passage(
        "Le fichier contenait 3,4 millions de points de localisation horodatés. Le collectif a payé 1 850 $.",
        sims=[0.80, 0.79],
        date="2024-02-05",
        language="fr",
        rid="fr",
    )
    english = passage(
        "The Collective bought a sample dataset from Trajecta for $1,850. It covered 61,000 devices.",
        sims=[0.84, 0.82],
        date="2024-05-16",
        rid="en",
    )
    answer = ExtractiveAnswerer().answer(
        "How many timestamped location points did the sample dataset contain?", [english, french], "en"
    )
    assert answer.answered
    assert "3,4 millions de points" in answer.answer


def test_the_unit_asked_about_picks_the_figure_next_to_it_and_refuses_without_it() -> None:
    text = "The plant produces 85,000 tonnes of pellets a year. The riverbank clean-up lasted 3 days."
    release = passage(text, sims=[0.86, 0.84], date="2023-11-21")
    info = analyse("How many volunteers cleaned the riverbank?")
    assert "volunteers" in info.focus.split()
    answerer = ExtractiveAnswerer()
    # No sentence counts volunteers: the count of tonnes or kilometres is not an answer.
    refused = answerer.answer(info.text, [release], "en")
    assert not refused.answered
    counted = passage(text + " In all, 57 volunteers took part.", sims=[0.86, 0.84, 0.83], date="2023-11-21")
    answered = answerer.answer(info.text, [counted], "en")
    assert answered.answered and "57 volunteers" in answered.answer


def test_a_role_held_at_another_organisation_does_not_answer() -> None:
    info = analyse("Qui est le PDG de Trajecta Data ?")
    assert (info.focus, info.focus_of) == ("PDG", "Trajecta Data")
    tokens = Tokenizer()
    role = frozenset(t for c in tokens.concepts(info.focus, "fr") for t in c if t[0] != "~")

    def stem(word: str) -> list[str]:
        return tokens.document(word, "en")

    other = '"I never agreed to this," said Noémie Castonguay-Vidal, executive director of the Blind Spot Collective.'
    assert role_of_another(other, role, info.focus_of, stem)
    same = "Lena Ortiz, chief executive of Trajecta Data, declined to comment."
    assert not role_of_another(same, role, info.focus_of, stem)


def test_how_much_wants_money_not_a_vote_count() -> None:
    question = "How much did the council pledge for school kitchens?"
    assert not holds_answer("The board voted 11 to 4 to back the plan.", question, "number")
    assert holds_answer("The council pledged £1.8 million for kitchens.", question, "number")
    # A count question is still answered by a count.
    assert holds_answer("The board voted 11 to 4.", "By how many votes did the board pass it?", "number")


def test_latest_prefers_the_newest_statement_over_a_timeline_entry() -> None:
    october = passage(
        "• 14 March 2024: the coalition reveals the fund holds €3.2 million in Armeon shares. "
        "At the time of the vote the holding was valued at €5.1 million, up from €3.2 million.",
        sims=[0.90, 0.86],
        date="2024-10-08",
        rid="oct",
    )
    june = passage("The fund's stake in Armeon now stands at €4.7 million.", sims=[0.87], date="2024-06-20", rid="jun")
    answer = ExtractiveAnswerer().answer(
        "What is the most recent value of the fund's holding in Armeon?", [october, june], "en"
    )
    assert answer.answered
    assert "5.1 million" in answer.answer.split("[1]")[0]


def test_which_schools_is_answered_by_names() -> None:
    info = analyse("Which Kestermoor primary schools had their kitchens refitted in the autumn term?")
    assert info.kind == "place"
    assert holds_answer("Two schools, St Aldric's and Brookfield, had kitchens refitted.", info.text, info.kind)
    assert not holds_answer("Kitchens were refitted in the autumn term.", info.text, info.kind)


def test_a_month_alone_answers_when() -> None:
    assert holds_answer("En janvier, la campagne a remis une pétition.", "When was the petition handed over?", "date")
    # "sept" is a French number as well as an abbreviated month.
    assert not holds_answer("La campagne a remis sept pétitions.", "When was the petition handed over?", "date")


def test_a_pull_quote_in_capitals_is_not_quoted_twice() -> None:
    text = (
        "À LA FIN DE JANVIER, NOUS AVONS REMIS UNE PÉTITION SIGNÉE PAR PLUS DE 75 000 PERSONNES. "
        "« À la fin de janvier, nous avons remis une pétition signée par plus de 75000 personnes. "
        "Le séminaire a réuni 40 étudiants."
    )
    release = passage(text, sims=[0.86, 0.86, 0.80], date="2020-03-28", language="fr")
    answer = ExtractiveAnswerer().answer("Combien de personnes ont signé la pétition ?", [release], "fr")
    assert answer.answered
    assert len(answer.citations) == 1, answer.answer


def test_whether_something_happened_after_the_newest_release_is_refused() -> None:
    january = passage(
        "The council said it would report back on a free school meals pilot before its budget meeting on 27 February.",
        sims=[0.91],
        date="2024-01-23",
    )
    question = "Did the council approve a free school meals pilot at its February 2024 budget meeting?"
    assert analyse(question).yes_no
    assert not ExtractiveAnswerer().answer(question, [january], "en").answered
    # A release from after the meeting can answer it.
    march = passage(
        "At its budget meeting on 27 February the council approved a free school meals pilot in 10 schools.",
        sims=[0.91],
        date="2024-03-01",
    )
    assert ExtractiveAnswerer().answer(question, [march], "en").answered
