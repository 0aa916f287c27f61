"""The document model every stage shares: blocks of runs, tables, footnotes.

Templates write a tiny, HTML-like markup (``<title>``, ``<h1>``, ``<h2>``, ``<p>``,
``<ul>``/``<ol>`` with ``<li>``; inline ``<fig>`` around a figure and ``<mark>`` around a
sentence that needs a translator). Values are escaped by Jinja, so the markup is always
well-formed unless the template itself is wrong.
"""

from __future__ import annotations

import re

import msgspec

BLOCK_STYLES = {
    "title": "Title",
    "h1": "Heading1",
    "h2": "Heading2",
    "p": "Normal",
    "note": "Quote",
    "say": "Speech",
}
LIST_STYLES = {"ul": "ListBullet", "ol": "ListNumber"}
_SPACE = re.compile(r"[ \t\n\r\f\v]+")  # not \s: a no-break space in "77 109" must stay


class Run(msgspec.Struct, frozen=True):
    text: str
    fact: str | None = None  # the fact this figure shows
    mark: str | None = None  # "untranslated" or "fuzzy": shown highlighted in a draft


class Cell(msgspec.Struct, frozen=True):
    runs: tuple[Run, ...]
    lang: str | None = None  # w:lang of the cell's text, when not the document's
    shade: bool = False  # highlighted for review (untranslated, stale, superseded...)


class Block(msgspec.Struct, frozen=True):
    style: str  # a style id of the reference document; "Table" for a table
    runs: tuple[Run, ...]
    list_id: int = 0  # numbered lists: a new id restarts at 1
    notes: tuple[str, ...] = ()  # footnote texts, referenced at the end of the block
    rows: tuple[tuple[Cell, ...], ...] = ()  # a table's rows; the first is the header

    @property
    def text(self) -> str:
        if self.rows:
            return "\n".join("\t".join(_text(c.runs) for c in row) for row in self.rows)
        return _text(self.runs)

    @property
    def facts(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r.fact for r in self.runs if r.fact))


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
