"""``shim check A.docx [B.docx]``: every figure, in its sentence, from a current fact.

Figures are found by :mod:`shim.checks.figures_scan` in each document's language and
number style, with their qualifiers ("more than", "casi") and scale words ("million",
"mil millones"). One document is checked against the fact base (value, qualifier,
supersession) and for words its language must not use ("24.7 billones"); two documents
are also compared with each other paragraph by paragraph. Every finding names its place
in each file: ``¶N “first words…”``, paragraphs counted as :mod:`shim.checks.reading`
says. Works on documents a person edited in Word, as long as the text is there.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal
from functools import partial
from pathlib import Path

import msgspec

from shim.cache import cached, key_of
from shim.checks.figures_compare import Place, compare_paragraphs, mistranslations, plain
from shim.checks.figures_scan import Figure, is_citation, preview, scan, scan_all
from shim.checks.reading import ReadDoc, read_docx
from shim.checks.statements import document_statements
from shim.document import Document
from shim.errors import Findings, UsageError, plural
from shim.language.figures import Figures
from shim.language.locales import LANGS, number_style
from shim.workspace.facts import FactBase, FactRecord

_KIND = {"count": "number", "area": "number", "money": "money", "percent": "percent"}
_QUALIFIER = {"exact": None, "more_than": "more_than"}  # target: any wording is a target


class Expected(msgspec.Struct, frozen=True):
    """A figure a fact may appear as, and the qualifier its wording must carry."""

    record: FactRecord
    qualifier: str | None
    any_qualifier: bool


def lang_code(tag: str) -> str:
    """shim's language code for a document's language tag ("es-PE" -> "es")."""
    for code, lang in LANGS.items():
        if tag in (code, lang.word):
            return code
    return "es" if tag.lower().startswith("es") else "en"


def fact_index(facts: FactBase, code: str) -> dict[tuple[str, Decimal], list[Expected]]:
    """(kind, value) -> the facts a figure of that value may show, in language ``code``."""
    figures = Figures.for_lang(code)
    index: dict[tuple[str, Decimal], list[Expected]] = {}
    for record in facts:
        fact = record.fact
        kind = _KIND.get(fact.kind)
        if kind is None:
            continue  # years name periods and dates; the facts they qualify are checked
        seen: set[tuple[Decimal, str | None]] = set()
        for form in figures.forms(fact.value, fact.kind, fact.qualifier, fact.currency):
            for fig in scan(form, code, figures.style.decimal):
                qualifier = fig.qualifier or _QUALIFIER.get(fact.qualifier)
                if (fig.value, qualifier) not in seen:
                    seen.add((fig.value, qualifier))
                    expected = Expected(record, qualifier, fact.qualifier == "target")
                    index.setdefault((kind, fig.value), []).append(expected)
    return index


def against_facts(doc: ReadDoc, facts: FactBase) -> Iterator[tuple[Place, Figure, str]]:
    """Each figure with the id of the fact it shows, or a problem (id "")."""
    code = lang_code(doc.lang)
    index = fact_index(facts, code)
    for number, text in enumerate(doc.paragraphs, 1):
        if is_citation(text, code):
            continue
        place = Place(number, preview(text))
        for fig in scan(text, code, doc.decimal):
            yield place, fig, _match(fig, index.get((fig.kind, fig.value), []))


def _match(fig: Figure, candidates: list[Expected]) -> str:
    """The fact id ``fig`` shows, or the problem with it (starting with a space)."""
    if not candidates:
        return f" {fig} ({plain(fig)}) matches no fact"
    current = [c for c in candidates if c.record.fact.superseded_by is None]
    if not current:
        old = candidates[0].record.fact
        return f" {fig} matches only superseded fact '{old.id}' (now '{old.superseded_by}')"
    if fig.kind == "money":  # the index is by value: US$2.5 million is not S/ 2.5 million
        priced = [c for c in current if c.record.fact.currency == fig.currency]
        if not priced:
            other = current[0].record.fact
            return f" {fig} is in {fig.currency} but fact '{other.id}' is in {other.currency}"
        current = priced
    worded = [c for c in current if c.any_qualifier or c.qualifier == fig.qualifier]
    if worded:
        return worded[0].record.fact.id
    want = current[0]
    said = fig.qualifier or "no qualifier"
    return (
        f" {fig} says {said} but fact '{want.record.fact.id}' is "
        f"{want.qualifier or 'exact'}: the claim changed"
    )


def _doc_findings(doc: ReadDoc, facts: FactBase | None) -> list[str]:
    code = lang_code(doc.lang)
    out = [f"{doc.path} {m}" for m in mistranslations(doc.paragraphs, code, doc.decimal)]
    out += [str(f) for f in document_statements(doc, code)]
    if facts is not None:
        out += [
            f"{doc.path} {place}:{result}"
            for place, _, result in against_facts(doc, facts)
            if result.startswith(" ")
        ]
    return out


def check_one(path: Path, facts: FactBase) -> list[str]:
    """Findings for one document against the fact base."""
    doc = read_docx(path)
    found = [f"{doc.path} {f}" for f in _unreadable(doc)]
    return found + _doc_findings(doc, facts)


def check_pair(a: Path, b: Path, facts: FactBase | None) -> list[str]:
    """Findings for two translations of one document: each other, then the fact base."""
    if a.resolve() == b.resolve() or a.read_bytes() == b.read_bytes():
        raise UsageError(
            f"{a} and {b} are the same document; give its counterpart in the other language"
        )
    da, db = read_docx(a), read_docx(b)
    found = compare_paragraphs(
        da.paragraphs,
        lang_code(da.lang),
        da.decimal,
        db.paragraphs,
        lang_code(db.lang),
        db.decimal,
        a_name=da.path,
        b_name=db.path,
    )
    return [str(f) for f in found] + _doc_findings(da, facts) + _doc_findings(db, facts)


def _unreadable(doc: ReadDoc) -> Iterator[str]:
    code = lang_code(doc.lang)
    for number, text in enumerate(doc.paragraphs, 1):
        for _, _, bad in scan_all(text, code, doc.decimal).unreadable:
            yield (
                f"{Place(number, preview(text))}: “{bad}” is not a figure in this number "
                f"style (decimal “{doc.decimal}”)"
            )


def explain(path: Path, facts: FactBase) -> list[str]:
    """Every figure of a document with its fact, source, paragraph and quote."""
    doc = read_docx(path)
    lines = []
    for place, fig, result in against_facts(doc, facts):
        if result.startswith(" "):
            lines.append(f"{place}: {result.strip()}")
            continue
        record = facts.facts[result]
        src, fact = record.source, record.fact
        lines.append(
            f"{place}: {fig} = {fact.id} ({src.id}, para. {fact.locator.paragraph}): “{fact.quote}”"
        )
    return lines


def check_languages(docs: Sequence[tuple[str, Document]], english: Document | None = None) -> None:
    """Every language of one document must carry the figures of the English one.

    ``english`` is an English rendering made in memory when English was not asked for.
    """
    base = next((d for c, d in docs if c == "en"), english)
    if base is None:
        return
    findings: list[str] = []
    for code, doc in docs:
        if code != "en":
            key = key_of("parity", code, doc.kind, _decimal(base), _decimal(doc), *_texts(base))
            key = key_of(key, *_texts(doc))
            # By content, in the user's cache: a pair checked once is not scanned again
            # (building the languages' scanners costs a cold render tens of ms).
            findings += cached("parity", key, list[str], partial(_pair, base, code, doc))
    if findings:
        raise Findings(f"{plural(len(findings), 'figure')} differ between languages", findings)


def _pair(base: Document, code: str, doc: Document) -> list[str]:
    found = compare_paragraphs(
        _texts(base),
        "en",
        _decimal(base),
        _texts(doc),
        code,
        _decimal(doc),
        a_name=f"{doc.kind}.en",
        b_name=f"{doc.kind}.{code}",
    )
    return [str(f) for f in found] + [
        f"{doc.kind}.{code} {f}" for f in mistranslations(_texts(doc), code, _decimal(doc))
    ]


def _texts(doc: Document) -> list[str]:
    return [b.text for b in doc.blocks]


def _decimal(doc: Document) -> str:
    return number_style(LANGS[doc.lang], doc.meta.get("numbers")).decimal
