from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import struct
import subprocess
import time
import tracemalloc
import zipfile
from pathlib import Path

import docx
import msgspec
import pytest
from lxml import etree

from shim.docx import numbering, ooxml, safezip
from shim.docx import reference as R
from shim.errors import ConfigError
from tests.conftest import MUTMUT, require
from tests.word_fixture import write_word_fixture

BUILTIN = Path(__file__).resolve().parents[1] / "templates" / "reference.docx"
W = ooxml.W_NS
NS = {"w": W, "r": ooxml.R_NS}


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


# ---------------------------------------------------------------------------------------
# The references under test


@pytest.fixture(scope="session")
def refs_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("refs")
    shutil.copy(BUILTIN, out / "builtin.docx")
    docx.Document(str(BUILTIN)).save(str(out / "pydocx_resave.docx"))
    docx.Document().save(str(out / "pydocx_default.docx"))
    # Mimics what Word 2016+ writes (rsids, mc:Ignorable="w14 w15 wp14", w14:paraId...).
    write_word_fixture(out / "word.docx")
    soffice = shutil.which("soffice")
    if soffice and not MUTMUT:  # mutation runs leave LibreOffice out (tests/conftest.py)
        lo = out / "lo"
        subprocess.run(
            [
                soffice,
                "--headless",
                f"-env:UserInstallation=file://{out}/lo-profile",
                "--convert-to",
                "docx",
                "--outdir",
                str(lo),
                str(BUILTIN),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        shutil.copy(lo / "reference.docx", out / "libreoffice.docx")
    return out


KINDS = ["builtin", "pydocx_resave", "pydocx_default", "libreoffice", "word"]


@pytest.fixture(params=KINDS)
def loaded(request: pytest.FixtureRequest, refs_dir: Path) -> tuple[str, R.Reference]:
    path = refs_dir / f"{request.param}.docx"
    if not path.exists():
        require("soffice")
    return request.param, R.load_reference(path, f"templates/{path.name}", BUILTIN)


def _root(xml: str) -> etree._Element:
    return etree.fromstring(xml.encode("utf-8"))


# ---------------------------------------------------------------------------------------
# Every reference


def test_sect_pr_has_shims_header_and_footer_first(loaded: tuple[str, R.Reference]) -> None:
    _, ref = loaded
    sect = _root(ref.sect_pr)
    assert sect.tag == _w("sectPr")
    headers = sect.findall("w:headerReference", NS)
    footers = sect.findall("w:footerReference", NS)
    assert len(headers) == 1 and len(footers) == 1
    assert headers[0].get(f"{{{ooxml.R_NS}}}id") == "rIdHdr1"
    assert footers[0].get(f"{{{ooxml.R_NS}}}id") == "rIdFtr1"
    assert headers[0].get(_w("type")) == footers[0].get(_w("type")) == "default"
    assert sect[0] is headers[0] and sect[1] is footers[0]
    assert sect.find("w:titlePg", NS) is None
    assert ref.sect_pr.count("headerReference") == 1


@pytest.mark.parametrize("paper,size", [("letter", ("12240", "15840")), ("a4", ("11906", "16838"))])
def test_paper(loaded: tuple[str, R.Reference], paper: str, size: tuple[str, str]) -> None:
    _, ref = loaded
    sect = _root(R.with_paper(ref, paper).sect_pr)
    pg = sect.findall("w:pgSz", NS)
    assert len(pg) == 1
    assert (pg[0].get(_w("w")), pg[0].get(_w("h"))) == size
    assert len(sect.findall("w:headerReference", NS)) == 1  # still there


def test_required_styles(loaded: tuple[str, R.Reference]) -> None:
    _, ref = loaded
    styles = _root(ref.styles)
    ids = [s.get(_w("styleId")) for s in styles.iterfind("w:style", NS)]
    assert set(numbering.REQUIRED_STYLES) <= set(ids)
    assert len(ids) == len(set(ids))
    for kind in ("paragraph", "character", "table", "numbering"):  # at most one default each
        defaults = [
            s
            for s in styles.iterfind("w:style", NS)
            if s.get(_w("type")) == kind and s.get(_w("default")) in ("1", "true")
        ]
        assert len(defaults) <= 1, kind


def test_numbering_is_schema_ordered_and_resolves(loaded: tuple[str, R.Reference]) -> None:
    _, ref = loaded
    numbering = _root(ref.numbering)
    order = {"numPicBullet": 0, "abstractNum": 1, "num": 2, "numIdMacAtCleanup": 3}
    ranks = [order[etree.QName(c).localname] for c in numbering if etree.QName(c).namespace == W]
    assert ranks == sorted(ranks)
    abstracts = {a.get(_w("abstractNumId")) for a in numbering.iterfind("w:abstractNum", NS)}
    nums = {
        n.get(_w("numId")): n.find("w:abstractNumId", NS).get(_w("val"))
        for n in numbering.iterfind("w:num", NS)
    }
    assert str(ref.list_number_abstract_id) in abstracts
    assert set(nums.values()) <= abstracts  # no num points at a missing abstractNum
    assert ref.next_num_id > max(map(int, nums), default=0)
    # List Bullet and List Number styles lead to a list
    styles = _root(ref.styles)
    for sid in ("ListBullet", "ListNumber"):
        num_id = styles.find(f"w:style[@w:styleId='{sid}']/w:pPr/w:numPr/w:numId", NS)
        assert num_id is not None and num_id.get(_w("val")) in nums, sid
    # the lvl the numbered lists restart is decimal
    abstract = numbering.find(
        f"w:abstractNum[@w:abstractNumId='{ref.list_number_abstract_id}']", NS
    )
    assert abstract.find("w:lvl[@w:ilvl='0']/w:numFmt", NS).get(_w("val")) == "decimal"


def test_parts_are_clean_xml(loaded: tuple[str, R.Reference]) -> None:
    _kind, ref = loaded
    names = [name for name, _, _, _ in ref.extra]
    # The built-in reference's theme and font table are orphans (not in its rels), so a
    # python-docx resave drops them; LibreOffice writes its own font table but no theme.
    # Missing ones come from the built-in reference.
    assert names == ["word/theme/theme1.xml", "word/fontTable.xml"]
    parts = {"styles": ref.styles, "numbering": ref.numbering, "settings": ref.settings}
    parts.update({name: data.decode("utf-8") for name, _, _, data in ref.extra})
    for name, xml in parts.items():
        assert "<!DOCTYPE" not in xml, name
        root = _root(xml)
        ignorable = root.get(f"{{{R.MC_NS}}}Ignorable")
        for prefix in (ignorable or "").split():
            assert prefix in root.nsmap, (name, prefix)
        assert not ooxml.has_external_refs(root) or name.endswith("theme1.xml"), name
    settings = _root(ref.settings)
    notes = settings.findall("w:footnotePr/w:footnote", NS)
    assert {n.get(_w("id")) for n in notes} >= {"-1", "0"}
    assert settings.find("w:evenAndOddHeaders", NS) is None


def test_renders_with_shims_writer(loaded: tuple[str, R.Reference], tmp_path: Path) -> None:
    """End to end: the current writer turns it into a .docx that python-docx reads, with
    shim's header on the (only) section and numbered lists numbered."""
    kind, ref = loaded
    from shim.document import Block, Document, Run
    from shim.docx.parts import Meta
    from shim.docx.writer import write_docx

    blocks = (
        Block("Title", (Run("T"),)),
        Block("ListNumber", (Run("a"),), list_id=1),
        Block("ListNumber", (Run("b"),), list_id=1),
        Block("Speech", (Run("s"),), notes=("n",)),
    )
    doc = Document(
        "t",
        "en",
        "en-US",
        "t",
        "t",
        blocks,
        header=(Run("HEADER-MARK"),),
        footer=(Run("FOOTER-MARK"),),
    )
    data = write_docx(
        doc,
        R.with_paper(ref, "a4"),
        Meta("t", "t", "a", "o", "en-US", dt.datetime(2026, 1, 1, tzinfo=dt.UTC)),
    )
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in zf.namelist():
            if name.endswith(".xml") or name.endswith(".rels"):
                etree.fromstring(zf.read(name))  # every part well-formed
    out = tmp_path / f"{kind}.docx"
    out.write_bytes(data)
    d = docx.Document(str(out))
    assert len(d.sections) == 1
    assert "HEADER-MARK" in d.sections[0].header.paragraphs[0].text
    assert "FOOTER-MARK" in d.sections[0].footer.paragraphs[0].text
    assert round(d.sections[0].page_width.mm) == 210
    try:
        from openxml_audit import OpenXmlValidator
    except ImportError:
        return
    errors = [str(e) for e in OpenXmlValidator().validate(str(out)).errors]
    assert errors == [], kind


# ---------------------------------------------------------------------------------------
# What each kind needed


def test_builtin_is_unchanged_except_footnote_settings(refs_dir: Path) -> None:
    ref = R.load_reference(refs_dir / "builtin.docx", "templates/reference.docx", BUILTIN)
    assert ref.repairs == ()
    assert ref.next_num_id == 3 and ref.list_number_abstract_id == 2


def test_pydocx_default_keeps_rsids_and_borrows_styles(refs_dir: Path) -> None:
    ref = R.load_reference(refs_dir / "pydocx_default.docx", "x.docx", BUILTIN)
    assert 'w:rsidSect="00034616"' in ref.sect_pr  # the attributes the old code tripped on
    assert any("Speech" in r and "TableText" in r for r in ref.repairs)
    assert ref.list_number_abstract_id == 7  # ListNumber -> num 5 -> abstractNum 7


@pytest.mark.libreoffice
def test_libreoffice_header_distance(refs_dir: Path) -> None:
    path = refs_dir / "libreoffice.docx"
    if not path.exists():
        require("soffice")
    ref = R.load_reference(path, "x.docx", BUILTIN)
    pg_mar = _root(ref.sect_pr).find("w:pgMar", NS)
    assert pg_mar.get(_w("header")) == "720" and pg_mar.get(_w("footer")) == "720"
    assert "word/theme/theme1.xml: missing, taken from the built-in reference" in ref.repairs
    assert 'w:lvlJc w:val="start"' not in ref.numbering


def test_word_fixture(refs_dir: Path) -> None:
    ref = R.load_reference(refs_dir / "word.docx", "templates/reference.docx", BUILTIN)
    sect = _root(ref.sect_pr)
    assert sect.get(_w("rsidSect")) == "00A1B2C3"
    assert "rId8" not in ref.sect_pr and "rId9" not in ref.sect_pr and "rId10" not in ref.sect_pr
    assert sect.find("w:printerSettings", NS) is None
    assert "w14" not in ref.sect_pr and "paraId" not in ref.sect_pr
    pg = sect.find("w:pgSz", NS)
    assert pg.get(_w("w")) == "11906" and pg.get(_w("code")) == "9"
    letter = _root(R.with_paper(ref, "letter").sect_pr).find("w:pgSz", NS)
    assert (letter.get(_w("w")), letter.get(_w("h")), letter.get(_w("code"))) == (
        "12240",
        "15840",
        "1",
    )
    # the team's own ListNumber list, not the built-in one
    assert ref.list_number_abstract_id == 7
    styles = _root(ref.styles)
    assert styles.get(f"{{{R.MC_NS}}}Ignorable") == "w14 w15 wp14"
    assert {"w14", "w15", "wp14"} <= set(styles.nsmap)
    numbering = _root(ref.numbering)
    assert numbering.get(f"{{{R.MC_NS}}}Ignorable") == "w14 w15 wp14"
    assert (
        numbering.find("w:abstractNum", NS).get(
            "{http://schemas.microsoft.com/office/word/2012/wordml}restartNumberingAfterBreak"
        )
        == "0"
    )
    settings = _root(ref.settings)
    assert settings.find("w:attachedTemplate", NS) is None
    # footnotePr went before w:compat, as CT_Settings orders them
    names = [etree.QName(c).localname for c in settings]
    assert names.index("footnotePr") < names.index("compat")
    assert settings.find("{http://schemas.microsoft.com/office/word/2010/wordml}docId") is not None
    fonts = next(data for name, _, _, data in ref.extra if name == "word/fontTable.xml")
    assert b"embedRegular" not in fonts


def test_borrowed_list_ids_cannot_clash(tmp_path: Path) -> None:
    """A reference without ListNumber gets the built-in list under ids above all of its own."""
    from tests import word_fixture as wf

    styles = wf.STYLES.replace('w:styleId="ListNumber"', 'w:styleId="MyNumbers"')
    numbering = wf.NUMBERING.replace('w:numId="4"', 'w:numId="9001"')
    path = tmp_path / "t.docx"
    _rewrite(wf, path, {"word/styles.xml": styles, "word/numbering.xml": numbering})
    ref = R.load_reference_bytes(path.read_bytes(), "t.docx", BUILTIN.read_bytes())
    assert ref.list_number_abstract_id == 9002
    assert ref.next_num_id == 9003
    num = _root(ref.styles).find("w:style[@w:styleId='ListNumber']/w:pPr/w:numPr/w:numId", NS)
    assert num.get(_w("val")) == "9002"


def _rewrite(wf, path: Path, replace: dict[str, str]) -> None:
    wf.write_word_fixture(path)
    with zipfile.ZipFile(path) as zf:
        items = {n: zf.read(n) for n in zf.namelist()}
    for name, text in replace.items():
        items[name] = text.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in items.items():
            zf.writestr(name, data)


# ---------------------------------------------------------------------------------------
# Refusals


def _with_part(tmp_path: Path, name: str, data: bytes) -> Path:
    src = zipfile.ZipFile(BUILTIN)
    out = tmp_path / "bad.docx"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            zf.writestr(info.filename, data if info.filename == name else src.read(info.filename))
    return out


def test_doctype_with_external_entity_is_refused(tmp_path: Path) -> None:
    styles = zipfile.ZipFile(BUILTIN).read("word/styles.xml").decode()
    head, rest = styles.split("\n", 1)
    evil = (
        head
        + '\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
        + rest.replace('<w:name w:val="Normal"/>', '<w:name w:val="&e;"/>')
    )
    path = _with_part(tmp_path, "word/styles.xml", evil.encode())
    with pytest.raises(ConfigError) as err:
        R.load_reference(path, "templates/reference.docx", BUILTIN)
    assert str(err.value) == (
        "templates/reference.docx: word/styles.xml:2: has a DOCTYPE declaration, which Office "
        "never writes (refused: it can define entities that read local files or expand without "
        "bound)"
    )


def test_billion_laughs_is_refused(tmp_path: Path) -> None:
    lol = (
        '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
        + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
        + f']><w:settings xmlns:w="{W}"><w:x w:val="&i;"/></w:settings>'
    )
    path = _with_part(tmp_path, "word/settings.xml", lol.encode())
    with pytest.raises(ConfigError, match="DOCTYPE"):
        R.load_reference(path, "templates/reference.docx", BUILTIN)


def test_malformed_settings_names_part_and_line(tmp_path: Path) -> None:
    bad = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:settings xmlns:w="{W}">\n'
        '<w:zoom w:percent="100"></w:settings>\n'
    )
    path = _with_part(tmp_path, "word/settings.xml", bad.encode())
    with pytest.raises(ConfigError) as err:
        R.load_reference(path, "templates/reference.docx", BUILTIN)
    text = str(err.value)
    assert text.startswith(
        "templates/reference.docx: word/settings.xml:3: not well-formed XML ("
    ), text


def test_wrong_root_and_missing_parts(tmp_path: Path) -> None:
    path = _with_part(tmp_path, "word/numbering.xml", f'<w:styles xmlns:w="{W}"/>'.encode())
    with pytest.raises(safezip.PackageError, match=re.escape("word/numbering.xml:1: root element")):
        R.load_reference_bytes(path.read_bytes(), "r.docx")
    with pytest.raises(safezip.PackageError, match=re.escape("not a .docx")):
        R.load_reference_bytes(b"PK not really", "r.docx")
    empty = io.BytesIO()
    zipfile.ZipFile(empty, "w").close()
    with pytest.raises(safezip.PackageError, match=re.escape("has no word/styles.xml")):
        R.load_reference_bytes(empty.getvalue(), "r.docx")


def _zeros_zip(path: Path, name: str, size: int) -> Path:
    chunk = bytes(1024 * 1024)
    # Level 1 deflates zeros four times faster than the default, about 230:1.
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf,
        zf.open(name, "w") as fh,
    ):
        for _ in range(size // len(chunk)):
            fh.write(chunk)
    return path


@pytest.fixture(scope="session")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _zeros_zip(tmp_path_factory.mktemp("bomb") / "bomb.docx", "word/styles.xml", 200 * 2**20)


def test_zip_bomb_is_refused_fast_and_small(bomb: Path) -> None:
    assert bomb.stat().st_size < 1_000_000  # 200 MB of zeros deflate to ~0.9 MB
    tracemalloc.start()
    t0 = time.perf_counter()
    with pytest.raises(ConfigError, match=re.escape("word/styles.xml is 210 MB uncompressed")):
        R.load_reference(bomb, "templates/reference.docx", BUILTIN)
    elapsed = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert elapsed < 0.5
    assert peak < 5 * 2**20


def test_zip_bomb_with_lying_sizes_is_refused(tmp_path: Path) -> None:
    """Headers claiming 1 kB for 30 MB of zeros: the read stops at the claimed size."""
    path = _zeros_zip(tmp_path / "liar.docx", "word/styles.xml", 30 * 2**20)
    data = bytearray(path.read_bytes())
    local = data.find(b"PK\x03\x04")
    central = data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, local + 22, 1000)
    struct.pack_into("<I", data, central + 24, 1000)
    tracemalloc.start()
    with pytest.raises(safezip.PackageError, match=re.escape("cannot read word/styles.xml")):
        R.load_reference_bytes(bytes(data), "r.docx")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 8 * 2**20 + len(data)


def test_too_many_entries(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for i in range(safezip.MAX_ENTRIES + 1):
            zf.writestr(f"x/{i}", b"")
    with pytest.raises(safezip.PackageError, match="zip entries"):
        R.load_reference_bytes(buf.getvalue(), "r.docx")


# ---------------------------------------------------------------------------------------
# Odds and ends


def test_no_sect_pr_and_no_pg_sz(tmp_path: Path) -> None:
    from tests import word_fixture as wf

    doc = wf.DOCUMENT.split('<w:sectPr w:rsidR="00A1B2C3"')[0] + "</w:body></w:document>"
    path = tmp_path / "n.docx"
    _rewrite(wf, path, {"word/document.xml": doc})
    ref = R.load_reference(path, "n.docx", BUILTIN)
    sect = _root(ref.sect_pr)
    assert [etree.QName(c).localname for c in sect] == ["headerReference", "footerReference"]
    a4 = _root(R.with_paper(ref, "a4").sect_pr)
    assert [etree.QName(c).localname for c in a4] == ["headerReference", "footerReference", "pgSz"]


def test_landscape_is_kept(refs_dir: Path) -> None:
    ref = R.load_reference(refs_dir / "builtin.docx", "r.docx", BUILTIN)
    turned = ref.sect_pr.replace('w:h="15840"', 'w:h="15840" w:orient="landscape"')
    out = _root(R.with_paper(msgspec.structs.replace(ref, sect_pr=turned), "a4").sect_pr)
    pg = out.find("w:pgSz", NS)
    assert (pg.get(_w("w")), pg.get(_w("h"))) == ("16838", "11906")
    with pytest.raises(ValueError):
        R.with_paper(ref, "legal")


def test_cached_by_content(refs_dir: Path, tmp_path: Path) -> None:
    a = R.load_reference(refs_dir / "builtin.docx", "a", BUILTIN)
    copy = tmp_path / "same.docx"
    shutil.copy(refs_dir / "builtin.docx", copy)
    assert R.load_reference(copy, "b", BUILTIN) is a
