"""``shim facts check``: every quote, value, link and use of the fact base, verified.

Each problem is one line ``file:line: message``; stale facts are warnings. The checks:
quotes appear verbatim in the shipped source text, in the paragraph the locator names;
each value appears in its quote as the source writes it (77109 ↔ "77,109", 13000000 ↔
"US$13 million", 0.59 ↔ "59%"); supersession points at known facts with no cycles; every
fact a template names exists and is not retired.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from shim.checks.quotes import period_problem, value_problems
from shim.errors import (
    Finding,
    Location,
    ShimError,
    TemplateError,
    did_you_mean,
    display_path,
    plural,
)
from shim.safeio import read_template
from shim.workspace import facts as facts_module
from shim.workspace.facts import Fact, FactBase, FactRecord, Source

_WS = re.compile(r"\s+")
_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def words_to_number(text: str) -> int | None:
    """Parse a spelled-out number below 100 ("Eighty-five" -> 85, "four" -> 4).

    >>> words_to_number("Eighty-five"), words_to_number("four"), words_to_number("many")
    (85, 4, None)
    """
    parts = text.lower().replace("-", " ").split()
    total = 0
    for word in parts:
        if word in _UNITS:
            total += _UNITS.index(word)
        elif word in _TENS[2:]:
            total += _TENS.index(word) * 10
        else:
            return None
    return total if parts else None


def source_forms(fact: Fact) -> list[str]:
    """How an English source may write ``fact.value`` (for matching inside the quote).

    >>> from decimal import Decimal as D
    >>> from shim.workspace.schema import build
    >>> def forms(**kw): return source_forms(build(Fact, dict(
    ...     id="x", period="2021", locator={"paragraph": 1}, quote="q", **kw)))
    >>> forms(value=13000000, kind="money", currency="USD")[:2]
    ['13 million', '13.0 million']
    >>> forms(value=D("0.59"), kind="percent")
    ['59%', '59 percent']
    >>> forms(value=77109, kind="count", counts="families")
    ['77,109', '77109']
    """
    v = Decimal(fact.value)
    if fact.kind == "percent":
        pct = _plain(v * 100)
        return [f"{pct}%", f"{pct} percent"]
    if fact.kind == "money":
        forms = []
        for size, word in ((Decimal(10) ** 9, "billion"), (Decimal(10) ** 6, "million")):
            if v >= size:
                n = v / size
                forms += [f"{_plain(n)} {word}", f"{n:.1f} {word}"]
        return [*forms, f"{int(v):,}", str(int(v))] if v == int(v) else forms
    if fact.kind == "year":
        return [str(int(v))]
    return [f"{int(v):,}", str(int(v))] if v == int(v) else [_plain(v)]


def _plain(d: Decimal) -> str:
    text = f"{d.normalize():f}"
    return text


def _norm(text: str) -> str:
    return _WS.sub(" ", text).strip()


def paragraphs(text: str) -> list[str]:
    """The source's paragraphs: blocks separated by blank lines, counted from 1."""
    return [_norm(p) for p in re.split(r"\n\s*\n", text) if p.strip()]


def check(
    base: FactBase,
    templates: Path | None = None,
    today: dt.date | None = None,
    *,
    max_age_years: int,
) -> list[Finding]:
    """Every finding for the fact base (errors first, in file order; then warnings)."""
    findings: list[Finding] = []
    texts: dict[str, list[str] | None] = {}
    for src in base.sources.values():
        texts[src.id] = _source_paragraphs(base, src, findings)
    for record in base:
        findings += _check_fact(record, texts.get(record.source.id))
    findings += _check_links(base)
    if templates is not None:
        findings += _check_uses(base, templates)
    findings += _stale(base, today or facts_module.current_date(), max_age_years)
    return sorted(findings, key=lambda f: (f.warning,))


def _source_paragraphs(base: FactBase, src: Source, out: list[Finding]) -> list[str] | None:
    try:
        return paragraphs(base.source_text(src))
    except ShimError as exc:
        out.append(
            Finding(
                exc.location or Location("facts/sources.yaml"), f"source '{src.id}': {exc.message}"
            )
        )
        return None


def _check_fact(record: FactRecord, paras: list[str] | None) -> Iterator[Finding]:
    fact = record.fact
    quote = _norm(fact.quote)
    if paras is not None:
        n = fact.locator.paragraph
        if not any(quote in p for p in paras):
            yield Finding(
                record.at("quote"),
                f"fact '{fact.id}': the quote is not in the "
                f"source text of '{record.source.id}' ({record.source.path})",
            )
        elif n > len(paras) or quote not in paras[n - 1]:
            found = next(i for i, p in enumerate(paras, 1) if quote in p)
            yield Finding(
                record.at("locator"),
                f"fact '{fact.id}': the quote is in paragraph {found}, not {n}",
            )
    if fact.written_as is not None:
        if fact.written_as not in fact.quote:
            yield Finding(
                record.at("written_as"),
                f"fact '{fact.id}': written_as {fact.written_as!r} is not in the quote",
            )
        elif not _written_matches(fact):
            yield Finding(
                record.at("written_as"),
                f"fact '{fact.id}': written_as "
                f"{fact.written_as!r} does not say the value {fact.value}",
            )
    else:
        for name, message in value_problems(record, source_forms(fact)):
            yield Finding(record.at(name), message)
    period = period_problem(fact)
    if period is not None:
        yield Finding(record.at("period"), period)


def _written_matches(fact: Fact) -> bool:
    digits = re.findall(r"\d[\d,.]*", fact.written_as or "")
    scale = 100 if fact.kind == "percent" else 1
    want = Decimal(fact.value) * scale
    if digits:
        return any(Decimal(d.replace(",", "")) == want for d in digits)
    # The number words it opens with ("Eighty five percent", "ninety-nine families").
    words = (fact.written_as or "").split()
    lead = list(itertools.takewhile(lambda w: words_to_number(w) is not None, words))
    number = words_to_number(" ".join(lead))
    return number is not None and Decimal(number) == want


def _check_links(base: FactBase) -> Iterator[Finding]:
    for record in base:
        target = record.fact.superseded_by
        if target is None:
            continue
        if target == record.fact.id:
            yield Finding(
                record.at("superseded_by"), f"fact '{target}' cannot be superseded by itself"
            )
        elif base.get(target) is None and target not in base.broken and base.complete:
            yield Finding(
                record.at("superseded_by"),
                f"fact '{record.fact.id}': superseded_by "
                f"names unknown fact '{target}'{did_you_mean(target, list(base.facts))}",
            )
        elif (newer := base.get(target)) is not None:
            yield from _same_measure(record, newer)
    yield from _cycles(base)


def _same_measure(old: FactRecord, new: FactRecord) -> Iterator[Finding]:
    """A newer figure replaces an older one only if both measure the same thing."""
    for end in (old, new):
        if end.fact.measure is None:
            yield Finding(
                end.at("superseded_by" if end is old else "id"),
                f"fact '{end.fact.id}': a supersession link joins '{old.fact.id}' and "
                f"'{new.fact.id}'; give both a 'measure' (what is counted, e.g. "
                "'hectares planted') so the link can be checked",
            )
    if old.fact.measure and new.fact.measure and old.fact.measure != new.fact.measure:
        yield Finding(
            old.at("superseded_by"),
            f"fact '{old.fact.id}' measures '{old.fact.measure}' but the fact that "
            f"supersedes it, '{new.fact.id}', measures '{new.fact.measure}'",
        )


def _cycles(base: FactBase) -> Iterator[Finding]:
    reported: set[str] = set()
    for record in base:
        chain = [record.fact.id]
        current = base.get(record.fact.superseded_by or "")
        while current is not None:
            if current.fact.id in chain:
                cycle = chain[chain.index(current.fact.id) :]
                if len(cycle) > 1 and not reported.intersection(cycle):
                    reported.update(cycle)
                    path = " -> ".join([*cycle, current.fact.id])
                    yield Finding(
                        base.facts[cycle[0]].at("superseded_by"), f"supersession cycle: {path}"
                    )
                break
            chain.append(current.fact.id)
            current = base.get(current.fact.superseded_by or "")


def template_uses(templates: Path) -> dict[str, list[tuple[str, int]]]:
    """Fact ids named by ``fact("...")`` in each template, with file and line."""
    from shim.cache import cached, key_of

    uses: dict[str, list[tuple[str, int]]] = {}
    for path in sorted(templates.glob("*.j2")):
        # Confined and size-checked first; only then is the cache keyed by those bytes.
        raw = read_template(path, templates)
        calls = cached(
            "uses",
            key_of(path.name, raw),
            list[tuple[str, int]],
            functools.partial(_fact_calls, raw, path, templates),
        )
        for fact_id, line in calls:
            uses.setdefault(fact_id, []).append((str(path), line))
    return uses


def _fact_calls(raw: bytes, path: Path, templates: Path) -> list[tuple[str, int]]:
    """``(fact id, line)`` of each ``fact("...")`` call in one template's source."""
    from jinja2 import Environment, TemplateSyntaxError, nodes

    # Parsing only: the names and lines of fact() calls do not depend on the render options.
    env = Environment(extensions=["jinja2.ext.i18n"])
    try:
        ast = env.parse(raw.decode("utf-8"), path.name, str(path))
    except TemplateSyntaxError as exc:
        raise TemplateError(
            f"template syntax error: {exc.message}",
            Location(display_path(path, templates.parent), exc.lineno),
        ) from None
    except UnicodeDecodeError:
        raise TemplateError(
            "not UTF-8 text", Location(display_path(path, templates.parent))
        ) from None
    return [
        (str(call.args[0].value), call.lineno)
        for call in ast.find_all(nodes.Call)
        if isinstance(call.node, nodes.Name)
        and call.node.name == "fact"
        and call.args
        and isinstance(call.args[0], nodes.Const)
    ]


def _check_uses(base: FactBase, templates: Path) -> Iterator[Finding]:
    for fact_id, places in template_uses(templates).items():
        record = base.get(fact_id)
        for file, line in places:
            where = Location(display_path(file, base.root), line)
            if record is None and (fact_id in base.broken or not base.complete):
                continue  # already reported where the fact is defined
            if record is None:
                yield Finding(
                    where,
                    f"template uses unknown fact '{fact_id}'{did_you_mean(fact_id, base.facts)}",
                )
            elif record.fact.status == "retired":
                yield Finding(where, f"template uses retired fact '{fact_id}'")


def _stale(base: FactBase, today: dt.date, max_age: int) -> Iterator[Finding]:
    """One warning for all current facts stated more than ``max_age`` years ago."""
    stale = [
        r
        for r in base
        if not r.fact.superseded_by and r.fact.status != "retired" and r.is_stale(today, max_age)
    ]
    if not stale:
        return
    oldest = max(stale, key=lambda r: r.age(today))
    yield Finding(
        Location("facts"),
        f"{plural(len(stale), 'current fact')} {'was' if len(stale) == 1 else 'were'} "
        f"stated more than {max_age} years ago, the oldest "
        f"'{oldest.fact.id}' ({oldest.age(today)} years); see `shim facts list --stale`",
        warning=True,
    )
