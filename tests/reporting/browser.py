"""Opening pages in headless Chromium with every request it makes recorded, none let out.

Chromium is started with all its requests (loopback included) sent to :func:`recording_proxy`,
a proxy of ours on 127.0.0.1 that writes down each request line and refuses it, so nothing
leaves the machine and nothing a page asks for goes unseen. Chromium asks for a few things of
its own (Google's time and account hosts) even for an empty page; :func:`own_hosts` finds them,
and :func:`requests_of_page` leaves them out.
"""

from __future__ import annotations

import socket
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def recording_proxy() -> Iterator[tuple[str, list[str]]]:
    """A proxy on 127.0.0.1 that refuses everything and records the first line of each
    request it is sent: ``(address, lines)``."""
    seen: list[str] = []
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.2)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except OSError:
                continue
            with connection:
                connection.settimeout(2)
                try:
                    seen.append(connection.recv(4096).split(b"\r\n", 1)[0].decode("latin-1"))
                    connection.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
                except OSError:
                    seen.append("(a connection that sent nothing)")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{server.getsockname()[1]}", seen
    finally:
        stop.set()
        thread.join(timeout=5)
        server.close()


def browse(chromium: str, page: Path, proxy: str, screenshot: Path | None = None) -> str:
    """Open ``page`` headless through ``proxy``; the DOM as rendered (and a screenshot)."""
    with tempfile.TemporaryDirectory(prefix="rect-chromium-") as profile:
        common = [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            f"--proxy-server=http://{proxy}",
            "--proxy-bypass-list=<-loopback>",  # even 127.0.0.1 goes through the proxy
            "--virtual-time-budget=4000",
            "--window-size=1400,2400",
        ]
        if screenshot is not None:
            subprocess.run(
                [*common, f"--screenshot={screenshot}", page.as_uri()],
                capture_output=True,
                timeout=120,
                check=True,
            )
        done = subprocess.run(
            [*common, "--dump-dom", page.as_uri()],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
    return done.stdout


def _host(line: str) -> str:
    # "CONNECT host:443 HTTP/1.1" or "GET http://host/path HTTP/1.1"
    target = line.split(" ")[1] if " " in line else line
    return target.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]


def own_hosts(chromium: str, folder: Path) -> set[str]:
    """The hosts Chromium asks for by itself, with an empty page."""
    page = folder / "blank.html"
    page.write_text("<!DOCTYPE html><html><body>empty</body></html>")
    with recording_proxy() as (proxy, seen):
        browse(chromium, page, proxy)
    return {_host(line) for line in seen}


def requests_of_page(
    chromium: str, page: Path, own: set[str], screenshot: Path | None = None
) -> tuple[str, list[str]]:
    """The DOM of ``page`` and the requests it made beyond Chromium's own."""
    with recording_proxy() as (proxy, seen):
        dom = browse(chromium, page, proxy, screenshot)
    return dom, [line for line in seen if not _browser_own(_host(line), own)]


# Chromium's own services (time, accounts, component updates) call these whenever they like;
# an empty page does not always catch every one of them.
BROWSER_SERVICES = (".google.com", ".gvt1.com")


def _browser_own(host: str, own: set[str]) -> bool:
    return host in own or host.endswith(BROWSER_SERVICES)
