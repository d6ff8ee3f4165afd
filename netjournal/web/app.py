"""The web app behind ``netjournal serve``: textual-serve's handlers behind a guard.

textual-serve's own server (``Server.serve``) answers anyone who can reach its
port: every local account, and every web page open in the user's browser (a
page on any site may open a WebSocket to ``127.0.0.1``; the browser sends its
``Origin`` but textual-serve does not look at it). Whoever connects gets the
journal's screen and can type into it. So this module builds the aiohttp
application itself, with aiohttp's public API, and routes to textual-serve's
public request handlers (``Server.handle_websocket``, ``Server.handle_download``)
only through :func:`guard`:

- every request but the static assets must carry this run's secret token (a
  ``?token=`` on the page, in the path of the WebSocket, in a cookie the page
  sets for downloads, whose URL textual.js builds without a query we control),
  compared in constant time; otherwise HTTP 403;
- a WebSocket must come from a page of this very server (its ``Origin`` is
  ``http://127.0.0.1:PORT``), so a page elsewhere that somehow learned the
  token still cannot drive the journal.

The page is our copy of textual-serve's template without its web-font link:
the font comes from textual-serve's static folder, and a Content-Security-Policy
keeps the page from reaching any other origin, so it works offline and tells
no third party that (or when) the journal is open. The static assets (xterm's
CSS, textual.js, fonts, a background image) are textual-serve's own files, the
same for everyone, so they are served without the token.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable
from pathlib import Path

import aiohttp_jinja2
import jinja2
from aiohttp import web
from aiohttp.typedefs import Handler
from textual_serve.server import Server, to_int

HOST = "127.0.0.1"
TOKEN_BYTES = 32  # 256 random bits; the issue asks for at least 128
TEMPLATES = Path(__file__).parent / "templates"


def new_token() -> str:
    """A fresh secret for one run of the server, safe in a URL."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def origin(port: int) -> str:
    """The origin a browser reports for pages of this server."""
    return f"http://{HOST}:{port}" if port != 80 else f"http://{HOST}"


def page_url(port: int, token: str) -> str:
    """The one URL to open: the page, with this run's token."""
    return f"{origin(port)}/?token={token}"


class Guard:
    """This run's token and port: what a request must show to be served."""

    def __init__(self, token: str, port: int) -> None:
        self.token = token
        self.port = port
        # Cookies are scoped by host, not port: name it by port so two servers
        # on this computer do not overwrite each other's.
        self.cookie = f"netjournal_token_{port}"

    def token_ok(self, request: web.Request) -> bool:
        offered = (
            request.query.get("token")
            or request.match_info.get("token")
            or request.cookies.get(self.cookie)
            or ""
        )
        return hmac.compare_digest(offered.encode(), self.token.encode())

    def origin_ok(self, request: web.Request) -> bool:
        return request.headers.get("Origin") == origin(self.port)

    def content_security_policy(self) -> str:
        own = origin(self.port)
        ws = "ws" + own.removeprefix("http")
        # textual.js and xterm write inline <style>s and the page has one inline
        # <script>; everything else must come from this server.
        return (
            "default-src 'self'; script-src 'self' 'unsafe-inline'; "
            "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
            f"connect-src 'self' {ws}; frame-ancestors 'none'; base-uri 'none'; "
            "form-action 'none'"
        )


_GUARD_KEY = web.AppKey("netjournal_guard", Guard)


@web.middleware
async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Refuse (403) what lacks the token, and WebSockets from any other origin."""
    if request.path.startswith("/static/"):
        return await handler(request)
    checks = request.app[_GUARD_KEY]
    if not checks.token_ok(request):
        raise web.HTTPForbidden(text="netjournal: open the URL that `netjournal serve` printed\n")
    if request.path.startswith("/ws/") and not checks.origin_ok(request):
        raise web.HTTPForbidden(text="netjournal: WebSocket from another origin refused\n")
    return await handler(request)


async def index(request: web.Request) -> web.StreamResponse:
    """The page: textual-serve's terminal, pointed at this run's WebSocket."""
    checks = request.app[_GUARD_KEY]
    static = f"{origin(checks.port)}/static/"
    context = {
        "font_size": to_int(request.query.get("fontsize", "16"), 16),
        "app_websocket_url": f"ws://{HOST}:{checks.port}/ws/{checks.token}",
        "config": {"static": {"url": static}},
        "application": {"name": "netjournal"},
    }
    response = aiohttp_jinja2.render_template("app_index.html", request, context)
    response.headers["Content-Security-Policy"] = checks.content_security_policy()
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    response.set_cookie(checks.cookie, checks.token, httponly=True, samesite="Strict", path="/")
    return response


def make_web_app(command: str, *, port: int, token: str) -> web.Application:
    """The aiohttp application serving ``command`` (one process per browser tab)."""
    server = Server(command, host=HOST, port=port, title="netjournal")
    app = web.Application(middlewares=[guard])
    app[_GUARD_KEY] = Guard(token, port)
    aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)
    app.add_routes(
        [
            web.get("/", index, name="index"),
            web.get("/ws/{token}", server.handle_websocket, name="websocket"),
            web.get("/download/{key}", server.handle_download, name="download"),
            web.static("/static", server.statics_path, show_index=False, name="static"),
        ]
    )
    return app


def run(command: str, *, port: int, token: str, listening: Callable[[], None]) -> None:
    """Serve until ctrl+c; call ``listening`` once the port accepts connections.

    aiohttp calls its ``print`` hook right after the sites start, so the URL is
    printed only when opening it works. No access log: its lines would carry
    the token.
    """
    web.run_app(
        make_web_app(command, port=port, token=token),
        host=HOST,
        port=port,
        access_log=None,
        print=lambda *_: listening(),
    )
