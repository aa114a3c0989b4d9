"""Release-note pages: ``/api/guidance/release-notes`` (index) and one page per note.

The notes come from a YAML list (``data/release_notes.yaml`` by default, or the file given with
``--release-notes``): each has ``title``, ``date``, ``tags`` and a markdown ``body``. The HTML
follows the real service's structure; parsers rely on these stable classes:

* index: each note is an ``h2.govuk-heading-m`` holding ``span.govuk-caption-m`` (the date,
  written ``23 June 2026``) and an ``a`` linking to the note's page, followed by
  ``div.release-notes-tags`` with one ``strong.govuk-tag`` per tag;
* note page: ``span.govuk-caption-l`` (date), ``h1.govuk-heading-l`` (title),
  ``div.release-notes-tags`` (tags), then ``div.release-note-body`` with the rendered markdown.

A note's slug is its title in lower case with runs of other characters turned into ``-``.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path
from typing import Any

import yaml
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from markdown_it import MarkdownIt

router = APIRouter()
DEFAULT = Path(__file__).parent / "data" / "release_notes.yaml"
INDEX = "/api/guidance/release-notes"


class BadReleaseNotes(ValueError):
    """The release-notes file cannot be used (message says what to fix)."""


def slug(title: str) -> str:
    """The page name of a note."""
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def load(path: str | Path | None = None) -> list[dict[str, Any]]:
    """The notes of ``path`` (default: ours), newest first."""
    source = Path(path) if path else DEFAULT
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as problem:
        detail = (
            getattr(problem, "strerror", None) or getattr(problem, "problem", None) or "unreadable"
        )
        mark = getattr(problem, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise BadReleaseNotes(
            f"cannot read release notes {source}: {detail}{where}; give a YAML list of notes"
        ) from None
    if not isinstance(data, list) or not data:
        raise BadReleaseNotes(
            f"{source} is not a list of notes; each needs title, date, tags and body"
        )
    notes = []
    for number, entry in enumerate(data, 1):
        if (
            not isinstance(entry, dict)
            or not entry.get("title")
            or not isinstance(entry.get("date"), dt.date)
        ):
            raise BadReleaseNotes(
                f"{source}: note {number} needs a title and a date written YYYY-MM-DD"
            )
        title = str(entry["title"]).strip()
        notes.append(
            {
                "title": title,
                "date": entry["date"],
                "tags": [str(t) for t in entry.get("tags") or []],
                "body": str(entry.get("body") or ""),
                "slug": slug(title),
            }
        )
    return sorted(notes, key=lambda note: note["date"], reverse=True)


def _day(when: dt.date) -> str:
    return f"{when.day} {when.strftime('%B %Y')}"


def _tags(tags: list[str]) -> str:
    items = "".join(
        f'<strong class="govuk-tag">{html.escape(t.replace("-", " ").capitalize())}</strong> '
        for t in tags
    )
    return f'<div class="release-notes-tags">{items}</div>'


def _page(title: str, content: str) -> str:
    return (
        '<!DOCTYPE html><html lang="en"><head><meta '
        f'charset="utf-8"><title>{html.escape(title)}</title></head>'
        f'<body class="govuk-template__body"><main class="govuk-main-wrapper" id="main-content">'
        '<div class="govuk-grid-row"><div '
        f'class="govuk-grid-column-two-thirds">{content}</div></div>'
        f"</main></body></html>"
    )


def index_html(notes: list[dict[str, Any]]) -> str:
    """The index page listing every note."""
    items = "".join(
        f'<div class="release-note-summary"><h2 class="govuk-heading-m">'
        f'<span class="govuk-caption-m">{_day(n["date"])}</span>'
        '<a class="govuk-link" '
        f'href="{INDEX}/{n["slug"]}">{html.escape(n["title"])}</a></h2>{_tags(n["tags"])}</div>'
        for n in notes
    )
    return _page("Release notes", f'<h1 class="govuk-heading-xl">Release notes</h1>{items}')


def note_html(note: dict[str, Any]) -> str:
    """One note's page, its body rendered from markdown (raw HTML in the body is escaped)."""
    body = MarkdownIt("commonmark", {"html": False}).render(note["body"])
    return _page(
        note["title"],
        f'<span class="govuk-caption-l">{_day(note["date"])}</span>'
        f'<h1 class="govuk-heading-l">{html.escape(note["title"])}</h1>'
        f'{_tags(note["tags"])}<div class="release-note-body">{body}</div>',
    )


@router.get(INDEX, include_in_schema=False)
async def release_notes(request: Request) -> HTMLResponse:
    """The release-notes index."""
    return HTMLResponse(index_html(request.app.state.release_notes))


@router.get(INDEX + "/{note_slug}", include_in_schema=False)
async def release_note(note_slug: str, request: Request) -> Response:
    """One note, or the generic 404."""
    for note in request.app.state.release_notes:
        if note["slug"] == note_slug:
            return HTMLResponse(note_html(note))
    return JSONResponse({"error": "Resource not found"}, status_code=404)
