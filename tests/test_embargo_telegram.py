"""Embargoes and press-only releases in Telegram: the real Application and answer engine (real Chroma,
fake embedder) against the Bot API stand-in, with a clock the test moves."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bot.engine import AnswerEngine
from bot.feedback import FeedbackStore
from tests.botapi_standin import BOT_USERNAME, ApiCall, BotApiStandin, running_standin
from tests.embargo_fixtures import (
    AFTER,
    AT,
    BEFORE,
    EMBARGOED_CLAIM,
    EMBARGOED_FACTS,
    EMBARGOED_QUESTION,
    EMBARGOED_TITLE,
    PRESS_FACT,
    PRESS_QUESTION,
    PRESS_TITLE,
    SetClock,
    ingested,
)
from tests.fakes import HashEmbedder
from tests.telegram_fakes import TOKEN, inline_update, make_settings, message_update, private, run, running_bot, until

PRESS_GROUP = -100700
OTHER_GROUP = -100800


def seen(calls: list[ApiCall]) -> str:
    """Everything these calls put on a screen: texts, buttons, copied quotes, inline results."""
    return "\n".join(json.dumps(call.params, ensure_ascii=False) for call in calls)


def inline_result(standin: BotApiStandin, query_id: str) -> str:
    [call] = [c for c in standin.calls_to("answerInlineQuery") if c.params["inline_query_id"] == query_id]
    return seen([call])


def inline(standin: BotApiStandin, user_id: int, query: str, chat_type: str) -> str:
    update: dict[str, Any] = inline_update(user_id, query, chat_type=chat_type)
    standin.push_update(update)
    return str(update["inline_query"]["id"])


def test_before_the_instant_nothing_embargoed_reaches_telegram_and_from_it_everything_does(tmp_path: Path) -> None:
    settings = ingested(tmp_path)
    clock = SetClock(BEFORE)
    engine = AnswerEngine.from_settings(settings, embedder=HashEmbedder(), clock=clock)
    inline_ids: dict[str, str] = {}

    with running_standin(TOKEN) as standin:

        async def phase(name: str, first: int) -> None:
            ask, sources, check, group = first, first + 1, first + 2, -first
            standin.push_update(private(ask, EMBARGOED_QUESTION))
            standin.push_update(private(sources, "/sources"))
            standin.push_update(private(check, f"/check {EMBARGOED_CLAIM}"))
            standin.push_update(message_update(group, ask, f"@{BOT_USERNAME} {EMBARGOED_QUESTION}"))
            inline_ids[name] = inline(standin, first + 3, EMBARGOED_QUESTION, "sender")
            await until(
                lambda: (
                    all(standin.sent_to(c) for c in (ask, sources, check, group))
                    and any(
                        c.params["inline_query_id"] == inline_ids[name] for c in standin.calls_to("answerInlineQuery")
                    )
                ),
                timeout=20,
                what=f"every reply {name}",
            )

        async def scenario() -> None:
            async with running_bot(make_settings(standin.base_url, settings.store.data_dir), engine):
                await phase("before", 110)
                clock.now = AT  # the bot keeps running: no re-ingest, no restart
                await phase("at", 210)
                clock.now = AFTER
                await phase("after", 310)

        run(scenario(), timeout=90)

        before = seen([c for chat in (110, 111, 112, -110) for c in standin.sent_to(chat)])
        before += inline_result(standin, inline_ids["before"])
        assert EMBARGOED_TITLE not in before
        for fact in EMBARGOED_FACTS:
            assert fact not in before
        for first in (210, 310):
            [answer] = standin.texts_to(first)
            assert "14 March 2027" in answer and EMBARGOED_TITLE in answer
            assert EMBARGOED_TITLE in standin.texts_to(first + 1)[0]  # /sources lists it
            [verdict] = standin.texts_to(first + 2)
            assert verdict.startswith("✅ Supported") and EMBARGOED_TITLE in verdict
            assert "14 March 2027" in standin.texts_to(-first)[0]
        assert "14 March 2027" in inline_result(standin, inline_ids["at"])
        # /sources counts only what may be listed: the three public releases before, the embargoed one too from
        # the instant (the press-only one never, for these users).
        assert standin.texts_to(111)[0].startswith("<b>Press releases</b> (3) — page 1/1")
        assert standin.texts_to(211)[0].startswith("<b>Press releases</b> (4) — page 1/1")


def test_a_press_release_reaches_press_ids_and_press_groups_only(tmp_path: Path) -> None:
    press_user, other_user, press_user_2 = 31, 32, 34
    settings = ingested(tmp_path, press_ids=(press_user, press_user_2, PRESS_GROUP))
    engine = AnswerEngine.from_settings(settings, embedder=HashEmbedder(), clock=SetClock(AFTER))

    with running_standin(TOKEN) as standin:
        bot_settings = make_settings(
            standin.base_url, settings.store.data_dir, press_ids=[press_user, press_user_2, PRESS_GROUP]
        )

        async def scenario() -> None:
            async with running_bot(bot_settings, engine):
                standin.push_update(private(press_user, PRESS_QUESTION))
                standin.push_update(private(other_user, PRESS_QUESTION))
                standin.push_update(private(press_user_2, "/sources"))
                standin.push_update(private(33, "/sources"))
                standin.push_update(message_update(PRESS_GROUP, other_user, f"@{BOT_USERNAME} {PRESS_QUESTION}"))
                standin.push_update(message_update(OTHER_GROUP, press_user, f"@{BOT_USERNAME} {PRESS_QUESTION}"))
                ids["own chat"] = inline(standin, press_user, PRESS_QUESTION, "sender")
                ids["a group"] = inline(standin, press_user_2, PRESS_QUESTION, "supergroup")
                ids["not press"] = inline(standin, other_user, PRESS_QUESTION, "sender")
                await until(
                    lambda: (
                        all(standin.sent_to(c) for c in (press_user, other_user, press_user_2, 33))
                        and all(standin.sent_to(g) for g in (PRESS_GROUP, OTHER_GROUP))
                        and len(standin.calls_to("answerInlineQuery")) == 3
                    ),
                    timeout=20,
                    what="every reply",
                )

        ids: dict[str, str] = {}
        run(scenario(), timeout=60)

        assert PRESS_FACT in standin.texts_to(press_user)[0]
        assert PRESS_TITLE in standin.texts_to(press_user_2)[0]  # /sources for the press
        assert PRESS_FACT in standin.texts_to(PRESS_GROUP)[0]  # everyone in a press group
        assert PRESS_FACT in inline_result(standin, ids["own chat"])
        never = seen(standin.sent_to(other_user) + standin.sent_to(33) + standin.sent_to(OTHER_GROUP))
        never += inline_result(standin, ids["a group"]) + inline_result(standin, ids["not press"])
        assert PRESS_FACT not in never and PRESS_TITLE not in never


def test_the_digest_names_a_press_release_only_to_a_press_admin(tmp_path: Path) -> None:
    press_user, admin, press_admin = 31, 42, 43
    settings = ingested(tmp_path, press_ids=(press_user, press_admin))
    engine = AnswerEngine.from_settings(settings, embedder=HashEmbedder(), clock=SetClock(AFTER))
    feedback = FeedbackStore(tmp_path / "feedback")

    with running_standin(TOKEN) as standin:
        bot_settings = make_settings(
            standin.base_url,
            settings.store.data_dir,
            press_ids=[press_user, press_admin],
            admin_ids=[admin, press_admin],
        )

        async def scenario() -> None:
            async with running_bot(bot_settings, engine, feedback=feedback):
                standin.push_update(private(press_user, PRESS_QUESTION))
                standin.push_update(private(other := 32, EMBARGOED_QUESTION))
                await until(lambda: feedback.stats()["questions"] == 2, timeout=20, what="both questions logged")
                assert standin.sent_to(other)
                standin.push_update(private(admin, "/digest"))
                standin.push_update(private(press_admin, "/digest"))
                await until(lambda: standin.sent_to(admin) and standin.sent_to(press_admin), what="both digests")

        run(scenario(), timeout=60)
        public, press = "\n".join(standin.texts_to(admin)), "\n".join(standin.texts_to(press_admin))
    assert PRESS_TITLE in press and EMBARGOED_TITLE in press  # the embargo lifted: its topic is shown to both
    assert PRESS_TITLE not in public and EMBARGOED_TITLE in public
    assert public.count("×") == press.count("×") - 1  # the question still counts, its topic is not named
