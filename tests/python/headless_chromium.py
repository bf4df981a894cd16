"""A minimal headless-Chromium driver: the Chrome DevTools protocol over a pipe.

No Python package and no browser download is needed, only Debian's `chromium`.
Chromium is started with `--remote-debugging-pipe`, so it reads protocol
messages (JSON, each ended by a NUL byte) from file descriptor 3 and writes its
answers to file descriptor 4: no port is opened and nothing goes on the network.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

# Flags for a quiet, offline, throw-away browser (no sandbox: CI runs as root).
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--remote-debugging-pipe",
]


def find_chromium() -> str | None:
    """Path of the Chromium binary (env CHROMIUM_BINARY, else `chromium` on PATH)."""
    return os.environ.get("CHROMIUM_BINARY") or shutil.which("chromium") or shutil.which("chromium-browser")


def _above_ten(descriptor: int) -> int:
    moved = fcntl.fcntl(descriptor, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(descriptor)
    return moved


class ProtocolError(RuntimeError):
    """Chromium answered a command with an error, or stopped answering."""


class HeadlessChromium:
    """One headless Chromium with a fresh profile and one page (tab)."""

    def __init__(self, binary: str, width: int = 1400, height: int = 1000, timeout: float = 60.0):
        self.timeout = timeout
        self._next_id = 0
        self._buffer = b""
        self._profile = tempfile.mkdtemp(prefix="chromium-profile-")
        self._log = tempfile.TemporaryFile()  # Chromium's own messages, shown if it dies
        to_browser_read, self._to_browser = os.pipe()
        self._from_browser, from_browser_write = os.pipe()
        # the browser's ends go to descriptors >= 10, so moving them onto 3 and 4 clashes with nothing
        to_browser_read, from_browser_write = (_above_ten(to_browser_read), _above_ten(from_browser_write))
        # bash moves our pipe ends onto descriptors 3 and 4, then becomes chromium
        launcher = (
            f'exec "$0" "$@" 3<&{to_browser_read} 4>&{from_browser_write} '
            f"{to_browser_read}<&- {from_browser_write}>&-"
        )
        self._process = subprocess.Popen(
            ["bash", "-c", launcher, binary, *CHROMIUM_FLAGS, f"--user-data-dir={self._profile}",
             f"--window-size={width},{height}", "about:blank"],
            pass_fds=(to_browser_read, from_browser_write),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=self._log,
        )
        os.close(to_browser_read)
        os.close(from_browser_write)
        target = self._command("Target.createTarget", {"url": "about:blank"})["targetId"]
        self._session = self._command("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.send("Page.enable")
        self.send("Runtime.enable")
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )

    # -- protocol -----------------------------------------------------------------
    def _read_message(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise ProtocolError("Chromium did not answer in time")
            ready, _, _ = select.select([self._from_browser], [], [], remaining)
            if ready:
                chunk = os.read(self._from_browser, 1 << 20)
                if not chunk:
                    raise ProtocolError(f"Chromium exited: {self._stderr_tail()}")
                self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def _command(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + self.timeout
        while True:
            answer = self._read_message(deadline)
            if answer.get("id") == self._next_id:  # events (no id) are skipped
                if "error" in answer:
                    raise ProtocolError(f"{method}: {answer['error']}")
                return answer.get("result", {})

    def send(self, method: str, params: dict | None = None) -> dict:
        """Send a command to the page and return its result."""
        return self._command(method, params, self._session)

    # -- page helpers ---------------------------------------------------------------
    def open(self, url: str) -> None:
        self.send("Page.navigate", {"url": url})

    def evaluate(self, expression: str):
        """Value of a JavaScript expression in the page (JSON-serialisable)."""
        result = self.send(
            "Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True}
        )
        if "exceptionDetails" in result:
            raise ProtocolError(f"{expression!r}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 30.0, interval: float = 0.25):
        """Poll a JavaScript expression until it is truthy; return its value (or the last one)."""
        deadline = time.monotonic() + timeout
        value = None
        while time.monotonic() < deadline:
            try:
                value = self.evaluate(expression)
            except ProtocolError:
                value = None
            if value:
                return value
            time.sleep(interval)
        return value

    def screenshot(self, path: Path) -> Path:
        data = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))
        return path

    # -- lifetime -------------------------------------------------------------------
    def _stderr_tail(self) -> str:
        self._log.seek(0)
        return self._log.read()[-2000:].decode(errors="replace")

    def close(self) -> None:
        try:
            if self._process.poll() is None:
                try:
                    self._command("Browser.close")
                except (ProtocolError, OSError):
                    pass
                try:
                    self._process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self._process.kill()
                    self._process.wait()
        finally:
            for descriptor in (self._to_browser, self._from_browser):
                try:
                    os.close(descriptor)
                except OSError:
                    pass
            self._log.close()
            shutil.rmtree(self._profile, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
