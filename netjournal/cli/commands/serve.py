"""``netjournal serve``: the same app in a local web browser, via textual-serve.

For people who would rather click than type. textual-serve starts
``python -m netjournal`` (with the same ``--data-dir``, and the environment,
so ``NETJOURNAL_HOME`` too) for each browser tab and relays it; it is an
optional extra (``pip install 'netjournal[serve]'``), imported only here.
The server binds 127.0.0.1 only: a journal of who you talk to is not for
the rest of the network. Even there, other accounts on this computer and web
pages open in the browser can reach the port, so each run has a secret token,
printed once in the URL to open; ``netjournal.web.app`` refuses whatever comes
without it (see docs/tui.md, "Who can reach netjournal serve").
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from netjournal.cli.context import Context

ORDER = 90

HOST = "127.0.0.1"
INSTALL_HINT = "netjournal serve needs the optional extra: pip install 'netjournal[serve]'"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "serve",
        help="open the app in a local web browser (127.0.0.1 only)",
        description=(
            "Serve the netjournal app to a web browser on this computer "
            f"(http://{HOST}:PORT), using textual-serve. Each run prints a URL with a "
            "new secret token; only that URL opens the app. Stop with ctrl+c."
        ),
    )
    p.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    p.add_argument(
        "--demo",
        dest="serve_demo",  # not "demo": that is the global flag that opens the TUI at once
        action="store_true",
        help="serve the separate demo journal instead of yours",
    )
    p.set_defaults(handler=cmd_serve)


def served_command(args: argparse.Namespace) -> str:
    """The shell command textual-serve runs per browser tab: this app, this data dir."""
    argv = [sys.executable, "-m", "netjournal"]
    data_dir = getattr(args, "data_dir", None)
    if data_dir:
        argv += ["--data-dir", str(Path(data_dir).expanduser().resolve())]
    if getattr(args, "serve_demo", False):
        argv.append("--demo")
    return shlex.join(argv)


def cmd_serve(args: argparse.Namespace, ctx: Context) -> int:
    if not 1 <= args.port <= 65535:
        from netjournal.errors import InputError

        raise InputError(f"port must be between 1 and 65535, not {args.port}", field="port")
    try:
        from netjournal.web import app as web_app
    except ImportError:
        ctx.warn(INSTALL_HINT)
        return 2
    token = web_app.new_token()

    def listening() -> None:
        ctx.say(
            f"netjournal is at {web_app.page_url(args.port, token)} "
            "(this computer only; keep the link to yourself); ctrl+c stops"
        )
        ctx.out.flush()  # it may be a pipe, read by whoever opens the browser

    try:
        web_app.run(served_command(args), port=args.port, token=token, listening=listening)
    except OSError as error:
        from netjournal.errors import InputError

        reason = error.strerror or str(error)
        raise InputError(f"cannot listen on {HOST}:{args.port}: {reason}", field="port") from None
    return 0
