"""Following an organisation's website (sources.toml): a real local HTTP server plays the site."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from config import IngestSettings, Settings, StoreSettings, WebSettings
from index.store import Store
from ingest.runner import run_ingest
from tests.fakes import HashEmbedder
from tests.web_standin import Reply, Website


@pytest.fixture
def site() -> Website:
    with Website() as website:
        yield website


def _settings(tmp_path: Path, **web: object) -> Settings:
    corpus = tmp_path / "corpus"
    corpus.mkdir(exist_ok=True)
    options = {"web_delay_s": 0.0, "web_backoff_s": 0.05, "web_timeout_s": 2.0, "web_retries": 2, **web}
    return Settings(
        store=StoreSettings(data_dir=tmp_path / "data"),
        ingest=IngestSettings(corpus_dir=corpus),
        web=WebSettings(**options),
    )


def _follow(settings: Settings, toml: str) -> None:
    (settings.ingest.corpus_dir / "sources.toml").write_text(toml, encoding="utf-8")


def _release_page(title: str, body: str, *, canonical: str | None = None, date: str = "2026-11-20") -> str:
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title} | Friends of the Line</title>
{link}<meta property="article:published_time" content="{date}T09:00:00+01:00"></head>
<body>
<div id="cookie-banner" class="cookie-consent">We use cookies to improve your experience. Accept all cookies?
<button>Accept</button></div>
<nav><a href="/">Home</a> <a href="/press/">Press</a> <a href="/donate">Donate</a></nav>
<main><article>
<h1>{title}</h1>
<p>LORMEUIL, 20 November 2026 – {body}</p>
<p>The Friends of the Vaucenne Line are a volunteer association of rail users founded in 2019.</p>
</article>
<section id="comments" class="comments"><h2>3 comments</h2>
<div class="comment">Great news, thanks for all the work! – posted by Kevin</div>
<div class="comment">When is the next meeting? – posted by Sandrine</div></section>
</main>
<footer>© Friends of the Vaucenne Line · Privacy policy · Newsletter</footer>
</body></html>"""


def _rss(site: Website, paths: list[str]) -> str:
    items = "".join(
        f"<item><title>Release {i}</title><link>{site.url(p)}</link>"
        f"<pubDate>Fri, 20 Nov 2026 09:00:00 +0100</pubDate></item>"
        for i, p in enumerate(paths)
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Press</title>'
        f"<link>{site.url('/press/')}</link>{items}</channel></rss>"
    )


def _sitemap(site: Website, entries: list[tuple[str, str]]) -> str:
    urls = "".join(f"<url><loc>{site.url(p)}</loc><lastmod>{m}</lastmod></url>" for p, m in entries)
    return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'


def _ingest(settings: Settings) -> dict[str, object]:
    return run_ingest(settings, embedder=HashEmbedder()).to_dict()


def _releases(settings: Settings) -> dict[str, object]:
    return {path: rec for rec in Store.open(settings.store).releases().values() for path in rec.paths}


def test_a_feed_and_a_sitemap_bring_their_releases_with_canonical_links_and_no_site_chrome(
    tmp_path: Path, site: Website
) -> None:
    settings = _settings(tmp_path)
    site.page(
        "/press/petition",
        _release_page(
            "Petition reaches 38,750 signatures",
            "The petition to keep the Vaucenne line open has reached 38,750 signatures, said Amira Castell.",
            canonical=site.url("/press/2026/petition-38750"),
        ),
    )
    site.page(
        "/press/audit",
        _release_page("Audit of the line published", "The audit of the track was carried out by Ferrovia Conseil."),
    )
    site.page("/blog/picnic", _release_page("Summer picnic", "Our summer picnic gathered 80 members."))
    site.page("/feed.xml", _rss(site, ["/press/petition"]), "application/rss+xml")
    site.page(
        "/sitemap.xml",
        _sitemap(site, [("/press/audit", "2026-11-21"), ("/blog/picnic", "2026-11-22")]),
        "application/xml",
    )
    _follow(
        settings,
        f'[[feed]]\nurl = "{site.url("/feed.xml")}"\n\n'
        f'[[sitemap]]\nurl = "{site.url("/sitemap.xml")}"\ninclude = "/press/"\n',
    )
    (settings.ingest.corpus_dir / "local.txt").write_text(
        "Local release\n\nLORMEUIL, 1 November 2026 – The association held its general assembly.\n", encoding="utf-8"
    )

    summary = _ingest(settings)

    petition, audit = site.url("/press/petition"), site.url("/press/audit")
    assert sorted(summary["added"]) == sorted(["local.txt", petition, audit])
    assert sorted(summary["fetched"]) == sorted([site.url("/feed.xml"), site.url("/sitemap.xml"), petition, audit])
    assert summary["failed"] == [] and summary["not_modified"] == []
    assert not site.asked("/blog/picnic")  # outside the sitemap's include
    releases = _releases(settings)
    assert releases[petition].url == site.url("/press/2026/petition-38750")  # the canonical link
    assert releases[audit].url == audit  # no canonical link: where it was fetched from
    assert releases[petition].title == "Petition reaches 38,750 signatures"
    text = Store.open(settings.store).release_text(releases[petition].release_id)
    assert "38,750 signatures" in text
    for chrome in ("cookies", "Kevin", "next meeting", "Privacy policy", "Donate"):
        assert chrome not in text


def test_a_rerun_over_a_feed_of_200_pages_asks_only_conditionally_and_embeds_nothing(
    tmp_path: Path, site: Website
) -> None:
    settings = _settings(tmp_path)
    paths = [f"/press/release-{i}" for i in range(200)]
    for i, path in enumerate(paths):
        site.page(
            path, _release_page(f"Release number {i}", f"The campaign reached milestone {i} with {i * 7} members.")
        )
    site.page("/feed.xml", _rss(site, paths), "application/rss+xml")
    _follow(settings, f'[[feed]]\nurl = "{site.url("/feed.xml")}"\n')
    first = _ingest(settings)
    assert len(first["added"]) == 200 and len(first["fetched"]) == 201

    site.forget_requests()
    embedder = HashEmbedder()
    again = run_ingest(settings, embedder=embedder).to_dict()

    asked = [r for r in site.requests if r.path != "/robots.txt"]
    assert len(asked) == 201
    assert all("if-none-match" in r.headers and "if-modified-since" in r.headers for r in asked)
    assert again["fetched"] == [] and len(again["not_modified"]) == 201 and again["failed"] == []
    assert again["chunks_embedded"] == 0 and embedder.passages_embedded == 0
    assert len(again["unchanged"]) == 200 and again["added"] == again["updated"] == again["removed"] == []


def test_a_changed_page_is_updated_a_gone_one_pruned_and_a_failing_one_keeps_its_version(
    tmp_path: Path, site: Website
) -> None:
    settings = _settings(tmp_path)
    paths = ("/press/changed", "/press/gone", "/press/deleted", "/press/failing")
    changed, gone, deleted, failing = (site.url(p) for p in paths)
    site.page("/press/changed", _release_page("Petition at 31,000", "The petition has 31,000 signatures."))
    site.page("/press/gone", _release_page("Old release", "An event happened in Lormeuil last spring."))
    site.page("/press/deleted", _release_page("Withdrawn release", "A draft about the council vote."))
    site.page("/press/failing", _release_page("Audit result", "The audit was carried out by Ferrovia Conseil."))
    _follow(settings, "".join(f'[[page]]\nurl = "{u}"\n\n' for u in (changed, gone, deleted, failing)))
    assert len(_ingest(settings)["added"]) == 4

    site.page("/press/changed", _release_page("Petition at 38,750", "The petition now has 38,750 signatures."))
    site.fixed("/press/gone", Reply(410, b"gone"))
    del site.routes["/press/deleted"]  # the server's own 404
    site.fixed("/press/failing", Reply(500, b"oops"))
    summary = _ingest(settings)

    assert summary["updated"] == [changed] and sorted(summary["removed"]) == sorted([gone, deleted])
    assert summary["unchanged"] == [failing]
    assert summary["failed"] == [{"url": failing, "reason": "HTTP 500 (3 tries)"}]
    assert len(site.asked("/press/failing")) == 1 + 3
    releases = _releases(settings)
    assert set(releases) == {changed, failing}
    assert releases[changed].title == "Petition at 38,750"


def test_a_server_error_then_success_is_retried_and_retry_after_is_honoured(tmp_path: Path, site: Website) -> None:
    settings = _settings(tmp_path)
    body = _release_page("Audit published", "The audit was carried out by Ferrovia Conseil.").encode()
    ok = Reply(200, body, {"Content-Type": "text/html"})
    site.fixed("/press/flaky", Reply(503, b"busy"), ok)
    site.fixed("/press/throttled", Reply(429, b"slow down", {"Retry-After": "1"}), ok)
    _follow(
        settings, f'[[page]]\nurl = "{site.url("/press/flaky")}"\n\n[[page]]\nurl = "{site.url("/press/throttled")}"\n'
    )

    summary = _ingest(settings)

    assert sorted(summary["fetched"]) == sorted([site.url("/press/flaky"), site.url("/press/throttled")])
    assert summary["failed"] == []
    first, second = site.asked("/press/throttled")
    assert second.at - first.at >= 0.95  # waited as the server asked, not the 0.05 s backoff
    assert len(site.asked("/press/flaky")) == 2


def test_slow_pages_redirect_loops_oversized_pages_and_robots_txt_fail_with_reasons(
    tmp_path: Path, site: Website
) -> None:
    settings = _settings(tmp_path, web_timeout_s=0.5, web_max_mb=0.01, web_max_redirects=4)
    page = _release_page("A release", "The campaign reached 500 members.")
    site.fixed("/press/slow", Reply(200, page.encode(), {"Content-Type": "text/html"}, delay=2.0))
    site.fixed("/press/loop", Reply(302, b"", {"Location": "/press/loop-back"}))
    site.fixed("/press/loop-back", Reply(302, b"", {"Location": "/press/loop"}))
    site.fixed("/press/huge", Reply(200, b"<html><body><p>" + b"word " * 5000 + b"</p></body></html>", {}))
    site.page("/private/secret", page)
    site.page("/robots.txt", "User-agent: *\nDisallow: /private/\n", "text/plain")
    site.fixed("/press/moved", Reply(301, b"", {"Location": "/press/new-home"}))
    site.page("/press/new-home", _release_page("Moved release", "The council voted for the repairs."))
    pages = ["/press/slow", "/press/loop", "/press/huge", "/private/secret", "/press/moved"]
    _follow(settings, "".join(f'[[page]]\nurl = "{site.url(p)}"\n\n' for p in pages))

    summary = _ingest(settings)

    reasons = {f["url"].rsplit("/", 1)[-1]: f["reason"] for f in summary["failed"]}
    assert reasons == {
        "slow": "no answer within 0.5 s",
        "loop": "more than 4 redirects (a redirect loop?)",
        "huge": "larger than the 0.01 MB limit (PRESSROOM_WEB_MAX_MB)",
        "secret": "robots.txt does not allow fetching it",
    }
    assert not site.asked("/private/secret")
    assert len(site.asked("/press/slow")) == 1  # a timeout is not retried
    moved = site.url("/press/moved")
    assert summary["added"] == [moved]
    assert _releases(settings)[moved].url == site.url("/press/new-home")  # the redirect's end is the link


def test_requests_to_one_host_are_paced(tmp_path: Path, site: Website) -> None:
    settings = _settings(tmp_path, web_delay_s=0.25)
    paths = [f"/press/p{i}" for i in range(4)]
    for i, path in enumerate(paths):
        site.page(path, _release_page(f"Release {i}", f"Milestone {i} was reached by the campaign."))
    _follow(settings, "".join(f'[[page]]\nurl = "{site.url(p)}"\n\n' for p in paths))

    _ingest(settings)

    times = [r.at for r in site.requests]  # robots.txt first, then the four pages
    assert len(times) == 5
    assert all(later - earlier >= 0.24 for earlier, later in itertools.pairwise(times))


def test_unfollowing_a_page_prunes_it_and_a_broken_sources_file_loses_nothing(tmp_path: Path, site: Website) -> None:
    settings = _settings(tmp_path)
    site.page("/press/a", _release_page("Release A", "The petition has 31,000 signatures."))
    site.page("/press/b", _release_page("Release B", "The audit was carried out by Ferrovia Conseil."))
    a, b = site.url("/press/a"), site.url("/press/b")
    _follow(settings, f'[[page]]\nurl = "{a}"\n\n[[page]]\nurl = "{b}"\n')
    _ingest(settings)

    _follow(settings, f'[[page]]\nurl = "{a}"\n\n[[pages]]\nurl = "{b}"\n')  # misspelt: not used at all
    broken = _ingest(settings)
    assert broken["removed"] == [] and set(_releases(settings)) == {a, b}
    assert broken["skipped"] == [
        {
            "path": "sources.toml",
            "reason": "websites not followed this time: sources.toml: unknown section [[pages]] "
            "(use [[feed]], [[sitemap]] or [[page]])",
        }
    ]

    _follow(settings, f'[[page]]\nurl = "{a}"\n')
    summary = _ingest(settings)
    assert summary["removed"] == [b] and set(_releases(settings)) == {a}

    (settings.ingest.corpus_dir / "sources.toml").unlink()
    (settings.ingest.corpus_dir / "local.txt").write_text("Local\n\nThe assembly met on Monday.\n", encoding="utf-8")
    assert _ingest(settings)["removed"] == [a]


def test_ingesting_one_folder_leaves_the_websites_alone(tmp_path: Path, site: Website) -> None:
    settings = _settings(tmp_path)
    site.page("/press/a", _release_page("Release A", "The petition has 31,000 signatures."))
    _follow(settings, f'[[page]]\nurl = "{site.url("/press/a")}"\n')
    (settings.ingest.corpus_dir / "local.txt").write_text("Local\n\nThe assembly met on Monday.\n", encoding="utf-8")
    _ingest(settings)
    site.forget_requests()

    summary = run_ingest(settings, [settings.ingest.corpus_dir], embedder=HashEmbedder()).to_dict()

    assert site.requests == [] and summary["removed"] == []
    assert site.url("/press/a") in _releases(settings)


@pytest.mark.slow
def test_pressroom_ingest_json_reports_what_the_web_gave(tmp_path: Path, site: Website) -> None:
    from tests.test_cli import run

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    site.page("/press/a", _release_page("Release A", "The petition has 31,000 signatures."))
    site.fixed("/press/broken", Reply(500, b"oops"))
    (corpus / "sources.toml").write_text(
        f'[[page]]\nurl = "{site.url("/press/a")}"\n\n[[page]]\nurl = "{site.url("/press/broken")}"\n',
        encoding="utf-8",
    )
    env = {"PRESSROOM_CORPUS_DIR": str(corpus), "PRESSROOM_WEB_DELAY_S": "0", "PRESSROOM_WEB_BACKOFF_S": "0"}

    done = run(["ingest", "--json"], tmp_path, **env)

    summary = json.loads(done.stdout)
    assert done.returncode == 0
    assert summary["added"] == [site.url("/press/a")] and summary["fetched"] == [site.url("/press/a")]
    assert summary["failed"] == [{"url": site.url("/press/broken"), "reason": "HTTP 500 (4 tries)"}]
    text = run(["ingest"], tmp_path, **env)
    assert "1 not modified, 1 failed" in text.stdout
    assert f"not fetched {site.url('/press/broken')}: HTTP 500 (4 tries)" in text.stdout


def test_a_sitemap_index_is_followed_and_an_unchanged_lastmod_is_not_asked_again(tmp_path: Path, site: Website) -> None:
    settings = _settings(tmp_path)
    site.page("/press/a", _release_page("Release A", "The petition has 31,000 signatures."))
    site.page("/press/b", _release_page("Release B", "The audit was carried out by Ferrovia Conseil."))
    site.page(
        "/sitemap-index.xml",
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{site.url('/sitemap-press.xml')}</loc></sitemap></sitemapindex>",
        "application/xml",
    )
    site.page("/sitemap-press.xml", _sitemap(site, [("/press/a", "2026-11-01"), ("/press/b", "2026-11-02")]))
    _follow(settings, f'[[sitemap]]\nurl = "{site.url("/sitemap-index.xml")}"\n')
    assert len(_ingest(settings)["added"]) == 2

    site.page("/press/b", _release_page("Release B", "The audit was carried out by Ferrovia Conseil and Lexa."))
    site.page("/sitemap-press.xml", _sitemap(site, [("/press/a", "2026-11-01"), ("/press/b", "2026-11-25")]))
    site.forget_requests()
    summary = _ingest(settings)

    assert not site.asked("/press/a")  # its lastmod has not moved
    assert summary["updated"] == [site.url("/press/b")] and summary["unchanged"] == [site.url("/press/a")]
    assert site.asked("/sitemap-index.xml")[0].headers.get("if-none-match")


def test_a_charset_given_only_by_the_http_header_is_read(tmp_path: Path, site: Website) -> None:
    settings = _settings(tmp_path)
    # Left to guessing, this short ISO-8859-2 page reads as another charset.
    page = "<html><body><p>Petycję podpisało 38 750 osób, powiedział rzecznik Świątek.</p></body></html>"
    site.page("/prasa/petycja", page.encode("iso-8859-2"), "text/html; charset=ISO-8859-2")
    _follow(settings, f'[[page]]\nurl = "{site.url("/prasa/petycja")}"\n')

    _ingest(settings)

    release = _releases(settings)[site.url("/prasa/petycja")]
    text = Store.open(settings.store).release_text(release.release_id)
    assert "Petycję podpisało 38 750 osób, powiedział rzecznik Świątek." in text


def test_an_atom_feed_with_relative_links_is_followed(tmp_path: Path, site: Website) -> None:
    settings = _settings(tmp_path)
    site.page("/news/audit", _release_page("Audit published", "The audit was carried out by Ferrovia Conseil."))
    site.page(
        "/news/atom.xml",
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>News</title>'
        "<id>urn:news</id><updated>2026-11-20T09:00:00Z</updated><entry><title>Audit</title><id>urn:audit</id>"
        '<updated>2026-11-20T09:00:00Z</updated><link rel="alternate" href="/news/audit"/></entry></feed>',
        "application/atom+xml",
    )
    _follow(settings, f'[[feed]]\nurl = "{site.url("/news/atom.xml")}"\n')

    summary = _ingest(settings)

    assert summary["added"] == [site.url("/news/audit")]
    assert _releases(settings)[site.url("/news/audit")].title == "Audit published"


def test_the_bot_follows_the_website_on_its_own_and_tells_the_report_chat(tmp_path: Path, site: Website) -> None:
    from bot.engine import AnswerEngine
    from tests.botapi_standin import running_standin, visible_text
    from tests.telegram_fakes import TOKEN, make_settings, run, running_bot, until

    reports = -100777
    settings = _settings(tmp_path)
    embedder = HashEmbedder()
    june = "The petition to save the Verdouce valley has been signed by 31 000 people, said Sauvons la Verdouce."
    site.page("/press/verdouce", _release_page("Verdouce petition", june, date="2024-06-20"))
    _follow(settings, f'[[page]]\nurl = "{site.url("/press/verdouce")}"\n')
    run_ingest(settings, embedder=embedder)
    engine = AnswerEngine.from_settings(settings, embedder=embedder)
    october = "Sauvons la Verdouce said the petition to save the Verdouce valley is now signed by 38 750 people."
    site.page("/press/verdouce", _release_page("Verdouce petition now at 38 750", october, date="2024-10-02"))

    with running_standin(TOKEN) as standin:
        bot = make_settings(standin.base_url, tmp_path / "bot", report_chat_id=reports, refresh_minutes=0.02)

        async def scenario() -> None:
            reindex = lambda: run_ingest(settings, embedder=embedder).to_dict()  # noqa: E731
            async with running_bot(bot, engine, reindex=reindex):
                await until(lambda: standin.texts_to(reports), timeout=20, what="the report")

        run(scenario(), timeout=40)
    report = visible_text(standin.texts_to(reports)[0])
    assert "Updated:\n• Verdouce petition now at 38 750" in report
    assert "1 fetched from the web" in report
    assert "38 750" in engine.answer("How many people have signed the Verdouce petition?").answer


def test_an_embargo_in_a_fetched_page_holds_until_its_instant(tmp_path: Path, site: Website) -> None:
    from bot.engine import AnswerEngine
    from tests.embargo_fixtures import AT, BEFORE, SetClock

    settings = _settings(tmp_path)
    page = _release_page("Trains return in March", "Passenger trains will run again from 14 March 2027.")
    page = page.replace("<head>", '<head><meta name="embargo" content="2026-12-03T09:00+01:00">')
    site.page("/press/reopening", page)
    _follow(settings, f'[[page]]\nurl = "{site.url("/press/reopening")}"\n')
    embedder = HashEmbedder()
    run_ingest(settings, embedder=embedder)
    clock = SetClock(BEFORE)
    engine = AnswerEngine.from_settings(settings, embedder=embedder, clock=clock)

    before = engine.answer("When will passenger trains run again?")
    assert "14 March 2027" not in before.answer and not before.citations and engine.releases() == []
    clock.now = AT
    after = engine.answer("When will passenger trains run again?")
    assert "14 March 2027" in after.answer and after.citations[0].source == site.url("/press/reopening")
