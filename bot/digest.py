"""The organisers' digest: what supporters asked that the releases could not answer (grouped when they ask
the same thing), the answers voted down, the most asked-about releases, and counts per day.

Read from the feedback store only, which holds no user or chat id; question texts appear only when
PRESSROOM_KEEP_QUESTIONS is on.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter, defaultdict
from collections.abc import Collection, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, timedelta

from bot import i18n
from bot.features import Lexicon
from bot.feedback import AskedRow, FeedbackStore, VotedRow
from index.reading import detect_language

_PERIOD = re.compile(r"^\s*(\d{1,4})\s*([hdw])\s*$", re.IGNORECASE)
# Two unanswered questions ask the same thing when they share this share of their stems (Jaccard).
SAME_QUESTION = 0.5
TOP = 10


class PeriodError(ValueError):
    """--since is not like 24h, 7d or 4w."""


def parse_period(text: str) -> timedelta:
    match = _PERIOD.match(text)
    if not match:
        raise PeriodError(f"--since wants hours, days or weeks, like 24h, 7d or 4w (got {text!r})")
    n, unit = int(match[1]), match[2].lower()
    return timedelta(hours=n) if unit == "h" else timedelta(days=n) if unit == "d" else timedelta(weeks=n)


@dataclass
class QuestionGroup:
    question: str  # the most recent wording
    count: int
    last_asked: str
    wordings: list[str] = field(default_factory=list)


@dataclass
class DownVoted:
    answer: str
    down: int
    up: int
    topic: str | None
    question: str | None


@dataclass
class Digest:
    since: str
    until: str
    questions: int
    answered: int
    unanswered: int
    up: int
    down: int
    texts_kept: bool
    per_day: list[dict[str, object]]
    unanswered_groups: list[QuestionGroup]
    voted_down: list[DownVoted]
    topics: list[dict[str, object]]
    languages: dict[str, int]

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    def to_csv(self) -> str:
        """One row per figure: section, label, count, and the detail a spreadsheet needs."""
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["section", "label", "count", "unanswered", "detail"])
        for day in self.per_day:
            writer.writerow(["day", day["day"], day["questions"], day["unanswered"], ""])
        for group in self.unanswered_groups:
            writer.writerow(["unanswered", group.question, group.count, group.count, " | ".join(group.wordings)])
        for item in self.voted_down:
            writer.writerow(["voted_down", item.answer, item.down, "", item.question or ""])
        for topic in self.topics:
            writer.writerow(["topic", topic["topic"], topic["questions"], topic["unanswered"], ""])
        for language, count in self.languages.items():
            writer.writerow(["language", language, count, "", ""])
        return out.getvalue()


def build_digest(
    store: FeedbackStore, period: timedelta, *, lexicon: Lexicon | None = None, hidden: Collection[str] = ()
) -> Digest:
    """`hidden`: titles of releases the reader may not see now (embargoed, press-only): the questions about
    them still count, but neither their titles nor the answers quoting them are shown."""
    until = store.now()
    since = until - period
    asked = [r if r.topic not in hidden else replace(r, topic=None) for r in store.asked_since(since)]
    voted = store.voted_since(since)
    lexicon = lexicon or Lexicon()
    return Digest(
        since=since.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        until=until.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        questions=len(asked),
        answered=sum(r.answered for r in asked),
        unanswered=sum(not r.answered for r in asked),
        up=sum(v.vote == 1 for v in voted),
        down=sum(v.vote == -1 for v in voted),
        texts_kept=store.keep_questions,
        per_day=_per_day(asked),
        unanswered_groups=_groups([r for r in asked if not r.answered and r.question], lexicon),
        voted_down=_voted_down([v for v in voted if v.topic not in hidden]),
        topics=_topics(asked),
        languages=dict(Counter(r.language or "?" for r in asked).most_common()),
    )


def _per_day(asked: Sequence[AskedRow]) -> list[dict[str, object]]:
    days: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in asked:
        counts = days[row.asked_at[:10]]
        counts[0] += 1
        counts[1] += not row.answered
    return [{"day": day, "questions": q, "unanswered": u} for day, (q, u) in sorted(days.items())]


def _stems(lexicon: Lexicon, text: str) -> frozenset[str]:
    words = lexicon.content_words(text)
    return frozenset(lexicon.stem(words, detect_language(text)))


def _groups(unanswered: Sequence[AskedRow], lexicon: Lexicon) -> list[QuestionGroup]:
    """Greedy grouping, newest first: a question joins the first group whose stems it shares enough of."""
    groups: list[tuple[frozenset[str], QuestionGroup]] = []
    for row in sorted(unanswered, key=lambda r: r.asked_at, reverse=True):
        text = row.question or ""
        stems = _stems(lexicon, text)
        for group_stems, group in groups:
            union = stems | group_stems
            if union and len(stems & group_stems) / len(union) >= SAME_QUESTION:
                group.count += 1
                if text not in group.wordings:
                    group.wordings.append(text)
                break
        else:
            groups.append((stems, QuestionGroup(text, 1, row.asked_at, [text])))
    ordered = sorted((g for _, g in groups), key=lambda g: (-g.count, g.last_asked), reverse=False)
    return ordered[:TOP]


def _voted_down(voted: Sequence[VotedRow]) -> list[DownVoted]:
    by_answer: dict[str, DownVoted] = {}
    for vote in voted:
        item = by_answer.setdefault(vote.answer, DownVoted(vote.answer, 0, 0, vote.topic, vote.question))
        if vote.vote < 0:
            item.down += 1
        else:
            item.up += 1
        item.question = item.question or vote.question
    down = [item for item in by_answer.values() if item.down > 0]
    return sorted(down, key=lambda item: (item.up - item.down, -item.down))[:TOP]


def _topics(asked: Sequence[AskedRow]) -> list[dict[str, object]]:
    counts: Counter[str] = Counter()
    unanswered: Counter[str] = Counter()
    for row in asked:
        if row.topic:
            counts[row.topic] += 1
            unanswered[row.topic] += not row.answered
    return [{"topic": t, "questions": n, "unanswered": unanswered[t]} for t, n in counts.most_common(TOP)]


def render(digest: Digest, language: str | None = "en", *, html: bool = False) -> str:
    """The digest as text (the terminal) or Telegram HTML, in the reader's language."""
    from bot.formatting import escape_text

    def head(key: str, **values: object) -> str:
        title = i18n.text(language, key, **values)
        return f"<b>{escape_text(title)}</b>" if html else title

    def esc(value: object) -> str:
        return escape_text(str(value)) if html else str(value)

    lines = [
        head("digest.title", since=digest.since, until=digest.until),
        esc(
            i18n.text(
                language,
                "digest.totals",
                questions=digest.questions,
                unanswered=digest.unanswered,
                up=digest.up,
                down=digest.down,
            )
        ),
    ]
    lines += ["", head("digest.unanswered")]
    if not digest.texts_kept:
        lines.append(esc(i18n.text(language, "digest.texts_off")))
    elif not digest.unanswered_groups:
        lines.append(esc(i18n.text(language, "digest.none")))
    for group in digest.unanswered_groups:
        lines.append(esc(f"{group.count} × {group.question}"))
    lines += ["", head("digest.voted_down")]
    if not digest.voted_down:
        lines.append(esc(i18n.text(language, "digest.none")))
    for item in digest.voted_down:
        about = f" ({item.question})" if item.question else ""
        lines.append(esc(f"👎 {item.down} 👍 {item.up}: {_short(item.answer)}{about}"))
    lines += ["", head("digest.topics")]
    if not digest.topics:
        lines.append(esc(i18n.text(language, "digest.none")))
    for topic in digest.topics:
        lines.append(esc(f"{topic['questions']} × {topic['topic']}"))
    lines += ["", head("digest.per_day")]
    for day in digest.per_day:
        lines.append(esc(i18n.text(language, "digest.day", **day)))
    return "\n".join(lines)


def _short(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
