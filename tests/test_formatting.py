from __future__ import annotations

from bot.formatting import (
    TELEGRAM_MESSAGE_LIMIT,
    inline_card,
    passage_html,
    telegram_length,
    to_plain_text,
    to_telegram_html,
)
from bot.types import Answer, Citation, ReleaseInfo
from tests.botapi_standin import html_error, visible_text


def citation(n: int = 1, *, url: str | None = "https://example.org/a?x=1&y=2", **changes: object) -> Citation:
    values: dict[str, object] = {
        "n": n,
        "title": "R&D <2025> plan",
        "organisation": "Acme & Co",
        "date": "2024-03-14",
        "source": "https://example.org/a?x=1&y=2" if url else "releases/plan.md",
        "url": url,
        "quote": "doubles <its> budget",
        "score": 0.8,
        "passage": "Acme doubles <its> budget & more.",
        "path": "releases/plan.md",
    }
    values.update(changes)
    return Citation(**values)  # type: ignore[arg-type]


def answer(text: str = "Acme doubles its budget [1].", *citations: Citation, **changes: object) -> Answer:
    values: dict[str, object] = {
        "question": "q",
        "answer": text,
        "answered": True,
        "language": "en",
        "mode": "extractive",
        "citations": list(citations) or [citation()],
    }
    values.update(changes)
    return Answer(**values)  # type: ignore[arg-type]


def test_html_puts_the_fact_first_then_numbered_linked_sources() -> None:
    [message] = to_telegram_html(answer())
    assert message.startswith("Acme doubles its budget [1].")
    assert (
        '[1] <a href="https://example.org/a?x=1&amp;y=2">R&amp;D &lt;2025&gt; plan</a> — Acme &amp; Co, 2024-03-14'
        in message
    )
    assert html_error(message) is None


def test_html_escapes_every_piece_of_corpus_and_user_text() -> None:
    hostile = answer("<b>x</b> & <script>alert(1)</script>", citation(title="<i>T</i>", organisation="O&O"))
    [message] = to_telegram_html(hostile)
    assert "<script>" not in message and "<b>x</b>" not in message
    assert html_error(message) is None
    assert "<b>x</b> & <script>alert(1)</script>" in visible_text(message)


def test_quotes_outside_attributes_stay_as_they_are() -> None:
    [message] = to_telegram_html(answer('l\'eau "potable"', citation(url='https://example.org/"q"')))
    assert message.startswith('l\'eau "potable"')
    assert 'href="https://example.org/&quot;q&quot;"' in message
    assert html_error(message) is None


def test_a_source_without_url_shows_its_path_and_no_link() -> None:
    [message] = to_telegram_html(answer("Fact.", citation(url=None)))
    assert "<a " not in message
    assert "[1] R&amp;D &lt;2025&gt; plan — Acme &amp; Co, 2024-03-14 — <code>releases/plan.md</code>" in message


def test_missing_organisation_and_date_leave_no_dangling_separators() -> None:
    [message] = to_telegram_html(answer("Fact.", citation(organisation=None, date=None)))
    assert message.rstrip().endswith("plan</a>")


def test_long_answers_are_split_on_paragraph_boundaries_within_the_limit() -> None:
    paragraphs = [f"Paragraph {i} " + "water & <taps> " * 120 for i in range(6)]
    messages = to_telegram_html(answer("\n\n".join(paragraphs)))
    assert len(messages) > 1
    for message in messages:
        assert telegram_length(message) <= TELEGRAM_MESSAGE_LIMIT
        assert html_error(message) is None
    # Each paragraph survives whole, in order, and the sources come last.
    joined = "\n\n".join(visible_text(m) for m in messages)
    for paragraph in paragraphs:
        assert paragraph.strip() in joined
    assert "[1] R&D <2025> plan" in visible_text(messages[-1])


def test_a_single_huge_paragraph_is_cut_between_words_never_inside_an_entity() -> None:
    text = " ".join(["R&D<>"] * 3000)
    messages = to_telegram_html(answer(text), limit=500)
    assert len(messages) > 10
    for message in messages:
        assert telegram_length(message) <= 500
        assert html_error(message) is None
    assert " ".join(visible_text(m) for m in messages[:-1]).split() == ["R&D<>"] * 3000


def test_text_without_spaces_is_cut_anywhere_but_still_never_inside_an_entity() -> None:
    messages = to_telegram_html(answer("&" * 3000, citations=[]), limit=100)
    for message in messages:
        assert telegram_length(message) <= 100
        assert html_error(message) is None
    assert "".join(visible_text(m) for m in messages) == "&" * 3000


def test_the_limit_counts_utf16_units_like_telegram() -> None:
    # 5,999 code points (two messages' worth) but 8,999 UTF-16 units: three messages.
    messages = to_telegram_html(answer(" ".join(["😀"] * 3000), citations=[]))
    assert len(messages) == 3
    assert all(telegram_length(m) <= TELEGRAM_MESSAGE_LIMIT for m in messages)


def test_a_refusal_lists_the_related_releases_in_the_answer_language() -> None:
    related = [
        ReleaseInfo("a", "Water & life", "a.md", "2024-01-01", "Acme", url="https://example.org/w"),
        ReleaseInfo("b", "Annual", "b.md", None, None),
    ]
    refusal = answer("Je n’ai rien trouvé.", citations=[], answered=False, language="fr", related=related)
    [message] = to_telegram_html(refusal)
    assert "<b>Communiqués proches</b>" in message
    assert '• <a href="https://example.org/w">Water &amp; life</a> — Acme, 2024-01-01' in message
    assert "• Annual — <code>b.md</code>" in message
    plain = to_plain_text(refusal)
    assert plain.splitlines() == [
        "Je n’ai rien trouvé.",
        "",
        "Communiqués proches:",
        "- Water & life — Acme, 2024-01-01 — https://example.org/w",
        "- Annual — b.md",
    ]


def test_plain_text_is_answer_blank_line_sources() -> None:
    plain = to_plain_text(answer("Fact <kept as is>.", citation(), citation(2, url=None, date=None)))
    assert plain.splitlines() == [
        "Fact <kept as is>.",
        "",
        "Sources:",
        "[1] R&D <2025> plan — Acme & Co, 2024-03-14 — https://example.org/a?x=1&y=2",
        "[2] R&D <2025> plan — Acme & Co — releases/plan.md",
    ]


def test_two_quotes_from_one_release_list_it_once() -> None:
    one, two = citation(release_id="r1"), citation(2, release_id="r1", quote="and more")
    other = citation(3, release_id="r2", title="Another release")
    plain = to_plain_text(answer("Fact [1] [2] [3].", one, two, other))
    assert plain.count("R&D <2025> plan") == 1
    assert "[1, 2] R&D <2025> plan" in plain and "[3] Another release" in plain
    [message] = to_telegram_html(answer("Fact [1] [2] [3].", one, two, other))
    assert message.count("R&amp;D &lt;2025&gt; plan") == 1 and "[1, 2] <a" in message


def test_inline_card_has_a_one_line_title_and_one_valid_message() -> None:
    title, body = inline_card(answer("A fact.\n\nWith a second paragraph & more."))
    assert title == "A fact. With a second paragraph & more."
    assert html_error(body) is None
    assert '<a href="https://example.org/a?x=1&amp;y=2">' in body


def test_inline_card_shortens_a_long_fact_to_fit_one_message() -> None:
    title, body = inline_card(answer("word & " * 2000))
    assert len(title) <= 100
    assert telegram_length(body) <= TELEGRAM_MESSAGE_LIMIT
    assert html_error(body) is None
    assert "[1] <a href=" in body


def test_passage_shows_the_whole_passage_escaped() -> None:
    body = passage_html(citation())
    assert html_error(body) is None
    assert "<blockquote>Acme doubles &lt;its&gt; budget &amp; more.</blockquote>" in body
    assert passage_html(citation(passage="")).endswith("<blockquote>doubles &lt;its&gt; budget</blockquote>")


def test_a_huge_passage_is_shortened_to_one_message() -> None:
    body = passage_html(citation(passage="R&D " * 5000))
    assert telegram_length(body) <= TELEGRAM_MESSAGE_LIMIT
    assert html_error(body) is None


def test_quotes_show_in_blockquotes_folded_when_long() -> None:
    from bot import i18n

    short = _quote_citation(1, "The petition closed with 27,940 signatures.")
    long = _quote_citation(2, "A long sentence about the campaign, " * 12 + "and its end.")
    text = (
        "27,940 signatures.\n\n"
        f"{i18n.text('en', 'answer.according', title='Petition', date='18 June 2024')} "
        f"{i18n.text('en', 'answer.quote', quote=short.quote)} [1]\n\n"
        f"{i18n.text('en', 'answer.quote', quote=long.quote)} [2]"
    )
    [html] = to_telegram_html(Answer("q", text, True, "en", "extractive", citations=[short, long]))
    assert f"According to “Petition” (18 June 2024):\n<blockquote>{short.quote} [1]</blockquote>" in html
    assert f"<blockquote expandable>{long.quote} [2]</blockquote>" in html
    assert html_error(html) is None


def _quote_citation(n: int, quote: str) -> Citation:
    return Citation(
        n, "Petition", "Network", "2024-06-18", "https://example.org/p", "https://example.org/p", quote, 0.9
    )
