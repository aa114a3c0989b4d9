"""Release notes: the YAML feed, the HTML pages (served over loopback), bad input, named items."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

import pytest
from evolution_specs import serve_pages

from rect_conformance._errors import UsageError
from rect_conformance.evolution._notes import (
    Note,
    NoteDateError,
    NotesLayoutError,
    load_notes,
    named_items,
    notes_from_feed,
    notes_from_target,
    parse_index_page,
    parse_note_page,
)


def _inline(text: str) -> str:
    text = html.escape(text, quote=False)
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", text)


def _markdown(body: str) -> str:
    """Just enough markdown for the published notes, shaped as govuk-markdown renders it."""
    out, items = [], []
    for block in re.split(r"\n\s*\n", body.strip()):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        if lines[0].startswith("#"):
            level = len(lines[0]) - len(lines[0].lstrip("#"))
            css = "govuk-heading-l" if level == 2 else "govuk-heading-m"
            out.append(f'<h{level} class="{css}">{_inline(lines[0].lstrip("# "))}</h{level}>')
            lines = lines[1:]
        items = [line[2:] for line in lines if line[:2] in ("* ", "- ")]
        if items and len(items) == len(lines):
            out.append(
                '<ul class="govuk-list govuk-list--bullet">'
                + "".join(f"<li>{_inline(i)}</li>" for i in items)
                + "</ul>"
            )
        elif lines:
            out.append(f'<p class="govuk-body">{_inline(" ".join(lines))}</p>')
    return "\n".join(out)


def _tags(tags) -> str:
    inner = "\n".join(
        f'<strong class="govuk-tag govuk-tag--grey">{t.replace("-", " ").capitalize()}</strong>'
        for t in tags
    )
    return f'<div class="release-notes-tags"><div class="tag-group">{inner}</div></div>'


def _page(main: str) -> str:
    return (
        '<!DOCTYPE html><html lang="en"><body><header class="govuk-header">RECT</header>'
        f'<main class="govuk-main-wrapper" id="main-content">{main}</main>'
        '<footer class="govuk-footer">Crown copyright</footer></body></html>'
    )


def _when(note: Note) -> str:
    return f"{note.date.day} {note.date.strftime('%B %Y')}"


def render_index(notes: list[Note]) -> str:
    """The index page in the real service's structure (app/views/api/release_notes/index)."""
    rows = [
        f'<h2 class="govuk-heading-m"><span class="govuk-caption-m">{_when(n)}</span>'
        '<a class="govuk-link" '
        f'href="/api/guidance/release-notes/{n.slug}">{html.escape(n.title)}</a>'
        f"</h2>{_tags(n.tags)}<hr/>"
        for n in notes
    ]
    return _page(
        '<h1 class="govuk-heading-l">Release notes</h1><p class="govuk-body">What changed.</p>'
        + "".join(rows)
    )


def render_note(note: Note) -> str:
    """A note page: caption (date), h1 (title), tags, then the body."""
    return _page(
        f'<span class="govuk-caption-l">{_when(note)}</span>'
        f'<h1 class="govuk-heading-l">{html.escape(note.title)}</h1>'
        f"{_tags(note.tags)}{_markdown(note.body)}"
    )


@pytest.fixture
def notes_site(published_notes) -> Iterator[str]:
    """A loopback HTTP server serving the notes as HTML pages; yields its base URL."""
    pages = {"/api/guidance/release-notes": render_index(published_notes)}
    pages.update({f"/api/guidance/release-notes/{n.slug}": render_note(n) for n in published_notes})

    with serve_pages(pages.get) as base:
        yield base


def test_feed_gives_every_published_note_with_date_tags_and_body(published_notes):
    assert len(published_notes) == 25
    newest = published_notes[0]
    assert newest.title == "Added new participant attribute 'most_recent_induction_period_end_date'"
    assert newest.date.isoformat() == "2026-06-23"
    assert newest.tags == ("new-feature", "production-release", "sandbox-release")
    assert "most_recent_induction_period_end_date" in newest.code


def test_notes_read_from_html_pages_over_http_match_the_feed(notes_site, published_notes):
    from_html = notes_from_target(notes_site + "/api")
    assert [(n.title, n.date, n.tags) for n in from_html] == [
        (n.title, n.date, n.tags) for n in published_notes
    ]
    for html_note, feed_note in zip(from_html, published_notes, strict=True):
        assert {i.text for i in named_items(html_note)} == {i.text for i in named_items(feed_note)}
    assert "Crown copyright" not in from_html[0].body


def test_named_items_cover_endpoints_methods_values_and_names(published_notes):
    by_title = {
        n.title: {(i.kind, i.method, i.text) for i in named_items(n)} for n in published_notes
    }
    withdraw = by_title[
        "Defer, withdraw, and resume endpoints endpoints added to the Register ECTs API with updated validation rules"  # noqa: E501 - the API's literal text
    ]
    assert ("endpoint", "POST", "/participants/{id}/withdraw") in withdraw
    working = by_title["Add working_pattern field for early career teachers"]
    assert {("token", "", "working_pattern"), ("token", "", "full_time")} <= working
    uplift = by_title["Uplift fees for early career teachers (ECTs) and mentors are now fixed"]
    assert ("token", "", "sparsity_uplift") in uplift  # from `sparsity_uplift: true`


def test_empty_feed_is_refused(tmp_path):
    feed = tmp_path / "notes.yml"
    feed.write_text("# nothing yet\n")
    with pytest.raises(UsageError, match="holds no release notes"):
        load_notes(feed)


def test_feed_entry_without_a_date_is_refused():
    with pytest.raises(NoteDateError, match=r"note 1 \('x'\) has no date"):
        notes_from_feed([{"title": "x"}], "feed.yml")
    with pytest.raises(NotesLayoutError, match="note 1 has no title"):
        notes_from_feed([{"date": "2026-01-01"}], "feed.yml")


def test_html_without_the_release_notes_structure_is_refused():
    with pytest.raises(NotesLayoutError, match="lists no release notes"):
        parse_index_page("<html><body><h2>Hello</h2></body></html>", "http://127.0.0.1/x")
    with pytest.raises(NotesLayoutError, match="layout may have changed"):
        parse_note_page("<html><body><p>just text</p></body></html>", "http://127.0.0.1/y")


def test_a_note_page_without_its_date_is_a_date_error():
    page = '<h1>New thing</h1><div class="release-notes-tags"><strong class="govuk-tag">New'
    with pytest.raises(NoteDateError, match="'New thing' has no date"):
        parse_note_page(page + "</strong></div><p>body</p>", "saved.html")


def test_a_saved_index_page_gives_titles_dates_and_tags(published_notes, tmp_path):
    saved = tmp_path / "release-notes.html"
    saved.write_text(render_index(published_notes), encoding="utf-8")
    notes = load_notes(saved)
    assert [(n.title, n.date, n.tags) for n in notes] == [
        (n.title, n.date, n.tags) for n in published_notes
    ]
    broken = render_index(published_notes).replace("govuk-caption-m", "govuk-caption-s", 1)
    saved.write_text(broken, encoding="utf-8")
    with pytest.raises(NoteDateError, match="listed with no date"):
        load_notes(saved)


def test_unreachable_target_is_a_one_line_error():
    with pytest.raises(
        UsageError, match=re.escape("cannot fetch http://127.0.0.1:9/api/guidance/release-notes")
    ):
        notes_from_target("http://127.0.0.1:9")
