"""The layers: data flows one way (corpus -> ingest -> index -> bot), and the bot only reads the index."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from bot.engine import AnswerEngine
from config import Settings
from index.layout import keyword_dir
from ingest.runner import run_ingest
from tests.fakes import HashEmbedder

ROOT = Path(__file__).resolve().parent.parent

# What each package may import of ours. bot/cli.py composes the bot with the ingest for the command line.
ALLOWED = {
    "config": {"config"},
    "index": {"config", "index"},
    "ingest": {"config", "index", "ingest"},
    "bot": {"config", "index", "bot"},
}
COMPOSERS = {"bot/cli.py": {"ingest"}}


def imported_packages(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found & set(ALLOWED)


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_no_layer_imports_upward(package: str) -> None:
    wrong = []
    for path in sorted((ROOT / package).rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        allowed = ALLOWED[package] | COMPOSERS.get(name, set())
        extra = imported_packages(path) - allowed
        if extra:
            wrong.append(f"{name} imports {sorted(extra)}")
    assert not wrong, wrong


def test_the_bot_writes_nothing_under_the_index(settings: Settings, embedder: HashEmbedder) -> None:
    run_ingest(settings, embedder=embedder)
    data = settings.store.data_dir
    # A keyword index the ingest did not save (an interrupted run): the bot answers without writing one.
    for path in sorted(keyword_dir(settings).rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    before = {p: p.stat().st_mtime_ns for p in data.rglob("*") if p.is_file()}
    engine = AnswerEngine.from_settings(settings, embedder=embedder)
    answer = engine.answer("How many signatures did the Vaucenne petition reach?")
    assert answer.citations or answer.related
    after = {p: p.stat().st_mtime_ns for p in data.rglob("*") if p.is_file()}
    assert after == before
