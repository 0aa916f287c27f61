"""The JSON API the pages' data comes from and scripts can call.

``GET /api/briefs``, ``GET /api/facts``, and ``POST /api/render`` with
``{"brief": NAME, "langs": [...], "docs": [...]}`` (and optionally ``"draft"``,
``"final"``, ``"pdf"``: true); errors are 4xx with
``{"error": "file:line: message"}``, the text the command line gives.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from shim.errors import ConfigError, ShimError
from shim.web.security import Refused, read_body
from shim.web.service import brief_rows, fact_rows, render_request
from shim.web.views import server_of


def _status(exc: ShimError) -> int:
    return 404 if isinstance(exc, ConfigError) and "no brief named" in exc.message else 422


async def briefs(request: Request) -> Response:
    ws = await run_in_threadpool(server_of(request).workspace.get)
    return JSONResponse({"briefs": await run_in_threadpool(brief_rows, ws)})


async def facts(request: Request) -> Response:
    rows = await run_in_threadpool(server_of(request).workspace.derived, "facts", fact_rows)
    return JSONResponse({"facts": rows})


def _strings(body: dict[str, Any], key: str) -> list[str]:
    value = body.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise Refused(400, f"'{key}' must be a list of strings")
    return list(value)


async def render(request: Request) -> Response:
    # A JSON body cannot be sent across sites without a preflight this server never allows.
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        raise Refused(415, "send the request as application/json")
    try:
        body = json.loads(await read_body(request))
    except ValueError as exc:
        raise Refused(400, f"the request is not valid JSON: {exc}") from None
    if not isinstance(body, dict) or not isinstance(body.get("brief"), str):
        raise Refused(400, 'the request needs "brief": the name of a brief')
    server = server_of(request)
    langs, docs = _strings(body, "langs"), _strings(body, "docs")
    try:
        rid, manifest = await run_in_threadpool(
            lambda: render_request(
                server,
                body["brief"],
                langs,
                docs,
                draft=body.get("draft") is True,
                final=body.get("final") is True,
                pdf=body.get("pdf") is True,
            )
        )
    except ShimError as exc:
        return JSONResponse({"error": str(exc)}, _status(exc))
    documents = [
        {"lang": d["lang"], "doc": d["doc"], "url": f"/renders/{rid}/{d['files'][0]}"}
        | ({"pdf": f"/renders/{rid}/{d['files'][1]}"} if len(d["files"]) > 1 else {})
        for d in manifest["documents"]
    ]
    warnings = [w for d in manifest["documents"] for w in d["warnings"]]
    answer: dict[str, Any] = {
        "documents": documents,
        "warnings": warnings,
        "zip": f"/renders/{rid}.zip",
    }
    if manifest["failures"]:
        answer["error"] = manifest["failures"][0]
        answer["failures"] = manifest["failures"]
        return JSONResponse(answer, 422)
    return JSONResponse(answer)
