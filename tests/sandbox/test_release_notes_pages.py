"""Release-note pages: an index listing every note and one page per note, with the stable
classes documented in ``rect_sandbox._release_notes``; the feed can be replaced."""

from __future__ import annotations

import re

import pytest

from rect_sandbox._release_notes import BadReleaseNotes, load
from tests.sandbox.helpers import build


def test_index_lists_every_note_newest_first_with_date_link_and_tags(clean):
    page = clean.get("/api/guidance/release-notes")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    entries = re.findall(
        r'<h2 class="govuk-heading-m"><span class="govuk-caption-m">([^<]+)</span>'
        r'<a class="govuk-link" href="([^"]+)">([^<]+)</a></h2>',
        page.text,
    )
    notes = clean.app.state.release_notes
    assert [title for _, _, title in entries] == [n["title"] for n in notes]
    assert entries[0][0] == "23 June 2026"
    assert page.text.count('class="release-notes-tags"') == len(notes)


def test_each_note_page_has_date_title_tags_and_rendered_body(clean):
    index = clean.get("/api/guidance/release-notes").text
    link = re.search(r'href="(/api/guidance/release-notes/[^"]+)"', index).group(1)
    page = clean.get(link).text
    assert '<span class="govuk-caption-l">23 June 2026</span>' in page
    assert '<h1 class="govuk-heading-l">' in page
    assert '<strong class="govuk-tag">New feature</strong>' in page
    assert "<code>most_recent_induction_period_end_date</code>" in page


def test_unknown_note_is_the_generic_404(clean):
    answer = clean.get("/api/guidance/release-notes/no-such-note")
    assert answer.status_code == 404 and answer.json() == {"error": "Resource not found"}


def test_a_replacement_feed_is_served_instead(tmp_path):
    feed = tmp_path / "notes.yaml"
    feed.write_text(
        "- title: Only note <here>\n  date: 2030-01-02\n  tags: [bug-fix]\n  body: Plain *text*\n"
    )
    client = build(participants=10, release_notes_path=feed)
    index = client.get("/api/guidance/release-notes").text
    assert "Only note &lt;here&gt;" in index and "2 January 2030" in index
    assert "<em>text</em>" in client.get("/api/guidance/release-notes/only-note-here").text


def test_a_feed_without_dates_is_refused_with_a_hint(tmp_path):
    feed = tmp_path / "notes.yaml"
    feed.write_text("- title: No date\n")
    with pytest.raises(BadReleaseNotes, match="YYYY-MM-DD"):
        load(feed)
