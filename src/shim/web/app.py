"""The ASGI application: routes, the guard every request passes, and the server's state.

``create_app()`` reads its settings from the environment (``SHIM_PROJECT``,
``SHIM_TOKEN``, ``SHIM_RENDERS``) so that ``uvicorn --factory shim.web.app:create_app
--workers N`` serves an office with the same settings in every worker process.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator
from pathlib import Path

from starlette.applications import Starlette
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from shim.web import api, briefs, packets, views
from shim.web.i18n import HERE
from shim.web.security import Guard
from shim.web.state import Server, make_server


def routes() -> list[Route | Mount]:
    return [
        Route("/", views.home),
        Route("/signin", views.signin, methods=["GET", "POST"]),
        Route("/facts", views.facts_page),
        Route("/facts/{fact}", views.fact_page),
        Route("/briefs/{name}", briefs.brief_page),
        Route("/briefs/{name}", briefs.save_brief, methods=["POST"]),
        Route("/briefs/{name}/render", briefs.render_form),
        Route("/briefs/{name}/render", briefs.render_post, methods=["POST"]),
        Route("/renders/{rid}.zip", briefs.download_zip),
        Route("/renders/{rid}", briefs.render_page),
        Route("/renders/{rid}/{file}", briefs.download),
        Route("/check", briefs.check_page),
        Route("/check", briefs.check_post, methods=["POST"]),
        Route("/check/packet", packets.packet_post, methods=["POST"]),
        Route("/check/packet/apply", packets.packet_apply, methods=["POST"]),
        Route("/api/briefs", api.briefs),
        Route("/api/facts", api.facts),
        Route("/api/render", api.render, methods=["POST"]),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]


def create_app(
    project: Path | str | None = None,
    token: str | None = None,
    renders: Path | str | None = None,
) -> Starlette:
    """The application for a workspace (default: as ``shim`` finds it, or ``SHIM_PROJECT``)."""
    server = make_server(
        project or os.environ.get("SHIM_PROJECT") or None,
        token or os.environ.get("SHIM_TOKEN") or None,
        Path(renders or os.environ["SHIM_RENDERS"])
        if renders or os.environ.get("SHIM_RENDERS")
        else None,
    )
    return build(server)


def build(server: Server) -> Starlette:
    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        server.renders.close()

    app = Starlette(
        routes=routes(),
        exception_handlers={404: views.not_found, 405: views.not_found},
        lifespan=lifespan,
    )
    app.add_middleware(Guard, server=server, error_page=views.render_error)
    app.state.server = server
    return app
