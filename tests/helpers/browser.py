"""A real Chromium driven over the Chrome DevTools Protocol, with aiohttp's websocket client (no new dependency).

Enough of CDP for the browser desk tests: open pages (each in its own cookie jar when asked), navigate, read the
page's text, read the xterm.js screen the desk draws, type with real key events, list cookies. The browser is
Debian's ``chromium`` (``.ci/run`` installs it when missing); nothing is downloaded.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp

CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--remote-debugging-port=0", "--window-size=1200,800", "about:blank")

#: Keeps the xterm.js terminal the page creates (textual-serve does not expose it), to read the screen the desk
#: draws: the first object given a ``terminal`` property that looks like an xterm Terminal.
GRAB_TERMINAL = """
Object.defineProperty(Object.prototype, "terminal", {configurable: true, set(value) {
  Object.defineProperty(this, "terminal", {value, writable: true, configurable: true, enumerable: true});
  if (value && typeof value.write === "function" && typeof value.onData === "function") window.__terminal = value;
}});
"""
SCREEN = """(() => {
  const t = window.__terminal;
  if (!t || !t.buffer) return null;
  const b = t.buffer.active, lines = [];
  for (let i = 0; i < t.rows; i++) { const l = b.getLine(b.viewportY + i); lines.push(l ? l.translateToString(true) : ""); }
  return lines.join("\\n");
})()"""
KEYS = {  # key, code, Windows virtual key code, the text the key types
    "\r": ("Enter", "Enter", 13, "\r"),
    "F5": ("F5", "F5", 116, ""),
}


def find_chromium() -> str | None:
    """The Chromium (or Chrome) executable on this machine, or None."""
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


class CDPError(RuntimeError):
    pass


class Browser:
    """One headless Chromium with a fresh profile; ``async with Browser() as browser``."""

    def __init__(self, executable: str) -> None:
        self.executable = executable
        self._ids = itertools.count(1)
        self._waiting: dict[int, asyncio.Future[Any]] = {}
        self._events: dict[tuple[str | None, str], list[dict[str, Any]]] = {}

    async def __aenter__(self) -> Browser:
        self.profile = tempfile.mkdtemp(prefix="tdkt-chromium-")
        self.proc = subprocess.Popen([self.executable, *FLAGS, f"--user-data-dir={self.profile}"],
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        port_file = Path(self.profile) / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not (port_file.exists() and len(port_file.read_text().splitlines()) >= 2):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self._kill()
                raise CDPError(f"Chromium did not start: {self.proc.stderr.read().decode(errors='replace')[-2000:]}")
            await asyncio.sleep(0.05)
        port, path = port_file.read_text().splitlines()[:2]
        self.session = aiohttp.ClientSession()
        self.ws = await self.session.ws_connect(f"ws://127.0.0.1:{port}{path}", max_msg_size=0)
        self._reader = asyncio.create_task(self._read())
        return self

    async def __aexit__(self, *exc: object) -> None:
        try:
            await asyncio.wait_for(self.send("Browser.close"), 5)
        except Exception:  # noqa: BLE001 - it is going away either way
            pass
        self._reader.cancel()
        await self.ws.close()
        await self.session.close()
        self._kill()

    def _kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(10)
        self.proc.stderr.close()  # type: ignore[union-attr]
        shutil.rmtree(self.profile, ignore_errors=True)

    async def _read(self) -> None:
        async for message in self.ws:
            data = json.loads(message.data)
            if "id" in data:
                future = self._waiting.pop(data["id"], None)
                if future is not None and not future.done():
                    if "error" in data:
                        future.set_exception(CDPError(str(data["error"])))
                    else:
                        future.set_result(data.get("result", {}))
            else:
                self._events.setdefault((data.get("sessionId"), data["method"]), []).append(data.get("params", {}))

    async def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> Any:
        """Call a CDP method (on a page's ``session`` when given) and return its result."""
        ident = next(self._ids)
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._waiting[ident] = future
        message: dict[str, Any] = {"id": ident, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        await self.ws.send_str(json.dumps(message))
        return await asyncio.wait_for(future, 30)

    async def new_page(self, *, own_cookies: bool = False) -> Page:
        """A new tab; with ``own_cookies`` in a fresh browser context (like a different browser: no cookies)."""
        params: dict[str, Any] = {"url": "about:blank"}
        if own_cookies:
            params["browserContextId"] = (await self.send("Target.createBrowserContext"))["browserContextId"]
        target = (await self.send("Target.createTarget", params))["targetId"]
        session = (await self.send("Target.attachToTarget", {"targetId": target, "flatten": True}))["sessionId"]
        page = Page(self, session)
        await page.send("Page.enable")
        await page.send("Runtime.enable")
        await page.send("Page.addScriptToEvaluateOnNewDocument", {"source": GRAB_TERMINAL})
        return page


class Page:
    """One tab of :class:`Browser`."""

    def __init__(self, browser: Browser, session: str) -> None:
        self.browser = browser
        self.session = session

    async def send(self, method: str, params: dict[str, Any] | None = None) -> Any:
        return await self.browser.send(method, params, self.session)

    async def goto(self, url: str) -> None:
        """Navigate and wait for the load event."""
        events = self.browser._events.setdefault((self.session, "Page.loadEventFired"), [])
        seen = len(events)
        result = await self.send("Page.navigate", {"url": url})
        if result.get("errorText"):
            raise CDPError(f"{url}: {result['errorText']}")
        deadline = time.monotonic() + 30
        while len(events) == seen:
            if time.monotonic() > deadline:
                raise CDPError(f"{url} did not load")
            await asyncio.sleep(0.02)

    async def evaluate(self, expression: str) -> Any:
        result = await self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                      "awaitPromise": True})
        if "exceptionDetails" in result:
            raise CDPError(str(result["exceptionDetails"]))
        return result["result"].get("value")

    async def text(self) -> str:
        """The page's visible text (for pages that are not the desk)."""
        return await self.evaluate("document.body ? document.body.innerText : ''")

    async def screen(self) -> str:
        """The desk's terminal screen as text, one line a row ("" before the terminal exists)."""
        return await self.evaluate(SCREEN) or ""

    async def wait_screen(self, *needles: str, timeout: float = 20) -> str:
        """Wait until the terminal screen shows every one of ``needles``; return the screen."""
        deadline = time.monotonic() + timeout
        while True:
            shown = await self.screen()
            if all(needle in shown for needle in needles):
                return shown
            if time.monotonic() > deadline:
                raise AssertionError(f"the page never showed {needles!r}; it shows:\n{shown}")
            await asyncio.sleep(0.02)

    async def press(self, key: str) -> None:
        """One key by name (``F5``, ``\\r``) or one character, as a keyboard would send it."""
        name, code, vk, text = KEYS.get(key, (key, "", 0, key))
        down: dict[str, Any] = {"type": "keyDown" if text else "rawKeyDown", "key": name, "code": code,
                                "windowsVirtualKeyCode": vk, "nativeVirtualKeyCode": vk}
        if text:
            down.update(text=text, unmodifiedText=text)
        await self.send("Input.dispatchKeyEvent", down)
        await self.send("Input.dispatchKeyEvent", {"type": "keyUp", "key": name, "code": code,
                                                   "windowsVirtualKeyCode": vk, "nativeVirtualKeyCode": vk})

    async def type(self, text: str, delay: float = 0.001) -> None:
        """Type ``text`` key by key, ``delay`` seconds apart (a scanner's burst by default)."""
        for ch in text:
            await self.press(ch)
            await asyncio.sleep(delay)

    async def focus_terminal(self) -> None:
        await self.evaluate("document.querySelector('.xterm-helper-textarea').focus()")

    async def cookies(self, url: str) -> dict[str, dict[str, Any]]:
        found = await self.send("Network.getCookies", {"urls": [url]})
        return {cookie["name"]: cookie for cookie in found["cookies"]}

