"""The HTML report opened in a real headless browser: Debian's chromium.

Three ways of opening a made-up evaluation page (seven criteria, every kind of chart):

* ``--screenshot``: the page is drawn; the PNG is kept in ``tests/artifacts/`` (ignored by
  git) for a person to look at;
* ``--dump-dom``: the parsed page has the seven criteria and the four charts, and chromium's
  log (``--enable-logging=stderr``, where it writes every console message) has no console
  message at all;
* the DevTools protocol, over ``--remote-debugging-pipe`` (JSON messages ended by a NUL byte
  on file descriptors 3 and 4, so no WebSocket library is needed and no port is opened): every
  request the page makes, every console message, log entry and uncaught exception is recorded
  while it loads. The page must make no request but for itself and log nothing; its inline
  styles must apply under its Content-Security-Policy; and printed to PDF, each section must
  start a page. A page with a script and an image of another host shows that these checks do
  see a request and a console error when there is one.

Every browser is started with background networking, component updates, sync and the first
run's tasks off, and with a profile of its own in the test's temporary folder. Without chromium
(``.ci/run`` installs Debian's package where it is missing) the tests are skipped.
"""

from __future__ import annotations

import base64
import json
import os
import re
import select
import shutil
import signal
import struct
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from branchkit.records.labels import Language
from branchkit.report.html import render_html
from tests.html_sample import CRITERIA, sample_page

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHARTS = 4
SECTIONS = 3
TIMEOUT = 60.0

pytestmark = [
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="chromium is not installed (.ci/run installs Debian's package 'chromium'); "
        "the HTML report is not opened in a browser",
    ),
    pytest.mark.skipif(
        not hasattr(os, "posix_spawn"), reason="needs os.posix_spawn to hand chromium its pipes"
    ),
]

# Headless, no sandbox (as root in a container there is none to be had), and nothing the
# browser would fetch on its own: the only network traffic could then come from the page.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--no-first-run",
    "--disable-sync",
    "--metrics-recording-only",
)


def browser_command(profile: Path, *arguments: str) -> list[str]:
    assert CHROMIUM is not None
    return [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *arguments]


def write_page(folder: Path, language: Language, html: str | None = None) -> str:
    """The page written to ``folder``, as a ``file:`` URL."""
    path = folder / f"report-{language}.html"
    path.write_text(html if html is not None else render_html(sample_page(language)), "utf-8")
    return path.as_uri()


def png_size(data: bytes) -> tuple[int, int]:
    """The width and height of a PNG image, from its header chunk."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.parametrize("language", ["zh", "en"])
def test_screenshot(tmp_path: Path, language: Language) -> None:
    url = write_page(tmp_path, language)
    ARTIFACTS.mkdir(exist_ok=True)
    screenshot = ARTIFACTS / f"html-report-{language}.png"
    screenshot.unlink(missing_ok=True)
    done = subprocess.run(
        browser_command(
            tmp_path / "profile", f"--screenshot={screenshot}", "--window-size=1280,2000", url
        ),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    data = screenshot.read_bytes()
    assert png_size(data) == (1280, 2000)
    # A blank page compresses to a few kilobytes; this one has text, charts and tables.
    assert len(data) > 50_000
    print(f"screenshot of the HTML report: {screenshot}")


@pytest.mark.parametrize("language", ["zh", "en"])
def test_dump_dom(tmp_path: Path, language: Language) -> None:
    url = write_page(tmp_path, language)
    done = subprocess.run(
        browser_command(tmp_path / "profile", "--enable-logging=stderr", "--dump-dom", url),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    dom = done.stdout
    assert dom.startswith("<!DOCTYPE html>\n")
    assert ('<html lang="zh-CN">' if language == "zh" else '<html lang="en">') in dom
    for label, _, _ in CRITERIA:
        assert label.text(language) in dom
    assert dom.count("<svg") == CHARTS
    assert dom.count("<section") == SECTIONS
    # chromium logs every console message (errors, CSP violations) as a "CONSOLE" line.
    console = [line for line in done.stderr.splitlines() if ":CONSOLE" in line]
    assert console == []


class DevTools:
    """A DevTools protocol client over chromium's pipe: one command at a time, events kept."""

    def __init__(self, commands: int, replies: int) -> None:
        self._commands = commands
        self._replies = replies
        self._buffer = b""
        self._last = 0
        self.events: list[dict[str, Any]] = []

    def send(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        """Send a command and return its result; events that come first are kept."""
        self._last += 1
        message: dict[str, Any] = {"id": self._last, "method": method, "params": params}
        if session is not None:
            message["sessionId"] = session
        data = json.dumps(message).encode() + b"\0"
        while data:
            data = data[os.write(self._commands, data) :]
        deadline = time.monotonic() + TIMEOUT
        while True:
            reply = self._receive(deadline)
            if reply.get("id") == self._last:
                assert "error" not in reply, f"{method}: {reply['error']}"
                result: dict[str, Any] = reply["result"]
                return result
            self.events.append(reply)

    def wait_for(self, method: str, session: str) -> dict[str, Any]:
        """The first event ``method`` of ``session``, waiting for it if it has not come."""
        deadline = time.monotonic() + TIMEOUT
        seen = 0
        while True:
            for event in self.events[seen:]:
                if event.get("method") == method and event.get("sessionId") == session:
                    return event
            seen = len(self.events)
            self.events.append(self._receive(deadline))

    def evaluate(self, session: str, expression: str) -> Any:
        """The value of a JavaScript expression in the page."""
        result = self.send("Runtime.evaluate", session, expression=expression, returnByValue=True)
        assert "exceptionDetails" not in result, result["exceptionDetails"]
        return result["result"]["value"]

    def _receive(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._replies], [], [], deadline - time.monotonic())
            if not ready:
                raise TimeoutError("chromium did not answer in time")
            chunk = os.read(self._replies, 1 << 16)
            if not chunk:
                raise EOFError("chromium closed its pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        found: dict[str, Any] = json.loads(message)
        return found


@contextmanager
def devtools_browser(folder: Path) -> Iterator[DevTools]:
    """A headless chromium driven over ``--remote-debugging-pipe``; its output in a log file."""
    commands_read, commands_write = os.pipe()
    replies_read, replies_write = os.pipe()
    log = os.open(folder / "chromium.log", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    command = browser_command(folder / "profile", "--remote-debugging-pipe", "about:blank")
    # chromium reads commands from descriptor 3 and writes replies to 4. posix_spawn puts the
    # pipes there; every other descriptor of this process is not inherited (PEP 446).
    pid = os.posix_spawn(
        command[0],
        command,
        os.environ,
        file_actions=[
            (os.POSIX_SPAWN_DUP2, commands_read, 3),
            (os.POSIX_SPAWN_DUP2, replies_write, 4),
            (os.POSIX_SPAWN_DUP2, log, 1),
            (os.POSIX_SPAWN_DUP2, log, 2),
        ],
    )
    for own in (commands_read, replies_write, log):
        os.close(own)
    try:
        yield DevTools(commands_write, replies_read)
    finally:
        os.close(commands_write)  # chromium quits when its command pipe closes
        deadline = time.monotonic() + TIMEOUT
        while os.waitpid(pid, os.WNOHANG) == (0, 0):
            if time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                break
            time.sleep(0.05)
        os.close(replies_read)


def open_page(browser: DevTools, url: str) -> str:
    """Open ``url`` in a new tab with everything it does recorded; the tab's session."""
    target = browser.send("Target.createTarget", url="about:blank")["targetId"]
    session: str = browser.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
    for domain in ("Runtime", "Log", "Network", "Page"):
        browser.send(f"{domain}.enable", session)
    browser.send("Page.navigate", session, url=url)
    browser.wait_for("Page.loadEventFired", session)
    return session


def problems(browser: DevTools, session: str, url: str) -> list[str]:
    """What the page did that a self-contained, faultless page does not: one line each."""
    found = []
    for event in browser.events:
        if event.get("sessionId") != session:
            continue
        method, params = event["method"], event.get("params", {})
        if method == "Network.requestWillBeSent" and params["request"]["url"] != url:
            found.append(f"request {params['request']['url']}")
        elif method == "Log.entryAdded":
            entry = params["entry"]
            found.append(f"log {entry['level']} {entry['source']}: {entry['text']}")
        elif method == "Runtime.consoleAPICalled":
            texts = " ".join(str(a.get("value", a.get("description"))) for a in params["args"])
            found.append(f"console {params['type']}: {texts}")
        elif method == "Runtime.exceptionThrown":
            found.append(f"exception: {params['exceptionDetails']['text']}")
    return found


def pdf_pages(data: bytes) -> int:
    """The number of pages of a PDF as chromium writes it: one ``/Type /Page`` object each."""
    return len(re.findall(rb"/Type\s*/Page\b", data))


def test_renders_without_errors_or_requests(tmp_path: Path) -> None:
    url = write_page(tmp_path, "zh")
    with devtools_browser(tmp_path) as browser:
        session = open_page(browser, url)
        assert problems(browser, session, url) == []
        # Nothing was fetched besides the page itself.
        assert browser.evaluate(session, "performance.getEntriesByType('resource').length") == 0
        text = browser.evaluate(session, "document.body.innerText")
        for label, _, _ in CRITERIA:
            assert label.zh in text
        widths = browser.evaluate(
            session,
            "[...document.querySelectorAll('figure.chart svg')]"
            ".map(svg => Math.round(svg.getBoundingClientRect().width))",
        )
        assert len(widths) == CHARTS
        assert all(width > 200 for width in widths), widths
        # The inline styles applied (the policy allows them): the header's rule is red.
        border = "getComputedStyle(document.querySelector('header')).borderBottomColor"
        assert browser.evaluate(session, border) == "rgb(183, 28, 28)"
        pdf = base64.b64decode(browser.send("Page.printToPDF", session)["data"])
        assert problems(browser, session, url) == []
    assert pdf.startswith(b"%PDF-")
    # The title page, then each section on pages of its own.
    assert pdf_pages(pdf) >= 1 + SECTIONS
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "html-report-zh.pdf").write_bytes(pdf)


@pytest.mark.parametrize("policy", ["kept", "removed"])
def test_the_checks_see_a_request_and_a_console_error(tmp_path: Path, policy: str) -> None:
    # The report with what it must never have: a script and an image from another host (a
    # port of this machine that chromium refuses to connect to, so no packet is sent).
    html = render_html(sample_page("zh")).replace(
        "<main>",
        '<main><img src="http://127.0.0.1:9/x.png" alt=""><script>console.error("boom")</script>',
    )
    if policy == "removed":
        html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n', "", html)
    url = write_page(tmp_path, "zh", html)
    with devtools_browser(tmp_path) as browser:
        session = open_page(browser, url)
        found = problems(browser, session, url)
    assert "request http://127.0.0.1:9/x.png" in found
    if policy == "kept":
        # The policy blocked both, and said so.
        assert not any(line.startswith("console") for line in found)
        assert sum("Content Security Policy" in line for line in found) == 2
    else:
        assert "console error: boom" in found
