"""``tdkt serve``: the token guards every route; the page is served only with it. Localhost traffic only."""

from __future__ import annotations

import io
import shlex
import sys
from pathlib import Path

import pytest

pytest.importorskip("textual_serve")

from aiohttp import WSServerHandshakeError, web  # noqa: E402
from aiohttp.test_utils import TestClient, TestServer  # noqa: E402

from tdkt_tui.domain import i18n  # noqa: E402
from tdkt_tui.ui import serve  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "s3cret-Token_value"


@pytest.fixture
async def client(tmp_path: Path):
    server = serve.build_server(tmp_path, "127.0.0.1", 8000, TOKEN, "en")
    app = await server._make_app()
    async with TestClient(TestServer(app, host="127.0.0.1")) as test_client:
        yield test_client


async def _denied(response) -> None:
    assert response.status == 403
    body = await response.text()
    assert "Access denied" in body or "truy cập" in body
    assert "<html" not in body.lower() and "textual" not in body.lower()
    assert len(body) < 200
    assert "Set-Cookie" not in response.headers


async def test_no_token_is_refused(client: TestClient) -> None:
    await _denied(await client.get("/"))
    await _denied(await client.get("/static/css/xterm.css"))
    await _denied(await client.get("/download/anything"))


async def test_wrong_token_is_refused(client: TestClient) -> None:
    await _denied(await client.get("/", params={"token": "wrong"}))
    await _denied(await client.get("/", params={"token": TOKEN + "x"}))
    await _denied(await client.get("/", params={"token": ""}))
    await _denied(await client.get("/", params={"token": "tổng"}))
    client.session.cookie_jar.update_cookies({serve.COOKIE: "wrong"})
    await _denied(await client.get("/"))


async def test_right_token_serves_the_page_and_sets_the_cookie(client: TestClient) -> None:
    response = await client.get("/", params={"token": TOKEN})
    assert response.status == 200
    page = await response.text()
    assert "<html" in page.lower() and "/ws" in page
    cookie = response.headers["Set-Cookie"]
    assert f"{serve.COOKIE}={TOKEN}" in cookie
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    again = await client.get("/")  # the cookie alone now lets the browser in
    assert again.status == 200
    assert "<html" in (await again.text()).lower()


async def test_a_wrong_query_token_wins_over_a_good_cookie(client: TestClient) -> None:
    assert (await client.get("/", params={"token": TOKEN})).status == 200
    await _denied(await client.get("/", params={"token": "wrong"}))


async def test_websocket_without_the_cookie_is_refused(client: TestClient) -> None:
    with pytest.raises(WSServerHandshakeError) as error:
        await client.ws_connect("/ws")
    assert error.value.status == 403
    with pytest.raises(WSServerHandshakeError) as error:
        await client.ws_connect("/ws", params={"token": "wrong"})
    assert error.value.status == 403


async def test_websocket_with_the_cookie_gets_through(tmp_path: Path) -> None:
    server = serve.build_server(tmp_path, "127.0.0.1", 8000, TOKEN, "en")

    async def handle_websocket(request: web.Request) -> web.WebSocketResponse:  # no app process: only the door
        websocket = web.WebSocketResponse()
        await websocket.prepare(request)
        await websocket.send_str("hello")
        await websocket.close()
        return websocket

    server.handle_websocket = handle_websocket
    app = await server._make_app()
    async with TestClient(TestServer(app, host="127.0.0.1")) as test_client:
        assert (await test_client.get("/", params={"token": TOKEN})).status == 200
        ws = await test_client.ws_connect("/ws")
        assert (await ws.receive_str()) == "hello"
        await ws.close()


def test_token_and_url_helpers(tmp_path: Path) -> None:
    assert len(serve.new_token()) >= 20 and serve.new_token() != serve.new_token()
    assert serve.token_matches(TOKEN, TOKEN)
    assert not serve.token_matches(None, TOKEN) and not serve.token_matches("x", TOKEN)
    assert serve.access_url("http://127.0.0.1:8000", "a b") == "http://127.0.0.1:8000/?token=a%20b"
    assert serve.is_loopback("127.0.0.1") and serve.is_loopback("localhost") and serve.is_loopback("::1")
    assert not serve.is_loopback("0.0.0.0") and not serve.is_loopback("192.168.1.5")
    command = shlex.split(serve.app_command(tmp_path / "hội nghị", "vi"))
    assert command == [sys.executable, "-m", "tdkt_tui", str((tmp_path / "hội nghị").resolve()), "--lang", "vi"]


def test_build_server_defaults_to_the_given_bind(tmp_path: Path) -> None:
    server = serve.build_server(tmp_path, "127.0.0.1", 8123, TOKEN, "vi")
    assert server.host == "127.0.0.1" and server.port == 8123
    assert server.public_url == "http://127.0.0.1:8123"
    with pytest.raises(ValueError):
        serve.build_server(tmp_path, "127.0.0.1", 8123, "", "vi")


def test_announce_prints_the_link_and_a_qr(tmp_path: Path) -> None:
    i18n.set_language("en")
    try:
        server = serve.build_server(tmp_path, "127.0.0.1", 8000, TOKEN, "en")
        out = io.StringIO()
        url = serve.announce(server, TOKEN, "127.0.0.1", tmp_path, out)
        text = out.getvalue()
        assert url == f"http://127.0.0.1:8000/?token={TOKEN}"
        assert url in text and "Warning" not in text
        assert len(text.splitlines()) > 15  # the QR code
        out = io.StringIO()
        serve.announce(server, TOKEN, "0.0.0.0", tmp_path, out)
        assert out.getvalue().startswith("Warning: listening on 0.0.0.0")
    finally:
        i18n.set_language("vi")
