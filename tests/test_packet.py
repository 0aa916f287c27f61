"""Round trips of a review packet through what translators really do.

Each variant is edited (python-docx or lxml on the XML), read back, then re-saved through
LibreOffice (soffice --convert-to docx) and read back again: the expectations are the same
for both stages, which is the point.
"""

from __future__ import annotations

import copy
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml import etree

from shim.docx.ooxml import W_NS
from shim.docx.packet import (
    bookmark_name,
    mark_cell,
    message_key,
    parse_bookmark_name,
    protect_settings,
)
from shim.docx.packet_read import CellText, read_packet
from shim.docx.safezip import PackageError as PacketError
from tests import packetgen
from tests.conftest import require


def read_cells(path: Path, keys: list[str] | None = None) -> tuple[CellText, ...]:
    return read_packet(path, keys or ()).cells


SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"
KEYS = packetgen.keys()


def name(index: int) -> str:
    """The bookmark name of the index-th message of the test packet."""
    ens = [en for rows in packetgen.TABLES.values() for r in rows for en in r.english]
    return bookmark_name(message_key(ens[index]), index)


ORIGINAL = {
    0: "Buenos días a todos.",
    1: "El desempleo bajó al 3,9 por ciento en marzo.",
    2: "Agradecemos a nuestros socios.",
    3: "Ellos hicieron el trabajo.",
    4: "El presupuesto es de 5 millones de dólares.",
    5: "Gracias.",
    6: "Gracias.",
    7: packetgen.EXPECTED_SPANISH_RAW,
}


# ------------------------------------------------------------------ editing helpers


def bookmark_paragraph(document, index: int) -> Paragraph:
    for bs in document.element.body.iter(qn("w:bookmarkStart")):
        if bs.get(qn("w:name")) == name(index):
            return Paragraph(bs.getparent(), document)
    raise KeyError(index)


def bold_word(paragraph: Paragraph, word: str) -> None:
    """Make one word bold the way an editor does it: the run is split in three."""
    for run in paragraph.runs:
        if word in run.text:
            before, after = run.text.split(word, 1)
            r = run._r
            mid, end = copy.deepcopy(r), copy.deepcopy(r)
            r.addnext(mid)
            mid.addnext(end)
            run.text = before
            mid_run = docx.text.run.Run(mid, paragraph)
            mid_run.text = word
            mid_run.bold = True
            docx.text.run.Run(end, paragraph).text = after
            return
    raise KeyError(word)


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def el(tag: str, text: str | None = None, **attrs: str):
    e = etree.Element(w(tag))
    for k, v in attrs.items():
        e.set(w(k), v)
    if text is not None:
        e.text = text
        e.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return e


def run(text: str, tag: str = "t"):
    r = el("r")
    r.append(el(tag, text))
    return r


def change(kind: str, cid: int, *children):
    c = el(kind, id=str(cid), author="Traductora", date="2024-05-01T10:00:00Z")
    for ch in children:
        c.append(ch)
    return c


def edit_xml(src: Path, dst: Path, fn) -> Path:
    """Rewrite word/document.xml of ``src`` into ``dst`` with ``fn(root)``."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "word/document.xml":
                root = etree.fromstring(data)
                fn(root)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            zout.writestr(info.filename, data)
    return dst


def find_p(root, index: int):
    for bs in root.iter(w("bookmarkStart")):
        if bs.get(w("name")) == name(index):
            return bs.getparent()
    raise KeyError(index)


def text_run_of(p):
    runs = p.findall(w("r"))
    assert len(runs) == 1
    return runs[0]


# ------------------------------------------------------------------ the variants


def make_words(base: Path, out: Path) -> Path:
    """python-docx: change a word, bold a word, rewrite a sentence, type outside the mark."""
    d = docx.Document(str(base))
    p = bookmark_paragraph(d, 0)
    p.runs[0].text = p.runs[0].text.replace("todos", "todas")
    bold_word(bookmark_paragraph(d, 1), "3,9")
    p = bookmark_paragraph(d, 4)
    p.runs[0].text = "El presupuesto asciende a cinco millones de dólares."
    bookmark_paragraph(d, 5).add_run(" ¡Muchas gracias!")  # lands after bookmarkEnd
    # The English and the facts columns are edited too (they should not be).
    d.tables[0].cell(1, 0).paragraphs[0].runs[0].text = "Good morning, all."
    d.tables[0].cell(2, 2).paragraphs[0].runs[0].text = "bls-unemp: BLS, 2024"
    d.save(str(out))
    return out


WORDS = {
    **ORIGINAL,
    0: "Buenos días a todas.",
    4: "El presupuesto asciende a cinco millones de dólares.",
}


def make_paratext(base: Path, out: Path) -> Path:
    """python-docx's paragraph.text = ... clears the paragraph, bookmark included."""
    d = docx.Document(str(base))
    bookmark_paragraph(d, 0).text = "Buenos días a todas."
    d.save(str(out))
    return out


def make_tracked(base: Path, out: Path) -> Path:
    def fn(root):
        # idx 3: "el trabajo" -> "la labor" as a tracked deletion plus insertion.
        p = find_p(root, 3)
        r = text_run_of(p)
        r.addprevious(run("Ellos hicieron "))
        r.addprevious(change("del", 101, run("el trabajo", "delText")))
        r.addprevious(change("ins", 102, run("la labor")))
        r.addprevious(run("."))
        p.remove(r)
        # idx 2: its paragraph mark is deleted (joins idx 3's paragraph), a space inserted.
        p2 = find_p(root, 2)
        ppr = p2.find(w("pPr"))
        rpr = ppr.find(w("rPr"))
        if rpr is None:
            rpr = el("rPr")
            ppr.append(rpr)
        rpr.append(el("del", id="103", author="Traductora", date="2024-05-01T10:00:00Z"))
        p2.append(change("ins", 104, run(" ")))
        # idx 1: "en marzo" moved to the front; "El" -> "el".
        p = find_p(root, 1)
        r = text_run_of(p)
        r.addprevious(
            el(
                "moveToRangeStart",
                id="105",
                author="Traductora",
                date="2024-05-01T10:00:00Z",
                name="move1",
            )
        )
        r.addprevious(change("moveTo", 106, run("En marzo, ")))
        r.addprevious(el("moveToRangeEnd", id="105"))
        r.addprevious(change("del", 107, run("El", "delText")))
        r.addprevious(change("ins", 108, run("el")))
        r.addprevious(run(" desempleo bajó al 3,9 por ciento"))
        r.addprevious(
            el(
                "moveFromRangeStart",
                id="109",
                author="Traductora",
                date="2024-05-01T10:00:00Z",
                name="move1",
            )
        )
        r.addprevious(change("moveFrom", 110, run(" en marzo")))
        r.addprevious(el("moveFromRangeEnd", id="109"))
        r.addprevious(run("."))
        p.remove(r)
        # idx 4's row is deleted with tracking: the row and its runs are marked.
        tr = find_p(root, 4).getparent().getparent()
        trpr = tr.find(w("trPr"))
        trpr.append(el("del", id="111", author="Traductora", date="2024-05-01T10:00:00Z"))
        for i, rr in enumerate(list(tr.iter(w("r")))):
            for t in rr.findall(w("t")):
                t.tag = w("delText")
            wrapper = change("del", 200 + i)
            rr.addprevious(wrapper)
            wrapper.append(rr)

    return edit_xml(base, out, fn)


TRACKED = {
    **ORIGINAL,
    1: "En marzo, el desempleo bajó al 3,9 por ciento.",
    3: "Ellos hicieron la labor.",
}
del TRACKED[4]


def make_rows(base: Path, out: Path) -> Path:
    """python-docx: delete a row, move a row down, move a row to the other table."""
    d = docx.Document(str(base))
    t1, t2 = d.tables[0]._tbl, d.tables[1]._tbl
    rows = t1.tr_lst
    t1.remove(rows[4])  # budget (idx 4)
    unemployment = rows[2]
    t1.remove(unemployment)
    t1.append(unemployment)  # to the end of table 1
    thanks = rows[5]
    t1.remove(thanks)
    t2.append(thanks)  # to the end of table 2
    d.save(str(out))
    return out


ROWS = {k: v for k, v in ORIGINAL.items() if k != 4}
ROWS_WHERE = {0: (1, 2), 2: (1, 3), 3: (1, 3), 1: (1, 4), 6: (2, 2), 7: (2, 3), 5: (2, 4)}


def make_protected(base: Path, out: Path) -> Path:
    d = docx.Document(str(base))
    p = bookmark_paragraph(d, 0)
    p.runs[0].text = p.runs[0].text.replace("todos", "todas")
    d.save(str(out))
    return out


def make_split(base: Path, out: Path) -> Path:
    """Enter pressed inside a bookmark: start in one paragraph, end in the next."""

    def fn(root):
        p = find_p(root, 6)
        new = el("p")
        new.append(copy.deepcopy(p.find(w("pPr"))))
        new.append(run("Hasta pronto."))
        for tag in ("permEnd", "bookmarkEnd"):
            for e in p.findall(w(tag)):
                new.append(e)  # moves it
        p.addnext(new)

    return edit_xml(base, out, fn)


SPLIT = {**ORIGINAL, 6: "Gracias.\nHasta pronto."}


def make_empty(base: Path, out: Path) -> Path:
    """An empty (collapsed) bookmark, as for an untranslated message, typed into after."""

    def fn(root):
        p = find_p(root, 5)
        for r in p.findall(w("r")):
            p.remove(r)
        p.append(run("Gracias a todos."))

    return edit_xml(base, out, fn)


def soffice_resave(files: list[Path], outdir: Path, profile: Path) -> list[Path]:
    outdir.mkdir()
    cmd = [
        SOFFICE,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--convert-to",
        "docx",
        "--outdir",
        str(outdir),
        *map(str, files),
    ]
    subprocess.run(cmd, check=True, capture_output=True, timeout=180)
    out = [outdir / f.name for f in files]
    for f in out:
        assert f.exists(), f
    return out


@pytest.fixture(scope="session")
def variants(tmp_path_factory) -> dict[str, dict[str, Path]]:
    """{variant: {"edited": path, "libreoffice": path}}"""
    d = tmp_path_factory.mktemp("packet")
    base = packetgen.write_packet(d / "base.docx")
    protected = packetgen.write_packet(d / "protected-base.docx", protect=True, track_changes=True)
    edited = {
        "base": base,
        "words": make_words(base, d / "words.docx"),
        "paratext": make_paratext(base, d / "paratext.docx"),
        "tracked": make_tracked(base, d / "tracked.docx"),
        "rows": make_rows(base, d / "rows.docx"),
        "split": make_split(base, d / "split.docx"),
        "protected": make_protected(protected, d / "protected.docx"),
        "empty": make_empty(base, d / "empty.docx"),
    }
    require("soffice")
    lo = soffice_resave(list(edited.values()), d / "lo", d / "lo-profile")
    out = {k: {"edited": v, "libreoffice": o} for (k, v), o in zip(edited.items(), lo, strict=True)}
    # A second LibreOffice save (translator in LibreOffice, then shim's own check).
    (again,) = soffice_resave([out["split"]["libreoffice"]], d / "lo2", d / "lo-profile")
    out["split"]["libreoffice twice"] = again
    return out


STAGES = ["edited", "libreoffice"]


def marks(path: Path) -> dict[int, CellText]:
    out = {}
    for c in read_cells(path, KEYS):
        if c.bookmark:
            assert c.index not in out, f"index {c.index} read twice"
            out[c.index] = c
    return out


def cell(path: Path, table: int, row: int, column: int) -> CellText:
    found = [
        c
        for c in read_cells(path)
        if c.bookmark is None and (c.table, c.row, c.column) == (table, row, column)
    ]
    assert len(found) == 1
    return found[0]


def xml_of(path: Path, part: str = "word/document.xml") -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read(part)


# ------------------------------------------------------------------ tests: round trips


@pytest.mark.parametrize("stage", STAGES)
def test_base(variants, stage):
    m = marks(variants["base"][stage])
    assert {i: c.text for i, c in m.items()} == ORIGINAL
    assert all(c.problems == () for c in m.values())
    assert m[0].key == message_key("Good morning, everyone.")
    assert (m[0].table, m[0].row, m[0].column, m[0].heading) == (1, 2, 2, "Opening")
    assert (m[7].table, m[7].row) == (2, 3)
    assert m[2].row_bookmarks == (name(2), name(3))
    # Whole cells: the English and facts columns, header row = row 1.
    path = variants["base"][stage]
    assert cell(path, 1, 1, 1).text == "English"
    assert cell(path, 1, 3, 3).text == (
        "bls-unemp: BLS, Employment Situation, April 2024\nstale (3 years)"
    )
    assert cell(path, 1, 4, 2).text == "Agradecemos a nuestros socios.\nEllos hicieron el trabajo."


@pytest.mark.parametrize("stage", STAGES)
def test_word_edits(variants, stage):
    path = variants["words"][stage]
    m = marks(path)
    assert {i: c.text for i, c in m.items()} == WORDS
    # Text typed after the bookmark's end is outside it; `paragraph` shows it.
    assert m[5].text == "Gracias."
    assert m[5].paragraph == "Gracias. ¡Muchas gracias!"
    assert m[5].alone and m[5].best_text == "Gracias. ¡Muchas gracias!"
    assert m[5].alone_in_cell and m[5].cell_text == "Gracias. ¡Muchas gracias!"
    # The bold word split the run in three; the text is whole.
    doc = etree.fromstring(xml_of(path))
    p = next(bs.getparent() for bs in doc.iter(w("bookmarkStart")) if bs.get(w("name")) == name(1))
    assert len(p.findall(w("r"))) == 3
    # Edits to the other columns are visible, by row and column.
    assert cell(path, 1, 2, 1).text == "Good morning, all."
    assert cell(path, 1, 3, 3).text == "bls-unemp: BLS, 2024"


@pytest.mark.parametrize("stage", STAGES)
def test_paragraph_text_setter_drops_the_bookmark(variants, stage):
    path = variants["paratext"][stage]
    m = marks(path)
    assert 0 not in m
    assert {i: c.text for i, c in m.items()} == {k: v for k, v in ORIGINAL.items() if k}
    # The fallback: the row is still there, the English column identifies the message.
    c = cell(path, 1, 2, 2)
    assert c.text == "Buenos días a todas." and c.row_bookmarks == ()
    assert cell(path, 1, 2, 1).text == "Good morning, everyone."


@pytest.mark.parametrize("stage", STAGES)
def test_tracked_changes_are_accepted(variants, stage):
    path = variants["tracked"][stage]
    m = marks(path)
    assert {i: c.text for i, c in m.items()} == TRACKED
    # The deleted paragraph mark joins the two messages of row 4 in one paragraph.
    assert cell(path, 1, 4, 2).text == "Agradecemos a nuestros socios. Ellos hicieron la labor."
    assert m[2].paragraph == "Agradecemos a nuestros socios. Ellos hicieron la labor."
    assert not m[2].alone and not m[2].alone_in_cell
    assert m[2].best_text == "Agradecemos a nuestros socios."
    # The deleted row is gone once accepted: "Thank you." moved up to row 5.
    assert (m[5].table, m[5].row) == (1, 5)
    assert cell(path, 1, 5, 1).text == "Thank you."


@pytest.mark.parametrize("stage", STAGES)
def test_rows_deleted_and_moved(variants, stage):
    m = marks(variants["rows"][stage])
    assert {i: c.text for i, c in m.items()} == ROWS
    assert {i: (c.table, c.row) for i, c in m.items()} == ROWS_WHERE
    assert m[5].heading == "Closing"


@pytest.mark.parametrize("stage", STAGES)
def test_enter_inside_a_bookmark(variants, stage):
    m = marks(variants["split"][stage])
    assert {i: c.text for i, c in m.items()} == SPLIT
    assert m[6].problems == ()


def test_enter_inside_a_bookmark_libreoffice_twice(variants):
    """The second save drops the first piece: only the cell text still has it all."""
    m = marks(variants["split"]["libreoffice twice"])
    assert m[6].text == "Hasta pronto."
    assert m[6].best_text == "Gracias.\nHasta pronto."
    assert {i: c.best_text for i, c in m.items()} == {
        **SPLIT,
        2: ORIGINAL[2],  # two messages in one cell: best_text falls back to the paragraph
        3: ORIGINAL[3],
    }


@pytest.mark.parametrize("stage", STAGES)
def test_empty_bookmark(variants, stage):
    m = marks(variants["empty"][stage])
    assert m[5].text == "" and m[5].paragraph == "Gracias a todos."
    assert m[5].best_text == "Gracias a todos." and m[5].problems == ()


@pytest.mark.parametrize("stage", STAGES)
def test_protected(variants, stage):
    path = variants["protected"][stage]
    m = marks(path)
    assert {i: c.text for i, c in m.items()} == {**ORIGINAL, 0: "Buenos días a todas."}


# ------------------------------------------------------------------ measured facts


def test_measure_libreoffice(variants):
    """What a LibreOffice re-save keeps. The asserts are the measurements."""
    facts = {}
    for v, paths in variants.items():
        before, after = (etree.fromstring(xml_of(paths[s])) for s in STAGES)
        names = lambda r: sorted(b.get(w("name")) for b in r.iter(w("bookmarkStart")))  # noqa: E731
        facts[f"{v}: bookmark names kept"] = set(names(before)) == set(names(after))
        facts[f"{v}: one bookmarkStart per name"] = len(set(names(after))) == len(names(after))
        n_perm = lambda r: (len(list(r.iter(w("permStart")))), len(list(r.iter(w("permEnd")))))  # noqa: E731
        facts[f"{v}: permStart/permEnd kept"] = n_perm(before) == n_perm(after)
    settings = etree.fromstring(xml_of(variants["protected"]["libreoffice"], "word/settings.xml"))
    prot = settings.find(w("documentProtection"))
    facts["documentProtection kept"] = (
        prot is not None and prot.get(w("edit")) == "readOnly" and prot.get(w("enforcement")) == "1"
    )
    facts["trackRevisions kept"] = settings.find(w("trackRevisions")) is not None
    tracked = etree.fromstring(xml_of(variants["tracked"]["libreoffice"]))
    for tag in ("ins", "del", "delText", "moveFrom", "moveTo"):
        facts[f"tracked: w:{tag} present after LibreOffice"] = (
            next(tracked.iter(w(tag)), None) is not None
        )
    facts["tracked: row deletion (trPr/del) kept"] = any(
        tr.find(f"{w('trPr')}/{w('del')}") is not None for tr in tracked.iter(w("tr"))
    )
    facts["tracked: paragraph-mark deletion kept"] = any(
        p.find(f"{w('pPr')}/{w('rPr')}/{w('del')}") is not None for p in tracked.iter(w("p"))
    )
    for k, val in facts.items():
        print(f"MEASURED {k}: {'yes' if val else 'no'}")
    assert all(v for k, v in facts.items() if "bookmark names kept" in k)
    # A bookmark over two paragraphs comes back as two same-name pieces.
    assert not facts["split: one bookmarkStart per name"]
    assert facts["documentProtection kept"]


def test_measure_python_docx(variants):
    before = etree.fromstring(xml_of(variants["base"]["edited"]))
    words = etree.fromstring(xml_of(variants["words"]["edited"]))
    names = lambda r: sorted(b.get(w("name")) for b in r.iter(w("bookmarkStart")))  # noqa: E731
    assert names(before) == names(words)  # run edits keep every bookmark
    assert len(list(words.iter(w("permStart")))) == len(list(before.iter(w("permStart"))))
    paratext = etree.fromstring(xml_of(variants["paratext"]["edited"]))
    assert name(0) not in names(paratext)  # paragraph.text = ... drops it


# ------------------------------------------------------------------ unit tests


def test_bookmark_names():
    n = bookmark_name(message_key("Hello", "ctx", 1), 123456)
    assert n.startswith("shim_") and len(n) <= 40
    assert n.replace("_", "").isalnum() and n.isascii() and n[0].isalpha()
    assert parse_bookmark_name(n) == (n[5:17], 123456)
    assert parse_bookmark_name(n + " Copy 1") == (n[5:17], 123456)
    assert parse_bookmark_name("_GoBack") is None
    assert parse_bookmark_name("shim_xyz") is None
    assert bookmark_name(message_key("a"), 0) != bookmark_name(message_key("a", plural=1), 0)


def test_mark_cell_xml():
    xml = mark_cell(message_key("Hi"), 7, "<w:r><w:t>Hola</w:t></w:r>")
    p = etree.fromstring(f'<w:p xmlns:w="{W_NS}">{xml}</w:p>')
    tags = [etree.QName(c).localname for c in p]
    assert tags == ["permStart", "bookmarkStart", "r", "bookmarkEnd", "permEnd"]
    assert p[1].get(w("id")) == p[3].get(w("id")) == "7"
    bare = mark_cell(message_key("Hi"), 7, "", editable=False)
    assert "permStart" not in bare


def test_protect_settings_order():
    out = etree.fromstring(protect_settings(packetgen.SETTINGS, track_changes=True))
    tags = [etree.QName(c).localname for c in out]
    assert tags[:3] == ["trackRevisions", "documentProtection", "defaultTabStop"]
    again = etree.fromstring(protect_settings(etree.tostring(out), track_changes=True))
    assert [etree.QName(c).localname for c in again] == tags


def _zip(path: Path, entries: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as z:
        for k, v in entries.items():
            z.writestr(k, v)
    return path


def _minimal(document: bytes) -> dict[str, bytes]:
    return {
        "[Content_Types].xml": packetgen.CONTENT_TYPES.encode(),
        "_rels/.rels": packetgen.PKG_RELS.encode(),
        "word/document.xml": document,
    }


def test_refuses_doctype(tmp_path):
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        b'<w:document xmlns:w="' + W_NS.encode() + b'"><w:body><w:p><w:r><w:t>&lol2;'
        b"</w:t></w:r></w:p></w:body></w:document>"
    )
    with pytest.raises(PacketError, match="DOCTYPE"):
        read_packet(_zip(tmp_path / "x.docx", _minimal(bomb)))


def test_refuses_high_ratio(tmp_path):
    doc = packetgen.document_xml().encode()
    big = doc.replace(b"<w:body>", b"<w:body>" + b"<w:p/>" * 200_000)
    with pytest.raises(PacketError, match="compresses"):
        read_packet(_zip(tmp_path / "x.docx", _minimal(big)))


def test_refuses_too_many_entries(tmp_path):
    entries = _minimal(packetgen.document_xml().encode())
    entries.update({f"junk/{i}.xml": b"<a/>" for i in range(2001)})
    with pytest.raises(PacketError, match="entries"):
        read_packet(_zip(tmp_path / "x.docx", entries, zipfile.ZIP_STORED))


def test_refuses_big_entry(tmp_path):
    entries = _minimal(packetgen.document_xml().encode())
    entries["word/media/big.bin"] = bytes(range(256)) * (21 * 1024 * 4)  # 21 MiB
    with pytest.raises(PacketError, match="uncompressed"):
        read_packet(_zip(tmp_path / "x.docx", entries, zipfile.ZIP_STORED))


def test_refuses_non_zip(tmp_path):
    (tmp_path / "x.docx").write_bytes(b"not a zip")
    with pytest.raises(PacketError):
        read_packet(tmp_path / "x.docx")


def test_special_characters(tmp_path):
    body = (
        f'<w:p><w:bookmarkStart w:id="1" w:name="{name(0)}"/>'
        "<w:r><w:t>a</w:t><w:noBreakHyphen/><w:t>b</w:t><w:softHyphen/><w:t>c</w:t>"
        '<w:sym w:font="Symbol" w:char="F0B3"/><w:sym w:font="Wingdings" w:char="F04A"/>'
        '<w:sym w:font="Arial" w:char="2014"/><w:br w:type="page"/><w:cr/><w:tab/></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        "<w:hyperlink><w:r><w:t>link</w:t></w:r></w:hyperlink>"
        '<w:r><w:footnoteReference w:id="1"/></w:r>'
        '<w:bookmarkEnd w:id="1"/></w:p>'
    )
    doc = f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'.encode()
    (c,) = read_cells(_zip(tmp_path / "x.docx", _minimal(doc)))
    assert c.text == "a\u2011bc≥\ufffd—\n\n\t7link"
    assert (c.table, c.row, c.column) == (0, 0, 0)
