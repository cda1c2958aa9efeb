from __future__ import annotations

from bot.links import fragment_link, text_fragment


def test_fragment_encodes_spaces_commas_dashes_and_accents() -> None:
    link = fragment_link("https://example.org/cp", "Lyon, le 14 mars – 3,2 millions d'euros")
    assert link is not None
    base, _, fragment = link.partition("#:~:text=")
    assert base == "https://example.org/cp"
    assert " " not in fragment and "," not in fragment.split(",")[0]
    assert "%2C" in fragment and "%20" in fragment
    assert "%E2%80%93" in fragment  # the en dash, UTF-8 percent-encoded
    assert "-" not in fragment


def test_long_quotes_use_start_and_end_words() -> None:
    directive = text_fragment("one two three four five six seven eight nine ten eleven")
    start, end = directive.removeprefix(":~:text=").split(",")
    assert start == "one%20two%20three%20four" and end == "eight%20nine%20ten%20eleven"


def test_accents_are_percent_encoded_and_existing_fragment_kept() -> None:
    link = fragment_link("https://example.org/page#top", "été signée")
    assert link == "https://example.org/page#top:~:text=%C3%A9t%C3%A9%20sign%C3%A9e"


def test_no_url_means_no_link() -> None:
    assert fragment_link(None, "quote") is None
