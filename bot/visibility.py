"""Who may see which release, decided when answering: embargoes against a clock, press-only releases
against the press ids. Retrieval asks it about every release, so a release that may not be seen never
reaches an answer, a citation, a list or a check.

Nothing is decided at ingest: an embargo lifts at its instant with no re-ingest, and a press id added
to the settings sees the press releases at the next start.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from index.embargo import PRESS, Clock, under_embargo, utc_now
from index.store import StoredRelease


@dataclass(frozen=True)
class Viewer:
    """Who will read what the bot says. `ids`: the Telegram ids whose press membership counts (a user
    in a private chat; in a group, the group, because everyone there reads the answer)."""

    ids: frozenset[int] = frozenset()
    press: bool = False  # the terminal's --press

    @classmethod
    def in_chat(cls, user_id: int | None, chat_id: int | None, *, private: bool) -> Viewer:
        if private:
            return cls(frozenset(i for i in (user_id, chat_id) if i is not None))
        return cls(frozenset([chat_id]) if chat_id is not None else frozenset())

    @classmethod
    def terminal(cls, *, press: bool = False) -> Viewer:
        return cls(press=press)


PUBLIC = Viewer()


@dataclass(frozen=True)
class Sight:
    """What one viewer may see at one instant: the whole of an answer is decided at the same instant."""

    now: datetime
    press: bool

    def sees(self, release: StoredRelease) -> bool:
        if under_embargo(release.embargo, self.now):
            return False
        return release.audience != PRESS or self.press


class Visibility:
    """The policy: the press ids from the settings and a clock (UTC now unless a test sets one)."""

    def __init__(self, press_ids: Iterable[int] = (), clock: Clock = utc_now) -> None:
        self._press_ids = frozenset(press_ids)
        self._clock = clock

    def now(self) -> datetime:
        return self._clock()

    def sight(self, viewer: Viewer | None = None) -> Sight:
        viewer = viewer or PUBLIC
        return Sight(self._clock(), viewer.press or not viewer.ids.isdisjoint(self._press_ids))

    def hidden_titles(self, releases: Iterable[StoredRelease], viewer: Viewer | None = None) -> set[str]:
        """The titles of the releases this viewer may not see now (and that no release they see bears):
        what the digest, which knows releases only by title, must leave out."""
        sight = self.sight(viewer)
        shown, hidden = set(), set()
        for release in releases:
            (shown if sight.sees(release) else hidden).add(release.title)
        return hidden - shown

    def embargoed(self, releases: Iterable[StoredRelease]) -> int:
        """How many of these releases are under embargo now: all that `status` may say of them."""
        now = self._clock()
        return sum(under_embargo(r.embargo, now) for r in releases)
