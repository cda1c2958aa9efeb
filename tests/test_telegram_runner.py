"""Starting the bot: webhook mode, and the one-line failures for a missing or rejected token."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bot.telegram import run_bot
from tests.botapi_standin import BotApiStandin, running_standin
from tests.telegram_fakes import TOKEN, FakeEngine, make_settings, private, run, running_bot, until

ROOT = Path(__file__).resolve().parents[1]
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


@pytest.fixture
def standin() -> Iterator[BotApiStandin]:
    with running_standin(TOKEN) as api:
        yield api


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_webhook_mode_answers_only_requests_carrying_the_secret(standin: BotApiStandin, tmp_path: Path) -> None:
    port = free_port()
    settings = make_settings(
        standin.base_url,
        tmp_path,
        webhook_url="https://bot.example.org/pressroom/hook",
        webhook_secret="s3cret_Token-1",
        webhook_listen="127.0.0.1",
        webhook_port=port,
    )
    local = f"http://127.0.0.1:{port}/pressroom/hook"
    statuses: dict[str, int] = {}

    async def scenario() -> None:
        async with running_bot(settings, FakeEngine()), httpx.AsyncClient() as client:
            good = await client.post(
                local, json={"update_id": 1, **private(201, "water?")}, headers={SECRET_HEADER: "s3cret_Token-1"}
            )
            statuses["good"] = good.status_code
            await until(lambda: standin.sent_to(201), what="the webhook update answered")
            missing = await client.post(local, json={"update_id": 2, **private(202, "water?")})
            wrong = await client.post(
                local, json={"update_id": 3, **private(203, "water?")}, headers={SECRET_HEADER: "guess"}
            )
            statuses["missing"], statuses["wrong"] = missing.status_code, wrong.status_code
            await asyncio.sleep(0.3)  # time enough for a wrongly accepted update to be answered

    run(scenario())
    assert statuses == {"good": 200, "missing": 403, "wrong": 403}
    assert "Clean Water" in standin.texts_to(201)[0]
    assert standin.sent_to(202) == [] and standin.sent_to(203) == []
    [webhook] = standin.calls_to("setWebhook")
    assert webhook.params["url"] == "https://bot.example.org/pressroom/hook"
    assert webhook.params["secret_token"] == "s3cret_Token-1"
    assert set(webhook.params["allowed_updates"]) == {"message", "callback_query", "inline_query", "message_reaction"}
    assert standin.calls_to("getUpdates") == []


def test_webhook_mode_without_a_configured_secret_still_uses_one(standin: BotApiStandin, tmp_path: Path) -> None:
    port = free_port()
    settings = make_settings(standin.base_url, tmp_path, webhook_url="https://bot.example.org/hook", webhook_port=port)
    statuses: list[int] = []

    async def scenario() -> None:
        async with running_bot(settings, FakeEngine()), httpx.AsyncClient() as client:
            response = await client.post(f"http://127.0.0.1:{port}/hook", json={"update_id": 1, **private(211, "x")})
            statuses.append(response.status_code)

    run(scenario())
    assert statuses == [403]
    assert len(standin.calls_to("setWebhook")[0].params["secret_token"]) >= 32


@pytest.mark.parametrize("token", [None, "   "])
def test_a_missing_token_exits_2_with_one_line(
    token: str | None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = make_settings("http://127.0.0.1:9/bot", tmp_path, telegram_bot_token=token)
    assert run_bot(settings, FakeEngine()) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert "TELEGRAM_BOT_TOKEN" in captured.err and "Traceback" not in captured.err


def test_a_token_rejected_by_getme_exits_2_with_one_clear_line(tmp_path: Path) -> None:
    # A real process, so that what reaches stderr (logging included) is exactly what a user would see.
    child = textwrap.dedent(
        """
        import sys
        from pathlib import Path
        from bot.telegram import run_bot
        from tests.telegram_fakes import FakeEngine, make_settings
        settings = make_settings(sys.argv[1], Path(sys.argv[2]), telegram_bot_token="123:WRONG")
        sys.exit(run_bot(settings, FakeEngine()))
        """
    )
    with running_standin(TOKEN) as standin:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        done = subprocess.run(
            [sys.executable, "-c", child, standin.base_url, str(tmp_path)],
            cwd=os.getcwd(),
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        [get_me] = standin.calls_to("getMe", ok_only=False)
    assert get_me.status == 401
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        "pressroom: Telegram rejected the bot token (getMe: unauthorized); check TELEGRAM_BOT_TOKEN"
    ]


def test_an_unreachable_api_exits_1_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settings = make_settings(f"http://127.0.0.1:{free_port()}/bot", tmp_path)
    assert run_bot(settings, FakeEngine()) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("pressroom: cannot reach the Telegram Bot API at http://127.0.0.1:")
    assert TOKEN not in err


def test_a_webhook_port_in_use_exits_1_with_one_line(
    standin: BotApiStandin, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        settings = make_settings(standin.base_url, tmp_path, webhook_url="https://x.example/hook", webhook_port=port)
        assert run_bot(settings, FakeEngine()) == 1
    assert capsys.readouterr().err == f"pressroom: cannot listen on 127.0.0.1:{port}: Address already in use\n"
