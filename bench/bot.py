"""How long users wait: N simulated users ask at once through the local Bot API stand-in.

Measures, per question, the time from the stand-in handing the update to the bot (getUpdates) to the
stand-in receiving the answer (sendMessage), through the real Application: handlers, the worker pool,
formatting and PTB's flood-limit rate limiter included.

    python -m bench.bot                        # the fake engine: the bot's own overhead
    python -m bench.bot --delay-ms 300         # a fake engine that takes 300 ms per answer
    python -m bench.bot --corpus corpus        # the real engine, ingesting that folder first
"""

from __future__ import annotations

import argparse
import asyncio
import math
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.types import Engine
    from tests.botapi_standin import BotApiStandin


def _use_repository_root() -> None:
    # Run as `python bench/bot.py`, this folder would come first on sys.path and `import bot` would
    # find this very file instead of the package.
    root = Path(__file__).resolve().parents[1]
    here = str(Path(__file__).resolve().parent)
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(here)]
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile: a value that was actually observed."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def _real_engine(corpus: Path, data_dir: Path) -> tuple[Engine, list[str]]:
    from bot.engine import AnswerEngine
    from bot.telegram.catalogue import example_questions
    from config.settings import IngestSettings, Settings, StoreSettings
    from ingest.runner import run_ingest

    settings = Settings(store=StoreSettings(data_dir=data_dir), ingest=IngestSettings(corpus_dir=corpus))
    started = time.perf_counter()
    run_ingest(settings)
    print(f"ingested {corpus} in {time.perf_counter() - started:.1f} s")
    engine = AnswerEngine.from_settings(settings)
    questions = example_questions(engine.releases(), "en", count=10) or ["What was announced?"]
    return engine, questions


async def _ask_all(standin: BotApiStandin, engine: Engine, questions: list[str], users: int, rounds: int,
                   pause: float, data_dir: Path) -> tuple[list[float], int]:  # fmt: skip
    from tests.telegram_fakes import make_settings, private, running_bot, until

    # Every simulated user asks once per round; the per-user limit is not what is being measured.
    settings = make_settings(standin.base_url, data_dir, rate_limit_per_minute=10_000)
    latencies: list[float] = []
    expected = 0
    async with running_bot(settings, engine):
        for round_number in range(rounds):
            if round_number:
                # Each burst starts with the flood-limit budget (30 requests/s) refilled, so rounds
                # measure the same thing instead of queueing behind the previous one.
                await asyncio.sleep(pause)
            update_ids: dict[int, int] = {}
            for n in range(users):
                # Fresh users every round, so each chat holds exactly one answer to time.
                user_id = 10_000 + round_number * users + n
                question = questions[(round_number * users + n) % len(questions)]
                update_ids[user_id] = standin.push_update(private(user_id, question))
            expected += users
            waiting_for = list(update_ids)
            await until(
                lambda users=waiting_for: all(standin.sent_to(u) for u in users) and standin.all_delivered(),
                timeout=120,
                what="every user answered",
            )
            for user_id, update_id in update_ids.items():
                delivered = standin.delivered_at[update_id]
                answered = standin.sent_to(user_id)[0].at
                latencies.append(answered - delivered)
    return latencies, expected


def main(argv: list[str] | None = None) -> int:
    _use_repository_root()
    from tests.botapi_standin import running_standin
    from tests.telegram_fakes import TOKEN, FakeEngine

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=20, help="simulated users asking at once (default 20)")
    parser.add_argument("--rounds", type=int, default=3, help="bursts, one question per user each (default 3)")
    parser.add_argument("--pause", type=float, default=1.0, help="seconds between bursts (default 1)")
    parser.add_argument("--delay-ms", type=float, default=0.0, help="fake engine time per answer")
    parser.add_argument("--corpus", type=Path, help="use the real engine on this folder of press releases")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="pressroom-bench-") as tmp:
        data_dir = Path(tmp)
        engine: Any
        if args.corpus:
            engine, questions = _real_engine(args.corpus, data_dir / "index")
            label = f"real engine on {args.corpus}"
        else:
            engine, questions = FakeEngine(delay=args.delay_ms / 1000), ["What about clean water?"]
            label = f"fake engine, {args.delay_ms:g} ms per answer"
        with running_standin(TOKEN) as standin:
            latencies, expected = asyncio.run(
                _ask_all(standin, engine, questions, args.users, args.rounds, args.pause, data_dir / "bot")
            )

    ms = [latency * 1000 for latency in latencies]
    print(f"{label}: {args.users} users at once × {args.rounds} rounds, {len(ms)}/{expected} answered")
    print(
        f"update delivered → sendMessage received: p50 {percentile(ms, 0.5):.0f} ms, "
        f"p95 {percentile(ms, 0.95):.0f} ms, max {max(ms):.0f} ms"
    )
    return 0 if len(ms) == expected else 1


if __name__ == "__main__":
    raise SystemExit(main())
