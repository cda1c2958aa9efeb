"""Recent answers, remembered so their buttons can work.

Telegram gives a button only 64 bytes of callback data, far too little for a passage, so a button
carries a short id and the answer stays here, in a bounded LRU. After a restart or once evicted, the
buttons of old answers politely say so.
"""

from __future__ import annotations

import secrets
from collections import OrderedDict

from bot.types import Answer


class RecentAnswers:
    """Only touched from the event loop thread, so it needs no lock."""

    def __init__(self, capacity: int = 1024) -> None:
        self.capacity = capacity
        self._items: OrderedDict[str, Answer] = OrderedDict()
        # The messages an answer was sent as: a 👍/👎 reaction to one of them is a vote on that answer.
        self._messages: OrderedDict[tuple[int, int], str] = OrderedDict()

    def link(self, chat_id: int, message_id: int, answer_id: str) -> None:
        self._messages[(chat_id, message_id)] = answer_id
        while len(self._messages) > 4 * self.capacity:
            self._messages.popitem(last=False)

    def by_message(self, chat_id: int, message_id: int) -> tuple[str, Answer] | None:
        answer_id = self._messages.get((chat_id, message_id))
        answer = self.get(answer_id) if answer_id else None
        return (answer_id, answer) if answer_id and answer else None

    def add(self, answer: Answer) -> str:
        """Remember the answer; return its id (8 URL-safe characters)."""
        answer_id = secrets.token_urlsafe(6)
        while answer_id in self._items:
            answer_id = secrets.token_urlsafe(6)
        self._items[answer_id] = answer
        while len(self._items) > self.capacity:
            self._items.popitem(last=False)
        return answer_id

    def get(self, answer_id: str) -> Answer | None:
        answer = self._items.get(answer_id)
        if answer is not None:
            self._items.move_to_end(answer_id)
        return answer

    def __len__(self) -> int:
        return len(self._items)
