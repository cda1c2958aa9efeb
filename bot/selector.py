"""The fitted answer selector: which candidate sentence answers, and whether to answer at all.

Its parameters (bot/selector.json) come from training/fit_selector.py, which fits them on public QA data
ingested with the product's own pipeline; the file records the data's provenance and the held-out
figures. Scoring is plain numpy: no model library is needed at answer time.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from bot.features import FEATURE_NAMES, Candidate

_INDEX = {name: i for i, name in enumerate(FEATURE_NAMES)}

# Share of the question's (IDF-weighted) words that no candidate holds, at which it is refused. Measured on
# the training questions: 2.2% of answerable ones and 5.5% of unanswerable ones reach 0.8, and the
# answerer gets few of those answerable ones right; on the peer sets it costs 2 of 200 squad2 answers.
NOTHING_FOUND = 0.8


def nothing_found(x: np.ndarray) -> bool:
    """No candidate holds the question's words, and all are in its language (across languages a word
    can be there in translation)."""
    return bool(len(x)) and x[0, _INDEX["pool_missing"]] >= NOTHING_FOUND and not x[:, _INDEX["cross_lingual"]].any()


# What the answer model reads of the best candidate's own features, besides the probabilities.
_TOP_FEATURES = (
    "cover",
    "cover_win",
    "missing_release",
    "missing_max_idf",
    "sim_z",
    "win_z",
    "cross_lingual",
    "bigrams",
    "sim_pool_z",
    "xl_cover",
    "xl_cover_win",
    "xl_sim_z",
    "pool_missing",
    "type_fit",
    "unit_hit",
    "near_item",
)
# With no candidate at all, nothing of the question is found.
_NONE_FOUND = {"missing_release": 1.0, "missing_max_idf": 1.0, "pool_missing": 1.0}
ANSWER_FEATURES = [
    "p1_logit",
    "p2_logit",
    "gap",
    "mass",
    "candidates_log",
    *(name if name == "pool_missing" else f"top_{name}" for name in _TOP_FEATURES),
]


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return float(np.log(p / (1 - p)))


def merge_restatements(p: np.ndarray, stems: Sequence[frozenset[str]], top: int = 5) -> np.ndarray:
    """The same sentence restated in several releases ("the petition has now been signed by 31,000" in
    June, "... 38,750" in October) splits the model's probability between copies; whether the releases
    answer is then the copies' total, and which copy leads is the question's time focus. Moves the mass
    of near-copies among the `top` best candidates (Jaccard of stems >= 0.6) onto the best of them."""
    p = np.array(p, dtype=np.float64)
    order = [int(i) for i in np.argsort(-p)[:top]]
    for a_pos, a in enumerate(order):
        if p[a] == 0 or len(stems[a]) < 4:
            continue
        for b in order[a_pos + 1 :]:
            if p[b] == 0 or len(stems[b]) < 4:
                continue
            union = len(stems[a] | stems[b])
            if union and len(stems[a] & stems[b]) / union >= 0.6:
                p[a] = min(p[a] + p[b], 1.0)
                p[b] = 0.0
    return p


def answer_features(p: np.ndarray, x: np.ndarray) -> list[float]:
    """One row per question: how sure the sentence model is of its best candidate, and what that
    candidate shares with the question. `p` has restatements merged (merge_restatements)."""
    if not len(p):
        return [_logit(1e-6), _logit(1e-6), 0.0, 0.0, 0.0, *(_NONE_FOUND.get(name, 0.0) for name in _TOP_FEATURES)]
    order = np.argsort(-p)
    p1 = float(p[order[0]])
    p2 = float(p[order[1]]) if len(p) > 1 else 0.0
    top = x[order[0]]
    return [
        _logit(p1),
        _logit(p2),
        p1 - p2,
        float(p.sum()),
        float(np.log1p(len(p))),
        *(float(top[_INDEX[name]]) for name in _TOP_FEATURES),
    ]


@dataclass(frozen=True)
class _Linear:
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    @classmethod
    def load(cls, block: dict[str, Any], names: list[str]) -> _Linear:
        if block["features"] != names:
            raise ValueError("the selector parameters were fitted on other features; refit them")
        return cls(
            np.asarray(block["mean"], dtype=np.float64),
            np.asarray(block["scale"], dtype=np.float64),
            np.asarray(block["coef"], dtype=np.float64),
            float(block["intercept"]),
        )

    def predict(self, x: np.ndarray) -> np.ndarray:
        z = ((np.asarray(x, dtype=np.float64) - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-z))


@dataclass(frozen=True)
class Judgement:
    ranked: list[Candidate]  # best first, each with its probability
    confidence: float  # P(the best candidate answers the question)
    answer: bool  # confidence reached the threshold


class Selector:
    def __init__(self, params: dict[str, Any], *, threshold: float | None = None) -> None:
        self._sentence = _Linear.load(params["sentence"], FEATURE_NAMES)
        self._answer = _Linear.load(params["answer"], ANSWER_FEATURES)
        # One setting: the answer probability below which the bot refuses (chosen at fitting time for a
        # stated precision on held-out questions; PRESSROOM_ANSWER_THRESHOLD overrides it).
        self.threshold = float(params["threshold"] if threshold is None else threshold)
        self.params = params

    @classmethod
    def load(cls, path: Path | None = None, *, threshold: float | None = None) -> Selector:
        if path is None:
            text = resources.files("bot").joinpath("selector.json").read_text(encoding="utf-8")
        else:
            text = path.read_text(encoding="utf-8")
        return cls(json.loads(text), threshold=threshold)

    def judge(self, cands: list[Candidate], x: np.ndarray) -> Judgement:
        if not cands:
            return Judgement([], 0.0, False)
        p = self._sentence.predict(x)
        for c, prob in zip(cands, p, strict=True):
            c.probability = float(prob)
        merged = merge_restatements(p, [c.signals.stems for c in cands])
        confidence = float(self._answer.predict(np.asarray([answer_features(merged, x)]))[0])
        if nothing_found(x):
            # Next to nothing of the question, in any form, in any candidate ("/start", "the boiling point
            # of mercury", "the minister's dog"): whatever is quoted cannot be about it.
            confidence = 0.0
        ranked = sorted(cands, key=lambda c: c.probability, reverse=True)
        return Judgement(ranked, confidence, confidence >= self.threshold)
