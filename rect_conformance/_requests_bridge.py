"""A ``requests`` transport adapter that forwards to the run's httpx :class:`Client`.

Schemathesis sends its cases with ``requests``; mounting this adapter on the session it is given
(``case.call(session=...)``) routes them through the one client of the run, so the budget, the
pacing, the 429 handling and the journal cover them too.
"""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO
from typing import TYPE_CHECKING, Any

import httpx
import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict
from urllib3 import HTTPResponse
from urllib3._collections import HTTPHeaderDict

if TYPE_CHECKING:
    from rect_conformance._client import Client

EXTENSIONS = "rect_extensions"  # attribute of a sent PreparedRequest: its answer's extensions


def extensions_of(prepared: requests.PreparedRequest) -> dict[str, Any]:
    """The extensions (journal id, identity) of the answer to ``prepared``, once sent."""
    found = getattr(prepared, EXTENSIONS, None)
    return dict(found) if isinstance(found, dict) else {}


class ClientAdapter(BaseAdapter):
    """Sends each prepared request through ``client.send``."""

    def __init__(self, client: Client, default_auth: str) -> None:
        super().__init__()
        self.client = client
        self.default_auth = default_auth

    def send(
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: Any = None,
        verify: Any = True,
        cert: Any = None,
        proxies: Any = None,
    ) -> requests.Response:
        """Forward ``request``; returns a fully read ``requests.Response``."""
        answer = self.client.send(as_httpx_request(request), auth=self.default_auth)
        # Schemathesis keeps the prepared request with its response; the journal id and the
        # identity travel on it to whoever turns the answer into a finding.
        setattr(request, EXTENSIONS, dict(answer.extensions))
        return _to_requests(answer, request)

    def close(self) -> None:
        """Nothing to release: the client owns the connections."""


def as_httpx_request(prepared: requests.PreparedRequest) -> httpx.Request:
    """``prepared`` as the httpx request the run's client sends; :class:`UnsendableRequest`
    when it cannot be put on the wire."""
    from rect_conformance._client import UnsendableRequest

    body = prepared.body
    if isinstance(body, str):
        body = body.encode("utf-8")
    if body is not None and not isinstance(body, bytes):
        raise UnsendableRequest("a streamed request body cannot be sent through the journal")
    try:
        return httpx.Request(
            str(prepared.method),
            str(prepared.url),
            headers=[(_wire(name), _wire(value)) for name, value in prepared.headers.items()],
            content=body or b"",
        )
    except (httpx.InvalidURL, ValueError, TypeError) as error:
        raise UnsendableRequest(str(error)) from None


def _wire(text: str | bytes) -> bytes:
    # As httpx would: text must be ASCII on the wire (a UnicodeEncodeError is a ValueError).
    return text if isinstance(text, bytes) else text.encode("ascii")


def _to_requests(answer: httpx.Response, request: requests.PreparedRequest) -> requests.Response:
    raw_headers = HTTPHeaderDict()
    for name, value in answer.headers.multi_items():
        raw_headers.add(name, value)
    response = requests.Response()
    response.status_code = answer.status_code
    response.headers = CaseInsensitiveDict(dict(answer.headers.items()))
    response._content = answer.content
    response._content_consumed = True
    response.encoding = answer.encoding
    response.reason = answer.reason_phrase
    response.url = str(answer.request.url)
    response.request = request
    response.elapsed = answer.elapsed if hasattr(answer, "_elapsed") else timedelta(0)
    # Schemathesis reads the header list and the HTTP version from ``raw``.
    response.raw = HTTPResponse(
        body=BytesIO(b""),
        headers=raw_headers,
        status=answer.status_code,
        version=11,
        preload_content=False,
    )
    return response


def bridged_session(client: Client, default_auth: str = "primary") -> requests.Session:
    """A session whose every request goes through ``client``."""
    session = requests.Session()
    adapter = ClientAdapter(client, default_auth)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.trust_env = False
    return session
