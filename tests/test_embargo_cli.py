"""Embargoes and press-only releases at the `pressroom` command (ingest, status, ask, check, eval), run
in this process with the real model and a clock the test sets through the app's builder."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import build_app
from tests.conftest import write_corpus
from tests.embargo_fixtures import (
    ACCESS_RELEASES,
    AFTER,
    AT,
    BEFORE,
    EMBARGOED,
    EMBARGOED_CLAIM,
    EMBARGOED_FACTS,
    EMBARGOED_QUESTION,
    EMBARGOED_TITLE,
    PRESS_FACT,
    PRESS_ONLY,
    PRESS_QUESTION,
    PRESS_TITLE,
    SetClock,
)

pytestmark = pytest.mark.slow


@dataclass
class Done:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("embargo-cli")
    naive = "---\ntitle: Naive\nembargo: 2026-12-03T09:00\n---\n\nThe naive figure is 77 lanterns.\n"
    write_corpus(folder / "corpus", {**ACCESS_RELEASES, "naive.md": naive})
    questions = [
        {"id": "embargoed", "question": EMBARGOED_QUESTION, "expect_any": ["14 March 2027"], "sources": [EMBARGOED]},
        {"id": "press", "question": PRESS_QUESTION, "expect_any": [PRESS_FACT], "sources": [PRESS_ONLY]},
    ]
    (folder / "questions.jsonl").write_text("".join(json.dumps(q) + "\n" for q in questions), encoding="utf-8")
    done = pressroom(["ingest"], folder, SetClock(BEFORE))
    assert done.returncode == 0, done.stderr
    # The refused file is named in the summary with its reason.
    assert "skipped naive.md: embargo 2026-12-03T09:00 has no time zone: write it as 2026-12-03T09:00+01:00" in (
        done.stdout
    )
    return folder


def pressroom(args: list[str], folder: Path, clock: SetClock) -> Done:
    here = os.getcwd()
    os.chdir(folder)
    env = {"PRESSROOM_DATA_DIR": str(folder / "data"), "PRESSROOM_CORPUS_DIR": str(folder / "corpus")}
    try:
        result = CliRunner().invoke(build_app(clock=clock), args, env=env)
    finally:
        os.chdir(here)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Done(result.exit_code, result.stdout, result.stderr)


def test_status_counts_the_releases_under_embargo_and_names_none(project: Path) -> None:
    before = pressroom(["status"], project, SetClock(BEFORE))
    assert before.returncode == 0
    assert re.search(r"^under embargo +1$", before.stdout, re.M)
    assert EMBARGOED_TITLE not in before.stdout and EMBARGOED not in before.stdout
    info = json.loads(pressroom(["status", "--json"], project, SetClock(BEFORE)).stdout)
    assert (info["releases"], info["under_embargo"], info["press_only"]) == (5, 1, 1)
    assert info["newest_release"] != "2027-03-14"  # not even its date
    after = json.loads(pressroom(["status", "--json"], project, SetClock(AT)).stdout)
    assert (after["under_embargo"], after["newest_release"]) == (0, "2027-03-14")


def test_ask_before_at_and_after_the_instant(project: Path) -> None:
    for args in (
        ["ask", EMBARGOED_QUESTION],
        ["ask", "--json", EMBARGOED_QUESTION],
        ["ask", "--press", EMBARGOED_QUESTION],
    ):
        before = pressroom(args, project, SetClock(BEFORE))
        assert before.returncode == 0, before.stderr
        assert EMBARGOED_TITLE not in before.stdout and EMBARGOED not in before.stdout
        for fact in EMBARGOED_FACTS:
            assert fact not in before.stdout
    for now in (AT, AFTER):
        answer = json.loads(pressroom(["ask", "--json", EMBARGOED_QUESTION], project, SetClock(now)).stdout)
        assert answer["answered"] and "14 March 2027" in answer["answer"]
        assert answer["citations"][0]["source"] == EMBARGOED


def test_ask_as_the_press_with_press(project: Path) -> None:
    public = pressroom(["ask", PRESS_QUESTION], project, SetClock(AFTER))
    assert PRESS_FACT not in public.stdout and PRESS_TITLE not in public.stdout and PRESS_ONLY not in public.stdout
    press = pressroom(["ask", "--press", PRESS_QUESTION], project, SetClock(AFTER))
    assert PRESS_FACT in press.stdout and PRESS_ONLY in press.stdout


def test_check_before_and_after_the_instant(project: Path) -> None:
    before = json.loads(pressroom(["check", "--json", EMBARGOED_CLAIM], project, SetClock(BEFORE)).stdout)
    assert before["verdict"] != "supported"
    assert all(c["source"] != EMBARGOED for c in before["citations"])
    assert EMBARGOED_TITLE not in json.dumps(before, ensure_ascii=False)
    after = json.loads(pressroom(["check", "--json", EMBARGOED_CLAIM], project, SetClock(AT)).stdout)
    assert after["verdict"] == "supported" and after["citations"][0]["source"] == EMBARGOED


def test_eval_uses_only_what_may_be_seen(project: Path) -> None:
    def evaluate(clock: SetClock, *extra: str) -> tuple[str, str]:
        answers = project / "answers.jsonl"
        done = pressroom(["eval", "questions.jsonl", "--answers", str(answers), *extra], project, clock)
        assert done.returncode == 0, done.stderr
        return done.stdout, answers.read_text(encoding="utf-8")

    report, answers = evaluate(SetClock(BEFORE))
    assert "answerable (fact + right source): 0/2" in report
    assert "14 March 2027" not in answers and EMBARGOED_TITLE not in answers and PRESS_FACT not in answers
    report, answers = evaluate(SetClock(BEFORE), "--press")
    assert "answerable (fact + right source): 1/2" in report and "14 March 2027" not in answers
    report, _ = evaluate(SetClock(AT))
    assert "answerable (fact + right source): 1/2" in report
    report, _ = evaluate(SetClock(AT), "--press")
    assert "answerable (fact + right source): 2/2" in report
