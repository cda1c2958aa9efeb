"""Who may ask, and how often: allowlists, admins and a per-user sliding-window rate limit."""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Access:
    """Allowlists are opt-in: with none set everyone may ask. When set, a user is let in if they are on
    the user list *or* the message comes from a listed chat (so a whole team group can be allowed at
    once). Admins are always let in."""

    allowed_users: frozenset[int] = frozenset()
    allowed_chats: frozenset[int] = frozenset()
    admins: frozenset[int] = frozenset()

    @classmethod
    def from_ids(cls, users: Iterable[int], chats: Iterable[int], admins: Iterable[int]) -> Access:
        return cls(frozenset(users), frozenset(chats), frozenset(admins))

    def is_admin(self, user_id: int | None) -> bool:
        return user_id is not None and user_id in self.admins

    def allows(self, user_id: int | None, chat_id: int | None) -> bool:
        if not self.allowed_users and not self.allowed_chats:
            return True
        if self.is_admin(user_id):
            return True
        return (user_id is not None and user_id in self.allowed_users) or (
            chat_id is not None and chat_id in self.allowed_chats
        )


@dataclass
class Verdict:
    allowed: bool
    retry_after: float = 0.0
    # True only for the first refusal of a streak, so a user hammering the bot gets told once.
    first_refusal: bool = False

    @property
    def retry_after_seconds(self) -> int:
        return max(1, math.ceil(self.retry_after))


@dataclass
class SlidingWindowLimiter:
    """At most `limit` events per `window` seconds per key, counted over the last `window` seconds
    (not fixed minute buckets, which would allow twice the rate across a boundary). In memory only:
    a restart forgets, which is acceptable for flood protection. Used from the event loop only, so
    it needs no lock."""

    limit: int
    window: float = 60.0
    clock: Callable[[], float] = time.monotonic
    _events: dict[Hashable, deque[float]] = field(default_factory=dict)
    _warned: set[Hashable] = field(default_factory=set)

    def check(self, key: Hashable) -> Verdict:
        now = self.clock()
        events = self._events.setdefault(key, deque())
        while events and now - events[0] >= self.window:
            events.popleft()
        if len(events) < self.limit:
            events.append(now)
            self._warned.discard(key)
            self._forget_idle(now)
            return Verdict(allowed=True)
        first = key not in self._warned
        self._warned.add(key)
        return Verdict(allowed=False, retry_after=self.window - (now - events[0]), first_refusal=first)

    def _forget_idle(self, now: float) -> None:
        # Bounded memory without a background task: prune idle users once the table grows.
        if len(self._events) <= 4096:
            return
        for key in [k for k, v in self._events.items() if not v or now - v[-1] >= self.window]:
            del self._events[key]
            self._warned.discard(key)
