"""Questions read across languages through the corpus's own words (index/word_table, bot/translation)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bot.engine import AnswerEngine
from bot.features import Lexicon, question_signals
from bot.translation import QuestionTranslator
from config import IngestSettings, Settings, StoreSettings
from index.embedding import LocalE5Embedder
from index.layout import word_table_path
from index.word_table import WordTable
from ingest.runner import run_ingest
from tests.conftest import write_corpus
from tests.fakes import HashEmbedder

FRENCH = {
    "cp_2023-11-21_petition.txt": """Pétition : 23 615 signatures remises à la préfecture de l'Orvanne

Ormeval, le 21 novembre 2023 – Une délégation du Réseau Rivière Saine a remis hier une pétition signée par
23 615 personnes à la préfecture.

La pétition a été reçue par la secrétaire générale de la préfecture, Agathe Rouvière, qui a promis une
réponse avant la fin de l'année.
""",
}
ENGLISH = {
    "healthy-river_2024-06-17.txt": """Healthy River Network welcomes the prefectoral order on plastic pellets

Ormeval, 17 June 2024 – The Healthy River Network welcomes the order signed on Friday by the prefect,
which requires the Polydrome plant to stop pellet losses into the Orvanne within six months.

The order follows a year-long campaign and a petition signed by 27,940 people.
""",
}


def _settings(base: Path, releases: dict[str, str]) -> Settings:
    corpus = write_corpus(base / "corpus", releases)
    return Settings(store=StoreSettings(data_dir=base / "data"), ingest=IngestSettings(corpus_dir=corpus))


def test_a_corpus_in_two_languages_gets_its_words_embedded_once(tmp_path: Path) -> None:
    settings = _settings(tmp_path, {**FRENCH, **ENGLISH})
    embedder = HashEmbedder()
    run_ingest(settings, embedder=embedder)
    table = WordTable.read(word_table_path(settings))
    assert table is not None and table.model == embedder.name
    assert table.language_set == {"en", "fr"}
    i, j = table.index("recue"), table.index("prefect")
    assert i is not None and j is not None
    assert table.languages[i] == "fr" and table.languages[j] == "en"
    # Nothing changed: no word is embedded again.
    before = embedder.passages_embedded
    run_ingest(settings, embedder=embedder)
    assert embedder.passages_embedded == before
    # A new release: only its new words are.
    (settings.ingest.corpus_dir / "extra.txt").write_text(
        "Orvanne cleanup\n\nOrmeval, 2 May 2024 – Volunteers cleaned the riverbanks of the Orvanne.\n",
        encoding="utf-8",
    )
    run_ingest(settings, embedder=embedder)
    grown = WordTable.read(word_table_path(settings))
    assert grown is not None and grown.index("riverbanks") is not None
    assert 0 < embedder.passages_embedded - before - 2 < 10  # the release's sentences, then its few new words


def test_a_question_in_the_language_of_every_release_is_not_translated(tmp_path: Path) -> None:
    settings = _settings(tmp_path, ENGLISH)
    embedder = HashEmbedder()
    run_ingest(settings, embedder=embedder)
    engine = AnswerEngine.from_settings(settings, embedder=embedder)
    calls = embedder.passage_calls
    english = engine.retriever.search("Who signed the order on pellet losses?", 5, expand=3)
    assert english and not english[0].translations and embedder.passage_calls == calls
    # Asked in French, the English releases' words are looked up.
    french = engine.retriever.search("Qui a signé l'arrêté sur les pertes de granulés ?", 5, expand=3)
    assert french and embedder.passage_calls == calls + 1


def test_a_broken_word_table_is_no_table(tmp_path: Path) -> None:
    path = tmp_path / "words.npz"
    path.write_bytes(b"not a table")
    assert WordTable.read(path) is None


def test_a_translation_counts_as_the_question_word() -> None:
    lexicon = Lexicon()
    plain = question_signals(lexicon, "Who received the petition?", "en")
    read = question_signals(lexicon, "Who received the petition?", "en", {"received": [("recue", "fr")]})
    forms = dict(read.terms)["received"]
    assert "recue" in forms and "recue" not in dict(plain.terms)["received"]


@pytest.mark.slow
def test_an_english_question_finds_the_french_sentence_that_answers_it(
    tmp_path: Path, real_embedder: LocalE5Embedder
) -> None:
    settings = _settings(tmp_path, {**FRENCH, **ENGLISH})
    run_ingest(settings, embedder=real_embedder)
    engine = AnswerEngine.from_settings(settings, embedder=real_embedder)
    passages = engine.retriever.search("Who received the petition at the prefecture?", 5, expand=3)
    translations = dict(passages[0].translations)
    assert any(word.startswith("recu") for word, _ in translations["received"])
    answer = engine.answer("Who received the petition at the prefecture?")
    assert answer.answered and "Agathe Rouvière" in answer.answer
    assert answer.citations[0].source.endswith("cp_2023-11-21_petition.txt")


def test_a_question_about_nothing_the_corpus_writes_is_refused_in_any_language(tmp_path: Path) -> None:
    settings = _settings(tmp_path, {**FRENCH, **ENGLISH})
    embedder = HashEmbedder()
    run_ingest(settings, embedder=embedder)
    engine = AnswerEngine.from_settings(settings, embedder=embedder)
    about = engine.retriever.search("How many people signed the petition about pellets?", 5, expand=3)
    off = engine.retriever.search("Wie heißt der Hund des Bürgermeisters?", 5, expand=3)
    assert about[0].known_share is not None and about[0].known_share > 0.5
    assert off[0].known_share is not None and off[0].known_share <= 0.25
    assert not engine.answer("Wie heißt der Hund des Bürgermeisters?").answered


class _NoCalls:
    name = "synthetic"

    def embed_passages(self, texts: list[str]) -> list[list[float]]:
        raise AssertionError(f"every word is in the table, nothing should be embedded: {texts}")


def _bilingual_table() -> WordTable:
    """Words as a multilingual model places them: what a word means plus a direction shared by every word
    of its language. "retraites" is a French word that English releases quote (an organisation's name),
    so the table lists it as English, but the model still reads it as French."""
    rng = np.random.default_rng(0)
    dim = 32
    french, english = rng.normal(size=dim) * 3.0, rng.normal(size=dim) * 3.0
    meal, pension = rng.normal(size=dim), rng.normal(size=dim)
    words, languages, vectors = [], [], []

    def add(word: str, language: str, meaning: np.ndarray, written_in: np.ndarray) -> None:
        v = meaning + written_in
        words.append(word)
        languages.append(language)
        vectors.append(v / np.linalg.norm(v))

    for k in range(300):
        add(f"motfr{k}", "fr", rng.normal(size=dim), french)
        add(f"worden{k}", "en", rng.normal(size=dim), english)
    add("repas", "fr", meal, french)
    add("meals", "en", meal, english)
    add("retraites", "en", pension, french)
    return WordTable(
        model="synthetic",
        words=words,
        languages=languages,
        vectors=np.asarray(vectors, dtype=np.float16),
        releases={"r1"},
        common=[True] * len(words),
    )


def test_a_french_word_quoted_in_english_releases_is_not_taken_for_a_translation() -> None:
    table = _bilingual_table()
    centred = QuestionTranslator(table, _NoCalls())
    plain = QuestionTranslator(table, _NoCalls(), centred=False)
    question = "Et les repas ?"
    assert dict(centred.read(question, "fr")[0])["repas"][0] == ("meals", "en")
    # Without the correction the languages' own directions outweigh the meaning: every French word,
    # the quoted one too, stands nearer than "meals", which is not found.
    assert ("meals", "en") not in dict(plain.read(question, "fr")[0]).get("repas", ())
