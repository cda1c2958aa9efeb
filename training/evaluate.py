"""Score the extractive answerer on dumped candidates (training.candidates / bench.peer_candidates).

    python -m training.evaluate DUMP_DIR [DUMP_DIR ...] [--params FILE] [--threshold T] [-v]

Runs the real ExtractiveAnswerer on each question's retrieved passages and judges the answer the way the
peer scorer does (a gold text in the answer and the gold file cited; unanswerable: refused). Retrieval is
fixed by the dump, so a selector can be compared in seconds instead of re-ingesting the set.
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from collections import Counter
from pathlib import Path

from bot.extractive import ExtractiveAnswerer
from bot.selector import Selector
from training.candidates import norm
from training.fit_selector import passages_of


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("dumps", type=Path, nargs="+")
    ap.add_argument("--params", type=Path)
    ap.add_argument("--threshold", type=float)
    ap.add_argument("-v", action="store_true")
    args = ap.parse_args(argv)
    answerer = ExtractiveAnswerer(selector=Selector.load(args.params, threshold=args.threshold))
    for folder in args.dumps:
        with open(folder / "candidates.pkl", "rb") as fh:
            data = pickle.load(fh)
        c: Counter[str] = Counter()
        took = []
        for row in data["questions"]:
            passages = passages_of(row, data["texts"])
            t0 = time.perf_counter()
            answer = answerer.answer(row["question"], passages, row["lang"])
            took.append(time.perf_counter() - t0)
            text = norm(answer.answer)
            if row["answerable"]:
                c["answerable"] += 1
                hit = any(norm(a) in text for a in row["answers"])
                files = set(row.get("files") or [row["file"]])
                cited = any(Path(cit.path).name in files or cit.path in files for cit in answer.citations)
                bad = any(norm(m) in text for m in row.get("must_not", []))
                c["violations"] += bad
                ok = answer.answered and hit and cited and not bad
                c["right"] += ok
                c["refused_answerable"] += not answer.answered
                if args.v and not ok:
                    print(f"  MISS {row['id']} {'refused' if not answer.answered else 'wrong'}: {row['question']}")
            else:
                c["unanswerable"] += 1
                c["refused"] += not answer.answered
                c["violations"] += any(norm(m) in text for m in row.get("must_not", []))
        took.sort()
        p95 = took[int(0.95 * (len(took) - 1))] * 1000 if took else 0.0
        print(
            f"{folder.name}: answerable {c['right']}/{c['answerable']} ({c['right'] / max(c['answerable'], 1):.0%}), "
            f"refused {c['refused_answerable']} of them; unanswerable refused {c['refused']}/{c['unanswerable']} "
            f"({c['refused'] / max(c['unanswerable'], 1):.0%}); must_not {c['violations']}; answerer p95 {p95:.1f} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
