"""Protocol in running text: organizations named in full at first mention, and the
vocatives that open remarks. The forms are data (``data/*.yaml``), one table per catalog
language, so a new language or a protocol change never touches code.

>>> names = Names("es", spoken=True)
>>> names.say("usaid"), names.say("usaid")
('la Agencia de los Estados Unidos para el Desarrollo Internacional, USAID,', 'USAID')
>>> Names("en").say("devida")
'the National Commission for Development and Life Without Drugs (DEVIDA)'
>>> vocatives("es", [(None, "Ana Ríos", "presidenta ejecutiva de Devida", "f")])
'Señora presidenta ejecutiva de Devida; señoras y señores:'
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import msgspec

from shim.cache import shipped_yaml

DATA = Path(__file__).with_name("data")


@lru_cache(maxsize=4)
def _table(name: str) -> dict[str, Any]:
    data = shipped_yaml(DATA / name)
    assert isinstance(data, dict)
    return data


def organizations() -> tuple[str, ...]:
    return tuple(_table("names.yaml"))


class Names(msgspec.Struct):
    """Organization names for one document: the first mention in full, short after."""

    catalog: str
    spoken: bool = False
    named: set[str] = msgspec.field(default_factory=set)

    def say(self, org: str) -> str:
        forms = _table("names.yaml")[org][self.catalog]
        short, full = forms["short"], forms.get("full")
        if org in self.named or not full:
            return str(short)
        self.named.add(org)
        return f"{full}, {short}," if self.spoken else f"{full} ({short})"


def vocatives(catalog: str, people: Iterable[tuple[str | None, str, str, str]]) -> str:
    """The opening address: each person (vocative or None, name, title, gender) in order of
    precedence, then the audience; the first letter capitalized."""
    table = _table("vocatives.yaml")[catalog]
    parts = [
        given or table["each"].format(honorific=table["honorific"][gender], name=name, title=title)
        for given, name, title, gender in people
    ]
    text = str(table["join"]).join([*parts, str(table["close"])])
    return text[:1].upper() + text[1:]
