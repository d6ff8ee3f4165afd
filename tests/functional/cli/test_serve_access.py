"""Who can reach ``netjournal serve``: only the holder of this run's token, from its own page.

Each test starts the real aiohttp application on 127.0.0.1 on an ephemeral port
(aiohttp's TestServer) and stops it on the way out. Without the token, with a
wrong one, or a WebSocket from another origin: HTTP 403, and no app process
starts. End to end: ``netjournal serve`` prints its URL, the page it serves
leads to the WebSocket, and the real app's screen arrives over it.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer, unused_port

from netjournal.cli.commands.serve import served_command
from netjournal.web import app as web_app

TOKEN = web_app.new_token()
# Bounds a hang, never a speed: the app may take seconds to start on a busy machine.
APP_START_BOUND = 120


class Served:
    def __init__(self, client: TestClient[web.Request, web.Application], port: int):
        self.client = client
        self.port = port
        self.origin = f"http://127.0.0.1:{port}"


@pytest.fixture
async def served(tmp_path: Path) -> AsyncIterator[Served]:
    port = unused_port()
    command = served_command(argparse.Namespace(data_dir=str(tmp_path / "data"), serve_demo=False))
    app = web_app.make_web_app(command, port=port, token=TOKEN)
    async with TestClient(TestServer(app, host="127.0.0.1", port=port)) as client:
        yield Served(client, port)


# Parameters name the token as "{token}", so that every xdist worker collects the same ids.
@pytest.mark.parametrize(
    "query", ["", "?token=", "?token=not-the-token", "?token={token_but_last}", "?tok={token}"]
)
async def test_the_page_without_the_right_token_is_refused(served: Served, query: str) -> None:
    response = await served.client.get("/" + query.format(token=TOKEN, token_but_last=TOKEN[:-1]))
    assert response.status == 403
    assert "app_websocket_url" not in await response.text()


async def test_the_page_with_the_token_is_served_with_its_websocket_url(served: Served) -> None:
    response = await served.client.get(f"/?token={TOKEN}")
    assert response.status == 200
    page = await response.text()
    assert f'data-session-websocket-url="ws://127.0.0.1:{served.port}/ws/{TOKEN}"' in page
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["Referrer-Policy"] == "no-referrer"


async def test_the_page_asks_nothing_of_any_other_site(served: Served) -> None:
    page = await (await served.client.get(f"/?token={TOKEN}")).text()
    urls = re.findall(r"(?:https?|wss?)://[^\s\"'<>)]+", page)
    assert urls, "the page names its own static files and websocket"
    own = (served.origin + "/", f"ws://127.0.0.1:{served.port}/")
    assert [u for u in urls if not u.startswith(own)] == []
    assert "googleapis" not in page and "@import" not in page
    # Everything it loads is here, so it works offline.
    for url in urls:
        if url.startswith(served.origin):
            path = url.removeprefix(served.origin)
            assert (await served.client.get(path)).status == 200, path


async def test_a_download_needs_the_token_or_the_cookie_the_page_sets(served: Served) -> None:
    assert (await served.client.get("/download/some-key")).status == 403
    assert (await served.client.get(f"/download/some-key?token={TOKEN}x")).status == 403
    # With the cookie the page sets, the request reaches textual-serve (no such download: 404).
    page = await served.client.get(f"/?token={TOKEN}")
    cookie = page.cookies[f"netjournal_token_{served.port}"]
    assert cookie.value == TOKEN and cookie["httponly"] and cookie["samesite"] == "Strict"
    cookie_header = {"Cookie": f"{cookie.key}={cookie.value}"}
    assert (await served.client.get("/download/some-key", headers=cookie_header)).status == 404


@pytest.mark.parametrize(
    ("path", "origin"),
    [
        ("/ws/", "own"),  # no token
        ("/ws", "own"),
        ("/ws/not-the-token", "own"),
        ("/ws/{token}", "http://evil.example.com"),  # right token, someone else's page
        ("/ws/{token}", "http://localhost:{port}"),
        ("/ws/{token}", "http://127.0.0.1:1"),
        ("/ws/{token}", "null"),
        ("/ws/{token}", None),  # not a browser page at all
    ],
)
async def test_a_websocket_without_the_token_or_from_another_origin_is_refused(
    served: Served, path: str, origin: str | None
) -> None:
    headers = {}
    if origin is not None:
        headers["Origin"] = served.origin if origin == "own" else origin.format(port=served.port)
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await served.client.ws_connect(path.format(token=TOKEN), headers=headers)
    assert refused.value.status == 403


async def test_with_the_printed_url_from_its_own_page_the_screen_arrives(tmp_path: Path) -> None:
    """End to end, as a browser would: run ``netjournal serve``, open the URL it
    prints, follow the page to its WebSocket, and read the app's first screen."""
    port = unused_port()
    server = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "netjournal",
        "--data-dir",
        str(tmp_path / "data"),
        "serve",
        "--port",
        str(port),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        async with asyncio.timeout(APP_START_BOUND):
            # Printed once the port listens (aiohttp's start-up hook), so no retrying.
            line = (await server.stdout.readline()).decode()  # type: ignore[union-attr]
            [url] = re.findall(r"http://127\.0\.0\.1:\d+/\?token=[\w-]+", line)
            async with aiohttp.ClientSession() as browser:
                async with browser.get(url) as page:
                    assert page.status == 200
                    html = await page.text()
                [ws_url] = re.findall(r'data-session-websocket-url="([^"]+)"', html)
                origin = f"http://127.0.0.1:{port}"
                async with browser.ws_connect(
                    f"{ws_url}?width=80&height=24", headers={"Origin": origin}
                ) as ws:
                    screen = b""
                    while len(screen) < 10:  # textual.js shows the terminal past 10 bytes
                        message = await ws.receive()
                        assert message.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT)
                        if message.type == aiohttp.WSMsgType.BINARY:
                            screen += message.data
                    assert b"\x1b[" in screen  # terminal output of the running app
    finally:
        if server.returncode is None:
            server.send_signal(signal.SIGINT)  # ctrl+c, as the user stops it
        async with asyncio.timeout(APP_START_BOUND):
            await server.communicate()
    assert server.returncode == 0
