"""What templates call: fact views, figure filters, periods, names and gettext.

Every figure a filter writes is marked with the fact it shows (``<fig f="id">``) and the
template line that wrote it, so checks can find a figure's period and point at the line
to fix. Translated sentences are finished here, whatever order a translator chose for
the placeholders: a placeholder that opens a sentence is capitalized, a figure is bound
to the word after it by a no-break space ("12.6 millones" never splits at a line end),
and a spoken expansion right before a full stop loses its closing comma ("…, Devida.").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextvars import ContextVar
from functools import lru_cache
from typing import Any

import msgspec
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from shim.errors import FactError, Location, ShimError, TemplateError, TranslationError
from shim.language.figures import Figures
from shim.language.locales import NBSP
from shim.language.protocol import Names, vocatives
from shim.memo import Memo
from shim.rendering.lines import current_template_line
from shim.rendering.messages import MessageUse
from shim.workspace.facts import Fact, FactRecord


class FactView(msgspec.Struct, frozen=True, gc=False):
    """What a template sees of a fact (read-only; no cycle: the collector need not track it)."""

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
    names: Names | None = None
    #: Each finished text (tags kept) and the line that wrote it, to locate statement findings.
    written: list[tuple[str, Location | None]] = msgspec.field(default_factory=list)
    messages: list[MessageUse] = msgspec.field(default_factory=list)  # gettext calls, by Run.msg
    periods_said: set[tuple[str, int]] = msgspec.field(default_factory=set)
    quoted: set[str] = msgspec.field(default_factory=set)  # facts a template asked for by fact()
    history: set[str] = msgspec.field(default_factory=set)  # chart bars a later bar supersedes

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
        self.messages.append(MessageUse(msgid, plural, n, dict(variables)))
        # str.format on Markup goes through string.Formatter: slow on every message.
        return Markup(f'<msg i="{len(self.messages) - 1}">')


#: The render in progress in this thread and its translator, out of the templates' reach:
#: a template cannot clear the ledger of used facts that ``--final`` checks, nor call the
#: translator itself.
CURRENT: ContextVar[tuple[RenderState, Any]] = ContextVar("shim_render")


def _state() -> RenderState:
    """The render in progress; never in the template's context (``CURRENT``).

    Every filter asks for it first. Jinja's optimizer tries a filter on constant
    arguments while compiling (``{{ 2021|year }}``); there is no render then, so this
    raises and the filter is left to run at render time, in the document's language."""
    found = CURRENT.get(None)
    if found is None:
        raise TemplateError("figure filters need a render context")
    return found[0]


def _translator() -> Any:
    found = CURRENT.get(None)
    if found is None:  # pragma: no cover - only via misuse of the API
        raise TemplateError("gettext needs a render context")
    return found[1]


def _figure(value: Any, render: Callable[[Any], str], *how: Any) -> Markup | str:
    """Format a fact (marked with its id) or a plain number. A fact's figure is kept by
    its id and value and ``how`` it is written (formatter and options): a batch's
    documents write the same figures again and again."""
    if not isinstance(value, FactView):
        return render(value)
    key = (value.id, value.value, *how)
    found = _FIGURES.get(key)
    if found is None:
        text = Markup(f'<fig f="{escape(value.id)}">{escape(render(value.value))}</fig>')
        found = _FIGURES.keep(key, text)
    return found


_FIGURES: Memo[tuple[Any, ...], Markup] = Memo(4096)


def _currency(value: Any) -> str:
    return (value.record.fact.currency if isinstance(value, FactView) else None) or "USD"


def f_number(value: Any, decimals: int = 2) -> Markup | str:
    figs = _state().figures
    return _figure(value, lambda v: figs.number(v, decimals), figs, "number", decimals)


def f_rounded(value: Any) -> Markup | str:
    figs = _state().figures
    return _figure(value, figs.rounded, figs, "rounded")


def f_money(value: Any, spoken: bool = False) -> Markup | str:
    figs, currency = _state().figures, _currency(value)
    how = (figs, "money", currency, spoken)
    return _figure(value, lambda v: figs.money(v, currency, spoken=spoken), *how)


def f_said(value: Any, nearly: bool = False) -> Markup | str:
    """The figure as a speaker says it: "more than 98,000", "$13 million", "más de 98 mil"."""
    figs = _state().figures
    kind = value.kind if isinstance(value, FactView) else "count"
    qualifier = value.qualifier if isinstance(value, FactView) else "exact"
    currency = _currency(value)
    return _figure(
        value,
        lambda v: figs.said(v, kind, qualifier, currency, nearly=nearly),
        *(figs, "said", kind, qualifier, currency, nearly),
    )


def f_percent(value: Any) -> Markup | str:
    figs = _state().figures
    return _figure(value, figs.percent, figs, "percent")


def f_year(value: Any) -> Markup | str:
    figs = _state().figures
    return _figure(value, figs.year, figs, "year")


def f_date(value: Any) -> str:
    return _state().figures.date(value)


def f_period(value: Any) -> str:
    """A fact's period, short form; a "to date" figure is dated by its source."""
    if isinstance(value, FactView):
        record = value.record
        as_of = record.fact.as_of or record.source.published
        return _state().figures.period(value.period, as_of)
    return _state().figures.period(value)


def f_when(value: FactView) -> str:
    """A fact's period, in full at its first mention in the document, short after:
    "en el año fiscal 2021 de los Estados Unidos, de octubre de 2020 a setiembre de 2021",
    then "en el año fiscal 2021"; "to date" figures are dated by their source: "as of 2022"."""
    state = _state()
    if not isinstance(value, FactView):
        raise TemplateError("'when' gives the period of a fact: use fact(\"id\")|when")
    record = value.record
    as_of = record.fact.as_of or record.source.published
    key = (value.period.text, as_of.year)
    first = key not in state.periods_said
    state.periods_said.add(key)
    return state.figures.period(value.period, as_of, first=first)


def f_fiscal_year(value: Any) -> str:
    return _state().figures.fiscal_year(value)


FILTERS: dict[str, Callable[..., Any]] = {
    "number": f_number,
    "rounded": f_rounded,
    "money": f_money,
    "said": f_said,
    "percent": f_percent,
    "year": f_year,
    "date": f_date,
    "period": f_period,
    "when": f_when,
    "fiscal_year": f_fiscal_year,
}
#: Filters a brief's own paragraphs may use in their {fact_id|filter} placeholders.
TEXT_FILTERS = ("said", "number", "money", "percent", "year", "when")

# A placeholder that opens a sentence: at the start, or after a full stop, ? or !.
_OPENING = re.compile(r"(?:^|[.!?]\s+)%\((\w+)\)s")
_FIRST_LETTER = re.compile(r"^((?:<[^>]*>)*)(\w)")
# A bare number and the word after it ("77,109 families"); forms with their own unit or
# scale word ("US$13 million", "85%") already carry a no-break space where it matters.
_FIG_THEN_WORD = re.compile(r"(?<=\d)</fig> (?=\w)")
# A placeholder right before a stop: a spoken expansion's closing comma ("…, Devida,") goes.
_BEFORE_STOP = re.compile(r"%\((\w+)\)s(?=[.;:,])")


def _capitalized(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    text = str(value) if isinstance(value, Markup) else str(escape(value))
    return Markup(_FIRST_LETTER.sub(lambda m: m.group(1) + m.group(2).upper(), text, count=1))


@lru_cache(maxsize=1024)
def _placements(translated: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The placeholders that open a sentence, and those right before a stop."""
    return tuple(_OPENING.findall(translated)), tuple(_BEFORE_STOP.findall(translated))


def _finish(
    translated: str,
    variables: dict[str, Any],
    where: Location | None = None,
    source: str | None = None,
) -> Markup:
    key = _finish_key(translated, variables)
    done = _FINISHED.get(key) if key is not None else None
    if done is None:
        done = _finished(translated, variables, source)
        if key is not None:
            _FINISHED.keep(key, done)
    text, changed = done
    variables.update(changed)
    # The text keeps its tags: the statement check strips them only to locate a finding.
    _state().written.append((text, where or current_template_line()))
    return Markup(text)


#: Finished messages, by translation and values, in this process: a batch's documents
#: say the same sentences with the same figures. (text, the values as finished)
_FINISHED: Memo[tuple[Any, ...], tuple[str, tuple[tuple[str, Any], ...]]] = Memo(4096)


def _finish_key(translated: str, variables: dict[str, Any]) -> tuple[Any, ...] | None:
    """A key for plain values (text, markup, whole numbers); None for anything else."""
    key: list[Any] = [translated]
    for name, value in variables.items():  # one call site passes them in one order
        kind = type(value)
        if kind is not str and kind is not Markup and kind is not int:
            return None
        key += (name, kind, value)
    return tuple(key)


def _finished(
    translated: str, variables: dict[str, Any], source: str | None
) -> tuple[str, tuple[tuple[str, Any], ...]]:
    values = dict(variables)
    opening, before_stop = _placements(translated)
    for name in opening:
        if name in values:
            values[name] = _capitalized(values[name])
    for name in before_stop:
        value = values.get(name)
        if isinstance(value, str) and value.endswith(","):
            values[name] = Markup(value[:-1]) if isinstance(value, Markup) else value[:-1]
    rv = Markup(translated)
    try:
        text = str(rv % values if values else rv)
    except (ValueError, TypeError, KeyError):
        msgid = source or translated
        shown = msgid if len(msgid) <= 50 else msgid[:47] + "..."
        raise TranslationError(
            f"the translation of \"{shown}\" has a '%' that is not a placeholder "
            "such as %(name)s; write a percent sign as %%",
            _translator().source_of(msgid) if source else None,
        ) from None
    if "</fig> " in text:  # most messages show no figure: no pattern to run
        text = _FIG_THEN_WORD.sub(f"</fig>{NBSP}", text)
    changed = tuple((k, v) for k, v in values.items() if v is not variables.get(k))
    return text, changed


def _gettext(msgid: str, **variables: Any) -> Markup:
    rv = _finish(_translator().gettext(msgid), variables, source=msgid)
    return Markup(f"{_state().message(msgid, None, None, variables)}{rv}</msg>")


def _ngettext(singular: str, plural: str, num: int, **variables: Any) -> Markup:
    variables.setdefault("num", num)
    rv = _finish(_translator().ngettext(singular, plural, num), variables, source=singular)
    return Markup(f"{_state().message(singular, plural, num, variables)}{rv}</msg>")


def _fact(fact_id: str) -> FactView:
    return _state().fact(fact_id)


def _org(org: str) -> str:
    """An organization's name: in full at its first mention in the document."""
    names = _state().names
    if names is None:  # pragma: no cover - the render context always sets it
        raise TemplateError("org() needs a render context")
    try:
        return names.say(org)
    except KeyError:
        known = "language/data/names.yaml"
        raise TemplateError(f"unknown organization '{org}' (see {known})") from None


@pass_context
def _vocatives(ctx: Context) -> str:
    """The opening address of remarks, from the brief's people in order of precedence."""
    brief = ctx["brief"]
    catalog = _state().figures.lang.catalog
    return vocatives(catalog, ((p.vocative, p.name, p.title, p.gender) for p in brief.people))


_PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)(?:\|(\w+))?\}")


def _event_text(paragraph: Any) -> Markup:
    """A brief's own paragraph: figures only through {fact_id|filter} placeholders, and
    organizations through {usaid}, {devida} (named in full at their first mention)."""
    state = _state()
    text, where = paragraph.text, paragraph.location
    pieces: list[str] = []
    variables: dict[str, Any] = {}
    pos = 0
    try:
        for m in _PLACEHOLDER.finditer(text):
            name, how = m.group(1), m.group(2)
            if how is None:
                value: Any = _org(name)
            elif how in TEXT_FILTERS:
                value = FILTERS[how](state.fact(name))
            else:
                raise TemplateError(
                    f"unknown filter '{how}' in {m.group(0)}; use one of {', '.join(TEXT_FILTERS)}"
                )
            pieces.append(str(escape(text[pos : m.start()])).replace("%", "%%"))
            pieces.append(f"%(p{len(variables)})s")
            variables[f"p{len(variables)}"] = value
            pos = m.end()
    except ShimError as exc:
        exc.location = where
        raise
    pieces.append(str(escape(text[pos:])).replace("%", "%%"))
    return _finish("".join(pieces), variables, where)


GLOBALS: dict[str, Any] = {
    "gettext": _gettext,
    "ngettext": _ngettext,
    "_": _gettext,
    "fact": _fact,
    "org": _org,
    "vocatives": _vocatives,
    "event_text": _event_text,
}
