"""Build training corpora from public QA data, ingest them with the product's own pipeline, and dump what
the answerer sees for each question: the retrieved passages with their similarities, and the gold answers.

    python -m training.candidates QA_TRAIN_DIR OUT_DIR [--en-full 36] [--en-short 60] [--questions 6000]
    python -m training.candidates --set CORPUS_DIR QUESTIONS.jsonl OUT_DIR    (training/data's own set)

QA_TRAIN_DIR is the folder holding `train.jsonl.gz` (public SQuAD 1.1 train and PIAF v1.1 data, kept apart
from every benchmark article; see its README). Nothing of it is copied into the project: the corpora,
the store and the dump are written under OUT_DIR. Seeded (random.Random(0)) and deterministic given the
same input file and model.

Why the product's pipeline and not sentence pairs: the selector is fitted on the candidates retrieval
really hands it (several releases, other-language distractors, sentences the search did not match), so
its features mean the same at fit time and at answer time.

Unanswerable questions come from paragraphs held out of the ingested corpus (15% of each article's
paragraphs): a question on a held-out paragraph whose answer text occurs nowhere else in its article
cannot be answered from the corpus, while its article's other paragraphs are there to tempt the answerer,
the way SQuAD 2.0's adversarial questions are. Questions about articles left out of the corpus entirely
stand for the off-topic questions a bot receives.
"""

from __future__ import annotations

import argparse
import gzip
import json
import pickle
import random
import re
import sys
import time
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

SEED = 0
HOLD_OUT = 0.15


def norm(text: str) -> str:
    """The peer scorer's matching: accents, case, quotes and kinds of spaces ignored."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u00ab", '"').replace("\u00bb", '"')
    return re.sub(r"[\s\u00a0\u202f\u2009]+", " ", text).lower().strip()


def slug(title: str) -> str:
    t = unicodedata.normalize("NFKD", title)
    t = "".join(c for c in t if not unicodedata.combining(c))
    return (re.sub(r"[^A-Za-z0-9]+", "_", t).strip("_")[:70] or "article").rstrip("_")


def read_records(path: Path) -> list[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def build_corpora(
    records: list[dict[str, Any]], out: Path, *, en_full: int, en_short: int, rng: random.Random
) -> tuple[list[dict[str, Any]], set[str]]:
    """Write the corpus files under out/corpus; return the questions with their gold file and answers,
    and the titles of every article used (in the corpus or as off-topic questions)."""
    by_article: dict[tuple[str, str], dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for r in records:
        if not r["answerable"] or r["source"].endswith("-swapped") or r["source"] == "selqa-ass":
            continue
        by_article[(r["source"], r["title"])][r["context"]].append(r)
    squad = sorted(k for k in by_article if k[0] == "squad1.1-train")
    french = sorted(k for k in by_article if k[1] and k[0] in ("piaf-v1.1", "piaf-spf-qr"))
    rng.shuffle(squad)
    full, short, off = squad[:en_full], squad[en_full : en_full + en_short], squad[en_full + en_short :]
    corpus = out / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    questions: list[dict[str, Any]] = []
    used: set[str] = set()
    for key in full + short + french:
        source, title = key
        paragraphs = sorted(by_article[key])
        if key in short and len(paragraphs) > 5:
            paragraphs = sorted(rng.sample(paragraphs, 5))
        held = {p for p in paragraphs if len(paragraphs) > 1 and rng.random() < HOLD_OUT}
        kept = [p for p in paragraphs if p not in held]
        name = slug(f"{source.split('-')[0]}_{title}") + ".txt"
        while name in used:
            name = name[:-4] + "_2.txt"
        used.add(name)
        (corpus / name).write_text(title + "\n\n" + "\n\n".join(kept) + "\n", encoding="utf-8")
        article = norm(" ".join(kept))
        for p in paragraphs:
            for r in by_article[key][p]:
                findable = [a for a in r["answers"] if len(a) >= 2 and norm(a) not in norm(r["question"])]
                if not findable:
                    continue
                questions.append(
                    {
                        "id": r["id"],
                        "question": r["question"],
                        "lang": r["lang"],
                        "answers": findable,
                        "file": name,
                        "held_out": p in held,
                        "answerable": any(norm(a) in article for a in findable),
                        "kind": "full" if key in full else "short" if key in short else "fr",
                    }
                )
    # Off-topic: questions about articles that are not in the corpus at all.
    for key in off[:40]:
        for p in sorted(by_article[key])[:3]:
            r = by_article[key][p][0]
            questions.append(
                {
                    "id": r["id"],
                    "question": r["question"],
                    "lang": "en",
                    "answers": [],
                    "file": "",
                    "held_out": True,
                    "answerable": False,
                    "kind": "off",
                }
            )
    return questions, {title for _, title in full + short + french + off[:40]}


_CAP_WORD = re.compile(r"(?<=\s)[A-ZÀ-Þ][\w'’-]{2,}")
_NUM_WORD = re.compile(r"(?<![\w.,])\d[\d.,]*(?![\w])")
_LONG_WORD = re.compile(r"(?<![\w'’-])[a-zà-ÿ]{7,}(?![\w'’-])")


def swapped_questions(questions: list[dict[str, Any]], n: int, rng: random.Random) -> list[dict[str, Any]]:
    """Unanswerable questions that look answerable, the way SQuAD 2.0's were written: an answerable
    question with one name, figure or long word replaced by one from a question about another article.
    Retrieval still finds the paragraph it was about, and the changed word is what it does not say."""
    pool = [q for q in questions if q["answerable"] and q["kind"] in ("full", "short", "fr")]
    rng.shuffle(pool)
    donors: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for q in questions:
        for pattern, kind in ((_CAP_WORD, "cap"), (_NUM_WORD, "num"), (_LONG_WORD, "long")):
            donors[(q["lang"], kind)].extend((w, q["file"]) for w in pattern.findall(q["question"]))
    out: list[dict[str, Any]] = []
    for q in pool:
        if len(out) >= n:
            break
        for pattern, kind in ((_CAP_WORD, "cap"), (_NUM_WORD, "num"), (_LONG_WORD, "long")):
            found = pattern.findall(q["question"])
            choices = [w for w, f in donors[(q["lang"], kind)] if f != q["file"]]
            if not found or not choices:
                continue
            old, new = rng.choice(found), rng.choice(choices)
            if norm(new) in norm(q["question"]):
                continue
            out.append(_swapped(q, old, new, "swapped", "swap"))
            break
    return out


def _swapped(q: dict[str, Any], old: str, new: str, suffix: str, kind: str) -> dict[str, Any]:
    """An unanswerable copy of `q`: its word `old` replaced (once, as a whole word) by `new`."""
    return {
        **q,
        "id": f"{q['id']}:{suffix}",
        "question": re.sub(rf"(?<![\w'’-]){re.escape(old)}(?![\w'’-])", new, q["question"], count=1),
        "answers": [],
        "answerable": False,
        "kind": kind,
    }


def near_swapped_questions(
    questions: list[dict[str, Any]], contexts: dict[str, str], corpus: Path, n: int, rng: random.Random
) -> list[dict[str, Any]]:
    """Harder unanswerable questions: one name, figure or long word of an answerable question replaced by
    one that another question asks about the same article, and that the article holds but the question's
    own paragraph does not. Every word of the question is then on topic, as in SQuAD 2.0's adversarial
    questions ("the same thing, not what was asked"); the swapped negatives above take their word from
    another article, so a corpus that never writes it gives them away."""
    from bot.features import STOPWORDS

    by_file: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for q in questions:
        if q["kind"] in ("full", "short", "fr") and q["file"]:
            by_file[q["file"]].append(q)
    texts: dict[str, str] = {}
    pool = [q for q in questions if q["answerable"] and not q["held_out"] and q["id"] in contexts and q["file"]]
    rng.shuffle(pool)
    patterns = ((_CAP_WORD, "cap"), (_NUM_WORD, "num"), (_LONG_WORD, "long"))
    out: list[dict[str, Any]] = []
    for q in pool:
        if len(out) >= n:
            break
        if q["file"] not in texts:
            texts[q["file"]] = norm((corpus / q["file"]).read_text(encoding="utf-8"))
        article, paragraph, asked = texts[q["file"]], norm(contexts[q["id"]]), norm(q["question"])
        for pattern, _ in rng.sample(patterns, len(patterns)):
            # Not the interrogative or another function word ("combien", "comment"): the question must
            # still ask the same kind of thing.
            found = [
                w
                for w in pattern.findall(q["question"])
                if w.lower() not in STOPWORDS and not q["question"].lstrip("¿¡ ").startswith(w)
            ]
            choices = sorted(
                {
                    w
                    for other in by_file[q["file"]]
                    if other["id"] != q["id"]
                    for w in pattern.findall(other["question"])
                    if norm(w) in article and norm(w) not in paragraph and norm(w) not in asked
                }
            )
            if not found or not choices:
                continue
            old, new = rng.choice(found), rng.choice(choices)
            out.append(_swapped(q, old, new, "near", "nearswap"))
            break
    return out


def build_campaigns(
    records: list[dict[str, Any]], out: Path, *, articles: int, used: set[str], rng: random.Random
) -> list[tuple[Path, list[dict[str, Any]]]]:
    """Small corpora on one subject each, the shape of an organisation's releases: one SQuAD article cut
    into "releases" of four to six paragraphs. The first big corpus mixes hundreds of subjects, so a
    sentence about the question's subject stands out against it; in a campaign's own releases every
    sentence is about the subject, and the selector must have seen that too. One part of each article is
    left out: its questions (when their answer is nowhere else) are unanswerable.
    Returns (corpus folder, questions) per article; no article of `used` (the big corpus's) is taken."""
    by_article: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for r in records:
        if r["source"] == "squad1.1-train" and r["answerable"]:
            by_article[r["title"]][r["context"]].append(r)
    titles = sorted(t for t in by_article if t not in used)
    rng.shuffle(titles)
    chosen = titles[:articles]
    made = []
    for title in chosen:
        paragraphs = list(by_article[title])  # article order
        parts: list[list[str]] = []
        i = 0
        while i < len(paragraphs):
            size = rng.randint(4, 6)
            parts.append(paragraphs[i : i + size])
            i += size
        if len(parts) < 3:
            continue
        left_out = rng.randrange(len(parts))
        folder = out / "campaigns" / slug(title) / "corpus"
        folder.mkdir(parents=True, exist_ok=True)
        kept_text = []
        for k, part in enumerate(parts):
            if k == left_out:
                continue
            (folder / f"{slug(title)}_{k + 1:02d}.txt").write_text(
                f"{title}: part {k + 1}\n\n" + "\n\n".join(part) + "\n", encoding="utf-8"
            )
            kept_text.extend(part)
        article = norm(" ".join(kept_text))
        questions = []
        for k, part in enumerate(parts):
            for p in part:
                for r in by_article[title][p]:
                    findable = [a for a in r["answers"] if len(a) >= 2 and norm(a) not in norm(r["question"])]
                    if findable:
                        questions.append(
                            {
                                "id": r["id"],
                                "question": r["question"],
                                "lang": "en",
                                "answers": findable,
                                "file": f"{slug(title)}_{k + 1:02d}.txt",
                                "held_out": k == left_out,
                                "answerable": any(norm(a) in article for a in findable),
                                "kind": "campaign",
                            }
                        )
        rng.shuffle(questions)
        made.append((folder, questions[:60]))
    return made


def sample_questions(questions: list[dict[str, Any]], n: int, rng: random.Random) -> list[dict[str, Any]]:
    """All short-article, French, held-out and off-topic questions; the rest from the long articles."""
    always = [q for q in questions if q["kind"] != "full" or q["held_out"]]
    rest = [q for q in questions if q["kind"] == "full" and not q["held_out"]]
    rng.shuffle(rest)
    chosen = always + rest[: max(0, n - len(always))]
    rng.shuffle(chosen)
    return chosen


def compact(passages: list[Any]) -> list[dict[str, Any]]:
    return [
        {
            "release_id": p.release_id,
            "chunk_id": p.chunk_id,
            "path": p.path,
            "title": p.title,
            "date": p.date,
            "language": p.language,
            "paragraph": p.paragraph,
            "start": p.start,
            "end": p.end,
            "score": p.score,
            "similarity": p.similarity,
            "baseline": p.baseline,
            "translations": p.translations,
            "known_share": p.known_share,
            "hits": [(h.start, h.end, h.score, h.similarity, h.keyword) for h in p.hits],
        }
        for p in passages
    ]


def rows_of(path: Path, name: str) -> list[dict[str, object]]:
    """A question set's rows in the dump's format (the peer and development sets share one format)."""
    rows: list[dict[str, object]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        q = json.loads(line)
        rows.append(
            {
                "id": q["id"],
                "question": q["question"],
                "lang": q.get("lang", "en"),
                "answers": q.get("expect_any", []),
                "file": (q.get("sources") or [""])[0],
                "files": q.get("sources") or [],
                "must_not": q.get("must_not") or [],
                "held_out": False,
                "answerable": bool(q.get("answerable", True)),
                "kind": name,
            }
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--set"]:
        # A question set in the development set's format over its own corpus (training/data).
        corpus, questions, out = (Path(a) for a in argv[1:4])
        out.mkdir(parents=True, exist_ok=True)
        dump(corpus, out, rows_of(questions, out.name))
        return 0
    if argv[:1] == ["--off-topic"]:
        # Questions about another organisation's releases, asked of this corpus: what a bot is asked that
        # its releases never mention. Written to out/offtopic.pkl, all unanswerable.
        corpus, questions, out = (Path(a) for a in argv[1:4])
        rows = [r for r in rows_of(questions, "offtopic") if r["answerable"]]
        random.Random(SEED + 5).shuffle(rows)
        rows = [{**r, "answers": [], "file": "", "files": [], "answerable": False} for r in rows[:120]]
        dump(corpus, out, rows, name="offtopic.pkl")
        return 0
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("qa_train", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--en-full", type=int, default=36)
    ap.add_argument("--en-short", type=int, default=60)
    ap.add_argument("--questions", type=int, default=6000)
    ap.add_argument("--swapped", type=int, default=1200, help="SQuAD 2.0-like unanswerable questions")
    ap.add_argument("--swapped-only", action="store_true", help="only (re)write out/swapped.pkl")
    ap.add_argument("--campaigns", type=int, default=30, help="small one-subject corpora (build_campaigns)")
    ap.add_argument("--campaigns-only", action="store_true")
    ap.add_argument("--near-swapped", type=int, default=1200, help="same-article swaps (near_swapped_questions)")
    ap.add_argument("--near-swapped-only", action="store_true", help="only (re)write out/nearswap.pkl")
    args = ap.parse_args(argv)

    rng = random.Random(SEED)
    records = read_records(args.qa_train / "train.jsonl.gz")
    questions, used = build_corpora(records, args.out, en_full=args.en_full, en_short=args.en_short, rng=rng)
    questions = sample_questions(questions, args.questions, rng)
    print(f"{len(questions)} questions, {sum(q['answerable'] for q in questions)} answerable", flush=True)
    if args.near_swapped_only:
        contexts = {r["id"]: r["context"] for r in records}
        near = near_swapped_questions(
            questions, contexts, args.out / "corpus", args.near_swapped, random.Random(SEED + 6)
        )
        dump(args.out / "corpus", args.out, near, name="nearswap.pkl")
        return 0
    if not args.campaigns_only:
        swapped = swapped_questions(questions, args.swapped, random.Random(SEED + 2))
        if not args.swapped_only:
            dump(args.out / "corpus", args.out, questions)
        dump(args.out / "corpus", args.out, swapped, name="swapped.pkl")
    if not args.swapped_only:
        campaigns = build_campaigns(records, args.out, articles=args.campaigns, used=used, rng=random.Random(SEED + 4))
        for corpus, rows in campaigns:
            dump(corpus, corpus.parent, rows)
    return 0


def dump(corpus: Path, out: Path, questions: list[dict[str, Any]], *, name: str = "candidates.pkl") -> Path:
    """Ingest `corpus` into a store under `out` with the real model, then write out/<name>: each
    question with the passages retrieval hands the answerer, and the texts of their releases."""
    from bot.question import analyse
    from bot.retrieve import Retriever
    from config import IngestSettings, Settings, StoreSettings
    from index.embedding import LocalE5Embedder
    from ingest.runner import run_ingest

    settings = Settings(store=StoreSettings(data_dir=out / "data"), ingest=IngestSettings(corpus_dir=corpus))
    embedder = LocalE5Embedder()
    t0 = time.time()
    summary = run_ingest(settings, embedder=embedder)
    print(f"ingest: {len(summary.added)} added, {summary.chunks_embedded} nodes, {time.time() - t0:.0f} s", flush=True)
    retriever = Retriever.from_settings(settings, embedder)
    texts: dict[str, str] = {}
    rows = []
    t0 = time.time()
    for i, q in enumerate(questions):
        passages = retriever.search(q["question"], 5, analyse(q["question"]), expand=3)
        missing = [p.release_id for p in passages if p.release_id not in texts]
        texts.update(retriever.store.release_texts(missing))
        rows.append({**q, "passages": compact(passages)})
        if (i + 1) % 500 == 0:
            print(f"{i + 1} questions, {time.time() - t0:.0f} s", flush=True)
    path = out / name
    with open(path, "wb") as fh:
        pickle.dump({"questions": rows, "texts": texts}, fh)
    print(f"wrote {path}", flush=True)
    return path


if __name__ == "__main__":
    sys.exit(main())
