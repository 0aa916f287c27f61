"""The document model every stage shares: blocks of runs, tables, footnotes.

Templates write a tiny, HTML-like markup (``<title>``, ``<h1>``, ``<h2>``, ``<p>``,
``<ul>``/``<ol>`` with ``<li>``; inline ``<fig>`` around a figure and ``<mark>`` around a
sentence that needs a translator; ``<headlines>`` and ``<chart>`` for fact sheets). Values
are escaped by Jinja, so the markup is always well-formed unless the template itself is
wrong.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

import msgspec

BLOCK_STYLES = {
    "title": "Title",
    "h1": "Heading1",
    "h2": "Heading2",
    "p": "Normal",
    "note": "Quote",
    "say": "Speech",
    "band": "TitleBand",
}
LIST_STYLES = {"ul": "ListBullet", "ol": "ListNumber"}
_SPACE = re.compile(r"[ \t\n\r\f\v]+")  # not \s: a no-break space in "77 109" must stay


# The model's parts are frozen and built bottom-up from text, numbers and tuples: they
# cannot form a reference cycle, so the garbage collector need not track (gc=False) the
# hundreds of thousands a batch makes.
class Run(msgspec.Struct, frozen=True, gc=False):
    text: str
    fact: str | None = None  # the fact this figure shows
    mark: str | None = None  # "untranslated" or "fuzzy": shown highlighted in a draft
    msg: int | None = None  # which gettext call of the render wrote it (review packet)


class Part(msgspec.Struct, frozen=True, gc=False):
    """One paragraph of a cell; with a ``key`` it is a translation a reviewer may edit,
    marked with a bookmark that carries the message's identity (``index`` is unique)."""

    runs: tuple[Run, ...]
    key: str | None = None
    index: int = 0
    state: str = ""  # a short hash of the catalog's text when the packet was made


class Cell(msgspec.Struct, frozen=True, gc=False):
    runs: tuple[Run, ...]
    lang: str | None = None  # w:lang of the cell's text, when not the document's
    shade: bool = False  # highlighted for review (untranslated, stale, superseded...)
    parts: tuple[Part, ...] = ()  # one paragraph each, instead of ``runs`` in one


class Headline(msgspec.Struct, frozen=True, gc=False):
    """One headline figure of a fact sheet: a large number and a line of what and when."""

    number: tuple[Run, ...]
    label: tuple[Run, ...]


class Bar(msgspec.Struct, frozen=True, gc=False):
    """One bar of a chart: a fact's value, dated by its period."""

    label: str  # the category: the fact's period as the reader's language writes it
    value: int | Decimal  # the fact's value, exactly
    shown: str  # the value as the reader's language and number style write it
    fact: str | None = None


class Chart(msgspec.Struct, frozen=True, gc=False):
    """A one-series column chart; every text is final, localized text."""

    title: str
    bars: tuple[Bar, ...]
    value_axis: str  # e.g. "US dollars", "dólares"
    category_axis: str  # e.g. "Year", "Año"
    alt_text: str  # what the chart shows and its figures, for screen readers

    @property
    def text(self) -> str:
        return "\n".join([self.title, *(f"{b.label}\t{b.shown}" for b in self.bars)])


class Block(msgspec.Struct, frozen=True, gc=False):
    style: str  # a style id of the reference document; "Table" for a table
    runs: tuple[Run, ...]
    list_id: int = 0  # numbered lists: a new id restarts at 1
    notes: tuple[str, ...] = ()  # footnote texts, referenced at the end of the block
    rows: tuple[tuple[Cell, ...], ...] = ()  # a table's rows; the first is the header
    headlines: tuple[Headline, ...] = ()  # a row of headline figures
    chart: Chart | None = None

    @property
    def text(self) -> str:
        if self.chart is not None:
            return self.chart.text
        if self.headlines:
            return "\n".join(f"{_text(h.number)} {_text(h.label)}" for h in self.headlines)
        if self.rows:
            return "\n".join("\t".join(_text(c.runs) for c in row) for row in self.rows)
        return _text(self.runs)

    @property
    def facts(self) -> tuple[str, ...]:
        return _facts_of(self)


@lru_cache(maxsize=1024)  # asked of every block several times a render
def _facts_of(block: Block) -> tuple[str, ...]:
    """The ids of the facts a block's figures and bars show, in order, once each."""
    runs = [*block.runs, *(r for h in block.headlines for r in (*h.number, *h.label))]
    bars = block.chart.bars if block.chart is not None else ()
    return tuple(
        dict.fromkeys([*(r.fact for r in runs if r.fact), *(b.fact for b in bars if b.fact)])
    )


class Document(msgspec.Struct, frozen=True):
    kind: str
    lang: str  # --lang code
    word_lang: str  # w:lang tag
    title: str
    subject: str
    blocks: tuple[Block, ...]
    header: tuple[Run, ...] = ()
    footer: tuple[Run, ...] = ()
    meta: dict[str, str] = msgspec.field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)


def _text(runs: tuple[Run, ...]) -> str:
    return "".join(r.text for r in runs)


# XML 1.0 forbids most C0 controls and lone surrogates; Word refuses a file with them.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    """Remove characters a document cannot carry (tabs and newlines become w:tab, w:br)."""
    return _FORBIDDEN.sub("", text)


def has_forbidden(text: str) -> bool:
    return bool(_FORBIDDEN.search(text))
