"""A reviewed packet, uploaded on the Check page: the catalog diff that ``shim i18n import
--dry-run`` shows, then, when someone applies it, the import itself (recorded with its
author like a brief's save).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response

from shim.errors import Findings, ShimError
from shim.web.history import local_user, record
from shim.web.security import Refused, checked_form
from shim.web.state import Server, write_manifest
from shim.web.views import html, server_of

PACKET = "packet.docx"


def _run(server: Server, folder: Path, apply: bool, author: str) -> dict[str, Any]:
    """The import (or its dry run) as the page shows it; the upload folder hidden."""
    from shim.language.catalogs import catalog_path
    from shim.rendering.review_import import import_packet

    ws = server.workspace.get()

    def shown(text: str) -> str:
        return text.replace(str(folder) + "/", "")

    try:
        report = import_packet(ws, folder / PACKET, dry_run=not apply)
    except Findings as exc:
        return {"error": shown(exc.message), "problems": [shown(p) for p in exc.problems]}
    except ShimError as exc:
        return {"error": shown(str(exc)), "problems": []}
    if apply and report.changed:
        record(ws.root, catalog_path(ws.root, report.lang), author, "Import review packet")
    return {
        "diff": report.diff,
        "changed": report.changed,
        "lang": report.lang,
        "notes": [shown(n) for n in report.notes],
        "applied": apply,
    }


async def packet_post(request: Request) -> Response:
    from shim.docx.safezip import MAX_FILE

    server = server_of(request)
    form = await checked_form(request, limit=MAX_FILE + 64 * 1024)
    upload = form.get("packet")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return _page(request, 400, {"error": "no-file", "problems": []})
    rid, folder = server.renders.new()
    (folder / PACKET).write_bytes(await upload.read())
    write_manifest(folder, {"packet": upload.filename})
    outcome = await run_in_threadpool(_run, server, folder, False, "")
    return _page(request, 422 if "error" in outcome else 200, {**outcome, "rid": rid})


async def packet_apply(request: Request) -> Response:
    server = server_of(request)
    form = await checked_form(request)
    folder = server.renders.folder(str(form.get("rid", "")))
    if folder is None or not (folder / PACKET).is_file():
        raise Refused(404, "this upload is no longer kept; upload the packet again")
    author = getattr(request.state, "user", None) or local_user()
    outcome = await run_in_threadpool(_run, server, folder, True, author)
    return _page(request, 422 if "error" in outcome else 200, outcome)


def _page(request: Request, status: int, packet: dict[str, Any]) -> Response:
    return html(request, "check.j2", status, findings=None, error="", names=[], packet=packet)
