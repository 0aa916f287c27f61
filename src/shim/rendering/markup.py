"""From rendered template markup to the document model.

Templates write a tiny, HTML-like markup (``<title>``, ``<h1>``, ``<h2>``, ``<p>``,
``<ul>``/``<ol>`` with ``<li>``; inline ``<fig>`` around a figure and ``<mark>`` around a
sentence that needs a translator). Values are escaped by Jinja, so the markup is always
well-formed unless the template itself is wrong.

Fact sheets add ``<headlines>`` (``<headline>`` with a ``<number>`` and a ``<label>``) and
``<chart>``, which templates never write by hand: the ``chart(...)`` helper writes it
from facts (``rendering.charts``).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from typing import Any

import msgspec

from shim.document import BLOCK_STYLES, LIST_STYLES, Bar, Block, Chart, Headline, Run
from shim.errors import Location, TemplateError

_SPACE = re.compile(r"[ \t\n\r\f\v]+")  # not \s: a no-break space in "77 109" must stay


class Parsed(msgspec.Struct, frozen=True):
    blocks: tuple[Block, ...]
    header: tuple[Run, ...]
    footer: tuple[Run, ...]


_TAG = re.compile(r"<(/?)(\w+)\b[^>]*?(/?)>")


def unbalanced_tag(source: str) -> tuple[int, str] | None:
    """The line and message of the first markup tag that does not pair up in a template.

    Jinja tags are ignored: a template whose tags pair up in its source almost always
    renders well-formed markup, so this points at the line a writer has to fix.

    >>> unbalanced_tag("<ul>\\n<li>a</li>\\n<li>b\\n</ul>")
    (4, '</ul> closes <li> opened on line 3')
    >>> unbalanced_tag("<p>ok</p>") is None
    True
    """
    stack: list[tuple[str, int]] = []
    for m in _TAG.finditer(source):
        closing, name, empty = m.group(1), m.group(2), m.group(3)
        line = source.count("\n", 0, m.start()) + 1
        if empty:
            continue
        if not closing:
            stack.append((name, line))
        elif not stack:
            return line, f"</{name}> closes nothing"
        elif stack[-1][0] != name:
            return line, f"</{name}> closes <{stack[-1][0]}> opened on line {stack[-1][1]}"
        else:
            stack.pop()
    if stack:
        return stack[-1][1], f"<{stack[-1][0]}> is never closed"
    return None


def parse_markup(markup: str, template: str, source: str | None = None) -> Parsed:
    """Turn rendered markup into blocks; a malformed template is a located error."""
    try:
        root = ET.fromstring(f"<doc>{markup}</doc>")
    except ET.ParseError as exc:
        found = unbalanced_tag(source) if source is not None else None
        if found is not None:
            raise TemplateError(
                f"markup not well-formed: {found[1]}", Location(template, found[0])
            ) from None
        line, col = exc.position
        raise TemplateError(
            f"the template's markup is not well-formed ({exc.msg.split(':')[0]}) at line "
            f"{line}, column {col} of its output",
            Location(template),
        ) from None
    blocks: list[Block] = []
    frame: dict[str, tuple[Run, ...]] = {"header": (), "footer": ()}
    list_id = 0
    for el in root:
        if el.tag in frame:
            frame[el.tag] = _runs(el, template)
        elif el.tag in LIST_STYLES:
            list_id += 1
            for item in el:
                _expect(item, "li", template)
                blocks.append(Block(LIST_STYLES[el.tag], _runs(item, template), list_id))
        elif el.tag in BLOCK_STYLES:
            blocks.append(Block(BLOCK_STYLES[el.tag], _runs(el, template)))
        elif el.tag == "headlines":
            blocks.append(Block("Headlines", (), headlines=_headlines(el, template)))
        elif el.tag == "chart":
            blocks.append(Block("Chart", (), chart=_chart(el)))
        else:
            known = ", ".join(f"<{t}>" for t in [*BLOCK_STYLES, *LIST_STYLES, *_FACT_SHEET])
            raise TemplateError(f"unknown block <{el.tag}>; use {known}", Location(template))
    kept = tuple(b for b in blocks if b.text.strip())
    return Parsed(kept, frame["header"], frame["footer"])


_FACT_SHEET = ("headlines", "chart")


def _headlines(el: ET.Element, template: str) -> tuple[Headline, ...]:
    out = []
    for item in el:
        _expect(item, "headline", template, "<headlines>")
        number, label = item.find("number"), item.find("label")
        if number is None or label is None or len(item) != 2:
            raise TemplateError(
                "a <headline> holds one <number> and one <label>", Location(template)
            )
        out.append(Headline(_runs(number, template), _runs(label, template)))
    return tuple(out)


def _chart(el: ET.Element) -> Chart:
    """A chart as ``rendering.charts`` writes it (values are the facts' own numbers)."""
    bars = tuple(
        Bar(
            bar.get("label", ""),
            Decimal(raw) if "." in (raw := bar.get("value", "0")) else int(raw),
            bar.text or "",
            bar.get("f"),
        )
        for bar in el
    )
    return Chart(
        el.get("title", ""),
        bars,
        el.get("value-axis", ""),
        el.get("category-axis", ""),
        el.get("alt", ""),
    )


def _expect(el: ET.Element, tag: str, template: str, inside: str = "a list") -> None:
    if el.tag != tag:
        raise TemplateError(f"<{el.tag}> inside {inside}; use <{tag}>", Location(template))


def _runs(el: ET.Element, template: str) -> tuple[Run, ...]:
    runs: list[Run] = []
    _walk(el, runs, None, None, template)
    return _normalize(runs)


def _walk(
    el: ET.Element,
    runs: list[Run],
    fact: str | None,
    mark: str | None,
    template: str,
    msg: int | None = None,
) -> None:
    if el.text:
        runs.append(Run(el.text, fact, mark, msg))
    for child in el:
        if child.tag == "fig":
            _walk(child, runs, child.get("f"), mark, template, msg)
        elif child.tag == "field":
            runs.append(Run((child.text or "").strip(), None, "field", msg))
        elif child.tag == "slot":
            runs.append(Run(child.get("name", ""), None, "slot", msg))
        elif child.tag == "mark":
            _walk(child, runs, fact, child.get("kind", "untranslated"), template, msg)
        elif child.tag == "msg":  # written by the gettext wrapper, never by a template
            _walk(child, runs, fact, mark, template, int(child.get("i", "0")))
        else:
            raise TemplateError(f"<{child.tag}> is not allowed inside text", Location(template))
        if child.tail:
            runs.append(Run(child.tail, fact, mark, msg))


_ATOMIC = frozenset({"field", "slot"})  # runs that stand for something, never merged


def _collapse(text: str) -> str:
    """Runs of template whitespace as one space; most runs have none to collapse."""
    if "  " in text or any(c in text for c in "\t\n\r\f\v"):
        return _SPACE.sub(" ", text)
    return text


def _normalize(runs: list[Run]) -> tuple[Run, ...]:
    """Collapse template whitespace (as HTML does) and merge neighbouring plain runs."""
    parts: list[list[Any]] = []  # [text, fact, mark, msg]
    for run in runs:
        text = run.text if run.mark in _ATOMIC else _collapse(run.text)
        if not text:
            continue
        last = parts[-1] if parts else None
        if (
            last is not None
            and run.mark not in _ATOMIC
            and last[2] not in _ATOMIC
            and last[1] == run.fact
            and last[2] == run.mark
            and last[3] == run.msg
        ):
            last[0] += text
        else:
            parts.append([text, run.fact, run.mark, run.msg])
    if parts:
        parts[0][0] = parts[0][0].lstrip()
        parts[-1][0] = parts[-1][0].rstrip()
    return tuple(Run(text, fact, mark, msg) for text, fact, mark, msg in parts if text)
