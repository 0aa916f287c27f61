"""``shim check A.docx B.docx``: the same figures, in both languages, all from facts.

Figures are found in each document's text and parsed by that document's language and
number style (``77,109`` and ``77 109`` are 77109; ``118.5`` in Peru and ``118,5`` in
Spain are 118.5; "13 millones de dólares" is 13000000). Each figure is then matched to
the fact base. Works on documents a person edited in Word, as long as the text is there.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path

import msgspec

from shim.document import Document
from shim.errors import Findings, Location, OutputError
from shim.language.locales import LANGS, number_style
from shim.workspace.facts import FactBase

SEP = "[,.\u00a0\u202f ]"
NUM = rf"\d{{1,3}}(?:{SEP}\d{{3}})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
_CITATION = re.compile(r"\b(?:para|párr)\. \d+\.$")
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "enero|febrero|marzo|abril|mayo|junio|julio|agosto|setiembre|septiembre|octubre|"
    "noviembre|diciembre"
)
_DATES = (
    rf"\b(?:(?:{_MONTHS}) \d{{1,2}}, \d{{4}}|\d{{1,2}} de (?:{_MONTHS}) de \d{{4}}|"
    rf"(?:{_MONTHS})(?: de)? \d{{4}})\b"
)
_PATTERNS = [
    ("money", r"(?:(?:US\$|S/)\s?|\b)mil millones(?: de (?:dólares|soles))?\b()"),
    ("money", rf"(?:US\$|S/)\s?({NUM})(?:\s(million|billion|millón|millones))?"),
    ("money", rf"\b({NUM}) (millón|millones) de (?:dólares|soles)\b"),
    ("money", rf"\b({NUM}) (?:dólares|soles|dollars)\b"),
    ("percent", rf"\b({NUM})\s?(?:%|percent\b|por ciento\b)"),
    ("number", rf"(?<![\w$/])({NUM})(?![\w%])"),
]


@functools.cache
def _compiled() -> tuple[re.Pattern[str], list[tuple[str, re.Pattern[str]]]]:
    # Compiled on first use: they cost milliseconds, and a one-language render needs none.
    return re.compile(_DATES, re.I), [(kind, re.compile(p)) for kind, p in _PATTERNS]


_DIGIT = re.compile(r"\d")
SCALE = {"million": 10**6, "millón": 10**6, "millones": 10**6, "billion": 10**9}


class Figure(msgspec.Struct, frozen=True):
    kind: str  # money, percent, number, year
    value: Decimal
    text: str

    def __str__(self) -> str:
        return f"'{self.text}'"


def parse_number(text: str, decimal: str) -> Decimal:
    """A figure as written, by the document's decimal sign.

    >>> parse_number("77,109", "."), parse_number("77\\u00a0109", ","), parse_number("118,5", ",")
    (Decimal('77109'), Decimal('77109'), Decimal('118.5'))
    >>> parse_number("7316", "."), parse_number("1,200", ".")
    (Decimal('7316'), Decimal('1200'))
    """
    group = "," if decimal == "." else "."
    cleaned = re.sub("[\u00a0\u202f ]", "", text).replace(group, "")
    return Decimal(cleaned.replace(decimal, "."))


def figures_in(text: str, decimal: str) -> list[Figure]:
    """Every figure in one paragraph; dates and source citations are not figures."""
    if not _DIGIT.search(text) and "mil millones" not in text:
        return []
    dates, patterns = _compiled()
    text = dates.sub(" ", _CITATION.sub("", text))
    found: list[Figure] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in patterns:
        for m in pattern.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            try:
                figure = _figure(kind, m, decimal)
            except InvalidOperation:
                continue
            taken.append(m.span())
            found.append(figure)
    return found


def _figure(kind: str, m: re.Match[str], decimal: str) -> Figure:
    text = m.group(0).strip()
    if "mil millones" in text.lower():
        return Figure("money", Decimal(10**9), text)
    value = parse_number(m.group(1), decimal)
    if kind == "money" and m.lastindex and m.lastindex >= 2 and m.group(2):
        value *= SCALE[m.group(2).lower()]
    if kind == "percent":
        value /= 100
    if kind == "number" and value == int(value) and 1900 <= value <= 2100 and len(text) == 4:
        kind = "year"
    return Figure(kind, value.normalize(), text)


class ReadDoc(msgspec.Struct, frozen=True):
    path: str
    lang: str
    decimal: str
    paragraphs: tuple[str, ...]


def read_docx(path: Path) -> ReadDoc:
    """Body paragraphs and language of a .docx, also one edited in Word."""
    import zipfile
    from xml.etree import ElementTree as ET

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    try:
        with zipfile.ZipFile(path) as zf:
            body = ET.fromstring(zf.read("word/document.xml"))
            core = (
                zf.read("docProps/core.xml").decode("utf-8")
                if "docProps/core.xml" in zf.namelist()
                else ""
            )
            styles = zf.read("word/styles.xml").decode("utf-8")
    except (OSError, KeyError, zipfile.BadZipFile, ET.ParseError) as exc:
        raise OutputError(f"cannot read as a Word document: {exc}", Location(str(path))) from None
    paras = []
    for p in body.iter(f"{w}p"):
        paras.append("".join(t.text or "" for t in p.iter(f"{w}t")))
    lang_m = re.search(r"<dc:language>([^<]+)</dc:language>", core) or re.search(
        r'<w:lang w:val="([^"]+)"', styles
    )
    lang = lang_m.group(1) if lang_m else "en-US"
    style_m = re.search(r"numbers=([\w-]+)", core)
    decimal = _decimal_for(lang, style_m.group(1) if style_m else None)
    return ReadDoc(str(path), lang, decimal, tuple(paras))


def _decimal_for(lang: str, style: str | None) -> str:
    from shim.language.locales import STYLES

    if style in STYLES:
        return STYLES[style].decimal
    return "," if lang == "es-ES" else "."


def document_figures(paragraphs: Iterable[str], decimal: str) -> list[Figure]:
    return [f for text in paragraphs for f in figures_in(text, decimal)]


def compare(
    a_name: str, a: list[Figure], b_name: str, b: list[Figure], facts: FactBase | None
) -> list[str]:
    """Findings: unmatched figures between the two, and figures no current fact gives."""
    out: list[str] = []
    ca = Counter((f.kind, f.value) for f in a)
    cb = Counter((f.kind, f.value) for f in b)
    for fig in _missing(a, ca - cb):
        out.append(f"{a_name}: figure {fig} ({_plain(fig)}) has no counterpart in {b_name}")
    for fig in _missing(b, cb - ca):
        out.append(f"{b_name}: figure {fig} ({_plain(fig)}) has no counterpart in {a_name}")
    if facts is not None:
        for name, figs in ((a_name, a), (b_name, b)):
            out += [f"{name}: {msg}" for msg in _against_facts(figs, facts)]
    return out


def _missing(figs: list[Figure], extra: Counter[tuple[str, Decimal]]) -> Iterator[Figure]:
    left = Counter(extra)
    for fig in figs:
        k = (fig.kind, fig.value)
        if left[k] > 0:
            left[k] -= 1
            yield fig


def _plain(fig: Figure) -> str:
    if fig.kind == "percent":
        return f"{(fig.value * 100).normalize():f}%"
    return f"{fig.value:f}"


def _against_facts(figs: list[Figure], facts: FactBase) -> Iterator[str]:
    values: dict[tuple[str, Decimal], list[str]] = {}
    for r in facts:
        kind = {"money": "money", "percent": "percent", "year": "year"}.get(r.fact.kind, "number")
        values.setdefault((kind, Decimal(r.fact.value).normalize()), []).append(r.fact.id)
    for fig in figs:
        if fig.kind == "year":
            continue  # years name periods and dates; the facts they qualify are checked
        ids = values.get((fig.kind, fig.value), [])
        if not ids:
            yield f"figure {fig} matches no fact"
            continue
        current = [i for i in ids if facts.facts[i].fact.superseded_by is None]
        if not current:
            newer = facts.facts[ids[0]].fact.superseded_by
            yield f"figure {fig} matches only superseded fact '{ids[0]}' (now '{newer}')"


def is_citation(text: str) -> bool:
    return bool(_CITATION.search(text))


def check_pair(a: Path, b: Path, facts: FactBase | None) -> list[str]:
    da, db = read_docx(a), read_docx(b)
    fa = document_figures((p for p in da.paragraphs if not _CITATION.search(p)), da.decimal)
    fb = document_figures((p for p in db.paragraphs if not _CITATION.search(p)), db.decimal)
    return compare(str(a), fa, str(b), fb, facts)


def check_languages(docs: Sequence[tuple[str, Document]]) -> None:
    """Every language of one document must carry the same figures as the English one."""
    base = next((d for c, d in docs if c == "en"), None)
    if base is None:
        return
    findings: list[str] = []
    for code, doc in docs:
        if code != "en":
            findings += compare(
                f"{doc.kind}.en", _doc_figures(base), f"{doc.kind}.{code}", _doc_figures(doc), None
            )
    if findings:
        raise Findings(f"{len(findings)} figure(s) differ between languages", findings)


def _doc_figures(doc: Document) -> list[Figure]:
    decimal = number_style(LANGS[doc.lang], doc.meta.get("numbers")).decimal
    return document_figures((b.text for b in doc.blocks if not is_citation(b.text)), decimal)
