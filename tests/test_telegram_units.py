"""The bot's small parts on their own: limits, addressing, buttons, texts, catalogue, redaction."""

from __future__ import annotations

import logging
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from telegram import Bot, Message

from bot.telegram.addressing import command_argument, group_question, strip_mention
from bot.telegram.app import MissingTokenError, bot_token, file_url
from bot.telegram.catalogue import example_questions, newest_first, sources_page
from bot.telegram.handlers import reindex_summary
from bot.telegram.keyboards import answer_keyboard, parse_cite, parse_sources_page, parse_vote
from bot.telegram.limits import Access, SlidingWindowLimiter
from bot.telegram.recent import RecentAnswers
from bot.telegram.redact import REDACTED, SecretRedactor
from bot.telegram.texts import catalogue_keys, language_of, text
from bot.types import Answer, ReleaseInfo
from tests.botapi_standin import BOT_ID, BOT_USERNAME, html_error
from tests.telegram_fakes import RELEASES, TOKEN, FakeEngine, make_settings, message_update


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_sliding_window_counts_the_last_minute_not_a_calendar_minute() -> None:
    clock = Clock()
    limiter = SlidingWindowLimiter(limit=3, window=60, clock=clock)
    assert all(limiter.check("u").allowed for _ in range(3))
    refused = limiter.check("u")
    assert not refused.allowed and refused.first_refusal and refused.retry_after_seconds == 60
    clock.now += 30
    again = limiter.check("u")
    assert not again.allowed and not again.first_refusal and again.retry_after_seconds == 30
    assert limiter.check("someone else").allowed
    clock.now += 30  # the first three have left the window
    assert limiter.check("u").allowed


def test_access_with_no_lists_is_open_and_admins_always_get_in() -> None:
    assert Access().allows(1, 1)
    access = Access.from_ids(users=[1], chats=[-5], admins=[9])
    assert access.allows(1, 123) and access.allows(2, -5) and access.allows(9, 7)
    assert not access.allows(2, 3) and not access.allows(None, None)
    assert access.is_admin(9) and not access.is_admin(1) and not access.is_admin(None)


def test_recent_answers_forget_the_least_recently_used() -> None:
    recent = RecentAnswers(capacity=2)
    answers = [Answer(f"q{i}", "a", True, "en", "extractive") for i in range(3)]
    first, second = recent.add(answers[0]), recent.add(answers[1])
    assert recent.get(first) is answers[0]  # touching it keeps it
    recent.add(answers[2])
    assert recent.get(second) is None and recent.get(first) is answers[0] and len(recent) == 2


def test_callback_data_fits_telegrams_64_bytes_and_round_trips() -> None:
    answer = FakeEngine().answer("water?")
    answer_id = RecentAnswers().add(answer)
    keyboard = answer_keyboard(answer_id, answer.citations * 7, "en")
    data = [b.callback_data for row in keyboard.inline_keyboard for b in row if b.copy_text is None]
    assert all(isinstance(d, str) and len(d.encode()) <= 64 for d in data)
    assert parse_cite(data[0]) is not None and parse_cite(data[0]).answer_id == answer_id  # type: ignore[union-attr]
    assert parse_vote(data[-1]) is not None and parse_vote(data[-1]).vote == -1  # type: ignore[union-attr]
    assert [len(row) for row in keyboard.inline_keyboard] == [3, 3, 1, 3]
    # The copy button puts the quote with its citation on the clipboard, within Telegram's 256 characters.
    [copy] = [b for row in keyboard.inline_keyboard for b in row if b.copy_text is not None]
    assert copy.copy_text.text.startswith("“a campaign to bring safe drinking water")  # type: ignore[union-attr]
    assert "Acme Foundation launches Clean Water for All" in copy.copy_text.text  # type: ignore[union-attr]
    long = replace(answer.citations[0], quote="word " * 200)
    copied = answer_keyboard(answer_id, [long], "en").inline_keyboard[-1][0].copy_text.text  # type: ignore[union-attr]
    assert len(copied) <= 256 and copied.endswith(long.url or "") and "…”" in copied
    assert parse_sources_page("src:3") == 3 and parse_sources_page("src:x") is None
    assert parse_vote("vote:abc:maybe") is None and parse_cite("cite:a:b") is None


def _message(text: str, **kwargs: object) -> Message:
    bot = Bot(TOKEN)
    return Message.de_json(message_update(-1, 5, text, **kwargs)["message"], bot)  # type: ignore[arg-type]


def test_group_addressing() -> None:
    assert group_question(_message(f"@{BOT_USERNAME} water?"), BOT_USERNAME, BOT_ID) == "water?"
    assert group_question(_message(f"so, @{BOT_USERNAME}, water?"), BOT_USERNAME, BOT_ID) == "so, , water?"
    assert group_question(_message(f"@{BOT_USERNAME}"), BOT_USERNAME, BOT_ID) == ""
    assert group_question(_message(f"@{BOT_USERNAME}2 water?"), BOT_USERNAME, BOT_ID) is None
    assert group_question(_message("water?"), BOT_USERNAME, BOT_ID) is None
    from_bot = {"message_id": 1, "date": 0, "chat": {"id": -1, "type": "supergroup"},
                "from": {"id": BOT_ID, "is_bot": True, "first_name": "P"}, "text": "answer"}  # fmt: skip
    assert group_question(_message("and then?", reply_to=from_bot), BOT_USERNAME, BOT_ID) == "and then?"
    assert strip_mention(f"Hi @{BOT_USERNAME.upper()} there", BOT_USERNAME) == "Hi there"


def test_command_argument_keeps_line_breaks() -> None:
    assert command_argument("/ask@bot what\nabout water?") == "what\nabout water?"
    assert command_argument("/ask") == "" and command_argument(None) == ""


def test_languages() -> None:
    codes = ("fr", "fr-CA", "FR", "en", "de", "pt-br", "ar", "he", "zh-hans", None, "")
    assert [language_of(c) for c in codes] == ["fr", "fr", "fr", "en", "de", "pt", "ar", "he", "en", "en", "en"]
    for lang in ("fr", "es", "de", "it", "pt", "ar", "he"):
        assert catalogue_keys(lang) == catalogue_keys("en"), lang


def test_every_bot_text_is_valid_telegram_html() -> None:
    values = {"org": "Acme", "examples": "• x", "bot": "b", "count": 3, "orgs": "", "example": "x", "length": 9,
              "limit": 5, "seconds": 3, "total": 9, "page": 1, "pages": 2, "n": 1, "summary": "s", "questions": 1,
              "unanswered": 0, "up": 1, "down": 0, "date": "2024", "title": "T", "name": "cp.pdf",
              "reason": "r"}  # fmt: skip
    for lang in ("en", "fr", "es", "de", "it", "pt", "ar", "he"):
        for key in catalogue_keys(lang):
            assert html_error(text(lang, key, **values)) is None, (lang, key)


def test_catalogue_orders_pages_and_examples_deterministically() -> None:
    undated = ReleaseInfo("u", "Undated", "u.md")
    ordered = newest_first([*RELEASES, undated])
    assert [r.date for r in ordered][:3] == ["2024-05-02", "2024-03-14", "2023-12-01"]
    assert ordered[-1] is undated
    body, page, pages = sources_page(RELEASES, 99, "en")  # clamped, e.g. after the corpus shrank
    assert (page, pages) == (1, 2) and html_error(body) is None
    assert example_questions([undated, ReleaseInfo("o", "Orgs only", "o.md", organisation="Org")], "fr") == [
        "Qu’a annoncé Org dans « Orgs only » ?",
        "Que dit « Undated » ?",
    ]
    assert sources_page([], 0, "fr")[0] == "Aucun communiqué n’est encore indexé."


def test_reindex_summary_reads_like_a_sentence() -> None:
    summary = {"chunks_embedded": 4, "added": 1, "skipped": ["a.pdf", "b.doc"], "seconds": 2.25}
    assert reindex_summary(summary, "en") == "1 added, 2 skipped, 4 chunks embedded, 2.2 seconds"


def test_the_redactor_hides_secrets_in_messages_args_and_tracebacks() -> None:
    redactor = SecretRedactor([TOKEN, "sk-live-key", ""])
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "POST %s/getMe", ("http://h/bot123:ABC",), None)
    assert redactor.filter(record) and record.getMessage() == f"POST http://h/bot{REDACTED}/getMe"
    try:
        raise RuntimeError("token 123:ABC and key sk-live-key rejected")
    except RuntimeError:
        failing = logging.LogRecord("x", logging.ERROR, __file__, 1, "boom", (), sys.exc_info())
    redactor.filter(failing)
    formatted = logging.Formatter().format(failing)
    assert "123:ABC" not in formatted and "sk-live-key" not in formatted and REDACTED in formatted


def test_token_and_file_url(tmp_path: Path) -> None:
    settings = make_settings("http://127.0.0.1:1/bot", tmp_path)
    assert bot_token(settings.telegram) == TOKEN
    assert file_url(settings.telegram) == "http://127.0.0.1:1/file/bot"
    with pytest.raises(MissingTokenError, match="TELEGRAM_BOT_TOKEN"):
        bot_token(make_settings("http://x/bot", tmp_path, telegram_bot_token="").telegram)
