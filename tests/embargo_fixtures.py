"""A corpus with one embargoed and one press-only release, a clock the tests set, and what each release
says that nobody may read before they should."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from config import IngestSettings, Settings, StoreSettings, TelegramSettings
from ingest.runner import run_ingest
from tests.conftest import RELEASES, write_corpus
from tests.fakes import HashEmbedder

EMBARGO = "2026-12-03T09:00+01:00"
INSTANT = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)  # the same instant, in UTC
BEFORE = INSTANT - timedelta(seconds=1)
AT = INSTANT
AFTER = INSTANT + timedelta(days=1)

EMBARGOED = "reopening.md"
EMBARGOED_TITLE = "Trains return to the Vaucenne line in March 2027"
EMBARGOED_FACTS = ("14 March 2027", "8.2 million")
EMBARGOED_QUESTION = "When will passenger trains run again on the Vaucenne line?"
EMBARGOED_CLAIM = "Passenger trains will run again on the Vaucenne line from 14 March 2027."

PRESS_ONLY = "briefing.md"
PRESS_TITLE = "Press briefing on the Vaucenne repairs budget"
PRESS_FACT = "3.1 million"
PRESS_QUESTION = "How much will the state pay for the Vaucenne repairs budget?"

ACCESS_RELEASES = {
    **RELEASES,
    EMBARGOED: f"""---
title: {EMBARGOED_TITLE}
embargo: {EMBARGO}
---

The Friends of the Vaucenne Line announce that passenger trains will run again on the Vaucenne line from
14 March 2027.

The regional council approved track repairs costing 8.2 million euros, said spokesperson Amira Castell.
""",
    PRESS_ONLY: f"""---
title: {PRESS_TITLE}
audience: press
---

Journalists are invited to a briefing at the Lormeuil station hall on 4 December 2026 at 10:00.

The Vaucenne repairs budget will be shared by the region and the state, with the state paying 3.1 million
euros.
""",
}


class SetClock:
    """The instant embargoes are compared with, moved by the test."""

    def __init__(self, now: datetime = BEFORE) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def ingested(
    folder: Path, releases: dict[str, str] | None = None, *, press_ids: tuple[int, ...] = (), **extra: str
) -> Settings:
    """The corpus written and ingested (fake embedder) into `folder`; settings with these press ids."""
    corpus = write_corpus(folder / "corpus", {**(releases or ACCESS_RELEASES), **extra})
    settings = Settings(
        store=StoreSettings(data_dir=folder / "data"),
        ingest=IngestSettings(corpus_dir=corpus),
        telegram=TelegramSettings(press_ids=list(press_ids)),
    )
    run_ingest(settings, embedder=HashEmbedder())
    return settings
