"""The real Application, long-polling a local Bot API stand-in: what users see in each situation."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.feedback import FeedbackStore
from bot.telegram.texts import languages
from tests.botapi_standin import BOT_USERNAME, ApiCall, BotApiStandin, running_standin, visible_text
from tests.telegram_fakes import (
    FAILING_QUESTION,
    LONG_QUESTION,
    SLOW_QUESTION,
    TOKEN,
    WATER_PASSAGE,
    FakeEngine,
    RecordingReindex,
    callback_update,
    inline_update,
    make_settings,
    message_update,
    private,
    reaction_update,
    run,
    running_bot,
    settle,
    until,
)

GROUP = -100500


@pytest.fixture
def standin() -> Iterator[BotApiStandin]:
    with running_standin(TOKEN) as api:
        yield api


def buttons(call: ApiCall) -> list[dict[str, str]]:
    markup = call.params.get("reply_markup") or {"inline_keyboard": []}
    return [button for row in markup["inline_keyboard"] for button in row]


def button(call: ApiCall, label: str) -> str:
    return next(b["callback_data"] for b in buttons(call) if b["text"] == label)


def test_a_private_question_gets_the_fact_and_its_source_link(standin: BotApiStandin, tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_bot(make_settings(standin.base_url, tmp_path), FakeEngine()):
            standin.push_update(private(11, "What is the clean water campaign?"))
            await until(lambda: standin.sent_to(11), what="the answer")

    run(scenario())
    [call] = standin.sent_to(11)
    assert call.params["parse_mode"] == "HTML"
    assert call.params["text"].startswith("Acme Foundation launched Clean Water for All")
    assert '<a href="https://example.org/press/clean-water?lang=en&amp;ref=press#:~:text=' in call.params["text"]
    assert [b["text"] for b in buttons(call)] == ["[1] source", "📋 Copy quote", "👍", "👎"]
    copied = buttons(call)[1]["copy_text"]["text"]
    assert copied.startswith("“a campaign to bring safe drinking water") and "example.org/press/clean-water" in copied
    # The command menu was set at start-up, by default in English and in every other language spoken.
    menus = standin.calls_to("setMyCommands")
    assert {m.params.get("language_code") for m in menus if not m.params.get("scope")} == {None} | (
        set(languages()) - {"en"}
    )
    assert {"fr", "es", "de", "it", "pt", "ar", "he"} <= set(languages())
    assert [c["command"] for c in menus[0].params["commands"]] == ["ask", "check", "sources", "about", "help", "start"]


def test_in_groups_the_bot_answers_only_when_addressed(standin: BotApiStandin, tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_bot(make_settings(standin.base_url, tmp_path), FakeEngine()):
            standin.push_update(message_update(GROUP, 21, "water is wet, chatting among ourselves"))
            standin.push_update(message_update(GROUP, 21, "email me at someone@pressroom_test_bot.org about water"))
            await settle(standin)
            assert standin.sent_to(GROUP) == []

            standin.push_update(message_update(GROUP, 21, f"@{BOT_USERNAME} what about water?"))
            await until(lambda: len(standin.sent_to(GROUP)) == 1, what="an answer to the mention")

            bot_message = standin.sent_to(GROUP)[0].result
            standin.push_update(message_update(GROUP, 22, "and the budget?", reply_to=bot_message))
            await until(lambda: len(standin.sent_to(GROUP)) == 2, what="an answer to the reply")

            standin.push_update(message_update(GROUP, 23, f"/ask@{BOT_USERNAME} water?"))
            await until(lambda: len(standin.sent_to(GROUP)) == 3, what="an answer to /ask")

    run(scenario())
    mention, reply, ask = standin.sent_to(GROUP)
    assert "Clean Water for All" in mention.params["text"]
    # A reply to the bot's answer is a follow-up of that answer, and says how it was read.
    assert reply.params["text"].startswith("<i>↪ what about water budget?</i>")
    assert "Clean Water for All" in ask.params["text"]
    # Answers in a group quote the question they answer.
    assert all(c.params.get("reply_parameters", {}).get("message_id") for c in (mention, reply, ask))


def test_the_mention_is_removed_from_the_question(standin: BotApiStandin, tmp_path: Path) -> None:
    engine = FakeEngine()

    async def scenario() -> None:
        async with running_bot(make_settings(standin.base_url, tmp_path), engine):
            standin.push_update(message_update(GROUP, 21, f"@{BOT_USERNAME.upper()}   water  please"))
            await until(lambda: standin.sent_to(GROUP), what="the answer")

    run(scenario())
    assert engine.questions == ["water please"]


def test_start_welcomes_in_the_users_language_with_examples_from_the_corpus(
    standin: BotApiStandin, tmp_path: Path
) -> None:
    async def scenario() -> None:
        async with running_bot(make_settings(standin.base_url, tmp_path), FakeEngine()):
            standin.push_update(private(31, "/start", language_code="fr-CA"))
            standin.push_update(private(32, "/start", language_code="en"))
            standin.push_update(private(33, "/start", language_code=None))
            await until(lambda: all(standin.sent_to(u) for u in (31, 32, 33)), what="three welcomes")

    run(scenario())
    [french] = standin.texts_to(31)
    [english] = standin.texts_to(32)
    assert french.startswith("Bonjour !")
    assert "• Qu’a annoncé Fondation Acme le 2024-05-02 ?" in french
    assert english.startswith("Hello!")
    assert "• What did Fondation Acme announce on 2024-05-02?" in english
    assert "• What did Acme Foundation announce on 2024-03-14?" in english
    assert "• What did Acme Foundation announce on 2023-12-01?" in english
    assert standin.texts_to(33)[0].startswith("Hello!")


def test_help_about_and_unknown_commands(standin: BotApiStandin, tmp_path: Path) -> None:
    settings = make_settings(standin.base_url, tmp_path, admin_ids=[42])

    async def scenario() -> None:
        async with running_bot(settings, FakeEngine()):
            for text in ("/help", "/about", "/nonsense"):
                standin.push_update(private(41, text))
            standin.push_update(private(42, "/help"))
            await until(lambda: len(standin.sent_to(41)) == 3 and standin.sent_to(42), what="replies")

    run(scenario())
    texts = standin.texts_to(41)
    help_text = next(t for t in texts if "How to ask" in t)
    assert f"@{BOT_USERNAME}" in help_text and "/reindex" not in help_text
    assert any("answers questions from 7 press releases by Acme Foundation, Fondation Acme" in t for t in texts)
    assert any("I don't know that command" in t for t in texts)
    assert "/reindex" in standin.texts_to(42)[0]


def test_sources_are_listed_newest_first_and_paged_with_buttons(standin: BotApiStandin, tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_bot(make_settings(standin.base_url, tmp_path), FakeEngine()):
            standin.push_update(private(51, "/sources"))
            await until(lambda: standin.sent_to(51), what="the first page")
            first = standin.sent_to(51)[0]
            standin.push_update(callback_update(51, button(first, "Next ›"), first.result))
            await until(lambda: standin.calls_to("editMessageText"), what="the second page")
            second = standin.calls_to("editMessageText")[0]
            standin.push_update(callback_update(51, button(second, "‹ Prev"), first.result))
            await until(lambda: len(standin.calls_to("editMessageText")) == 2, what="back to the first page")

    run(scenario())
    first_page = standin.sent_to(51)[0]
    lines = visible_text(first_page.params["text"]).splitlines()
    assert lines[0] == "Press releases (7) — page 1/2"
    assert lines[2].startswith("2024-05-02 — R&D budget <2025>")
    assert lines[3].startswith("2024-03-14 — Acme Foundation launches Clean Water for All")
    assert lines[4] == "2023-12-01 — Annual report 2023 — Acme Foundation — releases/2023-annual.md"
    assert len(lines) == 2 + 5
    assert [b["text"] for b in buttons(first_page)] == ["Next ›"]

    second, back = standin.calls_to("editMessageText")
    assert second.params["message_id"] == first_page.result["message_id"]
    assert visible_text(second.params["text"]).splitlines()[0] == "Press releases (7) — page 2/2"
    assert "Campaign note 1" in second.params["text"]
    assert [b["text"] for b in buttons(second)] == ["‹ Prev"]
    assert back.params["text"] == first_page.params["text"]
    assert len(standin.calls_to("answerCallbackQuery")) == 2


def test_a_source_button_reveals_the_passage(standin: BotApiStandin, tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_bot(make_settings(standin.base_url, tmp_path), FakeEngine()):
            standin.push_update(private(61, "water?"))
            await until(lambda: standin.sent_to(61), what="the answer")
            answer = standin.sent_to(61)[0]
            standin.push_update(callback_update(61, button(answer, "[1] source"), answer.result))
            standin.push_update(callback_update(61, "cite:unknown1:1", answer.result))
            await until(lambda: len(standin.sent_to(61)) == 2, what="the passage")
            await until(lambda: len(standin.calls_to("answerCallbackQuery")) == 2, what="both buttons answered")

    run(scenario())
    answer, passage = standin.sent_to(61)
    assert visible_text(passage.params["text"]).endswith(WATER_PASSAGE)
    assert "<blockquote>" in passage.params["text"]
    assert passage.params["reply_parameters"]["message_id"] == answer.result["message_id"]
    expired = next(c for c in standin.calls_to("answerCallbackQuery") if c.params.get("show_alert"))
    assert "too old" in expired.params["text"]


def test_a_vote_is_stored_without_the_raw_user_id(standin: BotApiStandin, tmp_path: Path) -> None:
    voter = 918273645
    data_dir = tmp_path / "data"

    async def scenario() -> None:
        async with running_bot(make_settings(standin.base_url, data_dir, admin_ids=[7]), FakeEngine()):
            standin.push_update(private(voter, "water?"))
            await until(lambda: standin.sent_to(voter), what="the answer")
            answer = standin.sent_to(voter)[0]
            standin.push_update(callback_update(voter, button(answer, "👎"), answer.result))
            await until(lambda: standin.calls_to("answerCallbackQuery"), what="the first vote")
            # Changing one's mind replaces the vote rather than adding one.
            standin.push_update(callback_update(voter, button(answer, "👍"), answer.result))
            await until(lambda: len(standin.calls_to("answerCallbackQuery")) == 2, what="the second vote")
            standin.push_update(private(7, "/stats"))
            await until(lambda: standin.sent_to(7), what="the stats")

    run(scenario())
    assert standin.calls_to("answerCallbackQuery")[0].params["text"] == "Thanks for your feedback!"
    stats = visible_text(standin.texts_to(7)[0])
    assert stats == "Questions: 1 (0 unanswered)\nVotes: 👍 1 · 👎 0"
    stored = b"".join(p.read_bytes() for p in data_dir.iterdir() if p.name.startswith("feedback.sqlite3"))
    assert b"Clean Water for All" in stored  # the vote really is in this file…
    assert str(voter).encode() not in stored  # …but the voter is not, in any form
    assert b"water?" not in stored  # nor the question: texts are kept only with PRESSROOM_KEEP_QUESTIONS


def test_digest_is_for_admins(standin: BotApiStandin, tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_bot(make_settings(standin.base_url, tmp_path / "data", admin_ids=[7]), FakeEngine()):
            standin.push_update(private(8, "who won the lottery?"))
            await until(lambda: standin.sent_to(8), what="the refusal")
            # The question is logged after its answer is sent.
            stats = FeedbackStore(tmp_path / "data").stats
            await until(lambda: stats()["questions"] == 1, what="the question logged")
            standin.push_update(private(8, "/digest"))
            await until(lambda: len(standin.sent_to(8)) == 2, what="the refusal of /digest")
            standin.push_update(private(7, "/digest 30d", language_code="fr"))
            await until(lambda: len(standin.sent_to(7)) == 1, what="the digest")
            standin.push_update(private(7, "/digest soon"))
            await until(lambda: len(standin.sent_to(7)) == 2, what="the usage")

    run(scenario())
    assert "only the bot's administrators" in standin.texts_to(8)[1]
    digest, usage = (visible_text(t) for t in standin.texts_to(7))
    assert digest.startswith("Bilan Pressroom") and "Questions : 1 (1 sans réponse)" in digest
    assert "Acme Foundation launches Clean Water for All" in digest  # the closest release, counted as a topic
    assert "/digest 7d" in usage


def test_an_inline_query_gets_an_article_with_the_fact_and_its_link(standin: BotApiStandin, tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_bot(make_settings(standin.base_url, tmp_path), FakeEngine()):
            standin.push_update(inline_update(71, "clean water"))
            standin.push_update(inline_update(72, "   "))
            await until(lambda: len(standin.calls_to("answerInlineQuery")) == 2, what="both inline answers")

    run(scenario())
    calls = {c.params["inline_query_id"]: c for c in standin.calls_to("answerInlineQuery")}
    answered, empty = sorted(calls.values(), key=lambda c: len(c.params["results"]), reverse=True)
    [article] = answered.params["results"]
    assert article["type"] == "article"
    content = article["input_message_content"]
    assert content["message_text"].startswith("Acme Foundation launched Clean Water for All")
    assert '<a href="https://example.org/press/clean-water' in content["message_text"]
    assert answered.params["cache_time"] <= 60 and answered.params["is_personal"] is True
    assert empty.params["results"] == []
    assert empty.params["button"]["text"] == "Type a question about the campaigns"


def test_hostile_text_is_escaped_and_still_sent(standin: BotApiStandin, tmp_path: Path) -> None:
    question = "<b>x</b> & <script>"

    async def scenario() -> None:
        async with running_bot(make_settings(standin.base_url, tmp_path), FakeEngine()):
            standin.push_update(private(81, question))
            await until(lambda: standin.sent_to(81), what="the refusal")

    run(scenario())
    # The stand-in refuses unparsable HTML with a 400, so reaching it means Telegram would accept it.
    assert standin.calls_to("sendMessage", ok_only=False) == standin.sent_to(81)
    [call] = standin.sent_to(81)
    assert "&lt;b&gt;x&lt;/b&gt; &amp; &lt;script&gt;" in call.params["text"]
    assert question in visible_text(call.params["text"])
    assert "Related releases" in visible_text(call.params["text"])


def test_an_answer_over_4096_characters_is_split(standin: BotApiStandin, tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_bot(make_settings(standin.base_url, tmp_path), FakeEngine()):
            standin.push_update(private(91, LONG_QUESTION))
            await until(lambda: len(standin.sent_to(91)) >= 2, what="a split answer")
            await settle(standin)

    run(scenario())
    parts = standin.sent_to(91)
    assert sum(len(visible_text(p.params["text"])) for p in parts) > 4096
    assert all(len(visible_text(p.params["text"])) <= 4096 for p in parts)
    # Buttons go under the last part only, next to the sources.
    assert [bool(buttons(p)) for p in parts] == [False] * (len(parts) - 1) + [True]
    assert "Sources" in parts[-1].params["text"]


def test_too_long_questions_get_a_friendly_refusal(standin: BotApiStandin, tmp_path: Path) -> None:
    engine = FakeEngine()

    async def scenario() -> None:
        async with running_bot(make_settings(standin.base_url, tmp_path, max_question_chars=20), engine):
            standin.push_update(private(95, "water " * 10, language_code="fr"))
            await until(lambda: standin.sent_to(95), what="the refusal")

    run(scenario())
    assert standin.texts_to(95) == ["Cette question est un peu longue (59 caractères). Merci de rester sous 20."]
    assert engine.questions == []


def test_a_burst_from_one_user_is_rate_limited_while_others_are_answered(
    standin: BotApiStandin, tmp_path: Path
) -> None:
    engine = FakeEngine()

    async def scenario() -> None:
        async with running_bot(make_settings(standin.base_url, tmp_path, rate_limit_per_minute=5), engine):
            for i in range(30):
                standin.push_update(private(101, f"water {i}?"))
            standin.push_update(private(102, "water, please?"))
            await until(lambda: standin.sent_to(102), what="the other user's answer")
            await until(lambda: len(standin.sent_to(101)) == 6, what="five answers and one warning")
            await settle(standin)

    run(scenario())
    texts = standin.texts_to(101)
    warnings = [t for t in texts if "faster than I can keep up" in t]
    assert len(warnings) == 1 and "wait about" in warnings[0]
    assert len([t for t in texts if "Clean Water" in t]) == 5
    assert len(engine.questions) == 6  # five from the flooder, one from the other user
    assert "Clean Water" in standin.texts_to(102)[0]


def test_reindex_is_for_admins_and_runs_in_the_background(standin: BotApiStandin, tmp_path: Path) -> None:
    engine = FakeEngine()
    reindex = RecordingReindex(delay=0.5)
    settings = make_settings(standin.base_url, tmp_path, admin_ids=[111])

    async def scenario() -> None:
        async with running_bot(settings, engine, reindex=reindex):
            standin.push_update(private(112, "/reindex"))
            standin.push_update(private(112, "/stats"))
            await until(lambda: len(standin.sent_to(112)) == 2, what="two refusals")

            standin.push_update(private(111, "/reindex", language_code="fr"))
            await until(lambda: standin.sent_to(111), what="Reindexing…")
            # While the reindex runs, questions are still answered.
            standin.push_update(private(113, "water?"))
            await until(lambda: standin.sent_to(113), what="an answer during the reindex")
            assert reindex.calls == 1 and engine.refreshes == 0
            await until(lambda: len(standin.sent_to(111)) == 2, what="the summary")

    run(scenario())
    assert standin.texts_to(112) == ["Sorry, only the bot's administrators can use this command."] * 2
    started, done = standin.texts_to(111)
    assert started == "Réindexation…"
    assert done == (
        "Réindexation terminée : 2 ajoutés, 1 mis à jour, 4 inchangés, 0 supprimés, 1 ignorés, 17 passages vectorisés."
    )
    assert reindex.calls == 1 and engine.refreshes == 1


def test_a_429_is_waited_out_and_the_message_still_sent(
    standin: BotApiStandin, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # PTB's own RetryAfter warns about its deprecated int retry_after unless opted in to timedelta.
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    standin.fail_next("sendMessage", status=429, retry_after=1)

    async def scenario() -> None:
        async with running_bot(make_settings(standin.base_url, tmp_path), FakeEngine()):
            standin.push_update(private(121, "water?"))
            await until(lambda: standin.sent_to(121), timeout=10, what="the answer after retry_after")

    run(scenario())
    limited, sent = standin.calls_to("sendMessage", ok_only=False)
    assert limited.status == 429 and sent.status == 200
    assert sent.at - limited.at >= 1.0
    assert limited.params["text"] == sent.params["text"]


def test_a_500_is_logged_and_the_bot_keeps_answering(
    standin: BotApiStandin, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    standin.fail_next("sendMessage", status=500)

    async def scenario() -> None:
        async with running_bot(make_settings(standin.base_url, tmp_path), FakeEngine()):
            standin.push_update(private(131, "water?"))
            await until(lambda: standin.sent_to(131), what="the apology")
            standin.push_update(private(131, "water again?"))
            await until(lambda: len(standin.sent_to(131)) == 2, what="the next answer")

    with caplog.at_level(logging.INFO):
        run(scenario())
    apology, answer = standin.texts_to(131)
    assert apology == "Sorry, something went wrong on my side. Please try again in a moment."
    assert "Clean Water" in answer
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors and "water?" in errors[0].getMessage() and errors[0].exc_info
    assert TOKEN not in caplog.text


def test_an_engine_failure_apologises_in_the_users_language_and_logs_without_the_token(
    standin: BotApiStandin, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async def scenario() -> None:
        async with running_bot(make_settings(standin.base_url, tmp_path), FakeEngine()):
            standin.push_update(private(141, FAILING_QUESTION, language_code="fr"))
            await until(lambda: standin.sent_to(141), what="the apology")

    with caplog.at_level(logging.DEBUG):
        run(scenario())
    assert standin.texts_to(141) == ["Désolé, un problème est survenu de mon côté. Réessayez dans un instant."]
    [error] = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert "the fake engine was asked to fail" in caplog.text  # the traceback is in the log
    assert f"private chat 141): '{FAILING_QUESTION}'" in error.getMessage()
    # PTB logs the API URL (token included) at DEBUG; none of it may reach a handler unredacted.
    assert TOKEN not in caplog.text
    assert "[REDACTED]" in caplog.text


def test_one_slow_answer_does_not_hold_up_the_others(standin: BotApiStandin, tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_bot(make_settings(standin.base_url, tmp_path), FakeEngine()):
            standin.push_update(private(151, SLOW_QUESTION))
            await until(lambda: standin.calls_to("sendChatAction"), what="typing…")
            standin.push_update(private(152, "water?"))
            await until(lambda: standin.sent_to(151) and standin.sent_to(152), timeout=10, what="both answers")

    run(scenario())
    assert standin.sent_to(152)[0].at < standin.sent_to(151)[0].at
    [typing] = [c for c in standin.calls_to("sendChatAction") if c.params["chat_id"] == 151]
    assert typing.params["action"] == "typing"


def test_allowlists_refuse_others_politely(standin: BotApiStandin, tmp_path: Path) -> None:
    engine = FakeEngine()
    settings = make_settings(standin.base_url, tmp_path, allowed_user_ids=[161], allowed_chat_ids=[GROUP])

    async def scenario() -> None:
        async with running_bot(settings, engine):
            standin.push_update(private(161, "water?"))
            standin.push_update(private(162, "water?"))
            standin.push_update(message_update(GROUP, 162, f"@{BOT_USERNAME} water?"))
            standin.push_update(message_update(-999, 162, f"@{BOT_USERNAME} water?"))
            standin.push_update(message_update(-999, 162, "just chatting"))
            standin.push_update(inline_update(162, "water"))
            await until(
                lambda: (
                    all(standin.sent_to(c) for c in (161, 162, GROUP, -999)) and standin.calls_to("answerInlineQuery")
                ),
                what="every reply",
            )
            await settle(standin)

    run(scenario())
    refusal = "Sorry, this bot is private. Ask its administrators for access."
    assert "Clean Water" in standin.texts_to(161)[0]
    assert standin.texts_to(162) == [refusal]
    assert "Clean Water" in standin.texts_to(GROUP)[0]  # anyone in an allowed group may ask
    assert standin.texts_to(-999) == [refusal]  # addressed: refused; not addressed: silent
    assert standin.calls_to("answerInlineQuery")[0].params["results"] == []
    assert sorted(engine.questions) == ["water?", "water?"]


def test_a_reply_to_someone_else_in_a_group_stays_unanswered(standin: BotApiStandin, tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_bot(make_settings(standin.base_url, tmp_path), FakeEngine()):
            someone = message_update(GROUP, 171, "water!")["message"]
            standin.push_update(message_update(GROUP, 172, "water?", reply_to=someone))
            await settle(standin)

    run(scenario())
    assert standin.sent_to(GROUP) == []


def test_check_gives_the_verdict_with_its_quote_and_source(standin: BotApiStandin, tmp_path: Path) -> None:
    engine = FakeEngine()

    async def scenario() -> None:
        async with running_bot(make_settings(standin.base_url, tmp_path), engine):
            standin.push_update(private(181, "/check Acme will reach 90,000 households"))
            await until(lambda: standin.sent_to(181), what="the verdict")
            standin.push_update(private(181, "/check"))
            await until(lambda: len(standin.sent_to(181)) == 2, what="the usage")

    run(scenario())
    verdict, usage = standin.sent_to(181)
    text = verdict.params["text"]
    assert text.startswith("❌ Contradicted: the release says 50,000, not 90,000 [1].")
    assert "<blockquote>[1] a campaign to bring safe drinking water to 50,000 households" in text
    assert "Acme Foundation launches Clean Water for All" in text
    assert [b["text"] for b in buttons(verdict)] == ["[1] source", "📋 Copy quote", "👍", "👎"]
    assert "/check" in usage.params["text"] and "reply" in usage.params["text"]
    assert engine.questions == ["Acme will reach 90,000 households"]


def test_check_in_reply_to_a_message_checks_that_message(standin: BotApiStandin, tmp_path: Path) -> None:
    engine = FakeEngine()

    async def scenario() -> None:
        async with running_bot(make_settings(standin.base_url, tmp_path), engine):
            draft = message_update(GROUP, 191, "Acme will bring water to 50,000 households by 2026.")["message"]
            standin.push_update(message_update(GROUP, 192, "/check", reply_to=draft))
            await until(lambda: standin.sent_to(GROUP), what="the verdict")

    run(scenario())
    [verdict] = standin.sent_to(GROUP)
    assert verdict.params["text"].startswith("✅ Supported")
    assert engine.questions == ["Acme will bring water to 50,000 households by 2026."]


def test_a_thumbs_reaction_on_an_answer_is_a_vote(standin: BotApiStandin, tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_bot(make_settings(standin.base_url, tmp_path / "data", admin_ids=[7]), FakeEngine()):
            standin.push_update(private(41, "water?"))
            standin.push_update(private(42, "water?"))
            await until(lambda: standin.sent_to(41) and standin.sent_to(42), what="the answers")
            first, second = standin.sent_to(41)[0], standin.sent_to(42)[0]
            standin.push_update(reaction_update(41, 41, first.result["message_id"], "👎"))
            # Changing one's mind, with a reaction or a button, replaces the vote.
            standin.push_update(reaction_update(41, 41, first.result["message_id"], "👍"))
            standin.push_update(reaction_update(42, 42, second.result["message_id"], "❤"))  # not a vote
            standin.push_update(reaction_update(42, 42, 999999, "👎"))  # not an answer of the bot
            await settle(standin)
            standin.push_update(private(7, "/stats"))
            await until(lambda: standin.sent_to(7), what="the stats")

    run(scenario())
    assert visible_text(standin.texts_to(7)[0]) == "Questions: 2 (0 unanswered)\nVotes: 👍 1 · 👎 0"


def test_admins_get_their_commands_in_the_menu_in_every_language(standin: BotApiStandin, tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_bot(make_settings(standin.base_url, tmp_path, admin_ids=[7]), FakeEngine()):
            await until(lambda: standin.calls_to("setMyCommands"), what="the menus")
            await settle(standin)

    run(scenario())
    menus = standin.calls_to("setMyCommands")
    admin = [m for m in menus if (m.params.get("scope") or {}).get("chat_id") == 7]
    assert {m.params.get("language_code") for m in admin} == {None} | (set(languages()) - {"en"})
    english = next(m for m in admin if m.params.get("language_code") is None)
    assert [c["command"] for c in english.params["commands"]][-3:] == ["digest", "stats", "reindex"]
    spanish = next(m for m in menus if m.params.get("language_code") == "es" and not m.params.get("scope"))
    assert spanish.params["commands"][0]["description"] != "Ask a question about the campaigns"
