"""Headless Chromium (Debian's package) for the network page tests and benchmark, driven by Playwright.

:func:`open_page` loads a page from a file and records everything that could go wrong: console
messages, uncaught errors, dialogs (``alert``) and every request the page makes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
ARGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
)
#: Wait at most this long (ms) for a page to draw.
READY_TIMEOUT = 120_000


@dataclass
class PageLog:
    """What a page did while it was open."""

    console: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    @property
    def foreign_requests(self) -> list[str]:
        """Requests to anything but the page's own file, ``data:`` and ``about:`` URLs."""
        return [url for url in self.requests if not url.startswith(("file://", "data:", "about:"))]


def launch(playwright: Any) -> Any:
    """Debian's Chromium, headless, without any background traffic."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=list(ARGS))


def open_page(browser: Any, path: Path, *, width: int = 1400, height: int = 900, block_network: bool = False) -> tuple[Any, PageLog]:
    """Open ``path`` in a new page, wait until the network page has drawn, and return the page and its log.

    ``block_network`` aborts every request that is not to a file (for pages that link a CDN).
    """
    log = PageLog()
    page = browser.new_page(viewport={"width": width, "height": height})
    page.on("console", lambda message: log.console.append((message.type, message.text)))
    page.on("pageerror", lambda error: log.errors.append(str(error)))
    page.on("request", lambda request: log.requests.append(request.url))

    def on_dialog(dialog: Any) -> None:
        log.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    if block_network:
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://") else route.abort())
    page.goto(path.resolve().as_uri())
    return page, log


def wait_ready(page: Any) -> float:
    """Wait until the network page has drawn once; returns the time from navigation start in ms."""
    page.wait_for_function("window.ccg && window.ccg.ready === true", timeout=READY_TIMEOUT)
    return float(page.evaluate("window.ccg.readyAt"))
