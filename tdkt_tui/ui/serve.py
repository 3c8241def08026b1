"""``tdkt serve``: the app in browsers, one process per browser session, behind an access token.

Serving is built on ``textual-serve``: every browser session runs its own ``python -m tdkt_tui PATH``, so several
desks work on the same conference folder at once. Every request (the page, its assets, the websocket, downloads)
must carry the token: as ``?token=`` on the first page load, then as an HttpOnly, SameSite=Strict cookie set by
that load. Anything else gets a 403 with one short sentence and nothing more.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
import shlex
import socket
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import quote

from tdkt_tui.domain.i18n import _, choose_language, set_language

if TYPE_CHECKING:  # pragma: no cover
    from textual_serve.server import Server

COOKIE = "tdkt_token"
QUERY = "token"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
ANY_ADDRESS = ("", "0.0.0.0", "::")


def new_token() -> str:
    """A fresh random access token (URL-safe)."""
    return secrets.token_urlsafe(16)


def token_matches(given: str | None, token: str) -> bool:
    """Whether ``given`` is the access token (constant-time comparison)."""
    if not given:
        return False
    return hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8"))


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


def public_base(host: str, port: int) -> str:
    """The base URL browsers use: the bind address, or the LAN address when bound to every interface."""
    shown = _lan_address() if host in ANY_ADDRESS else host
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    return f"http://{shown}:{port}"


def access_url(base: str, token: str) -> str:
    """The link to open, token included."""
    return f"{base.rstrip('/')}/?{QUERY}={quote(token, safe='')}"


def app_command(folder: Path, lang: str) -> str:
    """The shell command textual-serve runs for each browser session."""
    parts = [sys.executable, "-m", "tdkt_tui", str(Path(folder).resolve()), "--lang", lang]
    return " ".join(shlex.quote(part) for part in parts)


def token_middleware(token: str) -> Any:
    """An aiohttp middleware refusing (403) every request that lacks the token, and setting the cookie."""
    from aiohttp import web

    @web.middleware
    async def check_token(request: web.Request, handler: Any) -> web.StreamResponse:
        from_query = request.query.get(QUERY)
        if token_matches(from_query, token):
            response = await handler(request)
            if not response.prepared:
                response.set_cookie(COOKIE, token, httponly=True, samesite="Strict", path="/")
                response.headers["Cache-Control"] = "no-store"
                response.headers["Referrer-Policy"] = "no-referrer"
            return response
        if from_query is None and token_matches(request.cookies.get(COOKIE), token):
            return await handler(request)
        return web.Response(status=403, text=_("Access denied: open the link printed by tdkt serve, token "
                                               "included.") + "\n")

    return check_token


def build_server(folder: Path, host: str, port: int, token: str, lang: str) -> Server:
    """A textual-serve ``Server`` for the conference at ``folder`` that checks ``token`` on every request."""
    from textual_serve.server import Server

    if not token:
        raise ValueError("empty access token")
    middleware = token_middleware(token)

    class TokenServer(Server):
        """textual-serve's server with the token check on every route (page, static files, websocket)."""

        access_token = token

        async def _make_app(self) -> Any:
            app = await super()._make_app()
            app.middlewares.append(middleware)
            return app

        async def on_startup(self, app: Any) -> None:  # textual-serve's banner shows the URL without the token
            return None

    return TokenServer(app_command(folder, lang), host=host, port=port, title="tdkt-tui",
                       public_url=public_base(host, port))


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
    print(_("Open this link in a browser (it contains the access token): {url}", url=url), file=out)
    print_qr(url, out)
    print(_("Each browser tab runs its own copy of the app on {folder}. Press Ctrl+C to stop.",
            folder=Path(folder).resolve()), file=out)
    out.flush()
    return url


def serve(folder: Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, token: str | None = None,
          lang: str = "vi") -> None:
    """Serve the app at ``folder`` to browsers until Ctrl+C (blocking)."""
    lang = choose_language(lang)
    set_language(lang)
    token = token or new_token()
    server = build_server(Path(folder), host, port, token, lang)
    announce(server, token, host, Path(folder))
    server.serve()
