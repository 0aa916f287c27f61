"""Brief pages: edit and save a brief, render it, see and download what was rendered,
and check uploaded documents.
"""

from __future__ import annotations

import fcntl
import io
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response

from shim.errors import ShimError
from shim.web import editing
from shim.web.history import history, local_user, record
from shim.web.security import Refused, checked_form
from shim.web.service import CONTENT_TYPES, render_request
from shim.web.state import Server, read_manifest
from shim.web.views import html, server_of
from shim.workspace.settings import DOC_KINDS
from shim.workspace.yamlio import read_text

UI_DOC_LANGS = ("en", "es", "es-419", "es-ES", "es-MX")


def _brief_path(server: Server, name: str) -> Path:
    ws = server.workspace.get()
    if name not in ws.brief_names():
        raise Refused(404, f"no brief named '{name}' in briefs/")
    return ws.briefs_dir / f"{name}.yaml"


def _choices(server: Server, name: str = "") -> dict[str, Any]:
    ws = server.workspace.get()
    themes = ws.settings.briefs.themes  # the themes shim.toml declares
    facts = sorted(ws.facts.facts)
    titles = _titles(server, name) if name else {}
    return {"all_docs": DOC_KINDS, "all_themes": themes, "all_facts": facts, "titles": titles}


def _form_values(form: FormData) -> tuple[dict[str, str], dict[str, list[str]]]:
    single = {k: str(v) for k, v in form.items() if isinstance(v, str)}
    lists = {k: [str(v) for v in form.getlist(k)] for k in editing.LISTS}
    return single, lists


async def brief_page(request: Request) -> Response:
    server = server_of(request)
    name = request.path_params["name"]
    path = await run_in_threadpool(_brief_path, server, name)
    text = read_text(path, f"briefs/{path.name}")
    return await run_in_threadpool(_edit_page, request, server, name, path, text, None, "")


def _edit_page(
    request: Request,
    server: Server,
    name: str,
    path: Path,
    text: str,
    checked: editing.Checked | None,
    theirs: str,
    status: int = 200,
    values: dict[str, Any] | None = None,
    base: str | None = None,
) -> Response:
    from ruamel.yaml.error import YAMLError

    if values is None:
        try:
            values = editing.values_of(editing._yaml().load(text) or {})
        except YAMLError:
            values = editing.values_of({})
            checked = editing.check(text, f"briefs/{path.name}")
    root = server.workspace.root
    return html(
        request,
        "brief.j2",
        status,
        name=name,
        v=values,
        errors=checked.errors if checked else {},
        base=base or editing.digest(text),
        theirs=theirs,
        yours=checked.text if checked and theirs else "",
        saved=request.query_params.get("saved") == "1",
        changes=history(root, path),
        **_choices(server),
    )


async def save_brief(request: Request) -> Response:
    server = server_of(request)
    name = request.path_params["name"]
    path = await run_in_threadpool(_brief_path, server, name)
    form = await checked_form(request)
    single, lists = _form_values(form)
    author = getattr(request.state, "user", None) or local_user()
    return await run_in_threadpool(_save, request, server, name, path, single, lists, author)


@contextmanager
def _file_lock(server: Server, name: str) -> Iterator[None]:
    """One save at a time per brief, across threads and the office's worker processes."""
    with server.lock(name), (server.renders.home / f".lock-{name}").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _save(
    request: Request,
    server: Server,
    name: str,
    path: Path,
    single: dict[str, str],
    lists: dict[str, list[str]],
    author: str,
) -> Response:
    shown = f"briefs/{path.name}"
    with _file_lock(server, name):
        current = read_text(path, shown)
        new = editing.apply(current, single, lists)
        ws = server.workspace.get()
        checked = editing.check(new, shown, ws.settings.briefs.themes, ws.facts.facts)
        values = {**single, **lists}
        if editing.digest(current) != single.get("base", ""):
            # Saved by someone else since this page was opened: show both, overwrite nothing.
            return _edit_page(request, server, name, path, current, checked, current, 409, values)
        if not checked.ok:
            base = editing.digest(current)
            return _edit_page(request, server, name, path, current, checked, "", 422, values, base)
        if new != current:
            editing.save(path, new)
            record(server.workspace.root, path, author, f"Edit brief {name}")
    return RedirectResponse(f"/briefs/{name}?saved=1", 303)


async def render_form(request: Request) -> Response:
    server = server_of(request)
    name = request.path_params["name"]
    await run_in_threadpool(_brief_path, server, name)
    return html(request, "render.j2", name=name, pdf=_has_soffice(), **_choices(server, name))


def _titles(server: Server, name: str) -> dict[str, str]:
    """The brief's title in each interface language (its name while it cannot be read)."""
    try:
        title = server.workspace.get().named_brief(name).brief.title
    except ShimError:
        return {"en": name, "es": name}
    return {"en": title.en, "es": title.es}


def _has_soffice() -> bool:
    from shim.docx.pdf import find_soffice

    try:
        find_soffice()
    except ShimError:
        return False
    return True


async def render_post(request: Request) -> Response:
    server = server_of(request)
    name = request.path_params["name"]
    form = await checked_form(request)
    docs = [str(d) for d in form.getlist("docs")]
    langs = [str(lang) for lang in form.getlist("langs")]
    mode = str(form.get("mode", "normal"))
    try:
        rid, _ = await run_in_threadpool(
            lambda: render_request(
                server,
                name,
                langs,
                docs,
                draft=mode == "draft",
                final=mode == "final",
                pdf=form.get("pdf") == "1",
                preview=True,
            )
        )
    except ShimError as exc:
        return html(
            request,
            "render.j2",
            422,
            name=name,
            pdf=_has_soffice(),
            error=str(exc),
            **_choices(server, name),
        )
    return RedirectResponse(f"/renders/{rid}", 303)


def _render_folder(request: Request) -> tuple[Path, dict[str, Any]]:
    """The folder and manifest of the render the path names, or a 404."""
    folder = server_of(request).renders.folder(request.path_params["rid"])
    if folder is None:
        raise Refused(404, "this render is no longer kept; render again")
    return folder, read_manifest(folder)


async def render_page(request: Request) -> Response:
    folder, manifest = _render_folder(request)
    previews = {}
    for d in manifest.get("documents", []):
        if d.get("preview"):
            previews[(d["doc"], d["lang"])] = (folder / d["preview"]).read_text(encoding="utf-8")
    return html(
        request,
        "result.j2",
        rid=folder.name,
        m=manifest,
        previews=previews,
        kinds=list(dict.fromkeys(d["doc"] for d in manifest.get("documents", []))),
    )


async def download(request: Request) -> Response:
    server = server_of(request)
    rid, name = request.path_params["rid"], request.path_params["file"]
    path = server.renders.file(rid, name)
    if path is None:
        raise Refused(404, "no such document in this render")
    media = CONTENT_TYPES.get(path.suffix, "application/octet-stream")
    return FileResponse(path, media_type=media, filename=name)


async def download_zip(request: Request) -> Response:
    folder, manifest = _render_folder(request)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for d in manifest.get("documents", []):
            for name in d["files"]:
                zf.write(folder / name, name)
    zip_name = f"{manifest.get('brief', 'documents')}.zip"
    headers = {"Content-Disposition": f'attachment; filename="{zip_name}"'}
    return Response(buffer.getvalue(), media_type="application/zip", headers=headers)


async def check_page(request: Request) -> Response:
    return html(request, "check.j2", findings=None, error="", names=[], packet=None)


async def check_post(request: Request) -> Response:
    from shim.docx.safezip import MAX_FILE

    server = server_of(request)
    # Two documents, each within `shim check`'s own file limit, and the form around them.
    form = await checked_form(request, limit=2 * MAX_FILE + 64 * 1024)
    uploads = [f for f in (form.get("a"), form.get("b")) if isinstance(f, UploadFile)]
    uploads = [f for f in uploads if f.filename]
    if not uploads:
        return html(request, "check.j2", 400, findings=None, error="no-file", names=[], packet=None)
    with tempfile.TemporaryDirectory(prefix="check-", dir=server.renders.home) as tmp:
        paths = []
        for i, upload in enumerate(uploads):
            target = Path(tmp) / f"{i + 1}-{_safe_name(upload.filename or 'document.docx')}"
            target.write_bytes(await upload.read())
            paths.append(target)
        findings, error = await run_in_threadpool(_check, server, paths)
    names = [u.filename for u in uploads]
    status = 422 if error else 200
    return html(
        request, "check.j2", status, findings=findings, error=error, names=names, packet=None
    )


def _safe_name(name: str) -> str:
    import re

    base = Path(name.replace("\\", "/")).name
    return re.sub(r"[^\w.-]", "_", base)[:100] or "document.docx"


def _check(server: Server, paths: list[Path]) -> tuple[list[str] | None, str]:
    from shim.checks.parity import check_one, check_pair

    ws = server.workspace.get()
    first = paths[0]
    try:  # as `shim check A.docx [B.docx]` does
        if len(paths) == 1:
            findings = check_one(first, ws.facts)
        else:
            findings = check_pair(first, paths[1], ws.facts)
    except ShimError as exc:
        return None, str(exc).replace(str(first.parent) + "/", "")
    return [f.replace(str(first.parent) + "/", "") for f in findings], ""
