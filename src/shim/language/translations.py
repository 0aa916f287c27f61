"""Translations that come back from review: rendered text back to a catalog message.

A translation in a review packet shows every placeholder filled in: figures as they were
rendered in that language ("77,109", "US$ 13 millones") and brief fields (the speaker's
name, the place). :func:`to_msgstr` turns the reviewed text back into a message with
its ``%(name)s`` placeholders, and refuses a text whose figures were changed, removed or
added: figures are changed in the facts, never in a translation. :func:`apply_reviewed`
writes the accepted texts into the ``.po`` file, all or nothing.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from shim.errors import display_path
from shim.language.catalogs import catalog_path
from shim.language.workflow import (
    DIGITS,
    PLACEHOLDER,
    read_catalog,
    write_catalog,
    write_text_atomic,
)

_SPACE = re.compile(r"[ \t\n\r\f\v]+")  # not \s: a no-break space inside a figure stays
REVIEWED = "reviewed in "  # the start of the translator comment an import writes


class Refused(Exception):
    """A reviewed text that cannot become the message (the reason, without its row)."""


@dataclass(frozen=True)
class Reviewed:
    """One accepted translation: the message, its plural form and the new text."""

    msgid: str
    form: int
    text: str  # the msgstr, with placeholders


def _same_generator(text: str, before: str) -> str:
    """Keep the catalog's "Generated-By" header: a review is not a Babel upgrade."""
    old = re.search(r'^"Generated-By: .*$', before, re.M)
    return (
        re.sub(r'^"Generated-By: .*$', lambda _: old.group(0), text, count=1, flags=re.M)
        if old
        else text
    )


def _figure_like(value: str) -> bool:
    return any(ch.isdigit() for ch in value)


def _pattern(value: str) -> str:
    """A value as a regex that accepts a space for a no-break space and the reverse."""
    return "".join("[ \u00a0\u202f]" if ch in " \u00a0\u202f" else re.escape(ch) for ch in value)


def to_msgstr(text: str, variables: Mapping[str, str], sources: tuple[str, ...]) -> str:
    """The message for a reviewed ``text``: each placeholder's rendered value put back as
    ``%(name)s``. ``sources`` are the English message (and its plural); a figure they
    do not contain is refused, as ``shim i18n check`` would.

    >>> to_msgstr("Solo en 2021, 77,109 familias.", {"families": "77,109", "year": "2021"},
    ...           ("In %(year)s alone, %(families)s families.",))
    'Solo en %(year)s, %(families)s familias.'
    >>> to_msgstr("Solo en 2021, 77,190 familias.", {"families": "77,109", "year": "2021"},
    ...           ("In %(year)s alone, %(families)s families.",))
    Traceback (most recent call last):
    shim.language.translations.Refused: 77,190 is not a figure of this message (77,109 was rendered)
    """
    text = _SPACE.sub(" ", text).strip()
    names = list(dict.fromkeys(n for s in sources for n in PLACEHOLDER.findall(s)))
    names = [n for n in names if n in variables]
    escape = any(PLACEHOLDER.search(s) or "%%" in s for s in sources)
    found: list[tuple[int, int, str]] = []  # start, end, name
    taken: set[str] = set()
    for value in sorted({variables[n] for n in names}, key=len, reverse=True):
        if not value:
            continue
        owners = [n for n in names if variables[n] == value]
        hits = [
            m
            for m in re.finditer(_pattern(value), text)
            if not any(s < m.end() and m.start() < e for s, e, _ in found)
        ]
        for i, m in enumerate(hits):
            owner = owners[min(i, len(owners) - 1)]
            found.append((m.start(), m.end(), owner))
            taken.add(owner)
    missing = [n for n in names if n not in taken and variables[n]]
    out, pos = [], 0
    for start, end, name in sorted(found):
        out.append(_escaped(text[pos:start], escape))
        out.append(f"%({name})s")
        pos = end
    out.append(_escaped(text[pos:], escape))
    # The renderer binds a figure to the word after it with a no-break space; the
    # catalog keeps the translator's plain space.
    msgstr = re.sub(r"(%\(\w+\)s)\u00a0", r"\1 ", "".join(out))
    _check_figures(msgstr, sources, [variables[n] for n in missing], variables, missing)
    return msgstr


def _escaped(text: str, escape: bool) -> str:
    return text.replace("%", "%%") if escape else text


def _check_figures(
    msgstr: str,
    sources: tuple[str, ...],
    lost: list[str],
    variables: Mapping[str, str],
    missing: list[str],
) -> None:
    allowed = {d for s in sources for d in DIGITS.findall(PLACEHOLDER.sub("", s))}
    typed = [d for d in DIGITS.findall(PLACEHOLDER.sub("", msgstr)) if d not in allowed]
    lost_figures = [v for v in lost if _figure_like(v)]
    if typed:
        was = f" ({lost_figures[0]} was rendered)" if lost_figures else ""
        raise Refused(f"{typed[0]} is not a figure of this message{was}")
    if lost_figures:
        raise Refused(f"the figure {lost_figures[0]} is missing")
    fields = [n for n in missing if not _figure_like(variables[n])]
    if fields:
        raise Refused(
            f'"{variables[fields[0]]}" ({fields[0]}) is missing; brief fields are changed '
            "in the brief, not in the translation"
        )


def apply_reviewed(
    root: Path, lang: str, accepted: list[Reviewed], comment: str, write: bool = True
) -> str:
    """Put ``accepted`` texts into ``lang``'s catalog (fuzzy cleared, ``comment`` kept as
    the translator comment); return the unified diff. Nothing changed: nothing written."""
    if not accepted:
        return ""
    path = catalog_path(root, lang)
    before = path.read_text(encoding="utf-8")
    catalog = read_catalog(path, root, lang)
    for item in accepted:
        message = catalog.get(item.msgid)
        if message is None:
            continue
        if isinstance(message.string, (list, tuple)):
            strings = list(message.string)
            strings[item.form] = item.text
            message.string = tuple(strings)
        else:
            message.string = item.text
        message.flags.discard("fuzzy")
        message.previous_id = []
        others = [c for c in message.user_comments if not c.startswith(REVIEWED)]
        message.user_comments = [*others, comment]
    after = _same_generator(write_catalog(catalog), before)
    if write and after != before:
        write_text_atomic(path, after)
    shown = display_path(path, root)
    diff = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), shown, shown
    )
    return "".join(diff)
