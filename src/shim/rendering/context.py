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
from shim.errors import DataError
from shim.language.figures import Figures
from shim.language.locales import Lang
from shim.workspace.briefs import BriefFile
from shim.workspace.facts import FactRecord, Source
from shim.workspace.loader import Workspace

_PARA = {"en": "para.", "es": "párr."}


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


def citation(record: FactRecord, figures: Figures, with_place: bool = True) -> str:
    """ "USAID/Perú, hoja informativa Desarrollo Alternativo, noviembre de 2022, párr. 8." """
    paragraph = record.fact.locator.paragraph if with_place else None
    return _citation(record.source, paragraph, figures)


@lru_cache(maxsize=1024)
def _citation(src: Source, paragraph: int | None, figures: Figures) -> str:
    code = figures.lang.catalog
    if src.date_shown == "day":
        when = figures.date(src.published)
    elif src.date_shown == "month":
        when = figures.month(src.published)
    else:
        when = str(src.published.year)
    text = f"{src.cite.get(code)}, {when}"
    if paragraph is not None:
        text += f", {_PARA[code]} {paragraph}"
    return text + "."


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
