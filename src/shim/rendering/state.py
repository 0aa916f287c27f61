"""What one render uses and notices, out of the templates' reach.

The filters, ``fact()`` and gettext reach the render in progress through a context
variable, never through the template's context: a template cannot clear the ledger of
used facts that ``--final`` checks, nor call the translator itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from shim.errors import FactError, Location, TemplateError, TranslationError
from shim.language.figures import Figures
from shim.workspace.facts import Fact, FactRecord

MAX_OUTPUT = 1_000_000  # characters; a template that writes more is runaway


@dataclass(frozen=True)
class FactView:
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


@dataclass
class RenderState:
    """What one render used and noticed; filled while the template runs.

    It is never in the template's context: the filters and gettext reach it through
    ``CURRENT``, so a template cannot clear the ledger of used facts that ``--final``
    checks, nor call the translator directly.
    """

    figures: Figures
    lookup: Callable[[str], FactRecord]
    gettext: Callable[[str], str]
    ngettext: Callable[[str, str, int], str]
    source_of: Callable[[str], Location | None] = lambda _msgid: None
    used: dict[str, FactRecord] = field(default_factory=dict)
    quoted: set[str] = field(default_factory=set)  # facts a template asked for by fact()
    history: set[str] = field(default_factory=set)  # chart bars a later bar supersedes

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


#: The render in progress in this thread, out of the templates' reach (see RenderState).
CURRENT: ContextVar[RenderState] = ContextVar("shim_render")


def current_state() -> RenderState:
    state = CURRENT.get(None)
    if state is None:  # pragma: no cover - only via misuse of the API
        raise TemplateError("figure filters need a render context")
    return state


def gettext(msgid: str, **variables: Any) -> Markup:
    rv = Markup(current_state().gettext(msgid))
    return _format(rv, variables, msgid) if variables else rv


def ngettext(singular: str, plural: str, num: int, **variables: Any) -> Markup:
    variables.setdefault("num", num)
    return _format(Markup(current_state().ngettext(singular, plural, num)), variables, singular)


_WIDTH = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\d*)(?:\.(\d+))?")


def _format(message: Markup, variables: dict[str, Any], msgid: str) -> Markup:
    """``message % variables``, bounded before it runs, errors located at the catalog."""
    where = current_state().source_of(msgid)
    for width, precision in _WIDTH.findall(str(message)):
        if max(int(width or 0), int(precision or 0)) > MAX_OUTPUT:
            raise TranslationError(
                f'a placeholder of the translation of "{_short(msgid)}" asks for more than '
                f"{MAX_OUTPUT:,} characters",
                where,
            )
    try:
        return message % variables
    except (ValueError, TypeError, KeyError):
        raise TranslationError(
            f"the translation of \"{_short(msgid)}\" has a '%' that is not a placeholder "
            "such as %(name)s; write a percent sign as %%",
            where,
        ) from None


def _short(text: str) -> str:
    return text if len(text) <= 50 else text[:47] + "..."
