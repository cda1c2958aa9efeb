"""Following a website: a first ingest of a feed of N generated release pages, then a rerun, which should
ask only conditionally (every answer a 304) and embed nothing.

    python -m bench.web [--pages 200] [--seed 0]

A real local HTTP server (tests/web_standin.py) serves the pages with ETag and Last-Modified; the ingest
is the product's own (`run_ingest`, the bundled model), with no pause between requests
(PRESSROOM_WEB_DELAY_S=0: the pace a real site gets is a setting, not the code's speed).
"""

from __future__ import annotations

import argparse
import html
import json
import tempfile
import time
from pathlib import Path

from bench.corpus_gen import releases
from config import IngestSettings, Settings, StoreSettings, WebSettings
from ingest.runner import run_ingest
from tests.web_standin import Website


def _page(title: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (
        f'<!doctype html><html><head><meta charset="utf-8"><title>{html.escape(title)}</title></head>'
        f"<body><nav><a href='/'>Home</a></nav><main><article><h1>{html.escape(title)}</h1>{body}</article>"
        "</main><footer>Privacy policy</footer></body></html>"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, Website() as site:
        paths = []
        for release in releases(args.pages, args.seed, 0):
            title, *rest = [p for p in release.text.split("\n\n") if p.strip()]
            path = f"/press/{Path(release.name).stem}"
            site.page(path, _page(title.strip(), rest))
            paths.append(path)
        items = "".join(f"<item><title>{p}</title><link>{site.url(p)}</link></item>" for p in paths)
        site.page("/feed.xml", f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>')
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        (corpus / "sources.toml").write_text(f'[[feed]]\nurl = "{site.url("/feed.xml")}"\n', encoding="utf-8")
        settings = Settings(
            store=StoreSettings(data_dir=Path(tmp) / "data"),
            ingest=IngestSettings(corpus_dir=corpus),
            web=WebSettings(web_delay_s=0),
        )
        figures: dict[str, object] = {"pages": args.pages}
        for run in ("first", "rerun"):
            site.forget_requests()
            started = time.perf_counter()
            summary = run_ingest(settings)
            seconds = time.perf_counter() - started
            asked = [r for r in site.requests if r.path != "/robots.txt"]
            figures[run] = {
                "seconds": round(seconds, 2),
                "requests": len(asked),
                "conditional": sum("if-none-match" in r.headers for r in asked),
                "fetched": len(summary.web.fetched) if summary.web else 0,
                "not_modified": len(summary.web.not_modified) if summary.web else 0,
                "failed": len(summary.web.failed) if summary.web else 0,
                "releases_added": len(summary.added),
                "chunks_embedded": summary.chunks_embedded,
            }
        print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
