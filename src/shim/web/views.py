"""Pages: the home page, the facts, sign-in and error pages, and what every page shares
(the interface language, the CSRF token, the signed-in person).
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from shim.errors import ShimError
from shim.web.i18n import page, pick_lang
from shim.web.security import (
    CSRF,
    LANG,
    SESSION,
    Refused,
    checked_form,
    csrf_token,
    session_cookie,
)
from shim.web.state import Server

LOCALES = {"en": "en_US", "es": "es_PE"}


def server_of(request: Request) -> Server:
    server: Server = request.app.state.server
    return server


def ui_lang(request: Request) -> str:
    return pick_lang(
        request.query_params.get("lang"),
        request.cookies.get(LANG),
        request.headers.get("accept-language"),
    )


def long_date(value: str | dt.date, lang: str) -> str:
    from babel.dates import format_date

    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return format_date(day, "long", locale=LOCALES[lang])


def html(request: Request, template: str, code: int = 200, **context: Any) -> Response:
    """A page in the interface's language, with what every page needs."""
    lang = ui_lang(request)
    server = request.app.state.server
    body = page(
        lang,
        template,
        path=request.url.path,
        user=getattr(request.state, "user", None),
        signed=bool(server.token),
        csrf=csrf_token(request),
        long_date=lambda d: long_date(d, lang),
        **context,
    )
    response = HTMLResponse(body, code)
    remember(request, response, lang)
    return response


def remember(request: Request, response: Response, lang: str) -> None:
    """Cookies: the chosen language, and a CSRF token if the browser had none."""
    if request.query_params.get("lang") == lang:
        response.set_cookie(LANG, lang, max_age=365 * 86400, samesite="lax", httponly=True)
    new = getattr(request.state, "new_csrf", None)
    if new:
        response.set_cookie(CSRF, new, samesite="strict", httponly=True)


def render_error(request: Request, status: int, message: str, incident: str = "") -> Response:
    try:
        return html(request, "error.j2", status, status=status, message=message, incident=incident)
    except Exception:  # the error page itself failed: still no traceback for the browser
        return HTMLResponse("<!doctype html><title>Error</title><p>Error</p>", status)


async def home(request: Request) -> Response:
    from shim.web.service import brief_rows, health

    cache = server_of(request).workspace
    try:
        ws = await run_in_threadpool(cache.get)
        rows = await run_in_threadpool(brief_rows, ws)
        report = await run_in_threadpool(cache.derived, "health", health)
    except ShimError as exc:
        return html(request, "home.j2", 200, problem=str(exc), briefs=[], health=None)
    return html(request, "home.j2", briefs=rows, health=report, problem=None, root=ws.root)


async def facts_page(request: Request) -> Response:
    from shim.web.service import fact_rows

    query = request.query_params.get("q", "").strip()[:200]
    rows = await run_in_threadpool(server_of(request).workspace.derived, "facts", fact_rows)
    words = query.lower().split()
    shown = [r for r in rows if all(w in " ".join(map(str, r.values())).lower() for w in words)]
    return html(request, "facts.j2", rows=shown, total=len(rows), q=query)


async def fact_page(request: Request) -> Response:
    from shim.checks.facts import paragraphs, template_uses

    ws = await run_in_threadpool(server_of(request).workspace.get)
    record = ws.facts.get(request.path_params["fact"])
    if record is None:
        raise Refused(404, f"unknown fact '{request.path_params['fact']}'")
    fact = record.fact
    try:
        paras = paragraphs(ws.facts.source_text(record.source))
    except ShimError as exc:
        paras, source_error = [], str(exc)
    else:
        source_error = ""
    n = fact.locator.paragraph
    text = paras[n - 1] if 0 < n <= len(paras) else ""
    before, found, after = text.partition(fact.quote)
    uses = template_uses(ws.templates).get(fact.id, [])
    from shim.language.figures import Figures
    from shim.rendering.fact_tables import display_value

    lang = ui_lang(request)
    return html(
        request,
        "fact.j2",
        record=record,
        fact=fact,
        value=display_value(record, Figures.for_lang(lang)),
        published=long_date(record.source.published, lang),
        para=(before, found, after) if found else (text, "", ""),
        source_error=source_error,
        uses=[f"{ws.show(f)}:{line}" for f, line in uses],
    )


async def signin(request: Request) -> Response:
    server = server_of(request)
    target = request.query_params.get("next", "/")
    if not target.startswith("/") or target.startswith("//"):
        target = "/"
    if request.method == "GET" or not server.token:
        return html(request, "signin.j2", name="", failed=False, next=target)
    import hmac

    form = await checked_form(request)
    name = str(form.get("name", "")).strip()[:80]
    given = str(form.get("token", ""))
    if not name or not hmac.compare_digest(given.encode(), server.token.encode()):
        return html(request, "signin.j2", 401, name=name, failed=True, next=target)
    response = RedirectResponse(quote(target), 303)
    response.set_cookie(SESSION, session_cookie(server.token, name), httponly=True, samesite="lax")
    return response


async def not_found(request: Request, exc: Exception) -> Response:
    return render_error(request, 404, "")
