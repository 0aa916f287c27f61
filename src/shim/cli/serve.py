"""``shim serve``: the browser interface on this machine (or, with a token, the office's)."""

import os
from typing import Annotated

import typer

from shim.cli.common import ProjectOpt, app, handled


def is_loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@app.command()
@handled
def serve(
    host: Annotated[
        str, typer.Option(help="Address to listen on; other than loopback needs --token.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8765,
    token: Annotated[
        str | None,
        typer.Option(
            help="Access code every request needs (default: SHIM_TOKEN).", show_default=False
        ),
    ] = None,
    project: ProjectOpt = None,
) -> None:
    """Serve the briefs, facts, rendering and checks as pages in a browser."""
    from shim.errors import ConfigError, UsageError

    token = token or os.environ.get("SHIM_TOKEN") or None
    if not is_loopback(host) and not token:
        raise UsageError(
            f"--host {host} is reachable from other machines: give --token or set SHIM_TOKEN"
        )
    try:
        import uvicorn

        from shim.web.app import create_app
    except ImportError as exc:
        raise ConfigError(
            f"shim serve needs the web extra ({exc.name} is missing): pip install 'shim[web]'"
        ) from None
    web = create_app(project, token)
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"shim: serving {web.state.server.workspace.root} at http://{shown}:{port}/")
    typer.echo("shim: press Ctrl-C to stop")
    uvicorn.run(web, host=host, port=port, log_level="warning", server_header=False)
