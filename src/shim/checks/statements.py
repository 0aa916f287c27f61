"""Statements true on the day they are spoken: every figure with its period, none framed
as current when it is old, and text a speaker can read.

Two layers. **Structural**, on the templates and the briefs' own paragraphs: a message
that shows a fact must also carry that fact's period (a placeholder such as
``{{ x|when }}``), or the message before it in the same section must. **Textual**, on the
rendered sentences:

- *period*: a sentence with a figure names the figure's period, in it or the one before;
- *present*: a figure dated more than a year before the event is never framed as present
  ("today", "now", "hoy", "actualmente": ``data/present.yaml``, per language);
- *numeral*: no English sentence opens with a numeral (rephrase; never spell a figure out);
- *parenthesis*: no parenthesis in text read aloud;
- *quotes*: typographic apostrophes and quotation marks, never straight ones.

Findings are warnings in a draft and errors with ``--final``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from shim.cache import cached, key_of, shipped_yaml
from shim.checks.figures_scan import is_citation, scan
from shim.document import Block, Document, Run
from shim.errors import Finding, Location, TemplateError, display_path
from shim.language.locales import catalog_of
from shim.memo import Memo
from shim.safeio import read_template
from shim.workspace.facts import Fact, FactBase, FactRecord

if TYPE_CHECKING:
    from shim.checks.reading import ReadDoc

DATA = Path(__file__).with_name("data")
FIGURE_FILTERS = frozenset({"number", "money", "percent", "said", "rounded"})
PERIOD_FILTERS = frozenset({"when", "period"})
_YEAR = re.compile(r"\b(19\d\d|20\d\d)\b")
_END = re.compile(r"[.!?…]+[”’»)]?(?=\s|$)")
_FY = r"(?:fiscal year|FY|año fiscal|ejercicio fiscal)\s?"


@lru_cache(maxsize=4)
def present_words(catalog: str) -> re.Pattern[str]:
    """The words that frame a statement as current in ``catalog``'s language (data file)."""
    table = shipped_yaml(DATA / "present.yaml")
    words = sorted(table[catalog], key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")(?!\w)", re.I)


_LETTER = re.compile(r"[^\W\d_]")


# -- textual layer ---------------------------------------------------------------------


class Sentence(msgspec.Struct, frozen=True):
    text: str
    facts: tuple[FactRecord, ...]  # facts of the figures in it (rendered documents)
    figures: bool  # it shows a figure that needs a period
    speech: bool  # read aloud
    location: Location | Callable[[], Location]  # a callable: found only for a finding
    headline: bool = False  # a display figure and its label, not a sentence of prose


def period_mark(record: FactRecord) -> re.Pattern[str] | None:
    """What a sentence must say to name a fact's period; None when the figure is one."""
    fact = record.fact
    if fact.kind == "year":
        return None
    p = fact.period.parts
    if p["fy"]:
        return re.compile(rf"{_FY}{p['year']}\b", re.I)
    if p["start"]:
        return re.compile(rf"\b{p['start']}\b.*\b{p['end']}\b")
    if p["todate"]:
        return re.compile(rf"\b{dated_year(record)}\b")
    return re.compile(rf"\b{p['year'] or p['since']}\b")


def dated_year(record: FactRecord) -> int:
    """The year a figure speaks for: its period's last year, or for "to date" its source's."""
    fact: Fact = record.fact
    last = fact.period.last_year
    if fact.period.parts["since"] or last is None:
        return (fact.as_of or record.source.published).year
    return last


#: What the rules said of a sentence, in this process: a batch's documents share most of
#: their sentences. The rules read only the key's parts; the facts are kept in the entry,
#: so the ids in its key stay theirs.
_VERDICTS: Memo[tuple[Any, ...], tuple[tuple[FactRecord, ...], tuple[str, ...]]] = Memo(8193)


def check_sentences(sentences: Sequence[Sentence], lang: str, event: dt.date) -> Iterator[Finding]:
    """Every rule of the textual layer over sentences in reading order (None: a heading)."""
    present = present_words(catalog_of(lang))
    previous, year = "", event.year
    for s in sentences:
        facts = tuple(map(id, s.facts))
        key = (s.text, previous, facts, s.figures, s.speech, s.headline, lang, year)
        known = _VERDICTS.get(key)
        if known is None:
            said = (*_period_rules(s, previous, present, year), *_reading_rules(s, lang))
            known = _VERDICTS.keep(key, (s.facts, said))
        yield from (_found(s, message) for message in known[1])
        previous = s.text


def _period_rules(s: Sentence, previous: str, present: re.Pattern[str], year: int) -> Iterator[str]:
    near = f"{previous} {s.text}"
    if s.facts:
        for record in s.facts:
            mark = period_mark(record)
            if mark is not None and not mark.search(near):
                yield f"'{record.fact.id}' ({record.fact.period.text}) without its period"
        dated = [dated_year(r) for r in s.facts if r.fact.kind != "year"]
    elif s.figures:
        years = [int(y) for y in _YEAR.findall(near)]
        if not years:
            yield "a figure without its period"
        dated = [max(years)] if years else []
    else:
        dated = []
    word = present.search(s.text)
    old = [y for y in dated if y < year - 1]
    if word and old:
        yield (
            f"a figure from {min(old)} framed as current by '{word.group(0)}' "
            f"(the event is in {year})"
        )


def _reading_rules(s: Sentence, lang: str) -> Iterator[str]:
    if catalog_of(lang) == "en" and not s.headline and re.match(r"[“‘\"']?\d", s.text):
        yield "an English sentence opens with a numeral; rephrase it"
    if s.speech and ("(" in s.text or ")" in s.text):
        yield "a parenthesis in text read aloud; put the expansion between commas"
    if "'" in s.text or '"' in s.text:
        yield "a straight quotation mark or apostrophe; use ’ “ ” (or « »)"


def _found(s: Sentence, message: str) -> Finding:
    shown = s.text if len(s.text) <= 70 else s.text[:67] + "…"
    where = s.location if isinstance(s.location, Location) else s.location()
    return Finding(where, f"statement: {message}: “{shown}”")


def split_sentences(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the sentences of a paragraph ("118.5" and "US$13" do not end one)."""
    start = 0
    for m in _END.finditer(text):
        if text[start : m.end()].strip():
            yield start, m.end()
        start = m.end()
    if text[start:].strip():
        yield start, len(text)


def document_sentences(
    doc: Document,
    facts: FactBase,
    locate: Callable[[str], Location],
    skip: Callable[[Block], bool],
) -> Iterator[Sentence]:
    """The sentences of a rendered document, each with the facts of its figures."""
    for block in doc.blocks:
        if block.rows or block.chart is not None or skip(block):
            continue  # a chart dates each bar by its fact's period itself
        for sentence, ids in _block_sentences(block):
            yield Sentence(
                sentence,
                tuple(facts.facts[i] for i in ids if i in facts.facts),
                False,
                block.style == "Speech",
                functools.partial(locate, sentence),
                bool(block.headlines),
            )


@lru_cache(maxsize=1024)  # a batch's documents share most blocks
def _block_sentences(block: Block) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The sentences of a block, each with the ids of the facts its figures show."""
    # A headline figure reads with its label ("US$35.5 million · DEVIDA's budget, 2021").
    pieces = [(*h.number, Run(" "), *h.label, Run(". ")) for h in block.headlines]
    text, owners = "", []
    for run in [r for piece in pieces for r in piece] or block.runs:
        text += run.text
        owners += [run.fact] * len(run.text)
    return tuple(
        (text[a:b].strip(), tuple(dict.fromkeys(f for f in owners[a:b] if f)))
        for a, b in split_sentences(text)
    )


def document_statements(doc: ReadDoc, code: str) -> list[Finding]:
    """The textual layer on a .docx from outside (``shim check``): a figure needs a year
    in its sentence or the one before, and old figures are not framed as current."""
    if doc.event is None:
        return []
    sentences = []
    for n, text in enumerate(doc.paragraphs, 1):
        if is_citation(text, code):
            continue
        for a, b in split_sentences(text):
            sentence = text[a:b].strip()
            figures = bool(scan(sentence, code, doc.decimal))
            at = Location(f"{doc.path} ¶{n}")
            display = not _LETTER.search(sentence)  # a figure standing alone: a headline
            speech = n - 1 in doc.speech
            sentences.append(Sentence(sentence, (), figures, speech, at, display))
    return unique(check_sentences(sentences, code, doc.event))


# -- structural layer ------------------------------------------------------------------


class _Message(msgspec.Struct, frozen=True):
    line: int
    section: tuple[int, ...]
    figures: tuple[str, ...]  # fact ids shown
    periods: tuple[str, ...]  # fact ids whose period is said


#: A template's messages by its content key, in this process: every render of a batch
#: would otherwise read them back from the disk cache.
_MESSAGES: Memo[str, list[_Message]] = Memo(65)  # a server's templates keep changing


def template_statements(
    templates: Path, facts: FactBase, only: Sequence[str] | None = None
) -> list[Finding]:
    """Messages that show a fact without its period (nor in the message before).

    Each template's messages are kept in the user's cache by its content: parsing a
    template costs milliseconds, and this check runs on every render."""
    out: list[Finding] = []
    paths = [templates / n for n in only] if only else sorted(templates.glob("*.j2"))
    for path in paths:
        shown = display_path(path, templates.parent)
        raw = read_template(path, templates)  # confined before the cache sees it
        key = key_of(path.name, raw)
        messages = _MESSAGES.get(key)
        if messages is None:
            parse = functools.partial(_template_messages, raw, path, shown)
            messages = _MESSAGES.keep(key, cached("statements", key, list[_Message], parse))
        for line, fact_id, period in _unperiodized(messages, facts):
            out.append(
                Finding(
                    Location(shown, line),
                    f"statement: this message shows '{fact_id}' ({period}) without its "
                    "period; add a placeholder such as {{ x|when }} here or in the message "
                    "before it",
                )
            )
    return out


def _template_messages(raw: bytes, path: Path, shown: str) -> list[_Message]:
    from jinja2 import Environment, TemplateSyntaxError

    env = Environment(extensions=["jinja2.ext.i18n"])
    env.newstyle_gettext = True  # type: ignore[attr-defined]
    try:
        ast = env.parse(raw.decode("utf-8"), path.name, str(path))
    except TemplateSyntaxError as exc:
        raise TemplateError(f"template syntax error: {exc.message}", Location(shown)) from None
    return list(_messages(ast, {}, ()))


def _unperiodized(messages: Sequence[_Message], facts: FactBase) -> Iterator[tuple[int, str, str]]:
    def periods(m: _Message) -> set[str]:
        return {facts.facts[f].fact.period.text for f in m.periods if f in facts.facts}

    for i, m in enumerate(messages):
        said = periods(m)
        if i and messages[i - 1].section == m.section:
            said |= periods(messages[i - 1])
        for fact_id in m.figures:
            record = facts.facts.get(fact_id)
            if record is None or record.fact.kind == "year":
                continue
            if record.fact.period.text not in said:
                yield m.line, fact_id, record.fact.period.text


def _messages(node: Any, bound: dict[str, str], section: tuple[int, ...]) -> Iterator[_Message]:
    from jinja2 import nodes

    for child in node.iter_child_nodes():
        if isinstance(child, nodes.Assign) and isinstance(child.target, nodes.Name):
            fact_id = _fact_call(child.node)
            if fact_id:
                bound[child.target.name] = fact_id
        if isinstance(child, nodes.Call) and _is_gettext(child):
            yield _message(child, bound, section)
            continue
        inner = (*section, id(child)) if isinstance(child, (nodes.If, nodes.For)) else section
        yield from _messages(child, bound, inner)


def _is_gettext(call: Any) -> bool:
    from jinja2 import nodes

    return isinstance(call.node, nodes.Name) and call.node.name in {"gettext", "ngettext", "_"}


def _fact_call(node: Any) -> str | None:
    from jinja2 import nodes

    if (
        isinstance(node, nodes.Call)
        and isinstance(node.node, nodes.Name)
        and node.node.name == "fact"
        and node.args
        and isinstance(node.args[0], nodes.Const)
    ):
        return str(node.args[0].value)
    return None


def _message(call: Any, bound: dict[str, str], section: tuple[int, ...]) -> _Message:
    from jinja2 import nodes

    text = " ".join(str(a.value) for a in call.args if isinstance(a, nodes.Const))
    figures: list[str] = []
    periods: list[str] = []
    for kw in call.kwargs:
        if f"%({kw.key})s" not in text:
            continue  # a plural's count, not shown
        expr = kw.value
        if not isinstance(expr, nodes.Filter):
            continue
        target = expr.node
        if isinstance(target, nodes.Getattr) and target.attr == "last_year":
            target = target.node.node if isinstance(target.node, nodes.Getattr) else target
            fact_id = _resolve(target, bound)
            if fact_id:
                periods.append(fact_id)
            continue
        fact_id = _resolve(target, bound)
        if fact_id is None:
            continue
        if expr.name in FIGURE_FILTERS:
            figures.append(fact_id)
        elif expr.name in PERIOD_FILTERS:
            periods.append(fact_id)
    return _Message(call.lineno, section, tuple(figures), tuple(periods))


def _resolve(node: Any, bound: dict[str, str]) -> str | None:
    from jinja2 import nodes

    if isinstance(node, nodes.Name):
        return bound.get(node.name)
    return _fact_call(node)


_PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\|(\w+)\}")


def paragraph_statements(
    paragraphs: Sequence[tuple[str, Location]], facts: FactBase
) -> list[Finding]:
    """A brief's own paragraphs, checked like template messages (one language's texts)."""
    messages = []
    for i, (text, _where) in enumerate(paragraphs):
        uses = _PLACEHOLDER.findall(text)
        figures = tuple(f for f, name in uses if name in FIGURE_FILTERS)
        periods = tuple(f for f, name in uses if name in PERIOD_FILTERS)
        messages.append(_Message(i, (), figures, periods))
    return [
        Finding(
            paragraphs[line][1],
            f"statement: this paragraph shows '{fact_id}' ({period}) without its period; "
            f"add {{{fact_id}|when}} here or in the paragraph before it",
        )
        for line, fact_id, period in _unperiodized(messages, facts)
    ]


def unique(findings: Iterable[Finding]) -> list[Finding]:
    return list(dict.fromkeys(findings))
