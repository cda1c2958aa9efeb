"""Answers in the asker's language: leads, refusals, source labels, buttons and menus in Spanish, German,
Italian, Portuguese, Arabic and Hebrew (and English for any other), from one catalogue per language; and
right-to-left answers whose quotes, figures and links keep their order."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from bot import i18n
from bot.engine import AnswerEngine
from bot.formatting import to_plain_text, to_telegram_html
from bot.telegram.keyboards import answer_keyboard
from bot.types import Answer, Citation
from config import Settings
from index.embedding import LocalE5Embedder
from index.reading import detect_language
from tests.botapi_standin import html_error

LOCALES = Path(i18n.__file__).with_name("locales")
SIX = ("es", "de", "it", "pt", "ar", "he")


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_catalogue_has_every_message_with_the_same_placeholders() -> None:
    def messages(lang: str) -> dict[str, str]:
        with (LOCALES / f"{lang}.po").open("rb") as handle:
            return {str(m.id): str(m.string) for m in read_po(handle) if m.id}

    english = messages("en")
    for lang in ("fr", *SIX):
        found = messages(lang)
        assert set(found) == set(english), lang
        for key, template in english.items():
            assert _fields(found[key]) == _fields(template), (lang, key)
            assert found[key].strip(), (lang, key)


def test_the_six_languages_and_scripts_are_recognised() -> None:
    questions = {
        "es": "¿Cuántas personas firmaron la petición?",
        "de": "Wie viele Menschen haben die Petition unterschrieben?",
        "it": "Quante persone hanno firmato la petizione?",
        "pt": "Quantas pessoas assinaram a petição?",
        "ar": "كم عدد الأشخاص الذين وقعوا العريضة؟",
        "he": "כמה אנשים חתמו על העצומה?",
    }
    assert {lang: detect_language(q) for lang, q in questions.items()} == {lang: lang for lang in questions}


def _citation() -> Citation:
    return Citation(
        n=1,
        title="Petition handed in with 27,940 signatures",
        organisation="Healthy River Network",
        date="2024-06-18",
        source="https://example.org/press/order",
        url="https://example.org/press/order",
        quote="The petition closed last week with 27,940 signatures.",
        score=0.9,
        release_id="r1",
    )


def test_an_arabic_answer_keeps_its_quote_number_and_link_in_order() -> None:
    quote = i18n.text("ar", "answer.quote", quote=_citation().quote)
    lead = i18n.text("ar", "answer.according", title=_citation().title, date="18 يونيو 2024")
    answer = Answer("كم؟", f"{i18n.isolate('27,940 signatures')}.\n\n{lead} {quote} [1]", True, "ar", "extractive",
                    citations=[_citation()])  # fmt: skip
    [html] = to_telegram_html(answer)
    assert html_error(html) is None
    lines = [line for line in html.split("\n") if line.strip()]
    # Every line is laid out from the right, and each left-to-right piece is isolated whole.
    assert all(line.startswith(i18n.RLM) for line in lines)
    assert f"{i18n.FSI}27,940 signatures{i18n.PDI}" in html
    assert f"{i18n.FSI}{_citation().quote}{i18n.PDI}" in html
    assert f"{i18n.FSI}{_citation().title}{i18n.PDI}" in html
    # The Arabic labels, not the English ones.
    assert i18n.text("ar", "answer.sources") in html and "Sources" not in html
    assert to_plain_text(answer).startswith(i18n.RLM)
    buttons = [b.text for row in answer_keyboard("a1", [_citation()], "ar").inline_keyboard for b in row]
    assert i18n.text("ar", "tg.source_button", n=1) in buttons and i18n.text("ar", "tg.copy_button") in buttons


@pytest.mark.slow
@pytest.mark.parametrize(
    ("language", "question", "fact"),
    [
        ("es", "¿Cuántas personas firmaron la petición del Healthy River Network?", "27,940"),
        ("de", "Wie viele Menschen haben die Petition des Healthy River Network unterschrieben?", "27,940"),
        ("it", "Chi ha ricevuto la petizione alla prefettura di Ormeval?", "Rouvière"),
        ("pt", "Quem recebeu a petição na prefeitura de Ormeval?", "Rouvière"),
        ("ar", "من قاد استطلاع الرطوبة والعفن في Fennick Park؟", "Adeyinka"),
        ("he", "כמה אנשים חתמו על העצומה של Healthy River Network?", "27,940"),
    ],
)
def test_a_question_in_each_language_is_answered_in_it(
    shipped_corpus: Settings, real_embedder: LocalE5Embedder, language: str, question: str, fact: str
) -> None:
    engine = _engine(shipped_corpus, real_embedder)
    answer = engine.answer(question)
    assert answer.language == language
    assert answer.answered and fact in answer.answer, answer.answer
    prefix = i18n.text(language, "answer.according", title="\x00", date="\x00").split("\x00")[0]
    headline = i18n.text(language, "answer.headline", date="\x00").split("\x00")[0]
    assert prefix.strip(i18n.FSI) in answer.answer or headline.strip(i18n.FSI) in answer.answer
    html = to_telegram_html(answer)[-1]
    assert i18n.text(language, "answer.sources") in html
    # Refused, it says so in the same language.
    refused = engine.answer(_off_topic[language])
    assert not refused.answered and refused.answer == i18n.text(language, "answer.refusal"), refused.answer


_off_topic = {
    "es": "¿Cuál es la receta del gazpacho de la abuela del ministro?",
    "de": "Wie heißt der Hund des Verkehrsministers?",
    "it": "Qual è la ricetta preferita del cuoco del ministro?",
    "pt": "Qual é a receita preferida do cozinheiro do ministro?",
    "ar": "ما هي وصفة الطبخ المفضلة لدى طباخ الوزير؟",
    "he": "מה המתכון האהוב על הטבח של השר?",
}
_engines: dict[str, AnswerEngine] = {}


def _engine(settings: Settings, embedder: LocalE5Embedder) -> AnswerEngine:
    key = str(settings.store.data_dir)
    if key not in _engines:
        _engines[key] = AnswerEngine.from_settings(settings, embedder=embedder)
    return _engines[key]


def test_rtl_isolation_leaves_other_languages_alone() -> None:
    assert i18n.text("en", "answer.quote", quote="x") == "“x”"
    assert not re.search("[\u2068\u2069\u200f]", i18n.text("fr", "answer.according", title="T", date="D"))


def test_the_bot_speaks_to_each_user_in_their_telegram_language(tmp_path: Path) -> None:
    from tests.botapi_standin import running_standin, visible_text
    from tests.telegram_fakes import TOKEN, FakeEngine, make_settings, private, run, running_bot, until

    with running_standin(TOKEN) as standin:

        async def scenario() -> None:
            async with running_bot(make_settings(standin.base_url, tmp_path), FakeEngine()):
                for n, lang in enumerate(SIX, start=1):
                    standin.push_update(private(600 + n, "/help", language_code=lang))
                standin.push_update(private(700, "/help", language_code="zh-hans"))
                await until(lambda: all(standin.sent_to(600 + n) for n in range(1, 7)) and standin.sent_to(700))

        run(scenario())
        for n, lang in enumerate(SIX, start=1):
            shown = visible_text(standin.texts_to(600 + n)[0])
            assert shown == visible_text(i18n.text(lang, "tg.help", bot="pressroom_test_bot")), lang
        assert visible_text(standin.texts_to(700)[0]).startswith("How to ask")
