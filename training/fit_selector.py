"""Fit the answer selector and its refusal on the candidates dumped by training.candidates.

    python -m training.fit_selector OUT_DIR [--precision 0.8] [--write bot/selector.json]

Two logistic regressions (scikit-learn, seeded, deterministic):
1. the sentence model: P(this candidate sentence holds the gold answer), over every candidate of every
   question (bot.features.FEATURE_NAMES);
2. the answer model: P(the best candidate is right), over per-question summaries of the sentence model's
   output (fitted on out-of-fold sentence probabilities, so it does not learn the sentence model's
   over-confidence on its own training questions). Unanswerable questions are its negatives too.

The refusal threshold is the lowest answer probability at which the held-out answered questions reach
the stated precision (right answers / answers given). Articles are split 80/20 (seeded) before fitting,
so held-out figures are on articles the models never saw; the final models are then refitted on all of
them with the chosen settings. Writes a small JSON of parameters, with the data's provenance and the
held-out figures, that bot.selector reads.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from bot.extractive import Presentation
from bot.features import FEATURE_NAMES, Lexicon, candidates, featurise, question_signals, translations_of
from bot.selector import ANSWER_FEATURES, answer_features, merge_restatements, nothing_found
from bot.types import Passage, SentenceHit
from training.candidates import norm

SEED = 0


@dataclass
class Example:
    qid: str
    file: str
    lang: str
    kind: str
    answerable: bool
    x: np.ndarray
    y: np.ndarray
    first_release: list[bool]
    stems: list[frozenset[str]]
    weight: float = 1.0


def passages_of(row: dict[str, Any], texts: dict[str, str]) -> list[Passage]:
    out = []
    for p in row["passages"]:
        text = texts.get(p["release_id"], "")[p["start"] : p["end"]]
        out.append(
            Passage(
                chunk_id=p["chunk_id"],
                release_id=p["release_id"],
                text=text,
                title=p["title"],
                path=p["path"],
                date=p["date"],
                language=p["language"],
                paragraph=p["paragraph"],
                start=p["start"],
                end=p["end"],
                score=p["score"],
                similarity=p["similarity"],
                baseline=p.get("baseline"),
                translations=tuple((w, tuple((t, lang) for t, lang in ts)) for w, ts in p.get("translations", ())),
                known_share=p.get("known_share"),
                hits=tuple(SentenceHit(*h) for h in p["hits"]),
            )
        )
    return out


def build_examples(dump: dict[str, Any], *, other_language: float = 0.0) -> list[Example]:
    """`other_language`: the share of questions also featurised as if their releases were in another
    language (bot.features.featurise), added as extra examples of kind "<kind>-xl"."""
    lexicon = Lexicon()
    rng = random.Random(SEED + 3)
    out = []
    for row in dump["questions"]:
        passages = passages_of(row, dump["texts"])
        q = question_signals(lexicon, row["question"], None, translations_of(passages))
        cands = candidates(lexicon, passages)
        out += _examples(row, q, cands, featurise(q, cands), row["kind"])
        if rng.random() < other_language:
            out += _examples(row, q, cands, featurise(q, cands, as_other_language=True), row["kind"] + "-xl")
    return out


def _examples(row: dict[str, Any], q: Any, cands: list[Any], x: np.ndarray, kind: str) -> list[Example]:
    golds = [norm(a) for a in row["answers"]]
    files = set(row.get("files") or [row["file"]])
    y = np.array(
        [bool(golds) and c.passage.path in files and any(g in norm(c.quote) for g in golds) for c in cands],
        dtype=bool,
    )
    return [
        Example(
            qid=row["id"],
            file=row["file"] or f"off:{row['id']}",
            lang=row["lang"],
            kind=kind,
            answerable=bool(row["answerable"]),
            x=x,
            y=y,
            first_release=[c.passage.release_id == cands[0].passage.release_id for c in cands] if cands else [],
            stems=[c.signals.stems for c in cands],
        )
    ]


def split(examples: Sequence[Example], rng: random.Random, share: float = 0.2) -> tuple[list[int], list[int]]:
    files = sorted({e.file for e in examples})
    rng.shuffle(files)
    held = set(files[: int(len(files) * share)])
    train = [i for i, e in enumerate(examples) if e.file not in held]
    test = [i for i, e in enumerate(examples) if e.file in held]
    return train, test


def stack(examples: Sequence[Example], idx: Sequence[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Candidates of these questions: features, labels, and each row's weight (its question's)."""
    xs = [examples[i].x for i in idx if len(examples[i].x)]
    ys = [examples[i].y for i in idx if len(examples[i].x)]
    weights = [np.full(len(examples[i].x), examples[i].weight) for i in idx if len(examples[i].x)]
    return np.concatenate(xs), np.concatenate(ys), np.concatenate(weights)


class Logistic:
    """Standardised features + scikit-learn's LogisticRegression; exported as plain numbers."""

    def __init__(self, c: float = 1.0) -> None:
        self.c = c

    def fit(self, x: np.ndarray, y: np.ndarray, weight: np.ndarray | None = None) -> Logistic:
        from sklearn.linear_model import LogisticRegression

        self.mean = x.mean(axis=0)
        self.scale = np.where(x.std(axis=0) > 1e-9, x.std(axis=0), 1.0)
        model = LogisticRegression(C=self.c, max_iter=2000, random_state=SEED)
        model.fit((x - self.mean) / self.scale, y, sample_weight=weight)
        self.coef = model.coef_[0]
        self.intercept = float(model.intercept_[0])
        return self

    def predict(self, x: np.ndarray) -> np.ndarray:
        z = ((x - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    def export(self, names: Sequence[str]) -> dict[str, Any]:
        return {
            "features": list(names),
            "mean": [round(float(v), 6) for v in self.mean],
            "scale": [round(float(v), 6) for v in self.scale],
            "coef": [round(float(v), 6) for v in self.coef],
            "intercept": round(self.intercept, 6),
        }


def sentence_probabilities(model: Logistic, examples: Sequence[Example], idx: Sequence[int]) -> dict[int, np.ndarray]:
    return {i: model.predict(examples[i].x) if len(examples[i].x) else np.zeros(0) for i in idx}


SECOND_RATIO = Presentation().second_ratio  # the answer also quotes a second sentence this close to the best


def shown_right(p: np.ndarray, y: np.ndarray) -> bool:
    """The answer would hold the gold: the best sentence, or the second one the answer also quotes."""
    if not len(p):
        return False
    order = np.argsort(-p)
    if y[order[0]]:
        return True
    return len(p) > 1 and p[order[1]] >= SECOND_RATIO * p[order[0]] and bool(y[order[1]])


def question_rows(
    examples: Sequence[Example], probs: dict[int, np.ndarray], idx: Sequence[int]
) -> tuple[np.ndarray, np.ndarray]:
    rows, labels = [], []
    for i in idx:
        p = probs[i]
        e = examples[i]
        merged = merge_restatements(p, e.stems)
        rows.append(answer_features(merged, e.x))
        labels.append(e.answerable and shown_right(p, e.y))
    return np.array(rows, dtype=np.float64), np.array(labels, dtype=bool)


def out_of_fold(examples: Sequence[Example], idx: Sequence[int], c: float, folds: int = 4) -> dict[int, np.ndarray]:
    """Sentence probabilities of each question from a model that did not see its article."""
    files = sorted({examples[i].file for i in idx})
    rng = random.Random(SEED + 1)
    rng.shuffle(files)
    fold_of = {f: k % folds for k, f in enumerate(files)}
    probs: dict[int, np.ndarray] = {}
    for k in range(folds):
        fit_idx = [i for i in idx if fold_of[examples[i].file] != k]
        pred_idx = [i for i in idx if fold_of[examples[i].file] == k]
        x, y, w = stack(examples, fit_idx)
        model = Logistic(c).fit(x, y, w)
        probs.update(sentence_probabilities(model, examples, pred_idx))
    return probs


def report(
    examples: Sequence[Example],
    probs: dict[int, np.ndarray],
    answer_p: np.ndarray,
    idx: Sequence[int],
    threshold: float,
) -> dict[str, Any]:
    """Figures the peer scorer would give: answerable answered right, unanswerable refused, precision."""
    out: dict[str, Any] = {}
    groups = {"all": list(range(len(idx)))}
    for kind in sorted({examples[i].kind for i in idx}):
        groups[kind] = [k for k, i in enumerate(idx) if examples[i].kind == kind]
    for name, ks in groups.items():
        ans = [k for k in ks if examples[idx[k]].answerable]
        una = [k for k in ks if not examples[idx[k]].answerable]

        def right(k: int) -> bool:
            return shown_right(probs[idx[k]], examples[idx[k]].y)

        top1 = sum(right(k) for k in ans)
        answered_right = sum(right(k) and answer_p[k] >= threshold for k in ans)
        refused = sum(answer_p[k] < threshold for k in una)
        given = sum(answer_p[k] >= threshold for k in ks)
        good = sum(answer_p[k] >= threshold and examples[idx[k]].answerable and right(k) for k in ks)
        out[name] = {
            "answerable": len(ans),
            "right_if_never_refused": round(float(top1) / max(len(ans), 1), 3),
            "answered_right": round(float(answered_right) / max(len(ans), 1), 3),
            "unanswerable": len(una),
            "refused": round(float(refused) / max(len(una), 1), 3),
            "precision": round(float(good) / max(given, 1), 3),
        }
    return out


def choose_threshold(
    answer_p: np.ndarray, correct: np.ndarray, precision: float, weight: np.ndarray | None = None
) -> float:
    """The lowest threshold whose answered set reaches the precision (answering as much as allowed),
    each question counted with its weight (the team's press releases count as much as in fitting)."""
    weight = np.ones(len(answer_p)) if weight is None else weight
    order = np.argsort(-answer_p)
    hits = np.cumsum((correct * weight)[order])
    given = np.cumsum(weight[order])
    ok = np.where(hits / given >= precision)[0]
    if not len(ok):
        return 1.0
    return float(answer_p[order][ok.max()])


def answer_weight(example: Example, args: argparse.Namespace) -> float:
    """The answer model's weight of a question: the team's count `--answer-domain-weight` times (few
    questions, so weighing them as heavily as in the sentence model would fit their noise); a public kind
    weighed with --kind-weight counts as much in both models."""
    if example.weight == args.domain_weight:
        return args.answer_domain_weight
    return example.weight


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dumps", type=Path, nargs="+", help="folders holding candidates.pkl")
    ap.add_argument(
        "--domain",
        type=Path,
        action="append",
        default=[],
        help="a dump of press-release questions (training/data), weighted --domain-weight times",
    )
    # Measured (docs/quality.md): the team's 460 press-release questions teach more about releases than
    # 11,000 Wikipedia ones; weighed 30 times, they lift the development set from 49% to 71% of questions
    # answered right (if none were refused) while the public sets stay within a point or two.
    ap.add_argument("--domain-weight", type=float, default=30.0)
    ap.add_argument("--answer-domain-weight", type=float, default=3.0)
    ap.add_argument("--xl", type=float, default=0.25, help="share of questions also shown as cross-lingual")
    ap.add_argument("--precision", type=float, default=0.8)
    ap.add_argument("--c", type=float, default=1.0)
    ap.add_argument(
        "--kind-weight",
        action="append",
        default=[],
        metavar="KIND=W",
        help="weigh the public questions of one kind (fr, swap, nearswap...) W times in both models",
    )
    ap.add_argument("--without", action="append", default=[], metavar="KIND", help="leave this kind out")
    ap.add_argument("--write", type=Path)
    ap.add_argument("--data-sha256", default="", help="sha256 of the qa-train file the dumps came from")
    args = ap.parse_args(argv)
    return fit(args, load_examples(args))


def load_examples(args: argparse.Namespace) -> list[Example]:
    examples: list[Example] = []
    for folder in [*args.dumps, *args.domain]:
        found = []
        # A dump folder of training.candidates: its big corpus, the swapped questions (other-article and
        # same-article swaps), the campaigns.
        files = [
            folder / "candidates.pkl",
            folder / "swapped.pkl",
            folder / "nearswap.pkl",
            folder / "offtopic.pkl",
            *sorted(folder.glob("campaigns/*/candidates.pkl")),
        ]
        for path in files:
            if path.exists():
                with open(path, "rb") as fh:
                    found += build_examples(pickle.load(fh), other_language=0.0 if folder in args.domain else args.xl)
        if folder in args.domain:
            for e in found:
                e.weight = args.domain_weight
        examples += found
    return examples


def fit(args: argparse.Namespace, examples: list[Example]) -> int:
    kind_weight = {k: float(w) for k, _, w in (item.partition("=") for item in args.kind_weight)}
    examples = [e for e in examples if e.kind not in args.without]
    for e in examples:
        if e.weight == 1.0 and e.kind in kind_weight:
            e.weight = kind_weight[e.kind]
    rng = random.Random(SEED)
    train, test = split(examples, rng)
    print(f"{len(examples)} questions: {len(train)} to fit, {len(test)} held out (by article)")

    x, y, w = stack(examples, train)
    sentence = Logistic(args.c).fit(x, y, w)
    test_probs = sentence_probabilities(sentence, examples, test)
    oof = out_of_fold(examples, train, args.c)
    qx, qy = question_rows(examples, oof, train)
    answer = Logistic(1.0).fit(qx, qy, np.array([answer_weight(examples[i], args) for i in train]))
    tx, ty = question_rows(examples, test_probs, test)
    test_answer_p = answer.predict(tx)
    # The selector's own guard (bot.selector.NOTHING_FOUND): no word of the question in any candidate.
    nothing = np.array([nothing_found(examples[i].x) for i in test])
    test_answer_p = np.where(nothing, 0.0, test_answer_p)
    threshold = choose_threshold(test_answer_p, ty, args.precision)
    held_out = report(examples, test_probs, test_answer_p, test, threshold)
    print(f"threshold for precision {args.precision}: {threshold:.3f}")
    for name, fig in held_out.items():
        print(f"  {name:6s} {fig}")
    weights = sorted(zip(FEATURE_NAMES, sentence.coef, strict=True), key=lambda t: -abs(t[1]))
    print("sentence model, largest standardised weights:", ", ".join(f"{n} {w:+.2f}" for n, w in weights[:14]))
    print("answer model:", ", ".join(f"{n} {w:+.2f}" for n, w in zip(ANSWER_FEATURES, answer.coef, strict=True)))

    if args.write:
        everything = list(range(len(examples)))
        x, y, w = stack(examples, everything)
        final_sentence = Logistic(args.c).fit(x, y, w)
        qx, qy = question_rows(examples, out_of_fold(examples, everything, args.c), everything)
        final_answer = Logistic(1.0).fit(qx, qy, np.array([answer_weight(e, args) for e in examples]))
        params = {
            "about": "Answer selector of bot.selector, fitted by training/fit_selector.py; do not edit by hand.",
            "sentence": final_sentence.export(FEATURE_NAMES),
            "answer": final_answer.export(ANSWER_FEATURES),
            "threshold": round(threshold, 4),
            "precision_target": args.precision,
            "provenance": {
                "data": "qa-train/train.jsonl.gz: SQuAD 1.1 train (CC BY-SA 4.0) and PIAF v1.1 + SPF (MIT, Etalab), "
                "with every benchmark article excluded by its builder; corpora built by training/candidates.py "
                "(seed 0) and ingested with the product's own pipeline",
                "data_sha256": args.data_sha256,
                "questions": len(examples),
                "candidates": len(y),
                "seed": SEED,
            },
            "held_out": held_out,
        }
        args.write.write_text(json.dumps(params, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {args.write}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
