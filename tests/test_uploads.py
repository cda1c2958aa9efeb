"""Releases sent to the bot by an admin: saved into the corpus under a safe name, ingested, the admin told
the summary and the report chat what changed; anyone else refused with nothing saved."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.engine import AnswerEngine
from config import IngestSettings, Settings, StoreSettings
from ingest.runner import run_ingest
from ingest.uploads import UploadRefused, receive, safe_name, save
from tests.botapi_standin import running_standin, visible_text
from tests.fakes import HashEmbedder
from tests.telegram_fakes import TOKEN, make_settings, message_update, run, running_bot, settle, until

ADMIN = 77
REPORTS = -100999

JUNE = """# Verdouce petition handed in with 31 000 signatures

Sauvons la Verdouce, 20 June 2024. The petition to save the Verdouce valley was handed to the prefect,
signed by 31 000 people, and 12 communes have voted a motion.

About Sauvons la Verdouce: a residents' association.
"""
OCTOBER = """---
title: Verdouce petition reaches 38 750 signatures
date: 2024-10-02
organisation: Sauvons la Verdouce
---

The petition to save the Verdouce valley is now signed by 38 750 people, and 12 communes have voted a motion.
"""


def test_a_sent_name_is_made_safe_and_never_overwrites(tmp_path: Path) -> None:
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("CP 12 mars (final).PDF") == "CP-12-mars-final.pdf"
    first = save(tmp_path, "cp.md", b"one", max_bytes=100)
    same = save(tmp_path, "cp.md", b"one", max_bytes=100)
    other = save(tmp_path, "cp.md", b"two", max_bytes=100)
    assert (first.name, same.already_there, other.name, other.renamed) == ("cp.md", True, "cp-2.md", True)
    assert (tmp_path / "cp.md").read_bytes() == b"one" and (tmp_path / "cp-2.md").read_bytes() == b"two"
    for name, content, why in (
        ("x.exe", b"a", "not a format"),
        ("x.md", b"a" * 101, "over the limit"),
        ("x.md", b"", "empty"),
    ):
        with pytest.raises(UploadRefused, match=why):
            save(tmp_path, name, content, max_bytes=100)


def _document(user_id: int, file_id: str, name: str, size: int) -> dict[str, Any]:
    update = message_update(user_id, user_id, "")
    message = update["message"]
    del message["text"]
    message["document"] = {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_name": name, "file_size": size}
    return update


def test_an_admin_sends_releases_and_the_report_chat_hears_what_changed(tmp_path: Path) -> None:
    embedder = HashEmbedder()
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "verdouce-june.md").write_text(JUNE, encoding="utf-8")
    ingest = Settings(store=StoreSettings(data_dir=tmp_path / "data"), ingest=IngestSettings(corpus_dir=corpus))
    run_ingest(ingest, embedder=embedder)
    engine = AnswerEngine.from_settings(ingest, embedder=embedder)

    def received(name: str, content: bytes) -> Any:
        return receive(ingest, name, content, max_bytes=10_000, embedder=embedder)

    with running_standin(TOKEN) as standin:
        settings = make_settings(standin.base_url, tmp_path / "bot", admin_ids=[ADMIN])
        settings = settings.model_copy(
            update={"telegram": settings.telegram.model_copy(update={"report_chat_id": REPORTS, "upload_max_mb": 0.01})}
        )
        standin.add_file("f-oct", OCTOBER.encode())
        standin.add_file("f-junk", b"%PDF-1.7 this is not a pdf")
        standin.add_file("f-same", JUNE.encode())

        async def scenario() -> None:
            async with running_bot(settings, engine, receive=received, refused=(UploadRefused,)):
                standin.push_update(_document(5, "f-oct", "october.md", len(OCTOBER)))  # not an admin
                await until(lambda: standin.sent_to(5), what="the refusal")
                for file_id, name, size in (
                    ("f-oct", "Verdouce October.md", len(OCTOBER)),
                    ("f-junk", "broken.pdf", 26),
                    ("f-same", "verdouce-june.md", len(JUNE)),
                    ("f-big", "huge.pdf", 50_000),
                ):
                    count = len(standin.sent_to(ADMIN))
                    standin.push_update(_document(ADMIN, file_id, name, size))
                    await until(lambda c=count: len(standin.sent_to(ADMIN)) > c, timeout=20, what=name)
                await settle(standin)

        run(scenario(), timeout=90)
    assert "only the bot's administrators" in standin.texts_to(5)[0]
    assert sum(c.params.get("file_id") == "f-oct" for c in standin.calls_to("getFile")) == 1  # the admin's only
    saved, broken, same, big = (visible_text(t) for t in standin.texts_to(ADMIN))
    assert saved.startswith("Saved as Verdouce-October.md and ingested: 1 added, 0 updated, 1 unchanged")
    assert (corpus / "Verdouce-October.md").read_text(encoding="utf-8") == OCTOBER
    assert broken.startswith("broken.pdf could not be read:") and not (corpus / "broken.pdf").exists()
    assert same.startswith("verdouce-june.md is already in the corpus, unchanged")
    assert "over the limit" in big and not (corpus / "huge.pdf").exists()
    [report] = standin.texts_to(REPORTS)
    shown = visible_text(report)
    assert "New:\n• Verdouce petition reaches 38 750 signatures (2024-10-02)" in shown
    assert "people: 31,000 → 38,750" in shown
    # The new release answers at once, with nothing restarted.
    assert "38 750" in engine.answer("How many people have signed the Verdouce petition now?").answer
