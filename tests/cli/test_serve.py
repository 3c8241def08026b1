"""``tdkt serve``: the token, the served address and the origin guard every route; each browser session is a desk.

In-process tests drive the aiohttp application with its test client (localhost only); the process tests start the
real ``tdkt serve`` and read everything it printed. A real browser is in ``test_browser_desk.py``.
"""

from __future__ import annotations

import asyncio
import io
import logging
import os
import shlex
import shutil
import ssl
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("textual_serve")

import aiohttp  # noqa: E402
import textual_serve.app_service  # noqa: E402
from aiohttp import WSServerHandshakeError  # noqa: E402
from aiohttp.test_utils import TestClient, TestServer  # noqa: E402
from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tdkt_tui.domain import i18n  # noqa: E402
from tdkt_tui.domain.demo import write_demo  # noqa: E402
from tdkt_tui.ui import serve  # noqa: E402
from tests.helpers.serving import free_port, start_serve  # noqa: E402

TOKEN = "s3cret-Token_value-0123456789abcdef"


@pytest.fixture
def port() -> int:
    return free_port()


@pytest.fixture
def base(port: int) -> str:
    return f"http://127.0.0.1:{port}"


async def _client(folder: Path, port: int, server: object | None = None) -> TestClient:
    server = server or serve.build_server(folder, "127.0.0.1", port, TOKEN, "en")
    app = await server._make_app()  # type: ignore[attr-defined]
    return TestClient(TestServer(app, host="127.0.0.1", port=port))


@pytest.fixture
async def client(tmp_path: Path, port: int):
    async with await _client(tmp_path, port) as test_client:
        yield test_client


async def _denied(response: aiohttp.ClientResponse) -> None:
    assert response.status == 403
    body = await response.text()
    assert body == "Access denied: open the link printed by tdkt serve, token included.\n"
    assert "Set-Cookie" not in response.headers


@pytest.fixture(autouse=True)
def english():
    i18n.set_language("en")
    yield
    i18n.set_language("vi")


# -- the token ---------------------------------------------------------------------------------------------------


async def test_no_token_is_refused(client: TestClient) -> None:
    await _denied(await client.get("/"))
    await _denied(await client.get("/static/css/xterm.css"))
    await _denied(await client.get("/download/anything"))


async def test_wrong_token_is_refused(client: TestClient, port: int) -> None:
    await _denied(await client.get("/", params={"token": "wrong"}))
    await _denied(await client.get("/", params={"token": TOKEN + "x"}))
    await _denied(await client.get("/", params={"token": ""}))
    await _denied(await client.get("/", params={"token": "tổng"}))
    client.session.cookie_jar.update_cookies({serve.cookie_name(port): "wrong"})
    await _denied(await client.get("/"))


async def test_the_link_sets_this_ports_cookie_and_asks_for_the_desk(client: TestClient, port: int) -> None:
    response = await client.get("/", params={"token": TOKEN})
    assert response.status == 200
    page = await response.text()
    assert "Name of this desk in the scan log:" in page and 'name="desk"' in page and "/ws" not in page
    cookie = response.headers["Set-Cookie"]
    assert f"tdkt_token_{port}={TOKEN}" in cookie
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Secure" not in cookie
    assert response.headers["Cache-Control"] == "no-store" and response.headers["Referrer-Policy"] == "no-referrer"
    named = await client.get("/", params={"desk": "Bàn 2"})  # the form's answer: the cookie alone lets it in
    assert named.status == 200
    page = await named.text()
    assert f'data-session-websocket-url="ws://127.0.0.1:{port}/ws/B%C3%A0n%202"' in page
    assert "tdkt-tui · Bàn 2" in page


async def test_a_wrong_query_token_wins_over_a_good_cookie(client: TestClient) -> None:
    assert (await client.get("/", params={"token": TOKEN})).status == 200
    await _denied(await client.get("/", params={"token": "wrong"}))


async def test_the_cookie_of_a_server_on_another_port_does_not_count(client: TestClient, port: int) -> None:
    client.session.cookie_jar.update_cookies({serve.cookie_name(port + 1): TOKEN, "tdkt_token": TOKEN})
    await _denied(await client.get("/"))
    # ... and it does not get in the way: both cookies are sent, each server reads its own
    client.session.cookie_jar.update_cookies({serve.cookie_name(port): TOKEN})
    assert (await client.get("/", params={"desk": "A"})).status == 200


# -- Host and Origin ---------------------------------------------------------------------------------------------


async def test_a_foreign_origin_or_host_is_refused(client: TestClient, port: int, base: str) -> None:
    for origin in (f"http://127.0.0.1:{port + 1}", "http://evil.example", f"https://127.0.0.1:{port}", "null"):
        await _denied(await client.get("/", params={"token": TOKEN}, headers={"Origin": origin}))
    for host in (f"evil.example:{port}", f"localhost:{port}", f"127.0.0.1:{port + 1}", "127.0.0.1"):
        await _denied(await client.get("/", params={"token": TOKEN}, headers={"Host": host}))
    ok = await client.get("/", params={"token": TOKEN}, headers={"Origin": base})
    assert ok.status == 200


async def test_the_websocket_needs_the_cookie_and_the_served_origin(client: TestClient, port: int,
                                                                    base: str) -> None:
    attempts = [({"Origin": base}, {}), ({"Origin": base}, {"token": "wrong"})]
    for headers, params in attempts:
        with pytest.raises(WSServerHandshakeError) as error:
            await client.ws_connect("/ws/Desk", headers=headers, params=params)
        assert error.value.status == 403
    assert (await client.get("/", params={"token": TOKEN})).status == 200
    for headers in ({}, {"Origin": f"http://127.0.0.1:{port + 1}"}, {"Origin": "http://evil.example"}):
        with pytest.raises(WSServerHandshakeError) as error:  # the cookie alone is not enough
            await client.ws_connect("/ws/Desk", headers=headers)
        assert error.value.status == 403


class FakeSession:
    """Stands in for textual-serve's AppService: records the session's command line, greets, and ends."""

    commands: list[str] = []

    def __init__(self, command: str, *, write_str, close, **kwargs) -> None:
        self.commands.append(command)
        self.write_str = write_str

    async def start(self, width: int, height: int) -> None:
        await self.write_str("hello")

    async def stop(self) -> None:
        return None


async def test_each_websocket_session_runs_the_app_under_its_own_desk(tmp_path: Path, port: int, base: str,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(textual_serve.app_service, "AppService", FakeSession)
    FakeSession.commands = []
    out = io.StringIO()
    server = serve.build_server(tmp_path, "127.0.0.1", port, TOKEN, "en", out=out)
    async with await _client(tmp_path, port, server) as client:
        assert (await client.get("/", params={"token": TOKEN})).status == 200
        for desk in ("Bàn 2", "Cửa Đông; rm -rf ~"):
            ws = await client.ws_connect("/ws/" + desk, headers={"Origin": base})
            assert (await ws.receive_str()) == "hello"
            await ws.close()
        with pytest.raises(WSServerHandshakeError) as error:  # a session without a desk name is not started
            await client.ws_connect("/ws", headers={"Origin": base})
        assert error.value.status == 404
    folder = str(tmp_path.resolve())
    assert [shlex.split(c) for c in FakeSession.commands] == [
        [sys.executable, "-m", "tdkt_tui", folder, "--lang", "en", "--desk", "Bàn 2"],
        [sys.executable, "-m", "tdkt_tui", folder, "--lang", "en", "--desk", "Cửa Đông rm -rf"],
    ]
    assert "“Bàn 2” connected from 127.0.0.1." in out.getvalue() and "“Bàn 2” disconnected." in out.getvalue()


# -- helpers -----------------------------------------------------------------------------------------------------


def test_tokens_need_128_bits() -> None:
    token = serve.new_token()
    assert len(token) == 32 and token != serve.new_token() and serve.check_token(token) == token
    for strong in ("A" * 11 + "b-" * 4 + "x_" + "0" * 3, "0123456789abcdef" * 2, "Z" * 25):
        assert serve.check_token(strong) == strong
    for weak in ("a", "", "A" * 10 + "b-" * 5, "f" * 31, "x y" * 20, "tổng" * 20, "a;b" * 20):
        with pytest.raises(serve.ServeError) as error:
            serve.check_token(weak)
        assert str(error.value).startswith("The access token must have at least 128 bits")
    assert serve.token_bits("f" * 32) == 128 and serve.token_bits("a" * 22) < 128 < serve.token_bits("a-" * 11)


def test_desk_names() -> None:
    assert serve.desk_name("  Ba\u0300n   2 ") == "Bàn 2"  # Unikey's NFD typed into the form
    assert serve.desk_name("Cửa (Đông) #1") == "Cửa (Đông) #1"
    assert serve.desk_name("<script>&'\"`$|%;") == "script"
    assert serve.desk_name(None) == "" and serve.desk_name("  ;; ") == ""
    assert len(serve.desk_name("x" * 100)) == 40


@given(st.text(max_size=60))
def test_any_desk_name_is_one_safe_argument(raw: str) -> None:
    desk = serve.desk_name(raw)
    assert all(ch.isalnum() or ch in " -_.#()" for ch in desk) and len(desk) <= 40
    command = shlex.split(serve.app_command(Path("/tmp/hội nghị"), "vi", desk))
    assert command[:6] == [sys.executable, "-m", "tdkt_tui", str(Path("/tmp/hội nghị").resolve()), "--lang", "vi"]
    assert command[6:] == (["--desk", desk] if desk else [])


def test_url_helpers() -> None:
    assert serve.token_matches(TOKEN, TOKEN)
    assert not serve.token_matches(None, TOKEN) and not serve.token_matches("x", TOKEN)
    assert serve.access_url("http://127.0.0.1:8000", "a b") == "http://127.0.0.1:8000/?token=a%20b"
    assert serve.is_loopback("127.0.0.1") and serve.is_loopback("localhost") and serve.is_loopback("::1")
    assert not serve.is_loopback("0.0.0.0") and not serve.is_loopback("192.168.1.5")
    assert serve.public_base("127.0.0.1", 8443, tls=True) == "https://127.0.0.1:8443"
    assert serve.public_base("::1", 8000) == "http://[::1]:8000"
    assert serve.cookie_name(8000) != serve.cookie_name(8001)


def test_build_server_defaults_to_the_given_bind(tmp_path: Path) -> None:
    server = serve.build_server(tmp_path, "127.0.0.1", 8123, TOKEN, "vi")
    assert server.host == "127.0.0.1" and server.port == 8123
    assert server.public_url == "http://127.0.0.1:8123"
    with pytest.raises(ValueError):
        serve.build_server(tmp_path, "127.0.0.1", 8123, "", "vi")


def test_announce_prints_the_link_and_a_qr(tmp_path: Path) -> None:
    server = serve.build_server(tmp_path, "127.0.0.1", 8000, TOKEN, "en")
    out = io.StringIO()
    url = serve.announce(server, TOKEN, "127.0.0.1", tmp_path, out)
    text = out.getvalue()
    assert url == f"http://127.0.0.1:8000/?token={TOKEN}"
    assert url in text and "Warning" not in text and "&desk=Desk 2" in text
    assert len(text.splitlines()) > 15  # the QR code
    out = io.StringIO()
    serve.announce(server, TOKEN, "0.0.0.0", tmp_path, out)
    assert out.getvalue().startswith("Warning: listening on 0.0.0.0")
    assert "--cert and --key" in out.getvalue()


def test_log_records_never_carry_the_token() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(serve.Redact(TOKEN))
    logger = logging.getLogger("tdkt-test-redact")
    logger.addHandler(handler)
    try:
        logger.warning('"GET /?token=%s HTTP/1.1" 200', TOKEN)
        try:
            raise RuntimeError(TOKEN)
        except RuntimeError:
            logger.exception("failed")
    finally:
        logger.removeHandler(handler)
    assert TOKEN not in stream.getvalue() and "/?token=[token]" in stream.getvalue()
    assert "Traceback" not in stream.getvalue()


# -- the real process --------------------------------------------------------------------------------------------


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    write_demo(tmp_path / "demo").close()
    return tmp_path / "demo"


def test_a_weak_token_or_a_lone_certificate_is_refused_in_one_sentence(folder: Path, tmp_path: Path) -> None:
    for args, start in ((["--token", "a"], "Error: The access token must have at least 128 bits"),
                        (["--cert", str(tmp_path / "c.pem")], "Error: Give --cert and --key together"),
                        (["--cert", str(tmp_path / "c.pem"), "--key", str(tmp_path / "k.pem")],
                         f"Error: Cannot use the certificate {tmp_path / 'c.pem'} with the key")):
        done = subprocess.run([sys.executable, "-m", "tdkt_tui", "serve", str(folder), "--lang", "en", *args],
                              capture_output=True, text=True, encoding="utf-8", timeout=60)
        assert done.returncode == 1 and done.stdout == ""
        assert done.stderr.startswith(start) and done.stderr.count("\n") == 1, done.stderr


async def test_the_token_never_reaches_the_log_and_sessions_write_private_files(folder: Path,
                                                                                private_home: Path) -> None:
    served = start_serve(folder)
    token = served.url.split("token=")[1]
    origin = f"http://127.0.0.1:{served.port}"
    try:
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
            for _ in range(3):  # every first load, as a new browser would
                session.cookie_jar.clear()
                async with session.get(served.url + "&desk=Bàn%202") as response:
                    assert response.status == 200
                async with session.get(f"{origin}/static/css/xterm.css") as response:
                    assert response.status == 200
            async with session.get(f"{origin}/?token=wrong") as response:
                assert response.status == 403
            ws = await session.ws_connect(f"{origin}/ws/B%C3%A0n%202?width=80&height=24",
                                          headers={"Origin": origin})
            seen = b""
            while b"Dashboard" not in seen:  # the app started and drew the dashboard
                message = await ws.receive(timeout=30)
                assert message.type == aiohttp.WSMsgType.BINARY, message
                seen += message.data
            stopping = asyncio.create_task(asyncio.to_thread(served.stop))  # Ctrl+C with a desk open
            while message.type == aiohttp.WSMsgType.BINARY:  # the server closes the session, then stops
                message = await ws.receive(timeout=20)
            assert message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED), message
            await stopping
    finally:
        out, err = served.stop()
    assert out.count(token) == 1, out  # the printed link, and nowhere else
    assert token not in err, err
    assert "“Bàn 2” connected from 127.0.0.1." in out and "“Bàn 2” disconnected." in out
    if os.name == "posix":
        written = [p for p in private_home.rglob("*") if p.is_file()]
        assert written, "the session wrote nothing to its home folder"
        assert all(p.stat().st_mode & 0o077 == 0 for p in written), [(p, oct(p.stat().st_mode)) for p in written]


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is not installed to make a test certificate")
async def test_tls_serves_https_with_a_secure_cookie(folder: Path, tmp_path: Path) -> None:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                    "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out",
                    str(cert)], check=True, capture_output=True, timeout=60)
    served = start_serve(folder, "--cert", str(cert), "--key", str(key))
    try:
        assert served.url.startswith(f"https://127.0.0.1:{served.port}/?token=")
        trusting = ssl.create_default_context(cafile=str(cert))
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
            async with session.get(served.url, ssl=trusting) as response:
                assert response.status == 200
                cookie = response.headers["Set-Cookie"]
                assert "Secure" in cookie and "HttpOnly" in cookie
            with pytest.raises(aiohttp.ClientError):  # plain http is not spoken at all
                async with session.get(served.url.replace("https:", "http:")) as response:
                    await response.read()
    finally:
        out, err = served.stop()
    assert "--cert and --key" not in out and err == ""
