"""Jinja, configured for untrusted templates and for translation.

Templates run in Jinja's sandbox with ``StrictUndefined`` and autoescaping: values from
facts, briefs and catalogs are escaped, so they can never break the document markup.
Translatable text uses the i18n extension with newstyle gettext (named placeholders,
whole sentences, whitespace trimmed). Figures come from filters that know the document's
language and number style, and mark which fact each figure shows.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import (
    StrictUndefined,
    TemplateNotFound,
    TemplateSyntaxError,
)
from jinja2 import TemplateError as JinjaTemplateError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from shim.errors import (
    FactError,
    Location,
    ShimError,
    TemplateError,
    did_you_mean,
    display_path,
)
from shim.rendering.bytecode import UserBytecodeCache, settings_of
from shim.rendering.filters import (
    CURRENT,
    FILTERS,
    GLOBALS,
    FactView,
    RenderState,
)
from shim.rendering.lines import current_template_line
from shim.rendering.loader import ConfinedLoader

MAX_OUTPUT = 1_000_000  # characters; a template that writes more is runaway
MAX_SECONDS = 10  # a document renders in milliseconds; this is a loop that never ends


class _Timeout(Exception):
    """Raised by the alarm inside a runaway template."""


@contextlib.contextmanager
def _deadline(seconds: int) -> Iterator[None]:
    """Interrupt rendering after ``seconds`` (main thread on POSIX; elsewhere unbounded)."""
    if (
        not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return

    def alarm(_signum: int, _frame: object) -> None:
        raise _Timeout

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


I18N = "jinja2.ext.i18n"


class _Sandbox(SandboxedEnvironment):
    """Jinja's sandbox, loading its i18n extension only to compile: code compiled before
    (the user's cache) calls gettext from the globals and needs no extension, and
    importing jinja2.ext costs every start about 2 ms."""

    def _parse(self, source: str, name: str | None, filename: str | None) -> Any:
        if not self.extensions:
            self.add_extension(I18N)
        return super()._parse(source, name, filename)


@lru_cache(maxsize=8)
def environment(templates: Path) -> SandboxedEnvironment:
    """One sandboxed environment per templates folder; compiled templates are cached in it
    and recompiled when their file changes (``auto_reload``: one stat per render), and
    kept by content in the user's private cache for the next process
    (:mod:`shim.rendering.bytecode`: never in a workspace, where anyone could put code).
    """
    env = _Sandbox(
        loader=ConfinedLoader(templates),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=True,
    )
    env.policies["ext.i18n.trimmed"] = True
    env.newstyle_gettext = True  # type: ignore[attr-defined]
    env.filters.update(FILTERS)
    env.globals.update(GLOBALS)
    env.bytecode_cache = UserBytecodeCache(settings_of(env, (I18N,)))
    return env


def _traceback_location(exc: BaseException) -> Location | None:
    """The innermost template frame of a rendering error (Jinja rewrites tracebacks)."""
    found: Location | None = None
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(".j2"):
            found = Location(name, tb.tb_lineno)
        tb = tb.tb_next
    return found


def render_markup(
    templates: Path,
    name: str,
    context: dict[str, Any],
    root: Path,
    current: tuple[RenderState, Any],
) -> str:
    """Render ``name`` to document markup; every failure becomes a located ShimError.

    ``current`` (the render state and the translator) reaches the filters and gettext
    through a context variable, never through the template's context.
    """
    token = CURRENT.set(current)
    try:
        return _render(templates, name, context, root)
    finally:
        CURRENT.reset(token)


def _render(templates: Path, name: str, context: dict[str, Any], root: Path) -> str:
    env = environment(templates)

    def shown(loc: Location | None) -> Location | None:
        if loc is None:
            return None
        return Location(display_path(loc.file, root), loc.line, loc.column)

    try:
        template = env.get_template(name)
        with _deadline(MAX_SECONDS):
            return _bounded(template.generate(context))
    except _Timeout as exc:
        raise TemplateError(
            f"the template ran for more than {MAX_SECONDS} s (a runaway loop?)",
            shown(_traceback_location(exc)),
        ) from None
    except TemplateSyntaxError as exc:
        where = Location(display_path(exc.filename or name, root), exc.lineno)
        line = (exc.source or "").splitlines()[exc.lineno - 1 : exc.lineno] if exc.source else []
        shown_src = f": {line[0].strip()}" if line and line[0].strip() else ""
        raise TemplateError(f"template syntax error: {exc.message}{shown_src}", where) from None
    except TemplateNotFound as exc:
        if exc.name == name:
            raise TemplateError(
                "template not found (each document kind needs templates/<kind>.j2)",
                Location(display_path(templates / name, root)),
            ) from None
        raise TemplateError(  # an include or extends: located at the line that asks
            f"no template '{exc.name}' in {templates.name}/ (templates include only "
            f"files inside {templates.name}/)",
            shown(_traceback_location(exc)) or Location(display_path(templates / name, root)),
        ) from None
    except ShimError as exc:
        if exc.location is None:
            exc.location = shown(_traceback_location(exc)) or Location(
                display_path(templates / name, root)
            )
        else:
            exc.location = shown(exc.location)
        raise exc.with_traceback(None) from None
    except SecurityError as exc:
        raise TemplateError(
            f"not allowed in a template: {exc}", shown(_traceback_location(exc))
        ) from None
    except (JinjaTemplateError, TypeError, ValueError, ArithmeticError, LookupError) as exc:
        msg = _explain(getattr(exc, "message", None) or str(exc), env)
        raise TemplateError(msg, shown(_traceback_location(exc))) from None


_VIEWS = {"BriefView": "brief", "FactView": "a fact"}


def _explain(message: str, env: SandboxedEnvironment) -> str:
    """Jinja's wording, in the template writer's terms, with a "did you mean"."""
    import re

    from shim.rendering import context

    m = re.match(r"'(?:[\w.]+\.)?(\w+) object' has no attribute '(\w+)'", message)
    if m and m.group(1) in _VIEWS:
        owner = {"BriefView": context.BriefView, "FactView": FactView}[m.group(1)]
        fields = list(owner.__struct_fields__)
        hint = did_you_mean(m.group(2), fields) or f"; it has {', '.join(fields)}"
        return f"{_VIEWS[m.group(1)]} has no field '{m.group(2)}'{hint}"
    m = re.match(r"No filter named '(\w+)'", message)
    if m:
        return f"unknown filter '{m.group(1)}'{did_you_mean(m.group(1), env.filters)}"
    m = re.match(r"'(\w+)' is undefined", message)
    if m:
        return f"unknown name '{m.group(1)}' (not in the brief, the facts or the template)"
    return f"template error: {message}"


def _bounded(chunks: Iterator[str]) -> str:
    out: list[str] = []
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > MAX_OUTPUT:
            raise TemplateError(
                f"the template wrote more than {MAX_OUTPUT:,} characters (a runaway loop?)"
            )
        out.append(chunk)
    return "".join(out)


def fact_error(fact_id: str, known: list[str]) -> FactError:
    from shim.errors import did_you_mean

    return FactError(
        f"unknown fact '{fact_id}'{did_you_mean(fact_id, known)}", current_template_line()
    )


__all__ = [
    "FactView",
    "RenderState",
    "current_template_line",
    "environment",
    "render_markup",
]
