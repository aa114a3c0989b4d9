"""Release notes: load them (YAML feed, a target's HTML pages, or a file) and say what they name.

The HTML parser follows the structure the real service renders: the index page lists each note
as ``h2.govuk-heading-m`` holding a ``span.govuk-caption-m`` date and a link to the note's page,
followed by its tags (``strong.govuk-tag``); a note page has the title in ``h1``, the tags, and
then the body. Anything else is reported as a page without the expected structure
(:class:`NotesLayoutError`); a note whose date is missing or unreadable is a
:class:`NoteDateError`. A saved copy of either page can be read as a file.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import httpx

from rect_conformance._errors import UsageError
from rect_conformance._spec import parse_yaml, read_source

INDEX_PATH = "/api/guidance/release-notes"
_CODE = re.compile(r"`([^`\n]+)`")
_QUOTED = re.compile(r"'([A-Za-z][\w-]*[\w])'")
_ENDPOINT = re.compile(r"\b(GET|POST|PUT|PATCH|DELETE)\s+`?(/[\w/{}.-]+)")
_PATH = re.compile(r"(?<![\w.])(/(?:api/v3/)?[a-z][\w-]*(?:/[\w{}-]+)*)")
_SCHEDULE = re.compile(r"^ecf-(?:standard|extended|reduced|replacement)-[a-z]+$")
_IDENT = re.compile(r"^[a-z][a-z0-9]*(?:[_-][a-z0-9]+)*$")
_PAIR = re.compile(r"^([a-z][a-z0-9_]*):\s*`?([\w-]+)`?$")
_SKIP = {"true", "false", "null", "api", "v3"}


class NotesLayoutError(UsageError):
    """The release notes are not laid out as DfE publishes them (a page whose HTML structure
    changed, a feed that is not a list of notes)."""


class NoteDateError(UsageError):
    """A release note has no date, or one that cannot be read."""


@dataclass(frozen=True)
class Note:
    """One release note as published."""

    title: str
    date: dt.date
    tags: tuple[str, ...] = ()
    body: str = ""
    code: tuple[str, ...] = ()  # inline code spans, as written in the body
    slug: str = ""


@dataclass(frozen=True)
class Named:
    """One thing a note names: an endpoint (with its method when given), a name or a value."""

    kind: str  # endpoint, schedule, token
    text: str
    method: str = ""


class _Page(HTMLParser):
    """Collects headings, captions, links, tags, code spans and text of a GOV.UK page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.entries: list[dict[str, Any]] = []
        self.h1 = ""
        self.caption = ""
        self.tags: list[str] = []
        self.code: list[str] = []
        self.body: list[str] = []
        self._stack: list[tuple[str, str]] = []
        self._in_tags = 0
        self._after_tags = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = dict(attrs).get("class") or ""
        if tag in ("br", "hr", "img", "meta", "link", "input"):
            if tag == "hr":
                self.body.append("\n")
            return
        self._stack.append((tag, classes))
        if tag == "h2" and "govuk-heading-m" in classes:
            self.entries.append({"date": "", "title": "", "href": "", "tags": []})
        if tag == "a" and self._inside("h2", "govuk-heading-m") and self.entries:
            self.entries[-1]["href"] = dict(attrs).get("href") or ""
        if "release-notes-tags" in classes:
            self._in_tags = len(self._stack)
        if tag in ("p", "li", "h2", "h3", "h4", "pre", "blockquote"):
            self.body.append("\n")

    def handle_endtag(self, tag: str) -> None:
        while self._stack:
            name, _ = self._stack.pop()
            if self._in_tags and len(self._stack) < self._in_tags:
                self._in_tags = 0
                self._after_tags = True
            if name == tag:
                break

    def _inside(self, tag: str, css: str = "") -> bool:
        return any(t == tag and css in c for t, c in self._stack)

    def handle_data(self, data: str) -> None:
        text = data.strip()
        if any(self._inside(t) for t in ("header", "footer", "nav", "script", "style")):
            return
        if self._inside("strong", "govuk-tag"):
            tag = text.lower().replace(" ", "-")
            self.tags.append(tag)
            if self.entries:
                self.entries[-1]["tags"].append(tag)
            return
        if self._inside("h2", "govuk-heading-m") and self.entries:
            key = "date" if self._inside("span", "govuk-caption-m") else "title"
            self.entries[-1][key] = (self.entries[-1][key] + " " + text).strip()
            return
        if self._inside("h1"):
            self.h1 = (self.h1 + " " + text).strip()
            return
        if self._inside("span", "govuk-caption-l") or self._inside("span", "govuk-caption-xl"):
            self.caption = (self.caption + " " + text).strip()
            return
        if self.h1 and self._inside("code"):
            self.code.append(text)
        if self.h1 and (self._after_tags or not self.tags):
            self.body.append(f"`{data}`" if self._inside("code") else data)


def parse_date(text: Any, where: str) -> dt.date:
    """A note date: ISO ``2026-06-23`` or GOV.UK ``23 June 2026``."""
    if isinstance(text, dt.date):
        return text
    value = str(text).strip()
    for form in ("%Y-%m-%d", "%d %B %Y", "%d %b %Y"):
        try:
            return dt.datetime.strptime(value, form).date()
        except ValueError:
            continue
    raise NoteDateError(
        f"{where}: cannot read the date {value!r}; expected 2026-06-23 or 23 June 2026"
    )


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def notes_from_feed(data: Any, source: str) -> list[Note]:
    """Notes from the parsed YAML feed (a list of title/date/tags/body mappings)."""
    if not data:
        raise NotesLayoutError(
            f"{source} holds no release notes; give a feed with at least one note"
        )
    if not isinstance(data, list):
        raise NotesLayoutError(f"{source} is not a release-notes feed (expected a list of notes)")
    notes = []
    for index, entry in enumerate(data, 1):
        if not isinstance(entry, dict) or not entry.get("title"):
            raise NotesLayoutError(f"{source}: note {index} has no title; fix the feed")
        if not entry.get("date"):
            raise NoteDateError(
                f"{source}: note {index} ({str(entry['title']).strip()!r}) has no date; "
                "fix the feed"
            )
        body = str(entry.get("body") or "")
        title = str(entry["title"]).strip()
        notes.append(
            Note(
                title,
                parse_date(entry["date"], f"{source} note {index}"),
                tuple(entry.get("tags") or ()),
                body,
                tuple(_CODE.findall(body)),
                _slug(title),
            )
        )
    return notes


def parse_note_page(html: str, where: str) -> Note:
    """One note from its HTML page."""
    page = _Page()
    page.feed(html)
    return _note_of(page, where)


def _note_of(page: _Page, where: str) -> Note:
    if not page.h1 or not (page.caption or page.tags):
        raise NotesLayoutError(
            f"{where} does not look like a DfE release-note page (no h1 title with a "
            "span.govuk-caption-l date or govuk-tag tags); its layout may have changed"
        )
    if not page.caption:
        raise NoteDateError(
            f"{where}: the note {page.h1!r} has no date (span.govuk-caption-l); fix the page "
            "or give the YAML feed"
        )
    body = re.sub(r"\n\s*\n+", "\n\n", "".join(page.body)).strip()
    return Note(
        page.h1,
        parse_date(page.caption, where),
        tuple(page.tags),
        body,
        tuple(page.code),
        where.rstrip("/").rsplit("/", 1)[-1],
    )


def parse_index_page(html: str, where: str) -> list[dict[str, Any]]:
    """The entries (date, title, href, tags) of the release-notes index page."""
    page = _Page()
    page.feed(html)
    entries = [e for e in page.entries if e["href"] and e["title"]]
    if not entries:
        raise NotesLayoutError(
            f"{where} lists no release notes (no h2.govuk-heading-m links); it is not the "
            "release-notes page, or its layout has changed"
        )
    return entries


def notes_from_saved_page(html: str, where: str) -> list[Note]:
    """The notes of a saved page: one note's page, or the index (titles, dates and tags only,
    since the notes' own pages are not there to follow)."""
    page = _Page()
    page.feed(html)
    entries = [e for e in page.entries if e["title"]]
    if not entries:
        return [_note_of(page, where)]
    notes = []
    for entry in entries:
        if not entry["date"]:
            raise NoteDateError(f"{where}: the note {entry['title']!r} is listed with no date")
        when = parse_date(entry["date"], f"{where}: {entry['title']!r}")
        slug = entry["href"].rstrip("/").rsplit("/", 1)[-1] or _slug(entry["title"])
        notes.append(Note(entry["title"], when, tuple(entry["tags"]), "", (), slug))
    return notes


def notes_from_target(base_url: str, client: httpx.Client | None = None) -> list[Note]:
    """Every note listed on a target's release-notes index, read from its own page."""
    root = base_url.rstrip("/")
    root = root[: -len("/api")] if root.endswith("/api") else root
    own = client is None
    client = client or httpx.Client(timeout=30.0, follow_redirects=True)
    try:
        index_url = root + INDEX_PATH
        notes = []
        for entry in parse_index_page(_get(client, index_url), index_url):
            url = urljoin(index_url + "/", entry["href"])
            notes.append(parse_note_page(_get(client, url), url))
        return notes
    finally:
        if own:
            client.close()


def _get(client: httpx.Client, url: str) -> str:
    try:
        response = client.get(url)
    except httpx.HTTPError as error:
        raise UsageError(
            f"cannot fetch {url}: {type(error).__name__}; check the target URL"
        ) from None
    if response.status_code != 200:
        raise UsageError(f"cannot fetch {url}: HTTP {response.status_code}; check the target URL")
    return response.text


def load_notes(source: str | Path) -> list[Note]:
    """Notes from a YAML feed file, a saved HTML page (a note's or the index), or a target's
    base URL."""
    text = str(source)
    if text.startswith(("http://", "https://")):
        return notes_from_target(text)
    data = read_source(text, what="release notes")
    if text.endswith((".html", ".htm")):
        return notes_from_saved_page(data.decode("utf-8", "replace"), text)
    return notes_from_feed(parse_yaml(data, text), text)


def named_items(note: Note) -> list[Named]:
    """What a note names: endpoints (with method), schedule identifiers and other code tokens."""
    found: dict[tuple[str, str, str], Named] = {}
    text = f"{note.title}\n{note.body}"
    for method, path in _ENDPOINT.findall(text):
        found[("endpoint", path.rstrip("/"), method)] = Named("endpoint", path.rstrip("/"), method)
    tokens = [*note.code, *_QUOTED.findall(note.title)]
    for token in tokens:
        token = token.strip().strip(".,")
        pair = _PAIR.match(token)
        parts = [pair.group(1), pair.group(2)] if pair else [token]
        for part in parts:
            if part.startswith("/"):
                path = part.rstrip("/")
                if not any(k[0] == "endpoint" and k[1] == path for k in found):
                    found[("endpoint", path, "")] = Named("endpoint", path)
            elif _SCHEDULE.match(part):
                found[("schedule", part, "")] = Named("schedule", part)
            elif _IDENT.match(part) and part not in _SKIP and not part.isdigit():
                found[("token", part, "")] = Named("token", part)
    return list(found.values())
