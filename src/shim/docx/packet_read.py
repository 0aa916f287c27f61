"""Read a returned review packet: every bookmarked message and every table cell.

:func:`read_packet` opens the .docx with the limits of :mod:`shim.docx.safezip` (size,
entries, compression ratio, no DOCTYPE), walks ``word/document.xml`` with tracked
changes accepted (:mod:`shim.docx.packet_walk`) and returns, for every shim bookmark, the
text between its start and end, plus the whole text of every table cell, so a caller can
see what happened to the English and facts columns. Rows are counted as a person counts
them: the header row is row 1. Measured against python-docx edits and LibreOffice 7.4
re-saves in ``tests/test_packet.py``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from shim.docx.packet import canonical_name, key_token, parse_bookmark_name
from shim.docx.packet_walk import Tok, Walker
from shim.docx.safezip import PackageError, parse_part, read_file, read_parts

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CORE = "docProps/core.xml"
CP_NS = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"


@dataclass(frozen=True)
class CellText:
    """One bookmarked message (``bookmark`` set) or one whole table cell (``bookmark`` None).

    ``table``, ``row`` and ``column`` are 1-based; the header row is row 1; ``column``
    counts grid columns (a merged cell takes the number of its first column). A bookmark
    outside any table has table = row = column = 0.
    """

    table: int
    row: int
    column: int
    text: str
    bookmark: str | None = None
    token: str | None = None
    index: int | None = None
    key: str | None = None  # the message key, when read_packet was given the keys
    paragraph: str | None = None  # whole text of the paragraph(s) the bookmark touches
    heading: str = ""  # the last heading before the table
    row_bookmarks: tuple[str, ...] = ()  # shim bookmark names in the same row
    # No other shim bookmark touches the paragraph(s): then text added just outside the
    # bookmark (python-docx's add_run; typing at the end of a bookmark or into an empty
    # one in an editor) belongs to this message, and ``paragraph`` is the safer reading.
    alone: bool = True
    cell_text: str | None = None  # whole text of the bookmark's cell
    alone_in_cell: bool = True  # no other shim bookmark in the same cell
    problems: tuple[str, ...] = field(default=())

    @property
    def best_text(self) -> str:
        """The translation, tolerant of text added next to the bookmark.

        The whole cell when the bookmark is the only one in its cell, else the whole
        paragraph when it is the only one there, else the text between start and end."""
        if self.bookmark and self.alone_in_cell and self.cell_text is not None:
            return self.cell_text
        if self.bookmark and self.alone and self.paragraph is not None:
            return self.paragraph
        return self.text

    @property
    def where(self) -> str:
        if not self.table:
            return "outside the tables"
        head = f" ({self.heading})" if self.heading else ""
        return f"table {self.table}{head}, row {self.row}, column {self.column}"


@dataclass(frozen=True)
class Packet:
    """What a returned packet holds: its cells and bookmarks, and its keywords."""

    cells: tuple[CellText, ...]
    keywords: str


def read_packet(path: str | Path, keys: Iterable[str] = (), display: str = "") -> Packet:
    """Every shim bookmark and every table cell of a returned packet, in document order.

    Texts are read with all tracked changes accepted. ``keys`` are the message keys the
    packet was made from; when given, each bookmark's ``key`` is resolved from its token.
    Raises :class:`~shim.docx.safezip.PackageError` for a file that is not a .docx or
    breaks the limits.
    """
    path = Path(path)
    shown = display or path.name
    parts = read_parts(read_file(path, shown), shown, {"doc": "word/document.xml", "core": CORE})
    if "doc" not in parts:
        raise PackageError("has no word/document.xml; is it a Word document?", shown)
    root = parse_part(parts["doc"][1], "word/document.xml", shown, f"{{{W_NS}}}document")
    by_token: dict[str, list[str]] = {}
    for k in keys:
        if k not in by_token.setdefault(key_token(k), []):
            by_token[key_token(k)].append(k)
    walker = Walker(W_NS)
    body = root.find(f"{{{W_NS}}}body")
    if body is None:
        raise PackageError("word/document.xml has no body", shown)
    walker.walk(body, deleted=False)
    keywords = ""
    if "core" in parts:
        core = parse_part(parts["core"][1], CORE, shown, f"{{{CP_NS}}}coreProperties")
        found = core.find(f"{{{CP_NS}}}keywords")
        keywords = (found.text or "") if found is not None else ""
    return Packet(tuple(_results(walker, by_token)), keywords)


def _results(walker: Walker, by_token: dict[str, list[str]]) -> list[CellText]:
    """The bookmarked messages and the cells, in document order."""
    toks = walker.toks
    cells: dict[tuple[int, int, int], list[int]] = {}
    for i, t in enumerate(toks):
        if t.cell[0] and t.cell[2]:
            cells.setdefault(t.cell, []).append(i)
    starts: dict[str, int] = {}
    ends: dict[str, int] = {}
    names: dict[str, list[int]] = {}
    for i, t in enumerate(toks):
        if t.kind == "bstart":
            starts.setdefault(t.bid, i)
            names.setdefault(t.name, []).append(i)
        elif t.kind == "bend":
            ends.setdefault(t.bid, i)
    row_marks: dict[tuple[int, int], list[str]] = {}
    for nm, idx in names.items():
        t = toks[idx[0]]
        if parse_bookmark_name(nm) and t.cell[0]:
            for c in dict.fromkeys(toks[k].cell[:2] for k in idx):
                row_marks.setdefault(c, []).append(nm)
    end_of = {i: ends.get(bid) for bid, i in starts.items()}

    # A bookmark that spans paragraphs comes back from LibreOffice 7.4 as pieces with
    # the same name (the first without an end): pieces in one cell are one bookmark.
    # The same name in different cells is a real duplicate (a pasted copy).
    groups: list[list[int]] = []
    for nm, idx in names.items():
        if parse_bookmark_name(nm) is None:
            continue
        by_cell: dict[tuple[int, int, int], list[int]] = {}
        for i in idx:
            by_cell.setdefault(toks[i].cell, []).append(i)
        groups.extend(by_cell.values())

    # Which shim bookmarks cover text of each (cell, paragraph).
    para_marks: dict[tuple[tuple[int, int, int], int], set[str]] = {}
    for group in groups:
        for s in group:
            end = end_of[s]
            e = end if end is not None and end > s else _cell_end(toks, s)
            for k in range(s, e):
                if toks[k].cell == toks[s].cell and toks[k].kind in ("text", "bstart"):
                    para_marks.setdefault((toks[s].cell, toks[k].para), set()).add(toks[s].name)

    cell_marks: dict[tuple[int, int, int], set[str]] = {}
    for group in groups:
        cell_marks.setdefault(toks[group[0]].cell, set()).add(toks[group[0]].name)

    out: list[tuple[int, int, CellText]] = []
    for group in groups:
        i = group[0]
        start = toks[i]
        token, index = parse_bookmark_name(start.name)  # type: ignore[misc]
        problems: list[str] = []
        if start.name != canonical_name(start.name):
            problems.append(f"bookmark renamed to {start.name!r}")
        if len(group) < len(names[start.name]):
            problems.append("bookmark name used in more than one cell")
        good = [e for s in group if (e := end_of[s] or 0) > s]
        if good:
            j = max(good)
        else:
            problems.append("no bookmarkEnd after bookmarkStart; read to the cell's end")
            j = _cell_end(toks, i)
        inside = [k for k in range(i + 1, j) if toks[k].cell == start.cell]
        if any(toks[k].cell != start.cell and toks[k].kind == "text" for k in range(i + 1, j)):
            problems.append("bookmark reaches outside its cell; text outside ignored")
        text = _join(toks, inside)
        paras = {toks[k].para for k in inside if toks[k].kind == "text"} or {start.para}
        whole = [k for k, t in enumerate(toks) if t.para in paras and t.cell == start.cell]
        # Every shim bookmark starting in these paragraphs is in para_marks too.
        others = {
            nm
            for (c, p), names_here in para_marks.items()
            if c == start.cell and p in paras
            for nm in names_here
            if nm != start.name
        }
        key = None
        candidates = by_token.get(token, [])
        if len(candidates) == 1:
            key = candidates[0]
        elif len(candidates) > 1:
            problems.append("several messages have this bookmark's hash")
        elif by_token:
            problems.append("no message of the packet has this bookmark's hash")
        table, row, col = start.cell
        out.append(
            (
                i,
                1,
                CellText(
                    table=table,
                    row=row,
                    column=col,
                    text=text,
                    bookmark=start.name,
                    token=token,
                    index=index,
                    key=key,
                    paragraph=_join(toks, whole),
                    alone=not others,
                    cell_text=_join(toks, cells[start.cell]) if start.cell in cells else None,
                    alone_in_cell=len(cell_marks.get(start.cell, ())) <= 1,
                    heading=walker.headings.get(table, ""),
                    row_bookmarks=tuple(row_marks.get((table, row), ())),
                    problems=tuple(problems),
                ),
            )
        )
    for cell in walker.cell_order:
        idx = cells.get(cell, [])
        table, row, col = cell
        out.append(
            (
                idx[0] if idx else len(toks),
                0,
                CellText(
                    table=table,
                    row=row,
                    column=col,
                    text=_join(toks, idx),
                    heading=walker.headings.get(table, ""),
                    row_bookmarks=tuple(row_marks.get((table, row), ())),
                ),
            )
        )
    out.sort(key=lambda x: (x[0], x[1]))
    return [c for _, _, c in out]


def _cell_end(toks: list[Tok], i: int) -> int:
    j = i + 1
    while j < len(toks) and toks[j].cell == toks[i].cell:
        j += 1
    return j


def _join(toks: list[Tok], idx: list[int]) -> str:
    """Text of the given tokens; logical paragraphs are joined with newlines.

    A paragraph counts if it has text among the tokens, or if both its start and end
    are among them (an empty paragraph inside the range)."""
    sel = set(idx)
    order: list[int] = []
    text: dict[int, list[str]] = {}
    starts: set[int] = set()
    ends: set[int] = set()
    for k in sorted(sel):
        t = toks[k]
        if t.para not in text:
            text[t.para] = []
            order.append(t.para)
        if t.kind == "text":
            text[t.para].append(t.text)
        elif t.kind == "pstart":
            starts.add(t.para)
        elif t.kind == "pend":
            ends.add(t.para)
    keep = [p for p in order if text[p] or (p in starts and p in ends)]
    return "\n".join("".join(text[p]) for p in keep)
