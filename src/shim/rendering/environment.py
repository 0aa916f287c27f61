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
import sys
import threading
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path
from types import FrameType
from typing import Any

import msgspec
from jinja2 import (
    BytecodeCache,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    TemplateNotFound,
    TemplateSyntaxError,
    pass_context,
)
from jinja2 import TemplateError as JinjaTemplateError
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from shim.cache import cache_root
from shim.errors import (
    FactError,
    Location,
    ShimError,
    TemplateError,
    did_you_mean,
    display_path,
)
from shim.language.figures import Figures
from shim.rendering.messages import MessageUse, plain_text
from shim.workspace.facts import Fact, FactRecord

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


class FactView(msgspec.Struct, frozen=True):
    """What a template sees of a fact (read-only)."""

    id: str
    value: Any
    kind: str
    period: Any
    qualifier: str
    counts: str | None
    record: FactRecord

    @classmethod
    def of(cls, record: FactRecord) -> FactView:
        f: Fact = record.fact
        return cls(f.id, f.value, f.kind, f.period, f.qualifier, f.counts, record)


class RenderState(msgspec.Struct):
    """What one render used and noticed; filled while the template runs."""

    figures: Figures
    lookup: Callable[[str], FactRecord]
    used: dict[str, FactRecord] = msgspec.field(default_factory=dict)
    quoted: set[str] = msgspec.field(default_factory=set)  # facts a template asked for by fact()
    history: set[str] = msgspec.field(default_factory=set)  # chart bars a later bar supersedes
    messages: list[MessageUse] = msgspec.field(default_factory=list)  # gettext calls, by Run.msg

    def fact(self, fact_id: str) -> FactView:
        self.quoted.add(fact_id)
        return FactView.of(self.chart_fact(fact_id))

    def chart_fact(self, fact_id: str) -> FactRecord:
        record = self.lookup(fact_id)
        self.used.setdefault(fact_id, record)
        return record

    def peek(self, fact_id: str) -> FactRecord | None:
        """A fact, if it exists, without using it."""
        try:
            return self.lookup(fact_id)
        except FactError:
            return None

    def is_history(self, fact_id: str) -> bool:
        """Used only as a chart bar that a later bar of the same chart supersedes."""
        return fact_id in self.history and fact_id not in self.quoted

    def message(self, msgid: str, plural: str | None, count: Any, variables: Any) -> Markup:
        """Record a gettext call; the returned tag marks which runs it wrote."""
        n = int(count) if isinstance(count, (int, float)) and plural is not None else None
        plain = {k: plain_text(v) for k, v in variables.items()}
        self.messages.append(MessageUse(msgid, plural, n, plain))
        return Markup('<msg i="{}">').format(len(self.messages) - 1)


def _figure(value: Any, render: Callable[[Any], str]) -> Markup | str:
    """Format a fact (marked with its id) or a plain number."""
    if isinstance(value, FactView):
        return Markup('<fig f="{}">{}</fig>').format(value.id, render(value.value))
    return render(value)


def _state(ctx: Context) -> RenderState:
    state = ctx.get("__shim__")
    if not isinstance(state, RenderState):  # pragma: no cover - only via misuse of the API
        raise TemplateError("figure filters need a render context")
    return state


@pass_context
def f_number(ctx: Context, value: Any, decimals: int = 2) -> Markup | str:
    figs = _state(ctx).figures
    return _figure(value, lambda v: figs.number(v, decimals))


@pass_context
def f_rounded(ctx: Context, value: Any) -> Markup | str:
    return _figure(value, _state(ctx).figures.rounded)


@pass_context
def f_money(ctx: Context, value: Any, spoken: bool = False) -> Markup | str:
    figs = _state(ctx).figures
    currency = value.record.fact.currency if isinstance(value, FactView) else "USD"
    return _figure(value, lambda v: figs.money(v, currency or "USD", spoken=spoken))


@pass_context
def f_percent(ctx: Context, value: Any) -> Markup | str:
    return _figure(value, _state(ctx).figures.percent)


@pass_context
def f_year(ctx: Context, value: Any) -> Markup | str:
    return _figure(value, _state(ctx).figures.year)


@pass_context
def f_date(ctx: Context, value: Any) -> str:
    return _state(ctx).figures.date(value)


@pass_context
def f_period(ctx: Context, value: Any) -> str:
    period = value.period if isinstance(value, FactView) else value
    return _state(ctx).figures.period(period)


@pass_context
def f_fiscal_year(ctx: Context, value: Any) -> str:
    return _state(ctx).figures.fiscal_year(value)


FILTERS: dict[str, Callable[..., Any]] = {
    "number": f_number,
    "rounded": f_rounded,
    "money": f_money,
    "percent": f_percent,
    "year": f_year,
    "date": f_date,
    "period": f_period,
    "fiscal_year": f_fiscal_year,
}


@pass_context
def _gettext(ctx: Context, msgid: str, **variables: Any) -> Markup:
    rv = Markup(ctx["__gettext__"](msgid))
    rv = rv % variables if variables else rv
    return _state(ctx).message(msgid, None, None, variables) + rv + Markup("</msg>")


@pass_context
def _ngettext(ctx: Context, singular: str, plural: str, num: int, **variables: Any) -> Markup:
    variables.setdefault("num", num)
    rv = Markup(ctx["__ngettext__"](singular, plural, num))
    start = _state(ctx).message(singular, plural, num, variables)
    return start + (rv % variables) + Markup("</msg>")


@pass_context
def _fact(ctx: Context, fact_id: str) -> FactView:
    return _state(ctx).fact(fact_id)


def _bytecode_cache() -> BytecodeCache | None:
    """Compiled templates kept between runs (keyed by the template's source checksum).

    Compiling the templates is a large part of a cold ``shim render``; Jinja checks the
    source checksum, so an edited template is always recompiled. Compiled code is only
    read from the user's private cache folder (see :func:`cache_root`).
    """
    root = cache_root()
    if root is None:
        return None
    folder = root / "jinja"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder))


@lru_cache(maxsize=8)
def environment(templates: Path) -> SandboxedEnvironment:
    """One sandboxed environment per templates folder; compiled templates are cached in it
    and recompiled when their file changes (``auto_reload``: one stat per render)."""
    env = SandboxedEnvironment(
        loader=FileSystemLoader(templates),
        autoescape=True,
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=True,
        bytecode_cache=_bytecode_cache(),
    )
    env.policies["ext.i18n.trimmed"] = True
    env.newstyle_gettext = True  # type: ignore[attr-defined]
    env.filters.update(FILTERS)
    env.globals.update(gettext=_gettext, ngettext=_ngettext, _=_gettext, fact=_fact)
    return env


def current_template_line() -> Location | None:
    """The template file and line being rendered right now (for messages).

    Jinja has no public API for this: its compiled templates set ``__jinja_template__``
    in their module globals, which is what Jinja's own traceback rewriting reads too.
    """
    frame: FrameType | None = sys._getframe(1)
    while frame is not None:
        template = frame.f_globals.get("__jinja_template__")
        if template is not None and template.filename:
            return Location(template.filename, template.get_corresponding_lineno(frame.f_lineno))
        frame = frame.f_back
    return None


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


def render_markup(templates: Path, name: str, context: dict[str, Any], root: Path) -> str:
    """Render ``name`` to document markup; every failure becomes a located ShimError."""
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
        raise TemplateError(
            "template not found (each document kind needs templates/<kind>.j2)",
            Location(display_path(templates / str(exc.name), root)),
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


__all__ = ["FactView", "RenderState", "environment", "render_markup"]
