"""What every request goes through: sign-in with the token, same-origin writes, CSRF
tokens on forms, bounded bodies, security headers, and errors that never show a traceback.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import secrets
from collections.abc import Callable
from typing import Any

from starlette.datastructures import FormData
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from shim.web.state import Server

log = logging.getLogger("shim.web")

SESSION = "shim_session"
CSRF = "shim_csrf"
LANG = "shim_lang"
#: Pages that answer without signing in (the sign-in page itself and its stylesheet).
OPEN = ("/signin", "/static/")
#: Bodies of forms and JSON requests; uploads have their own, larger limit.
MAX_BODY = 1024 * 1024
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
#: Renders an error page: (request, status, message, incident code) → response.
ErrorPage = Callable[[Request, int, str, str], Response]

HEADERS = {
    # No inline script anywhere: the pages need none, so an injected one cannot run.
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


class Refused(Exception):
    """A request the server will not serve, with its status and the text to show."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def _key(token: str) -> bytes:
    return hashlib.sha256(b"shim-session\0" + token.encode("utf-8")).digest()


def session_cookie(token: str, name: str) -> str:
    """A signed cookie carrying the person's name: every worker of the office can check it."""
    raw = base64.urlsafe_b64encode(name.encode("utf-8")).decode("ascii")
    sig = hmac.new(_key(token), raw.encode("ascii"), hashlib.sha256).hexdigest()
    return f"{raw}.{sig}"


def session_name(token: str, cookie: str | None) -> str | None:
    if not cookie or "." not in cookie:
        return None
    raw, sig = cookie.rsplit(".", 1)
    good = hmac.new(_key(token), raw.encode("ascii", "replace"), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(good, sig):
        return None
    try:
        return base64.urlsafe_b64decode(raw.encode("ascii")).decode("utf-8")
    except ValueError:
        return None


def bearer_ok(token: str, header: str | None) -> bool:
    given = (header or "").removeprefix("Bearer ").strip()
    return bool(given) and hmac.compare_digest(given.encode(), token.encode())


def own_origin(request: Request) -> str:
    host = request.headers.get("host", "")
    return f"{request.url.scheme}://{host}"


def same_origin(request: Request) -> bool:
    """False for a write that a page of another site sent (Origin, then Fetch metadata)."""
    origin = request.headers.get("origin")
    if origin is not None and origin != own_origin(request):
        return False
    return request.headers.get("sec-fetch-site", "same-origin") in {"same-origin", "none"}


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


class Guard(BaseHTTPMiddleware):
    """Sign-in, same-origin writes, headers and error pages for every request."""

    def __init__(self, app: Any, server: Server, error_page: ErrorPage) -> None:
        super().__init__(app)
        self.server = server
        self.error_page = error_page

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        try:
            response = await self._checked(request, call_next)
        except Exception:
            incident = secrets.token_hex(4)
            log.exception("incident %s: %s %s", incident, request.method, request.url.path)
            response = self.error(request, 500, "", incident)
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    async def _checked(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        token = self.server.token
        request.state.user = None
        if token:
            user = session_name(token, request.cookies.get(SESSION))
            if user is None and bearer_ok(token, request.headers.get("authorization")):
                user = request.headers.get("x-shim-user", "").strip()[:80] or "script"
            request.state.user = user
            if user is None and not request.url.path.startswith(OPEN):
                if wants_json(request):
                    return JSONResponse({"error": "sign in first (a token is needed)"}, 401)
                return RedirectResponse(f"/signin?next={request.url.path}", 303)
        if request.method in UNSAFE and not same_origin(request):
            return self.error(request, 403, "refused: this request came from another site")
        try:
            return await call_next(request)
        except Refused as exc:
            return self.error(request, exc.status, exc.message)

    def error(self, request: Request, status: int, message: str, incident: str = "") -> Response:
        """The error as JSON for the API, else as a page in the interface's language."""
        if wants_json(request):
            text = message or f"internal error; report incident {incident} to the administrator"
            return JSONResponse({"error": text}, status)
        return self.error_page(request, status, message, incident)


async def read_body(request: Request, limit: int = MAX_BODY) -> bytes:
    """The request body, refused as soon as it passes ``limit`` (whatever it claims)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise Refused(413, f"the upload is larger than the limit of {limit // 1024:,} KB")
    chunks, total = [], 0
    async for chunk in request.stream():
        total += len(chunk)
        if total > limit:
            raise Refused(413, f"the upload is larger than the limit of {limit // 1024:,} KB")
        chunks.append(chunk)
    body = b"".join(chunks)
    request._body = body  # later readers (the form parser) get these bytes
    return body


async def checked_form(request: Request, limit: int = MAX_BODY) -> FormData:
    """A posted form, bounded, whose CSRF field matches the browser's CSRF cookie."""
    await read_body(request, limit)
    form = await request.form(max_files=2, max_fields=200)
    cookie = request.cookies.get(CSRF, "")
    field = form.get("csrf")
    if not cookie or not isinstance(field, str) or not hmac.compare_digest(cookie, field):
        raise Refused(403, "refused: the form has expired; reload the page and try again")
    return form


def csrf_token(request: Request) -> str:
    """The browser's CSRF token: its cookie's, or a new one the response will set."""
    token = request.cookies.get(CSRF) or getattr(request.state, "new_csrf", None)
    if not token:
        token = secrets.token_urlsafe(24)
        request.state.new_csrf = token
    return token
