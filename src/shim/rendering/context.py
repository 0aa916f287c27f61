"""The render context: what a template sees of a brief, and how facts are cited.

This is the step between loaded data (facts, briefs, settings) and rendering: the brief
in the document's language, the figure formatters for its language and number style,
citations in that language, and the flags that keep a fact out of a final document.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

import msgspec
from msgspec.structs import replace

from shim.document import clean, has_forbidden
from shim.errors import DataError, Location
from shim.language.figures import Figures
from shim.language.locales import Lang
from shim.workspace.briefs import BriefFile
from shim.workspace.facts import FactRecord, Source
from shim.workspace.loader import Workspace

_PARA = {"en": "para.", "es": "párr."}
_PARAS = {"en": "paras.", "es": "párrs."}


class PersonView(msgspec.Struct, frozen=True):
    name: str
    title: str
    gender: str
    vocative: str | None


class EventText(msgspec.Struct, frozen=True):
    """One of the brief's own paragraphs, in the document's language, and where it is."""

    text: str
    location: Location


class BriefView(msgspec.Struct, frozen=True):
    """The brief as a template sees it, in the document's language."""

    name: str
    title: str
    date: dt.date
    place: str
    speaker: str
    role: str
    audience: str
    host: str
    occasion: str
    themes: tuple[str, ...]
    facts: tuple[str, ...]
    people: tuple[PersonView, ...] = ()
    paragraphs: tuple[EventText, ...] = ()


def brief_view(bf: BriefFile, lang: Lang, warnings: list[str] | None = None) -> BriefView:
    """The brief in ``lang``; characters XML cannot carry are removed, with a warning."""
    b = bf.brief
    code = lang.catalog
    view = BriefView(
        name=bf.name,
        title=b.title.get(code),
        date=b.date,
        place=b.place.get(code),
        speaker=b.speaker.name,
        role=b.speaker.role.get(code),
        audience=b.audience.get(code),
        host=b.host.get(code) if b.host else "",
        occasion=b.occasion.get(code) if b.occasion else "",
        themes=b.themes,
        facts=b.facts,
        people=tuple(
            PersonView(
                p.name, p.title.get(code), p.gender, p.vocative.get(code) if p.vocative else None
            )
            for p in b.people
        ),
        paragraphs=tuple(
            EventText(clean(p.get(code)), bf.line_of("paragraphs", i, code))
            for i, p in enumerate(b.paragraphs)
        ),
    )
    changes: dict[str, Any] = {}
    for name, value in msgspec.structs.asdict(view).items():
        if isinstance(value, str) and has_forbidden(value):
            changes[name] = clean(value)
            key = "speaker" if name in {"speaker", "role"} else name
            if value and not changes[name].strip():
                raise DataError(
                    f"'{name}' has no printable text, only control characters",
                    bf.line_of(key),
                )
            if warnings is not None:
                warnings.append(
                    f"{bf.line_of(key)}: removed control characters from "
                    f"'{name}' (they cannot appear in a Word document)"
                )
    return replace(view, **changes) if changes else view


_KIND = {
    "web-page": {"en": "web page", "es": "página web"},
    "fact-sheet": {"en": "fact sheet", "es": "hoja informativa"},
    "report": {"en": "report", "es": "informe"},
}
_UPDATED = {"en": "last updated {}", "es": "actualizada el {}"}


def citation(record: FactRecord, figures: Figures, with_place: bool = True) -> str:
    """The full note for a fact (notes-bibliography style): author, “title,” what the
    source is and its date, its address, the paragraph.

    "USAID/Peru, “Alternative Development,” web page, last updated November 29, 2022,
    https://…, para. 8." · "USAID/Perú, “Alternative Development”, hoja informativa, 2016,
    párr. 14."
    """
    paragraph = record.fact.locator.paragraph if with_place else None
    return _citation(record.source, paragraph, figures, False)


class Citer:
    """Citations for one document: a source in full at its first citation, short after."""

    def __init__(self, figures: Figures) -> None:
        self.figures = figures
        self.seen: set[str] = set()

    def cite(self, record: FactRecord) -> str:
        short = record.source.id in self.seen
        self.seen.add(record.source.id)
        return _citation(record.source, record.fact.locator.paragraph, self.figures, short)

    def cite_all(self, src: Source, paragraphs: list[int]) -> str:
        """One source and every paragraph used from it: a sources list's entry."""
        from babel.lists import format_list

        self.seen.add(src.id)
        full = _citation(src, None, self.figures, False).removesuffix(".")
        code = self.figures.lang.catalog
        places = format_list(
            [str(p) for p in sorted(set(paragraphs))], locale=self.figures.lang.babel
        )
        label = _PARA[code] if len(set(paragraphs)) == 1 else _PARAS[code]
        return f"{full}, {label} {places}."


@lru_cache(maxsize=1024)
def _citation(src: Source, paragraph: int | None, figures: Figures, short: bool) -> str:
    code = figures.lang.catalog
    # Chicago puts the comma inside the quotation marks; Spanish (RAE) outside.
    title = f"“{src.title},”" if code == "en" else f"“{src.title}”,"
    if short:
        text = f"{src.cite.get(code)}, “{src.title}” ({src.published.year})"
    else:
        text = f"{src.cite.get(code)}, {title} {_KIND[src.kind][code]}, {_when(src, figures)}"
        if src.kind == "web-page":
            text += f", {src.url}"
    if paragraph is not None:
        text += f", {_PARA[code]} {paragraph}"
    return text + "."


def _when(src: Source, figures: Figures) -> str:
    if src.date_shown == "year":
        return str(src.published.year)
    if src.date_shown == "month":
        return figures.month(src.published)
    day = figures.date(src.published)
    return _UPDATED[figures.lang.catalog].format(day) if src.kind == "web-page" else day


def figures_for(ws: Workspace, lang: Lang) -> Figures:
    style = ws.settings.style.numbers.get(lang.code)
    return Figures.for_lang(lang.code, style, ws.settings.style.percent_word)


def fact_flags(
    record: FactRecord, event: dt.date, max_age: int, history: bool = False
) -> list[str]:
    """Why a fact should not go into a final document: superseded, not cleared, stale.

    A ``history`` figure (a chart's earlier bar) is dated on the page and shown next to
    its newer figure, so being superseded or old is what it is there for.
    """
    fact = record.fact
    flags = []
    if fact.superseded_by and not history:
        flags.append(f"is superseded by '{fact.superseded_by}'")
    if fact.status != "cleared":
        flags.append(f"has status '{fact.status}'")
    if record.is_stale(event, max_age) and not history:
        age = record.age(event)
        flags.append(f"was stated {age} years before the event (limit {max_age}, shim.toml)")
    return flags
