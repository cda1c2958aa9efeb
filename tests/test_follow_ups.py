"""Follow-up questions: "and in June?", "who led it?", « et combien ? » read against the conversation, in
`pressroom chat` and in Telegram; a question with a subject of its own starts afresh."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.conversation import Conversations, Turn, resolve
from bot.engine import AnswerEngine
from config import Settings
from index.embedding import LocalE5Embedder
from tests.botapi_standin import BOT_USERNAME, running_standin, visible_text
from tests.telegram_fakes import TOKEN, make_settings, message_update, private, run, running_bot, until

ROOT = Path(__file__).resolve().parent.parent
PAIRS = [json.loads(line) for line in (ROOT / "tests/data/follow_ups.jsonl").read_text("utf-8").splitlines() if line]


def _plain(text: str) -> str:
    return " ".join(text.replace("\u202f", " ").replace("\xa0", " ").split()).lower()


def test_the_pair_set_holds_twenty_follow_ups_in_two_languages_and_topic_switches() -> None:
    follow_ups = [p for p in PAIRS if not p.get("switch")]
    assert len(follow_ups) >= 20 and len(PAIRS) - len(follow_ups) >= 5
    assert any("?" in p["then"] and " ?" in p["then"] for p in follow_ups)  # French ones too


@pytest.mark.parametrize("pair", PAIRS, ids=[p["then"] for p in PAIRS])
def test_a_follow_up_is_told_from_a_new_topic(pair: dict[str, str]) -> None:
    resolution = resolve(pair["then"], Turn(pair["first"], "fr" if pair["first"].endswith(" ?") else "en"))
    assert resolution.follow_up is not bool(pair.get("switch"))
    if not resolution.follow_up:
        assert resolution.question == pair["then"]


def test_a_follow_up_takes_the_previous_subject_with_its_own_dates_interrogative_and_ordinal() -> None:
    asked = Turn("How many people signed the Healthy River Network petition in November 2023?", "en")
    assert resolve("and in June 2024?", asked).question == (
        "How many people signed the Healthy River Network petition in June 2024?"
    )
    asked = Turn("Combien de bénévoles ont participé au premier comptage ?", "fr")
    assert resolve("et au deuxième ?", asked).question == "Combien de bénévoles ont participé au deuxième comptage ?"
    asked = Turn("Qui a reçu la pétition à la préfecture ?", "fr")
    assert resolve("quand ?", asked).question == "quand — a reçu la pétition à la préfecture ?"
    asked = Turn("What did the campaign win?", "en", releases=("Petition handed in", "Council votes the budget"))
    assert (
        resolve("what about the second one?", asked).question == "What did the campaign win — Council votes the budget?"
    )
    # A reply to an answer is its follow-up, whatever it says.
    assert resolve("Who signed?", Turn("the Vaucenne petition", "en"), forced=True).follow_up


def test_the_memory_expires_is_bounded_and_keeps_conversations_apart() -> None:
    now = [0.0]
    memory = Conversations(capacity=2, ttl_s=60, clock=lambda: now[0])
    memory.add("a", Turn("first question", "en", message_ids=(7,)), scope="chat-a")
    memory.add("b", Turn("other chat", "en"), scope="chat-b")
    assert memory.last("a").question == "first question"  # type: ignore[union-attr]
    assert memory.by_message("chat-a", 7) is not None and memory.by_message("chat-b", 7) is None
    now[0] = 61.0
    assert memory.last("a") is None  # expired: the next question starts afresh
    memory.add("c", Turn("c", "en"))
    memory.add("d", Turn("d", "en"))
    memory.add("e", Turn("e", "en"))
    assert len(memory) == 2 and memory.last("c") is None


@pytest.mark.slow
def test_the_pairs_in_pressroom_chat_fed_from_standard_input(shipped_corpus: Settings, tmp_path: Path) -> None:
    typed = "".join(f"{p['first']}\n{p['then']}\n/new\n" for p in PAIRS)
    typed += "/check The Healthy River Network's petition closed with 30,000 signatures.\n"
    done = subprocess.run(
        [sys.executable, "-m", "bot", "chat"],
        input=typed,
        capture_output=True,
        text=True,
        env={**os.environ, "PRESSROOM_DATA_DIR": str(shipped_corpus.store.data_dir)},
        cwd=tmp_path,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    blocks = [b for b in done.stdout.split("\n> ")[1:] if b.strip()]
    assert len(blocks) == 2 * len(PAIRS) + 1, done.stdout[-2000:]
    # A claim is checked in the same conversation, and is no follow-up.
    assert blocks[-1].startswith("❌ Contradicted: the release says 27,940, not 30,000 [1].")
    for k, pair in enumerate(PAIRS):
        answer = blocks[2 * k + 1]
        assert _plain(pair["expect"]) in _plain(answer), (pair, answer[:400])
        # A follow-up says how it was read; a new topic does not.
        assert answer.startswith("↪") is not bool(pair.get("switch")), (pair, answer[:200])


@pytest.mark.slow
def test_follow_ups_in_telegram_per_chat_per_person_and_in_reply(
    shipped_corpus: Settings, real_embedder: LocalE5Embedder, tmp_path: Path
) -> None:
    engine = AnswerEngine.from_settings(shipped_corpus, embedder=real_embedder)
    chosen = PAIRS
    group = -100777
    with running_standin(TOKEN) as standin:
        settings = make_settings(standin.base_url, tmp_path / "bot")

        async def scenario() -> None:
            async with running_bot(settings, engine):
                for n, pair in enumerate(chosen):
                    for text in (pair["first"], pair["then"]):
                        count = len(standin.sent_to(301))
                        standin.push_update(private(301, text))
                        await until(lambda c=count: len(standin.sent_to(301)) > c, timeout=30, what=f"pair {n}")
                # In a group each member has their own thread: 402's "when?" does not follow 401's question.
                standin.push_update(message_update(group, 401, f"@{BOT_USERNAME} {PAIRS[1]['first']}"))
                await until(lambda: len(standin.sent_to(group)) == 1, timeout=30, what="the group answer")
                first_answer = standin.sent_to(group)[0]
                standin.push_update(message_update(group, 402, f"@{BOT_USERNAME} when?"))
                await until(lambda: len(standin.sent_to(group)) == 2, timeout=30, what="402's answer")
                # A reply to the bot's answer is a follow-up of that answer.
                standin.push_update(message_update(group, 402, "when?", reply_to=first_answer.result))
                await until(lambda: len(standin.sent_to(group)) == 3, timeout=30, what="the reply's answer")

        run(scenario(), timeout=420)
        answers = [visible_text(call.params["text"]) for call in standin.sent_to(301)]
        for k, pair in enumerate(chosen):
            answer = answers[2 * k + 1]
            assert _plain(pair["expect"]) in _plain(answer), (pair, answer[:300])
            assert answer.startswith("↪") is not bool(pair.get("switch"))
        _, stranger, replied = [visible_text(call.params["text"]) for call in standin.sent_to(group)]
        assert not stranger.startswith("↪")
        assert replied.startswith("↪") and "12 September" in replied
