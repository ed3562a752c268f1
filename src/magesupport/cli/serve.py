"""`magesupport serve [ROOT]`: the local web app over a folder of workspaces (registered in cli/app.py).

Everything heavy (uvicorn, FastAPI, the engines) loads when the server starts, never for --help.
"""

from __future__ import annotations

import time
from pathlib import Path

import typer

from magesupport.domain.errors import UsageError

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def serve(
    root: Path = typer.Argument(Path("."), help="Folder of workspaces (one folder per store). Default: here."),
    port: int = typer.Option(8765, "--port", help="Port to listen on (0: any free port)."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind. Anything but loopback needs --token."),
    token: str | None = typer.Option(
        None, "--token", envvar="MAGESUPPORT_WEB_TOKEN",
        help="Access token every request must carry (needed to bind another address; or MAGESUPPORT_WEB_TOKEN).",
    ),
    allow_host: list[str] = typer.Option(
        [], "--allow-host", help="Another name the browser may use for this server (repeatable)."
    ),
    max_upload_mb: float = typer.Option(20.0, "--max-upload-mb", help="Largest upload accepted, in MB."),
    open_browser: bool = typer.Option(False, "--open", help="Open the app in the default browser."),
) -> None:
    """Open the web app: forms for the store and quotes, the verdict, SLA and log uploads (docs/web.md)."""
    started = time.perf_counter()
    if not root.is_dir():
        raise UsageError(f"{root}: not a folder (serve a folder of workspaces, e.g. `magesupport serve examples`)")
    if host not in LOOPBACK and not token:
        raise UsageError(
            f"--host {host} makes the app reachable from other machines: give --token SECRET "
            "(or MAGESUPPORT_WEB_TOKEN) so that only those you give it to can use it"
        )
    if token is not None and len(token) < 16:
        raise UsageError("--token: use at least 16 characters (e.g. `python3 -c 'import secrets; print(secrets.token_urlsafe())'`)")
    import socket

    try:
        import uvicorn

        from magesupport.web.app import create_app
        from magesupport.web.security import Settings
    except ImportError as exc:
        raise UsageError(
            f"magesupport serve needs the web extra ({exc.name} is missing): pip install 'magesupport[web]'"
        ) from None

    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror} (try another --port)") from None
    sock.listen(128)  # connections wait in the queue from now on, while the app loads
    port = sock.getsockname()[1]
    settings = Settings(
        host=host, port=port, token=token, allowed_hosts=tuple(allow_host), max_upload_mb=max_upload_mb
    )
    app = create_app(root, settings)
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/"
    typer.echo(f"magesupport: serving {root.resolve()} at {url} (ready in {time.perf_counter() - started:.2f} s; Ctrl+C stops)")
    if token:
        typer.echo(
            f"open {url}?token=<your token> once in the browser (it keeps it in a cookie); "
            "requests without it are refused"
        )
    if open_browser:
        import webbrowser

        webbrowser.open(url)
    config = uvicorn.Config(app, log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    server.run(sockets=[sock])
