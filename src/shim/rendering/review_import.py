"""``shim i18n import``: a returned review packet's translations back into the catalog.

The packet is rebuilt from the workspace exactly as it was made (its keywords name the
brief, the language and the kinds), so each bookmark's index tells which message and
which rendered placeholders its text came from. Everything is checked before anything is
written: English or facts cells that were edited, figures changed, removed or added, and
catalog texts changed since the packet was made (a conflict, unless ``force``). Any
refusal leaves the catalog byte-identical. Rows deleted from the packet leave their
messages as they were and are reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from shim.docx.packet import bookmark_state, key_token, message_key, state_token
from shim.docx.packet_read import CellText, read_packet
from shim.docx.safezip import PackageError
from shim.docx.writer import MARK_LABELS
from shim.errors import Findings, Location, TranslationError, plural
from shim.language.locales import LANGS
from shim.language.translations import Refused, Reviewed, apply_reviewed, to_msgstr
from shim.rendering.review import Entry, Packet, build_packet
from shim.workspace.facts import current_date
from shim.workspace.loader import Workspace

FIGURE_RULE = "figures are changed in the facts, not in the translation"
_KEYWORDS = re.compile(r"review en\+(?P<lang>[\w-]+) brief=(?P<brief>\S+) kinds=(?P<kinds>\S+)")


@dataclass
class ImportReport:
    diff: str
    changed: int
    lang: str
    notes: list[str] = field(default_factory=list)  # deleted rows, unreadable bookmarks


def import_packet(
    ws: Workspace, path: Path, *, dry_run: bool = False, force: bool = False
) -> ImportReport:
    """Read ``path``, check every translation, then update the catalog (all or nothing)."""
    shown = ws.show(path) if path.is_absolute() else path.as_posix()
    try:
        returned = read_packet(path, display=shown)
    except PackageError as exc:
        raise TranslationError(exc.message, Location(shown)) from None
    packet = _rebuild(ws, returned.keywords, shown)
    lang = LANGS[packet.lang].catalog
    problems, conflicts, notes = [], [], []
    accepted: dict[tuple[str, int], Reviewed] = {}
    seen: set[int] = set()
    for cell in returned.cells:
        problems += _protected_cell(cell, returned.cells, packet, shown)
        if cell.bookmark is None:
            continue
        entry = _entry_of(cell, packet)
        if entry is None or cell.index in seen:
            notes.append(f"{shown}: row {cell.row}: a bookmark shim did not write; ignored")
            continue
        seen.add(entry.index)
        outcome = _reviewed(cell, entry, lang)
        if isinstance(outcome, str):
            problems.append(f"{shown}: row {cell.row}: {outcome} ({_first_words(cell)})")
            continue
        if outcome is None:
            continue
        if bookmark_state(cell.bookmark) != state_token(entry.catalog):
            conflicts.append(
                f"{shown}: row {cell.row}: the catalog's translation changed after the packet "
                f'was made (now "{_short(entry.catalog)}"); --force keeps the packet\'s'
            )
        earlier = accepted.get((entry.msgid, entry.form))
        if earlier is not None and earlier.text != outcome.text:
            problems.append(
                f"{shown}: row {cell.row}: the same message is translated differently in "
                "another row; make them agree"
            )
        accepted[(entry.msgid, entry.form)] = outcome
    for entry in packet.entries.values():
        if entry.index not in seen:
            notes.append(
                f'{shown}: row {entry.row} of table {entry.table} ("{_short(entry.english)}") '
                "is not in the packet; its message is left as it was"
            )
    if conflicts and not force:
        problems += conflicts
    if problems:
        raise Findings(
            f"{plural(len(problems), 'problem')} in {shown}; the catalog is unchanged",
            list(dict.fromkeys(problems)),
        )
    comment = f"{_reviewed_comment(path)}, {current_date().isoformat()}"
    diff = apply_reviewed(ws.root, lang, list(accepted.values()), comment, write=not dry_run)
    return ImportReport(diff, len(accepted), lang, notes)


def _reviewed_comment(path: Path) -> str:
    return f"reviewed in {path.name}"


def _rebuild(ws: Workspace, keywords: str, shown: str) -> Packet:
    m = _KEYWORDS.fullmatch(" ".join(re.split(r"[\s;,]+", keywords.strip())))
    if m is None or m["lang"] not in LANGS:
        raise TranslationError(
            "not a review packet made by `shim render --doc review` (its keywords are "
            f'"{keywords}")',
            Location(shown),
        )
    bf = ws.brief(m["brief"])
    return build_packet(ws, bf, m["kinds"].split("+"), m["lang"])


def _entry_of(cell: CellText, packet: Packet) -> Entry | None:
    entry = packet.entries.get(cell.index) if cell.index is not None else None
    if entry is None or cell.token != key_token(message_key(entry.msgid, plural=entry.form)):
        return None
    return entry


def _protected_cell(
    cell: CellText, cells: tuple[CellText, ...], packet: Packet, shown: str
) -> list[str]:
    """An English or facts cell that differs from what the packet showed in that row."""
    if cell.bookmark is not None or cell.column not in (1, 3) or cell.row == 1:
        return []
    marks = [
        c
        for c in cells
        if c.bookmark and (c.table, c.row) == (cell.table, cell.row) and c.index is not None
    ]
    entry = next((e for c in marks if (e := _entry_of(c, packet)) is not None), None)
    if entry is None:
        return []
    expected = entry.english if cell.column == 1 else entry.facts
    if _same(cell.text, expected):
        return []
    column = "English" if cell.column == 1 else "facts"
    fix = "templates" if cell.column == 1 else "facts"
    return [
        f"{shown}: row {cell.row}, {column} column: changed in the packet; the {column} is "
        f"changed in the {fix}, not in the packet"
    ]


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def _reviewed(cell: CellText, entry: Entry, lang: str) -> Reviewed | str | None:
    """The new text of a message, None when it is to stay as it is, or why it is refused."""
    text = cell.best_text.strip()
    labels = [MARK_LABELS.get((k, lang), k) for k in ("untranslated", "fuzzy")]
    marked = next((f"[{label}]" for label in labels if text.startswith(f"[{label}]")), "")
    text = text[len(marked) :].strip()
    if marked.startswith(f"[{labels[0]}]") or not text:
        return None  # still untranslated
    sources = (entry.msgid,) if entry.plural is None else (entry.msgid, entry.plural)
    try:
        msgstr = to_msgstr(text, entry.variables, sources)
    except Refused as exc:
        reason = str(exc)
        return f"{reason}; {FIGURE_RULE}" if "figure" in reason else reason
    if marked and msgstr == entry.catalog:
        return None  # still to review: the mark was left in place
    if not entry.fuzzy and msgstr == entry.catalog:
        return None
    return Reviewed(entry.msgid, entry.form, msgstr)


def _first_words(cell: CellText) -> str:
    return f'"{_short(cell.best_text)}"'


def _short(text: str) -> str:
    words = " ".join(text.split())
    return words if len(words) <= 40 else words[:39].rstrip() + "…"
