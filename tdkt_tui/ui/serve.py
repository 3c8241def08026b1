"""``tdkt serve``: the app in browsers, one process per browser session, behind an access token.

Serving is built on ``textual-serve``: every browser session runs its own ``python -m tdkt_tui PATH --desk NAME``,
so several desks work on the same conference folder at once and the scan log tells them apart. The door:

* every request (the page, its assets, the websocket, downloads) carries the token, as ``?token=`` on the first
  page load, then as an HttpOnly, SameSite=Strict cookie named for the port (cookies ignore ports, so one name
  for every server would let a second server on the same host lock the first one out);
* its ``Host`` is the address the link names and its ``Origin``, when there is one (always, for the websocket), is
  the served origin: a page on another port or site of the same host cannot drive a desk;
* anything else gets a 403 with one sentence and nothing more.

The token never reaches a log: there is no access log, and any log record that would contain it is redacted.
Everything the server and its sessions write is private to the user (umask 077).
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import html
import ipaddress
import logging
import math
import os
import secrets
import shlex
import socket
import ssl
import string
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import quote, urlsplit

from tdkt_tui.domain.errors import TdktError
from tdkt_tui.domain.i18n import _, choose_language, set_language
from tdkt_tui.domain.text import clean

if TYPE_CHECKING:  # pragma: no cover
    from aiohttp import web
    from textual_serve.server import Server

COOKIE_PREFIX = "tdkt_token_"
QUERY = "token"
DESK_QUERY = "desk"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
ANY_ADDRESS = ("", "0.0.0.0", "::")
#: The least strength of an access token, in bits (what a guesser must try, on average half of 2**128).
TOKEN_BITS = 128
#: The alphabets a token may be drawn from, smallest first: a token counts log2(len(alphabet)) bits a character
#: for the smallest alphabet holding all of its characters.
TOKEN_ALPHABETS = (string.digits, string.digits + "abcdef", string.digits + "ABCDEF",
                   string.digits + string.ascii_lowercase, string.digits + string.ascii_uppercase,
                   string.digits + string.ascii_letters, string.digits + string.ascii_letters + "-_")
DESK_LENGTH = 40
_DESK_PUNCTUATION = " -_.#()"


class ServeError(TdktError):
    """``tdkt serve`` cannot start as asked (weak token, unusable certificate); nothing was started."""


# -- the token ---------------------------------------------------------------------------------------------------


def new_token() -> str:
    """A fresh random access token: 32 URL-safe characters, 192 bits."""
    return secrets.token_urlsafe(24)


def token_bits(token: str) -> float:
    """The strength of ``token`` in bits, or 0 when it holds a character outside the URL-safe alphabet."""
    for alphabet in TOKEN_ALPHABETS:
        if all(ch in alphabet for ch in token):
            return len(token) * math.log2(len(alphabet))
    return 0.0


def check_token(token: str) -> str:
    """``token`` when it is strong enough to guard the conference; otherwise :class:`ServeError`."""
    if token_bits(token) < TOKEN_BITS:
        raise ServeError("The access token must have at least 128 bits: 22 random letters, digits, '-' or '_' "
                         "(or 32 hexadecimal digits); leave out --token to get a new random one.")
    return token


def token_matches(given: str | None, token: str) -> bool:
    """Whether ``given`` is the access token (constant-time comparison)."""
    if not given:
        return False
    return hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8"))


def cookie_name(port: int) -> str:
    """The token cookie of the server on ``port``: one name per port, so servers on one host keep apart."""
    return f"{COOKIE_PREFIX}{port}"


# -- addresses ---------------------------------------------------------------------------------------------------


def is_loopback(host: str) -> bool:
    """Whether binding to ``host`` keeps the server reachable from this computer only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _lan_address() -> str:
    """This computer's address on the local network, for the printed link (no packet is sent)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.255.255.255", 1))
            return probe.getsockname()[0]
    except OSError:
        return socket.gethostname()


def public_base(host: str, port: int, tls: bool = False) -> str:
    """The base URL browsers use: the bind address, or the LAN address when bound to every interface."""
    shown = _lan_address() if host in ANY_ADDRESS else host
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    return f"{'https' if tls else 'http'}://{shown}:{port}"


def access_url(base: str, token: str) -> str:
    """The link to open, token included."""
    return f"{base.rstrip('/')}/?{QUERY}={quote(token, safe='')}"


# -- desks -------------------------------------------------------------------------------------------------------


def desk_name(raw: str | None) -> str:
    """A browser desk's name fit for the scan log and a command line: letters, digits, spaces and ``-_.#()``,
    NFC, at most 40 characters; empty when nothing usable is left."""
    kept = "".join(ch for ch in clean(raw or "") if ch.isalnum() or ch in _DESK_PUNCTUATION)
    return " ".join(kept.split())[:DESK_LENGTH].strip()


def app_command(folder: Path, lang: str, desk: str = "") -> str:
    """The command line textual-serve runs (through the shell) for one browser session."""
    parts = [sys.executable, "-m", "tdkt_tui", str(Path(folder).resolve()), "--lang", lang]
    if desk:
        parts += ["--desk", desk]
    if os.name == "nt":  # pragma: no cover - cmd.exe quoting
        return subprocess.list2cmdline(parts)
    return shlex.join(parts)


_DESK_FORM = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>tdkt-tui</title>
<style>body{{background:#0c181f;color:#eee;font:18px system-ui,sans-serif;display:flex;justify-content:center;
margin-top:15vh}}form{{background:#12232d;padding:2em;border-radius:8px}}input,button{{font-size:1em;
padding:.4em;margin:.5em 0}}input{{width:18em}}</style></head>
<body><form method="get" action="/"><label for="desk">{label}</label><br>
<input id="desk" name="{field}" maxlength="{length}" required autofocus placeholder="{example}"><br>
<button type="submit">{button}</button></form></body></html>
"""


def desk_form(lang: str) -> str:
    """The page that asks a new browser session for its desk name (once: the name then stays in its link)."""
    return _DESK_FORM.format(lang=html.escape(lang), field=DESK_QUERY, length=DESK_LENGTH,
                             label=html.escape(_("Name of this desk in the scan log:")),
                             example=html.escape(_("e.g. Desk 2")), button=html.escape(_("Open")))


# -- the door ----------------------------------------------------------------------------------------------------


def refusal() -> web.Response:
    """The one answer to a request that may not come in: 403 and one sentence."""
    from aiohttp import web

    return web.Response(status=403, text=_("Access denied: open the link printed by tdkt serve, token "
                                           "included.") + "\n")


def guard_middleware(token: str, base: str, port: int) -> Any:
    """An aiohttp middleware that lets a request in only with the token, from the served address.

    The token comes as ``?token=`` (then the response sets the cookie) or as the cookie of this port; ``Host``
    must be the served address; ``Origin``, required on the websocket, must be the served origin.
    """
    from aiohttp import web

    origin = base.rstrip("/").lower()
    netloc = urlsplit(origin).netloc
    cookie = cookie_name(port)
    secure = origin.startswith("https:")

    @web.middleware
    async def guard(request: web.Request, handler: Any) -> web.StreamResponse:
        given_origin = request.headers.get("Origin")
        websocket = request.headers.get("Upgrade", "").lower() == "websocket"
        if (request.host or "").lower() != netloc:
            return refusal()
        if (given_origin is not None or websocket) and (given_origin or "").lower() != origin:
            return refusal()
        from_query = request.query.get(QUERY)
        if token_matches(from_query, token):
            response = await handler(request)
            if not response.prepared:
                response.set_cookie(cookie, token, httponly=True, samesite="Strict", path="/", secure=secure)
                response.headers["Cache-Control"] = "no-store"
                response.headers["Referrer-Policy"] = "no-referrer"
            return response
        if from_query is None and token_matches(request.cookies.get(cookie), token):
            return await handler(request)
        return refusal()

    return guard


class Redact(logging.Filter):
    """Replaces the token in any log record, whoever logs it (aiohttp, textual-serve, a library)."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.token in message:
            record.msg, record.args = message.replace(self.token, "[token]"), ()
        record.exc_info = record.exc_text = None  # no traceback reaches the secretary's terminal
        record.stack_info = None
        return True


def tls_context(cert: Path, key: Path) -> ssl.SSLContext:
    """The server's TLS context from a PEM certificate (chain) and its private key; :class:`ServeError` if unusable."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    try:
        context.load_cert_chain(str(cert), str(key))
    except (OSError, ssl.SSLError) as exc:
        reason = getattr(exc, "strerror", None) or getattr(exc, "reason", None) or str(exc)
        raise ServeError("Cannot use the certificate {cert} with the key {key} ({reason}); check both PEM files.", cert=str(cert),
                         key=str(key), reason=reason) from None
    return context


async def _ended(process: asyncio.subprocess.Process | None, timeout: float = 5.0) -> None:
    """Wait for a session's app process to exit after it was asked to quit; kill it if it does not."""
    if process is None or process.returncode is not None:
        return
    try:
        await asyncio.wait_for(process.wait(), timeout)
    except (asyncio.TimeoutError, asyncio.CancelledError):
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        await process.wait()


def build_server(folder: Path, host: str, port: int, token: str, lang: str, *,
                 tls: ssl.SSLContext | None = None, out: TextIO | None = None) -> Server:
    """A textual-serve ``Server`` for the conference at ``folder`` behind the token, on ``host:port``."""
    import aiohttp_jinja2
    from aiohttp import WSCloseCode, web
    from textual_serve.server import Server

    if not token:
        raise ValueError("empty access token")
    base = public_base(host, port, tls is not None)
    middleware = guard_middleware(token, base, port)
    folder = Path(folder)
    sessions: set[web.WebSocketResponse] = set()  # the open browser sessions

    class GuardedServer(Server):
        """textual-serve's server behind the door, with a desk name per session and no access log."""

        access_token = token
        ssl_context = tls

        async def _make_app(self) -> web.Application:
            app = await super()._make_app()
            app.middlewares.append(middleware)
            app.router.add_get("/ws/{desk}", self.handle_websocket, name="desk-websocket")
            return app

        async def on_startup(self, app: web.Application) -> None:  # the banner would show the URL without token
            return None

        async def handle_index(self, request: web.Request) -> web.StreamResponse:  # type: ignore[override]
            """The desk-name form until the link names the desk; then textual-serve's page for that desk."""
            desk = desk_name(request.query.get(DESK_QUERY))
            if not desk:
                return web.Response(text=desk_form(lang), content_type="text/html", headers={
                    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'"})
            context = await Server.handle_index.__wrapped__(self, request)  # type: ignore[attr-defined]
            context["app_websocket_url"] += "/" + quote(desk, safe="")
            context["application"] = {"name": f"tdkt-tui · {desk}"}
            return aiohttp_jinja2.render_template("app_index.html", request, context)

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            """One browser session: its own app process, under the desk name the page's address carries.

            textual-serve's handler, with this session's command line, and an end that waits for the app process
            (so Ctrl+C with desks open stops every session before the server's loop closes)."""
            from textual_serve.app_service import AppService
            from textual_serve.server import to_int

            desk = desk_name(request.match_info.get("desk"))
            if not desk:
                raise web.HTTPNotFound()
            websocket = web.WebSocketResponse(heartbeat=15)
            await websocket.prepare(request)
            service = AppService(app_command(folder, lang, desk), write_bytes=websocket.send_bytes,
                                 write_str=websocket.send_str, close=websocket.close,
                                 download_manager=self.download_manager)
            sessions.add(websocket)
            shown = out or sys.stdout
            print(_("“{desk}” connected from {address}.", desk=desk, address=request.remote or "?"), file=shown,
                  flush=True)
            try:
                await service.start(to_int(request.query.get("width", "80"), 80),
                                    to_int(request.query.get("height", "24"), 24))
                await self._process_messages(websocket, service)
            finally:
                sessions.discard(websocket)
                await service.stop()
                await _ended(getattr(service, "_process", None))
                await websocket.close()
                print(_("“{desk}” disconnected.", desk=desk), file=shown, flush=True)
            return websocket

        async def on_shutdown(self, app: web.Application) -> None:
            """Close every open session's websocket, so that each stops its app process."""
            await asyncio.gather(*(ws.close(code=WSCloseCode.GOING_AWAY) for ws in list(sessions)),
                                 return_exceptions=True)

        def initialize_logging(self) -> None:
            """Warnings and errors only, one line each, the token redacted; no access log."""
            handler = logging.StreamHandler(sys.stderr)
            handler.addFilter(Redact(token))
            handler.setFormatter(logging.Formatter("%(message)s"))
            logging.basicConfig(level=logging.WARNING, handlers=[handler], force=True)

        def serve(self, debug: bool = False) -> None:
            """Run until Ctrl+C (textual-serve's loop, with TLS and without an access log)."""
            import signal

            from aiohttp.web_runner import GracefulExit

            self.initialize_logging()
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)

            def stop() -> None:
                raise GracefulExit()

            for signum in (signal.SIGINT, signal.SIGTERM):
                try:
                    loop.add_signal_handler(signum, stop)
                except (NotImplementedError, RuntimeError):  # pragma: no cover - Windows
                    pass
            web.run_app(self._make_app(), host=self.host, port=self.port, ssl_context=self.ssl_context,
                        access_log=None, handle_signals=False, loop=loop, print=lambda *args: None)

    return GuardedServer(app_command(folder, lang), host=host, port=port, title="tdkt-tui", public_url=base)


# -- the announcement --------------------------------------------------------------------------------------------


def print_qr(url: str, out: TextIO | None = None) -> None:
    """Print ``url`` as a QR code drawn with text (falls back to plain characters on a non-UTF-8 terminal)."""
    import io

    import qrcode

    out = out or sys.stdout
    qr = qrcode.QRCode(border=2)
    qr.add_data(url)
    qr.make(fit=True)
    buffer = io.StringIO()
    qr.print_ascii(out=buffer, invert=True)
    text = buffer.getvalue()
    try:
        text.encode(out.encoding or "utf-8")
    except (UnicodeEncodeError, LookupError):
        text = "\n".join("".join("##" if cell else "  " for cell in row) for row in qr.get_matrix()) + "\n"
    out.write(text)
    out.flush()


def announce(server: Server, token: str, host: str, folder: Path, out: TextIO | None = None) -> str:
    """Print the link (with its token), its QR code and, off loopback, a warning; returns the link."""
    out = out or sys.stdout
    url = access_url(server.public_url, token)
    if not is_loopback(host):
        print(_("Warning: listening on {host}, so other computers on the network can reach this server; "
                "only people with the link (and its token) get in.", host=host), file=out)
        if not getattr(server, "ssl_context", None):
            print(_("The link travels unencrypted: on a shared network, serve with --cert and --key."), file=out)
    print(_("Open this link in a browser (it contains the access token): {url}", url=url), file=out)
    print_qr(url, out)
    print(_("Each page opened in a browser runs its own copy of the app on {folder} and first asks for its desk "
            "name (add &desk=Desk 2 to the link to skip the question); press Ctrl+C to stop.",
            folder=Path(folder).resolve()), file=out)
    out.flush()
    return url


def serve(folder: Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, token: str | None = None,
          lang: str = "vi", cert: Path | None = None, key: Path | None = None) -> None:
    """Serve the app at ``folder`` to browsers until Ctrl+C (blocking)."""
    lang = choose_language(lang)
    set_language(lang)
    token = check_token(token) if token is not None else new_token()
    if (cert is None) != (key is None):
        raise ServeError("Give --cert and --key together: the certificate and its private key.")
    tls = tls_context(cert, key) if cert is not None and key is not None else None
    os.umask(0o077)  # every file this server and its sessions write is the user's alone
    server = build_server(Path(folder), host, port, token, lang, tls=tls)
    announce(server, token, host, Path(folder))
    server.serve()
