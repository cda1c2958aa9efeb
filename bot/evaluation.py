"""Runs a question set (the ../shared/eval format) through the engine and scores it the set's way."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from bot.types import Answer, Engine
from bot.visibility import Viewer


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def load_questions(path: Path) -> list[dict[str, Any]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rows.append(json.loads(line))
    return rows


@dataclass
class Verdict:
    id: str
    type: str
    passed: bool
    answerable: bool
    refused: bool
    violation: bool
    why: str = ""


def judge(question: dict[str, Any], answer: Answer) -> Verdict:
    text = _fold(answer.answer)
    violation = any(_fold(s) in text for s in question.get("must_not", []) if s)
    qtype = question.get("type", "other")
    if not question.get("answerable", True):
        passed = not answer.answered and not violation
        return Verdict(
            question["id"],
            qtype,
            passed,
            False,
            not answer.answered,
            violation,
            "" if passed else "answered an unanswerable question",
        )
    has_fact = any(_fold(s) in text for s in question.get("expect_any", []))
    cited = {PurePosixPath(c.path or c.source).name for c in answer.citations}
    has_source = bool(cited & set(question.get("sources", [])))
    passed = has_fact and has_source and not violation
    why = (
        ""
        if passed
        else ", ".join(
            w
            for w, bad in (
                ("fact missing", not has_fact),
                ("source not cited", not has_source),
                ("must_not violated", violation),
            )
            if bad
        )
    )
    return Verdict(question["id"], qtype, passed, True, not answer.answered, violation, why)


@dataclass
class Report:
    verdicts: list[Verdict] = field(default_factory=list)

    def rate(self, items: Iterable[Verdict]) -> tuple[int, int]:
        items = list(items)
        return sum(v.passed for v in items), len(items)

    @property
    def answerable(self) -> tuple[int, int]:
        return self.rate(v for v in self.verdicts if v.answerable)

    @property
    def crosslingual(self) -> tuple[int, int]:
        return self.rate(v for v in self.verdicts if v.type == "crosslingual")

    @property
    def refused(self) -> tuple[int, int]:
        return self.rate(v for v in self.verdicts if not v.answerable)

    @property
    def violations(self) -> int:
        return sum(v.violation for v in self.verdicts)

    def lines(self) -> list[str]:
        by_type: dict[str, list[Verdict]] = defaultdict(list)
        for v in self.verdicts:
            by_type[v.type].append(v)

        def pct(pair: tuple[int, int]) -> str:
            ok, n = pair
            return f"{ok}/{n} ({100 * ok / n:.0f}%)" if n else "-"

        out = [f"{'type':<14} {'passed':>14}"]
        for qtype in sorted(by_type):
            out.append(f"{qtype:<14} {pct(self.rate(by_type[qtype])):>14}")
        out += [
            "",
            f"answerable (fact + right source): {pct(self.answerable)}",
            f"cross-lingual:                    {pct(self.crosslingual)}",
            f"unanswerable refused:             {pct(self.refused)}",
            f"must_not violations:              {self.violations}",
            f"{sum(v.passed for v in self.verdicts)} passed, {sum(not v.passed for v in self.verdicts)} failed",
        ]
        return out


def run_eval(
    engine: Engine, questions: list[dict[str, Any]], answers_out: Path | None = None, *, viewer: Viewer | None = None
) -> Report:
    """Every question asked as `viewer` (none: the public) would ask it."""
    report = Report()
    sink = answers_out.open("w", encoding="utf-8") if answers_out else None
    try:
        for q in questions:
            answer = engine.answer(q["question"], viewer=viewer)
            verdict = judge(q, answer)
            report.verdicts.append(verdict)
            if sink:
                row = {"id": q["id"], **answer.to_dict(), "passed": verdict.passed, "why": verdict.why}
                sink.write(json.dumps(row, ensure_ascii=False) + "\n")
    finally:
        if sink:
            sink.close()
    return report
