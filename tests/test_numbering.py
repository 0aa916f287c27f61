"""Completing a team's reference: borrowed styles and lists, on small hand-made parts."""

from __future__ import annotations

from lxml import etree

from shim.docx import numbering as N
from shim.docx.ooxml import W_NS

W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
HEAD = f'xmlns:w="{W_NS}" xmlns:w14="{W14}"'


def _el(body: str, root: str) -> etree._Element:
    return etree.fromstring(f"<w:{root} {HEAD}>{body}</w:{root}>")


def _xml(el: etree._Element) -> str:
    """The children of ``el`` without namespace declarations, one line each."""
    text = [etree.tostring(c, encoding="unicode") for c in el]
    return "\n".join(
        t.replace(f' xmlns:w="{W_NS}"', "").replace(f' xmlns:w14="{W14}"', "") for t in text
    )


def _abs(aid: str, nsid: str, extra: str = "") -> str:
    return f'<w:abstractNum w:abstractNumId="{aid}"><w:nsid w:val="{nsid}"/>{extra}</w:abstractNum>'


def _num(nid: str, aid: str) -> str:
    return f'<w:num w:numId="{nid}"><w:abstractNumId w:val="{aid}"/></w:num>'


BUILTIN_NUMBERING = _el(
    _abs(
        "1",
        "0000AAAA",
        '<w:styleLink w:val="A"/><w:numStyleLink w:val="B"/>'
        '<w:lvl w:ilvl="0" w14:tentative="1"><w:start w:val="1"/><w14:x/></w:lvl>',
    )
    + _abs("4", "0000BBBB")
    + _num("2", "1")
    + _num("3", "4")
    + _num("5", "9")
    + '<w:num w:numId="6"/>',
    "numbering",
)


def _copy(team: str, num_id: str | None = "2") -> tuple[int | None, str]:
    numbering = _el(team, "numbering")
    own = N._copy_abstract(numbering, BUILTIN_NUMBERING, num_id)
    return own, _xml(numbering)


def test_copied_list_goes_before_the_nums_under_a_fresh_id_and_nsid() -> None:
    team = (
        '<w:numPicBullet w:numPicBulletId="0"/>'
        + _abs("3", "0000AAAA")
        + _num("7", "3")
        + '<w:numIdMacAtCleanup w:val="7"/>'
    )
    own, xml = _copy(team)
    assert own == 9001
    assert xml == "\n".join(
        [
            '<w:numPicBullet w:numPicBulletId="0"/>',
            _abs("3", "0000AAAA"),
            '<w:abstractNum w:abstractNumId="9001"><w:nsid w:val="53486A64"/>'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/></w:lvl></w:abstractNum>',
            _num("7", "3"),
            _num("9001", "9001"),
            '<w:numIdMacAtCleanup w:val="7"/>',
        ]
    )


def test_an_nsid_that_does_not_clash_is_kept_and_nums_go_last() -> None:
    own, xml = _copy(_abs("3", "0000CCCC") + _num("9500", "3"), "3")
    assert own == 9501
    assert xml == "\n".join(
        [_abs("3", "0000CCCC"), _abs("9501", "0000BBBB"), _num("9500", "3"), _num("9501", "9501")]
    )


def test_an_empty_numbering_gets_both_at_the_end() -> None:
    own, xml = _copy("", "3")
    assert own == 9001
    assert xml == _abs("9001", "0000BBBB") + "\n" + _num("9001", "9001")


def test_a_cleanup_without_nums_follows_the_copy() -> None:
    own, xml = _copy(_abs("9100", "0000BBBB") + '<w:numIdMacAtCleanup w:val="1"/>', "3")
    assert own == 9101
    nsid = f"{0x5348494D ^ 9101:08X}"
    assert xml == "\n".join(
        [
            _abs("9100", "0000BBBB"),
            _abs("9101", nsid),
            _num("9101", "9101"),
            '<w:numIdMacAtCleanup w:val="1"/>',
        ]
    )


def test_nothing_to_copy() -> None:
    team = _num("1", "1")
    assert _copy(team, "9") == (None, team)  # no such num
    assert _copy(team, "5") == (None, team)  # its abstractNum is missing
    assert _copy(team, "6") == (None, team)  # it names no abstractNum
    assert _copy(team, None) == (None, team)


def test_free_id_ignores_ids_that_are_not_numbers() -> None:
    numbering = _el(
        _abs("x", "1") + _abs("-9999", "2") + _num("9004", "x") + '<w:num w:numId="y"/>',
        "numbering",
    )
    assert N._free_id(numbering) == 9005
    assert N._free_id(_el(_num("-12000", "1"), "numbering")) == 9001
    assert N._free_id(_el(_abs("12000", "1"), "numbering")) == 12001


def _style(sid: str, body: str = "", kind: str = "paragraph", default: bool = False) -> str:
    flag = ' w:default="1"' if default else ""
    head = f'<w:style w:type="{kind}"{flag} w:styleId="{sid}"'
    return f"{head}>{body}</w:style>" if body else f"{head}/>"


def _list(sid: str, num: str, extra: str = "") -> str:
    return _style(
        sid,
        f'<w:basedOn w:val="Normal"/>{extra}<w:pPr><w:numPr><w:numId w:val="{num}"/>'
        "</w:numPr></w:pPr>",
    )


BUILTIN_STYLES = _el(
    _style("Normal", default=True)
    + _list("ListBullet", "3", '<w:rsid w:val="00AB"/>')
    + _list("ListNumber", "2", '<w:next w:val="Body"/><w:link w:val="ListChar"/>')
    + _style("Body", '<w:basedOn w:val="Base"/>')
    + _style("Base", '<w:rsid w:val="1"/><w:next w:val="Normal"/>', default=True)
    + _style("ListChar", kind="character", default=True)
    + _style("Quote", '<w:link w:val="QuoteChar"/>')
    + _style("QuoteChar", kind="character", default=True),
    "styles",
)


def _complete(styles: str, team_numbering: str) -> tuple[list[str], etree._Element, str]:
    root = _el(styles, "styles")
    numbering = _el(team_numbering, "numbering")
    repairs: list[str] = []
    N.complete_styles(root, numbering, BUILTIN_STYLES, BUILTIN_NUMBERING, repairs)
    return repairs, root, _xml(numbering)


def test_missing_list_styles_are_borrowed_with_their_lists_and_what_they_need() -> None:
    team = _style("Normal", default=True) + _style("Title")
    repairs, root, numbering = _complete(team, _abs("1", "0000AAAA") + _num("1", "1"))
    assert repairs == [
        "numbering.xml: added the list of ListBullet as 9001",
        "numbering.xml: added the list of ListNumber as 9002",
        "styles.xml: added built-in ListBullet, ListNumber, Quote, Body, ListChar, QuoteChar, Base",
    ]
    assert _xml(root).split("\n")[2:] == [
        _list("ListBullet", "9001"),
        _list("ListNumber", "9002", '<w:next w:val="Body"/><w:link w:val="ListChar"/>'),
        _style("Quote", '<w:link w:val="QuoteChar"/>'),
        _style("Body", '<w:basedOn w:val="Base"/>'),
        _style("ListChar", kind="character", default=True),
        _style("QuoteChar", kind="character"),  # only one default per type
        _style("Base", '<w:next w:val="Normal"/>'),  # Normal already is the default
    ]
    nsid = f"{0x5348494D ^ 9002:08X}"
    assert numbering == "\n".join(
        [
            _abs("1", "0000AAAA"),
            _abs("9001", "0000BBBB"),
            '<w:abstractNum w:abstractNumId="9002"><w:nsid w:val="' + nsid + '"/>'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/></w:lvl></w:abstractNum>',
            _num("1", "1"),
            _num("9001", "9001"),
            _num("9002", "9002"),
        ]
    )


def test_a_style_with_nothing_to_borrow_or_missing_everywhere() -> None:
    team = _style("Normal", default=True) + _style("Title") + _style("Quote")
    team += _list("ListBullet", "1") + _list("ListNumber", "1")
    repairs, root, numbering = _complete(team, "")
    assert repairs == []
    assert numbering == ""
    # the built-in lacks the list behind a borrowed style: the style comes without it
    root = _el(_style("Normal", default=True), "styles")
    repairs = []
    builtin = _el(_list("ListBullet", "5"), "styles")
    N.complete_styles(root, _el("", "numbering"), builtin, BUILTIN_NUMBERING, repairs)
    assert repairs == ["styles.xml: added built-in ListBullet"]
    assert _xml(root).endswith(_list("ListBullet", "5"))
    repairs = []
    N.complete_styles(_el("", "styles"), _el("", "numbering"), builtin, None, repairs)
    assert repairs == ["styles.xml: added built-in ListBullet"]


def test_a_default_on_or_true_counts_as_the_default() -> None:
    for flag in ("on", "true"):
        team = f'<w:style w:type="character" w:default="{flag}" w:styleId="C"/>'
        root = _el(team, "styles")
        N.complete_styles(root, _el("", "numbering"), BUILTIN_STYLES, None, [])
        added = root.find(f"{{{W_NS}}}style[@{{{W_NS}}}styleId='ListChar']")
        assert added is None or added.get(f"{{{W_NS}}}default") is None
        quote = root.find(f"{{{W_NS}}}style[@{{{W_NS}}}styleId='QuoteChar']")
        assert quote.get(f"{{{W_NS}}}default") is None


def test_borrow_number_list_uses_the_builtin_list_number_list() -> None:
    numbering = _el(_abs("1", "0000AAAA") + _num("1", "1"), "numbering")
    repairs: list[str] = []
    assert N.borrow_number_list(numbering, BUILTIN_STYLES, BUILTIN_NUMBERING, repairs) == 9001
    assert repairs == ["numbering.xml: ListNumber has no list; numbered lists use built-in 9001"]
    assert _xml(numbering).endswith(_num("1", "1") + "\n" + _num("9001", "9001"))
    assert N.borrow_number_list(numbering, BUILTIN_STYLES, None, repairs) is None
    no_list = _el(_style("ListBullet"), "styles")
    assert N.borrow_number_list(numbering, no_list, BUILTIN_NUMBERING, repairs) is None
    unknown = _el(_list("ListNumber", "77"), "styles")
    assert N.borrow_number_list(numbering, unknown, BUILTIN_NUMBERING, repairs) is None
    assert len(repairs) == 1


def test_list_number_abstract_follows_based_on_and_num_style_links() -> None:
    styles = _el(
        _style("ListNumber", '<w:basedOn w:val="Mid"/>')
        + _style("Mid", '<w:basedOn w:val="Base"/>')
        + _list("Base", "4")
        + _style(
            "LinkedList", '<w:pPr><w:numPr><w:numId w:val="5"/></w:numPr></w:pPr>', "numbering"
        )
        + _style("Loop", '<w:basedOn w:val="Loop"/>'),
        "styles",
    )
    linked = _abs("2", "1", '<w:numStyleLink w:val="LinkedList"/>')
    numbering = _el(linked + _abs("8", "2") + _num("4", "2") + _num("5", "8"), "numbering")
    assert N.list_number_abstract(styles, numbering) == 8
    direct = _el(_abs("6", "1") + _num("4", "6"), "numbering")
    assert N.list_number_abstract(styles, direct) == 6
    odd = _el(_abs("x", "1") + _num("4", "x"), "numbering")
    assert N.list_number_abstract(styles, odd) is None
    assert N.list_number_abstract(styles, _el(_num("4", "6"), "numbering")) is None
    self_link = _abs("2", "1", '<w:numStyleLink w:val="Base"/>')
    assert N.list_number_abstract(styles, _el(self_link + _num("4", "2"), "numbering")) is None
    gone = _abs("2", "1", '<w:numStyleLink w:val="Nowhere"/>')
    assert N.list_number_abstract(styles, _el(gone + _num("4", "2"), "numbering")) is None
    loop = _el(
        _style("ListNumber", '<w:basedOn w:val="Loop"/>')
        + _style("Loop", '<w:basedOn w:val="Loop"/>'),
        "styles",
    )
    assert N.list_number_abstract(loop, direct) is None


def test_schema_order_keeps_extensions_with_what_they_followed() -> None:
    ext = '<w14:x xmlns:w14="' + W14 + '"/>'
    numbering = _el(
        ext
        + _num("1", "1")
        + '<w:numIdMacAtCleanup w:val="1"/>'
        + _abs("1", "A")
        + ext
        + '<w:numPicBullet w:numPicBulletId="0"/>',
        "numbering",
    )
    N.schema_order_numbering(numbering)
    assert _xml(numbering).split("\n") == [
        "<w14:x/>",
        '<w:numPicBullet w:numPicBulletId="0"/>',
        _abs("1", "A"),
        "<w14:x/>",
        _num("1", "1"),
        '<w:numIdMacAtCleanup w:val="1"/>',
    ]


def test_next_num_id() -> None:
    assert N.next_num_id(_el("", "numbering")) == 1
    assert (
        N.next_num_id(
            _el(_num("3", "1") + _num("12", "1") + _num("x", "1") + _abs("50", "1"), "numbering")
        )
        == 13
    )
