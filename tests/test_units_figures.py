"""Unit tests of the figure scanner and comparer (`shim.checks.figures_scan`,
`figures_compare`, `quotes`, `themes`, `where`): each pins one rule with exact values."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Callable, Sequence
from decimal import Decimal as D
from pathlib import Path

import msgspec
import pytest

from shim.cache import key_of
from shim.checks.figures_compare import (
    Finding,
    Place,
    _align,
    _compare_pair,
    _group_rae,
    _Para,
    _paras,
    _pow10,
    _qual,
    _qual_note,
    _scale_span,
    _score,
    _times,
    _unpaired,
    compare_paragraphs,
    mistranslations,
    plain,
)
from shim.checks.figures_scan import (
    LANG_DIR,
    Figure,
    Lang,
    Scan,
    _clean,
    _lit,
    _parse_lang,
    _pattern,
    _word,
    alt,
    is_citation,
    load_lang,
    norm,
    preview,
    scan_all,
)
from shim.checks.quotes import _money_hint, period_problem, value_problems
from shim.checks.themes import check_template_themes, template_themes
from shim.checks.where import Use, documents, where
from shim.docx.parts import CUSTOM_NS, VT_NS
from shim.errors import Location, TemplateError
from shim.workspace.facts import Fact, FactRecord, Source
from shim.workspace.schema import build


def fig(
    value: str,
    kind: str = "number",
    qualifier: str | None = None,
    text: str | None = None,
    scale: int = 1,
    currency: str | None = None,
) -> Figure:
    """A figure as the scanner would give it, with ``text`` defaulting to the value."""
    t = text if text is not None else value
    return Figure(kind, D(value), qualifier, t, 0, len(t), D(value), scale, currency)


def para(n: int, *figures: Figure, years: tuple[Figure, ...] = ()) -> _Para:
    return _Para(Place(n, f"p{n}"), Scan(list(figures), list(years), []))


# ------------------------------------------------------------------- figures_compare


def test_a_place_prints_its_number_and_first_words() -> None:
    assert str(Place(3, "Hola mundo")) == "¶3 “Hola mundo”"


def test_a_finding_prints_its_message_and_has_no_places_by_default() -> None:
    f = Finding("value", "the text")
    assert str(f) == "the text"
    assert (f.a, f.b, f.a_figure, f.b_figure) == (None, None, None, None)


@pytest.mark.parametrize(
    ("a", "b", "k"),
    [
        ("1000", "1", 3),
        ("1", "1000", -3),
        ("24700000000000", "24700000000", 3),
        ("15", "1.5", 1),
        ("0.5", "5", -1),
        ("0", "5", None),
        ("5", "0", None),
        ("5", "5", None),
        ("20", "1", None),
        ("1", "20", None),
        ("25", "5", None),
    ],
)
def test_pow10_is_the_power_of_ten_between_two_values(a: str, b: str, k: int | None) -> None:
    assert _pow10(D(a), D(b)) == k


def test_no_qualifier_reads_none() -> None:
    assert (_qual(None), _qual("about")) == ("none", "about")


def test_score_of_two_paragraphs() -> None:
    five, seven = fig("5"), fig("7")
    assert _score(para(1), para(1)) == 1.0
    assert _score(para(1, five), para(1)) == -0.5
    assert _score(para(1), para(1, five)) == -0.5
    # each figure counts once: two 5s on the left, one on the right
    assert _score(para(1, five, five, seven), para(1, five, seven, seven)) == 4.0
    assert _score(para(1, five, five), para(1, five, five)) == 4.0
    assert _score(para(1, five), para(1, seven)) == 0.0
    # the same value of another kind is not in common
    assert _score(para(1, five), para(1, fig("5", kind="money"))) == 0.0


def pairs_of(
    result: list[tuple[_Para | None, _Para | None]],
) -> list[tuple[int | None, int | None]]:
    return [(x and x.place.paragraph, y and y.place.paragraph) for x, y in result]


def test_align_pairs_paragraphs_in_order() -> None:
    assert _align([], []) == []
    assert pairs_of(_align([para(1)], [])) == [(1, None)]
    assert pairs_of(_align([], [para(1)])) == [(None, 1)]
    assert pairs_of(_align([para(1), para(2)], [para(1), para(2)])) == [(1, 1), (2, 2)]


def test_align_skips_a_paragraph_missing_on_either_side() -> None:
    a = [para(1, fig("1")), para(2, fig("2")), para(3, fig("3"))]
    b = [para(1, fig("1")), para(2, fig("3"))]
    assert pairs_of(_align(a, b)) == [(1, 1), (2, None), (3, 2)]
    assert pairs_of(_align(b, a)) == [(1, 1), (None, 2), (2, 3)]


def test_align_prefers_a_gap_to_a_paragraph_of_other_figures() -> None:
    # pairing ¶1 with ¶1 scores 0 (no figure in common); leaving both alone costs 2
    assert pairs_of(_align([para(1, fig("1"))], [para(1, fig("2"))])) == [(1, 1)]
    # a paragraph with figures against one with none scores -0.5, still better than -2
    assert pairs_of(_align([para(1, fig("1"))], [para(1)])) == [(1, 1)]


def test_align_pairs_a_paragraph_of_other_figures_before_one_without() -> None:
    # ¶1-¶1 (0) and a gap (-1) beat a gap (-1) and ¶2-¶1 (-0.5) by half a point
    a = [para(1, fig("1")), para(2)]
    b = [para(1, fig("2"))]
    assert pairs_of(_align(a, b)) == [(1, 1), (2, None)]
    assert pairs_of(_align(b, a)) == [(1, 1), (None, 2)]


def shifted(k: int) -> tuple[list[_Para], list[_Para]]:
    """k paragraphs of figures then k without, against the same in the other order: shifting
    one side by k pairs every figure (2 each) for 2k gaps; the diagonal scores -k."""
    figs = [para(i, fig(str(i))) for i in range(1, k + 1)]
    empty = [para(i) for i in range(k + 1, 2 * k + 1)]
    return figs + empty, empty + figs


def test_align_finds_a_shift_as_wide_as_its_band() -> None:
    a, b = shifted(25)
    result = pairs_of(_align(a, b))
    assert result[:2] == [(None, 26), (None, 27)]
    assert result[25:27] == [(1, 1), (2, 2)]
    assert len(result) == 75


def test_align_looks_no_further_than_its_band() -> None:
    a, b = shifted(26)
    assert pairs_of(_align(a, b)) == [(i, i + 26 if i < 27 else i - 26) for i in range(1, 53)]
    # the band is as narrow on the other side of the diagonal
    assert pairs_of(_align(b, a)) == [(i + 26 if i < 27 else i - 26, i) for i in range(1, 53)]


def pair_findings(a: list[Figure], b: list[Figure], **years: list[Figure]) -> list[str]:
    x = para(1, *a, years=tuple(years.get("a_years", [])))
    y = para(2, *b, years=tuple(years.get("b_years", [])))
    found = _compare_pair(x, y, "en.docx", "es.docx")
    for f in found:
        assert (f.a, f.b) == (x.place, y.place)
    return [f"{f.what}: {f.message.removeprefix(W)}" for f in found]


W = "en.docx ¶1 “p1” / es.docx ¶2 “p2”: "


def test_the_same_figures_in_any_order_are_no_finding() -> None:
    a = [fig("5"), fig("7", kind="money", currency="USD"), fig("0.5", kind="percent")]
    assert pair_findings(a, a[::-1]) == []


@pytest.mark.parametrize(
    ("qa", "qb", "detail"),
    [
        ("more_than", None, "qualifier dropped: “more than 5” (more_than) vs “5”"),
        (None, "about", "qualifier added: “5” vs “unos 5” (about)"),
        ("nearly", "more_than", "qualifier differs: “nearly 5” (nearly) vs “más de 5” (more_than)"),
    ],
)
def test_the_same_value_with_another_qualifier(qa: str | None, qb: str | None, detail: str) -> None:
    texts = {None: "5", "more_than": "más de 5", "about": "unos 5", "nearly": "nearly 5"}
    a = fig("5", qualifier=qa, text="more than 5" if qa == "more_than" else texts[qa])
    b = fig("5", qualifier=qb, text=texts[qb])
    assert pair_findings([a], [b]) == [f"qualifier: {detail}"]


def test_a_qualifier_finding_carries_both_figures() -> None:
    a, b = fig("5", qualifier="about"), fig("5")
    (found,) = _compare_pair(para(1, a), para(2, b), "A", "B")
    assert (found.a_figure, found.b_figure) == (a, b)


def test_a_finding_of_two_figures_carries_both() -> None:
    usd, pen = fig("5", kind="money", currency="USD"), fig("5", kind="money", currency="PEN")
    thousand, one = fig("1000", scale=1000), fig("1")
    point, whole = fig("1.5"), fig("15")
    three, four = fig("3"), fig("4")
    x = para(1, usd, thousand, point, three)
    y = para(2, pen, one, whole, four)
    found = _compare_pair(x, y, "A", "B")
    assert [(f.what, f.a_figure, f.b_figure) for f in found] == [
        ("currency", usd, pen),
        ("scale", thousand, one),
        ("value", point, whole),
        ("value", three, four),
    ]


def test_the_same_value_in_another_currency_or_none() -> None:
    usd = fig("5", kind="money", currency="USD", text="US$5")
    pen = fig("5", kind="money", currency="PEN", text="S/ 5")
    bare = fig("5", qualifier="about", text="unos 5")
    assert pair_findings([usd], [pen]) == [
        "currency: currency differs: “US$5” (USD) vs “S/ 5” (PEN)"
    ]
    assert pair_findings([bare], [usd]) == [
        "currency: currency differs: “unos 5” (none) vs “US$5” (USD); qualifier about vs none"
    ]


def test_a_percent_and_a_number_of_one_value_are_not_a_currency_difference() -> None:
    pct, num = fig("0.05", kind="percent", text="5%"), fig("0.05", text="0.05")
    assert pair_findings([pct], [num]) == [
        "missing: “5%” (5%) is missing in es.docx",
        "missing: “0.05” (0.05) is missing in en.docx",
    ]


def test_a_scale_read_differently_is_a_scale_finding() -> None:
    a = fig("24700000000", kind="money", currency="USD", text="US$24.7 billion", scale=10**9)
    b = fig("24700000000000", kind="money", currency="USD", text="24.7 billones", scale=10**12)
    c = fig("24700000", qualifier="about", text="unos 24.7 millones", scale=10**6)
    d = fig("24700000000", text="24.7 mil millones", scale=10**9)
    assert pair_findings([a], [b]) == [
        "scale: scale differs: “US$24.7 billion” is 24,700,000,000 but “24.7 billones” is "
        "24,700,000,000,000 (1,000 times as much)"
    ]
    assert pair_findings([d], [c]) == [
        "scale: scale differs: “24.7 mil millones” is 24,700,000,000 but “unos 24.7 millones” "
        "is 24,700,000 (1/1,000 as much); qualifier none vs about"
    ]


def test_a_power_of_ten_with_the_same_scale_is_a_value_finding() -> None:
    a, b = fig("5000", text="5,000"), fig("5.000", qualifier="about", text="about 5.000")
    assert pair_findings([a], [b]) == [
        "value: value differs: “5,000” (5000) vs “about 5.000” (5.000), 1/1,000 as much; "
        "check the decimal and grouping signs; qualifier none vs about"
    ]
    assert pair_findings([fig("1.5")], [fig("15")]) == [
        "value: value differs: “1.5” (1.5) vs “15” (15), 10 times as much; "
        "check the decimal and grouping signs"
    ]


def test_other_values_of_one_kind_pair_in_order() -> None:
    a = [fig("0.85", kind="percent", text="85 percent"), fig("3"), fig("4")]
    b = [fig("0.86", kind="percent", text="86 %"), fig("6", qualifier="about"), fig("8")]
    assert pair_findings(a, b) == [
        "value: value differs: “85 percent” (85%) vs “86 %” (86%)",
        "value: value differs: “3” (3) vs “6” (6); qualifier none vs about",
        "value: value differs: “4” (4) vs “8” (8)",
    ]


def test_a_figure_without_counterpart_is_missing() -> None:
    a = [fig("3"), fig("4", kind="money", currency="USD", text="US$4")]
    assert pair_findings(a, []) == [
        "missing: “3” (3) is missing in es.docx",
        "missing: “US$4” (4) is missing in es.docx",
    ]
    assert pair_findings([], a) == [
        "missing: “3” (3) is missing in en.docx",
        "missing: “US$4” (4) is missing in en.docx",
    ]
    (found,) = _compare_pair(para(1), para(2, a[0]), "A", "B")
    assert (found.a_figure, found.b_figure) == (None, a[0])
    (found,) = _compare_pair(para(1, a[0]), para(2), "A", "B")
    assert (found.a_figure, found.b_figure) == (a[0], None)


def test_a_number_left_over_may_pair_with_a_bare_year_on_the_other_side() -> None:
    year = fig("2000", kind="year", text="2000")
    assert pair_findings([fig("2000", text="2,000")], [], b_years=[year]) == []
    assert pair_findings([], [fig("2000", text="2,000")], a_years=[year]) == []
    # one year answers one number only
    assert pair_findings([fig("2000"), fig("2000")], [], b_years=[year]) == [
        "missing: “2000” (2000) is missing in es.docx"
    ]


def test_only_a_number_pairs_with_a_year() -> None:
    year = fig("2000", kind="year")
    money = fig("2000", kind="money", currency="USD", text="US$2,000")
    assert _unpaired([money], [year]) == [money]
    assert _unpaired([fig("2001")], [year]) == [fig("2001")]
    years = [year, fig("2001", kind="year")]
    assert _unpaired([fig("2001")], years) == []
    assert years == [year]


@pytest.mark.parametrize(
    ("k", "text"),
    [
        (1, "10 times as much"),
        (3, "1,000 times as much"),
        (-1, "1/10 as much"),
        (-4, "1/10,000 as much"),
    ],
)
def test_times(k: int, text: str) -> None:
    assert _times(k) == text


def test_qualifier_note() -> None:
    assert _qual_note(fig("1", qualifier="about"), fig("1", qualifier="about")) == ""
    assert _qual_note(fig("1", qualifier="about"), fig("1")) == "; qualifier about vs none"
    assert _qual_note(fig("1"), fig("1", qualifier="up_to")) == "; qualifier none vs up_to"


@pytest.mark.parametrize(
    ("f", "text"),
    [
        (fig("0.85", kind="percent"), "85%"),
        (fig("0.125", kind="percent"), "12.5%"),
        (fig("1", kind="percent"), "100%"),
        (fig("13000000", kind="money"), "13000000"),
        (fig("1.50"), "1.50"),
    ],
)
def test_plain_writes_a_value_without_grouping(f: Figure, text: str) -> None:
    assert plain(f) == text


def test_source_lines_are_skipped_but_keep_their_number() -> None:
    found = _paras(["Son 5", "Hoja informativa, párr. 8.", "Con 3"], "es", ".")
    assert [p.place for p in found] == [Place(1, "Son 5"), Place(3, "Con 3")]
    assert [[f.value for f in p.scan.figures] for p in found] == [[D(5)], [D(3)]]


def test_paras_read_figures_with_the_documents_decimal_sign() -> None:
    (p,) = _paras(["Son 1.500 y 2,5"], "es", ",")
    assert [f.value for f in p.scan.figures] == [D(1500), D("2.5")]


def test_compare_reports_unmatched_paragraphs_and_unreadable_runs_by_side() -> None:
    a = ["Hola", "Son 5 y 1,1,1", "Solo 9", "Fuente, para. 8.", "Con 3 y 4"]
    b = ["Hola", "Son 5 y 1.5", "Con 3 y 4", "sin cifras", "nuevo 7"]
    found = compare_paragraphs(a, "en", ".", b, "es", ",", a_name="en.docx", b_name="es.docx")
    assert [(str(f), f.what, f.a, f.b) for f in found] == [
        (
            "en.docx ¶3 “Solo 9”: paragraph has no counterpart in es.docx (figures “9”)",
            "missing",
            Place(3, "Solo 9"),
            None,
        ),
        (
            "es.docx ¶5 “nuevo 7”: paragraph has no counterpart in en.docx (figures “7”)",
            "missing",
            None,
            Place(5, "nuevo 7"),
        ),
        (
            "en.docx ¶2 “Son 5 y 1,1,1”: “1,1,1” is not a figure in this number style "
            "(decimal “.”)",
            "unreadable",
            Place(2, "Son 5 y 1,1,1"),
            None,
        ),
        (
            "es.docx ¶2 “Son 5 y 1.5”: “1.5” is not a figure in this number style (decimal “,”)",
            "unreadable",
            None,
            Place(2, "Son 5 y 1.5"),
        ),
    ]


def test_compare_names_the_documents_a_and_b_by_default() -> None:
    found = compare_paragraphs(["Son 5, 6 y 7", "x"], "es", ".", ["x"], "es", ".")
    assert [str(f) for f in found] == [
        "A ¶1 “Son 5, 6 y 7”: paragraph has no counterpart in B (figures “5”, “6”, “7”)"
    ]
    found = compare_paragraphs(["x"], "es", ".", ["Son 5", "x", "y 1,1,1"], "es", ".")
    assert [str(f) for f in found] == [
        "B ¶1 “Son 5”: paragraph has no counterpart in A (figures “5”)",
        "B ¶3 “y 1,1,1”: “1,1,1” is not a figure in this number style (decimal “.”)",
    ]


# ------------------------------------------------------------------- mistranslations


@pytest.mark.parametrize(
    ("d", "decimal", "text"),
    [
        ("24700", ",", "24 700"),
        ("10000", ".", "10 000"),
        ("9999", ".", "9999"),
        ("1200", ".", "1200"),
        ("12345.5", ",", "12 345,5"),
        ("1200.50", ",", "1200,5"),
        ("1E+3", ".", "1000"),
        ("0.5", ".", "0.5"),
    ],
)
def test_group_rae_groups_only_five_digits_or_more(d: str, decimal: str, text: str) -> None:
    assert _group_rae(D(d), decimal) == text


def test_scale_span_is_where_the_digits_and_the_flagged_word_start() -> None:
    text = "Son 24.7 billones y 3   billón"
    a, b = scan_all(text, "es", ".").figures
    assert _scale_span(a, {"billones", "billón"}) == (4, 9)
    assert _scale_span(b, {"billones", "billón"}) == (20, 24)
    assert _scale_span(a, {"millones"}) is None


def test_scale_span_of_a_figure_with_a_qualifier_and_a_capital_word() -> None:
    text = "Son más de US$ 3 BILLONES"
    (f,) = scan_all(text, "es", ".").figures
    assert (f.start, f.text) == (4, "más de US$ 3 BILLONES")
    assert _scale_span(f, {"billones"}) == (15, 17)


WRONG = "reads as 10^12 in Spanish"


def test_flagged_words_are_reported_in_reading_order() -> None:
    found = mistranslations(["Sin nada", "S/. 35 y 2 billones", "Un BILLÓN"], "es")
    assert [(str(f), f.what, f.a, f.b) for f in found] == [
        (
            "¶2 “S/. 35 y 2 billones”: “S/.” is the old sol symbol (obsolete since 2015); "
            "write “S/”",
            "mistranslation",
            Place(2, "S/. 35 y 2 billones"),
            None,
        ),
        (
            f"¶2 “S/. 35 y 2 billones”: “2 billones” {WRONG}; "
            "write “2000 millones” or “mil millones”",
            "mistranslation",
            Place(2, "S/. 35 y 2 billones"),
            None,
        ),
        (
            f"¶3 “Un BILLÓN”: “BILLÓN” {WRONG}; for 10^9 write “mil millones”",
            "mistranslation",
            Place(3, "Un BILLÓN"),
            None,
        ),
    ]


def test_a_flagged_scale_suggests_with_the_documents_decimal_sign() -> None:
    found = mistranslations(["24,7 billones y 2,5005 billones"], "es", ",")
    assert [str(f).split(": ", 1)[1] for f in found] == [
        f"“24,7 billones” {WRONG}; write “24 700 millones” or “mil millones”",
        f"“2,5005 billones” {WRONG}; write “2500,5 millones” or “mil millones”",
    ]


def test_a_flagged_word_glued_to_a_figure_or_inside_a_word() -> None:
    found = mistranslations(["24.7billones; multibillones; 3 billones"], "es")
    assert [str(f).split(": ", 1)[1] for f in found] == [
        f"“billones” {WRONG}; for 10^9 write “mil millones”",
        f"“3 billones” {WRONG}; write “3000 millones” or “mil millones”",
    ]


@pytest.fixture
def flags(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """Spanish with the flags given, and a decimal comma by default."""
    import shim.checks.figures_compare as compare

    def use(*flags: dict[str, object]) -> None:
        lang = msgspec.structs.replace(load_lang("es"), flags=flags, default_decimal=",")
        monkeypatch.setattr(compare, "load_lang", lambda code: lang)

    return use


def test_a_flag_without_multiplier_suggests_the_number_as_written(
    flags: Callable[..., None],
) -> None:
    flags({"words": ["Millones"], "with_figure": "{text}: {suggest}", "alone": "{text}!"})
    found = mistranslations(["Son 12345,5 millones; millones"], "es")
    assert [str(f).split(": ", 1)[1] for f in found] == ["12345,5 millones: 12 345,5", "millones!"]


def test_a_flagged_word_after_a_figure_that_is_no_scale_is_flagged_alone(
    flags: Callable[..., None],
) -> None:
    flags({"words": ["dólares"], "with_figure": "{text}: {suggest}", "alone": "{text}!"})
    found = mistranslations(["Son 5 dólares"], "es")
    assert [str(f) for f in found] == ["¶1 “Son 5 dólares”: dólares!"]


def test_flags_on_one_word_are_reported_in_the_language_files_order(
    flags: Callable[..., None],
) -> None:
    flags({"words": ["soles"], "alone": "second"}, {"words": ["soles"], "alone": "first"})
    found = mistranslations(["5 soles"], "es")
    assert [str(f) for f in found] == ["¶1 “5 soles”: second", "¶1 “5 soles”: first"]


# ---------------------------------------------------------------------------- quotes

SOURCE = build(
    Source,
    {
        "id": "sheet",
        "title": "Fact sheet",
        "publisher": "USAID",
        "published": dt.date(2022, 11, 1),
        "edition": "2022",
        "url": "https://example.org/sheet",
        "path": "sources/sheet.md",
        "cite": {"en": "Fact sheet", "es": "Hoja informativa"},
    },
)


def fact(**fields: object) -> Fact:
    data: dict[str, object] = {
        "id": "families",
        "value": 5,
        "kind": "count",
        "counts": "families",
        "period": "2021",
        "locator": {"paragraph": 1},
        "quote": "In 2021, 5 families.",
    }
    return build(Fact, data | fields)


def problems(forms: Sequence[str] = ("5",), **fields: object) -> list[tuple[str, str]]:
    record = FactRecord(fact(**fields), SOURCE, Location("facts/sheet.yaml", 3))
    return list(value_problems(record, list(forms)))


NOT_IN = "fact 'families': the value {} is not in its quote as a whole number"


@pytest.mark.parametrize(
    ("quote", "fields"),
    [
        ("In 2021, 5 families.", {}),
        ("In 2021, 13,000 ha.", {"kind": "area", "unit": "ha", "value": 13000}),
        ("In 2021, US$13 million.", {"kind": "money", "currency": "USD", "value": 13000000}),
        (
            "In 2021, a budget of 13,000,000.",
            {"kind": "money", "currency": "USD", "value": 13000000},
        ),
        ("In 2021, \\$13 million.", {"kind": "money", "currency": "USD", "value": 13000000}),
        ("In 2021, 85% of 0.85.", {"kind": "percent", "value": D("0.85")}),
        ("In 2021, 85 percent.", {"kind": "percent", "value": D("0.85")}),
        ("Since 2013.", {"kind": "year", "value": 2013, "period": "since 2013"}),
    ],
)
def test_a_value_the_quote_states_as_its_kind_is_no_problem(
    quote: str, fields: dict[str, object]
) -> None:
    assert problems(quote=quote, **fields) == []


def test_a_year_fact_may_be_stated_as_a_count() -> None:
    assert problems(quote="more than 2013", kind="year", value=2013, period="2013") == [
        (
            "qualifier",
            "fact 'families': the quote says “more than 2013” (more_than) but the fact's "
            "qualifier is exact",
        )
    ]


def test_a_value_missing_from_its_quote_names_the_forms_and_the_quotes_figures() -> None:
    assert problems(["5", "5", "five", "05"], quote="In 2021, 7 families and \\$5 more.") == [
        (
            "value",
            NOT_IN.format(5) + " (looked for '5' or 'five'; the quote has '2021', '7', '$5')",
        )
    ]
    assert problems([], quote="No figure.", kind="percent", value=D("0.85")) == [
        ("value", NOT_IN.format("0.85") + " (looked for no form; the quote has no number)")
    ]
    assert problems(quote="7,5 families") == [
        ("value", NOT_IN.format(5) + " (looked for '5'; the quote has no number)")
    ]


def test_money_written_with_a_scale_word_gets_a_hint() -> None:
    found = problems(
        ["13"], quote="In 2021, US$13 million.", kind="money", currency="USD", value=13
    )
    assert found == [
        (
            "value",
            NOT_IN.format(13) + " (looked for '13'; the quote has '2021', 'US$13 million'); "
            "money is written in full units: 13000000 for “US$13 million”",
        )
    ]


def test_a_count_written_with_a_scale_word_gets_no_money_hint() -> None:
    assert problems(["13"], quote="13 million", value=13) == [
        ("value", NOT_IN.format(13) + " (looked for '13'; the quote has '13 million')")
    ]


def test_money_hint_needs_a_scale_and_the_same_digits() -> None:
    money = fact(kind="money", currency="USD", value=13)
    found = scan_all("US$13 and US$14 million and US$13 thousand", "en", ".")
    assert _money_hint(money, found.figures[:2]) == ""
    assert _money_hint(money, found.figures) == (
        "; money is written in full units: 13000 for “US$13 thousand”"
    )


@pytest.mark.parametrize(
    ("qualifier", "quote", "said"),
    [
        ("exact", "In 2021, over 5 families.", "“over 5” (more_than)"),
        ("exact", "In 2021, around 5 and over 5.", "“around 5” (about)"),
        ("more_than", "In 2021, 5 families.", "“5” (exact)"),
        ("more_than", "In 2021, around 5 and 5.", "“around 5” (about)"),
    ],
)
def test_a_qualifier_the_quote_contradicts(qualifier: str, quote: str, said: str) -> None:
    assert problems(quote=quote, qualifier=qualifier) == [
        (
            "qualifier",
            f"fact 'families': the quote says {said} but the fact's qualifier is {qualifier}",
        )
    ]


@pytest.mark.parametrize(
    ("qualifier", "quote"),
    [
        ("exact", "In 2021, about 5 and 5 families."),
        ("more_than", "In 2021, 5 and more than 5."),
        ("target", "In 2021, up to 5 families."),
        ("target", "In 2021, 5 families."),
    ],
)
def test_a_qualifier_one_match_agrees_with(qualifier: str, quote: str) -> None:
    assert problems(quote=quote, qualifier=qualifier) == []


PERIOD = "; quote the sentence that states it, or say in 'note' where the period comes from"


@pytest.mark.parametrize(
    ("period", "quote", "missing"),
    [
        ("2011-2021", "From 2011 to 2021.", None),
        ("FY2021", "In fiscal year 2021.", None),
        ("to date", "So far.", None),
        ("2011-2021", "From 2011 to 20210.", "2021"),
        ("2011-2021", "From 12011 to 2021.", "2011"),
        ("2011-2021", "Since 2015.", "2011"),
        ("since 2013", "In 2014.", "2013"),
    ],
)
def test_a_period_its_quote_does_not_state(period: str, quote: str, missing: str | None) -> None:
    found = period_problem(fact(period=period, quote=quote))
    if missing is None:
        assert found is None
    else:
        assert found == (
            f"fact 'families': the period '{period}' is not stated in its quote "
            f"({missing} is not in it){PERIOD}"
        )


def test_a_note_excuses_a_period_the_quote_does_not_state() -> None:
    assert period_problem(fact(period="2011-2021", quote="No year.", note="from the table")) is None


# ---------------------------------------------------------------------------- themes


def templates_with(tmp_path: Path, **files: str) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir()
    for name, text in files.items():
        (folder / f"{name}.j2").write_text(text, encoding="utf-8")
    return folder


THEMED = (
    "{% trans %}Hello{% endtrans %}\n"
    '{% if "livelihood" in themes %}a{% endif %}\n'
    '{% if "health" not in themes %}b{% endif %}\n'
    '{{ "x" in other }}{{ "y" == themes }}{{ 3 in themes }}{{ "z" in themes.list }}\n'
    '{{ "w" in themes in themes }}{{ "v" in "themes" }}{{ themes in themes }}\n'
    '{% if "governance" in themes %}c{% endif %}\n'
)


def test_template_themes_are_the_in_and_not_in_tests_of_themes(tmp_path: Path) -> None:
    folder = templates_with(tmp_path, b=THEMED, a='\n{{ "first" in themes }}', c="{% if %}")
    (folder / "notes.txt").write_text('{{ "ignored" in themes }}', encoding="utf-8")
    assert list(template_themes(folder)) == [
        ("first", folder / "a.j2", 2),
        ("livelihood", folder / "b.j2", 2),
        ("health", folder / "b.j2", 3),
        ("governance", folder / "b.j2", 6),
    ]


def test_a_template_that_is_not_utf8_has_no_theme_tests(tmp_path: Path) -> None:
    folder = templates_with(tmp_path)
    (folder / "latin.j2").write_bytes('{{ "salud" in themes }} ñ'.encode("latin-1"))
    assert list(template_themes(folder)) == []


def test_declared_themes_pass(tmp_path: Path) -> None:
    folder = templates_with(tmp_path, b=THEMED)
    declared = ["livelihood", "health", "governance"]
    assert check_template_themes(folder, tmp_path, declared) is None


@pytest.mark.parametrize(
    ("themes", "message"),
    [
        (
            ["livelihoods", "health", "governance"],
            "templates/b.j2:2: unknown theme 'livelihood'; did you mean 'livelihoods'? "
            "(themes are declared in shim.toml [briefs])",
        ),
        (
            ["livelihood", "governance", "education"],
            "templates/b.j2:3: unknown theme 'health'; declared: livelihood, governance, "
            "education (themes are declared in shim.toml [briefs])",
        ),
    ],
)
def test_the_first_undeclared_theme_is_an_error(
    tmp_path: Path, themes: list[str], message: str
) -> None:
    folder = templates_with(tmp_path, b=THEMED)
    with pytest.raises(TemplateError) as caught:
        check_template_themes(folder, tmp_path, themes)
    assert str(caught.value) == message
    assert caught.value.location == Location("templates/b.j2", int(message.split(":")[1]))


@pytest.fixture
def user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache of the test's own, on even where the run turns caching off."""
    monkeypatch.delenv("SHIM_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache/shim/data"


def test_the_theme_tests_of_a_template_are_cached_by_its_content(
    tmp_path: Path, user_cache: Path
) -> None:
    folder = templates_with(tmp_path, b=THEMED)
    raw = (folder / "b.j2").read_bytes()
    assert len(list(template_themes(folder))) == 3
    entry = user_cache / f"themes-{key_of('b.j2', raw)}.msgpack"
    assert msgspec.msgpack.decode(entry.read_bytes()) == [
        ["livelihood", 2],
        ["health", 3],
        ["governance", 6],
    ]
    entry.write_bytes(msgspec.msgpack.encode([["from-cache", 9]]))
    assert list(template_themes(folder)) == [("from-cache", folder / "b.j2", 9)]


# ----------------------------------------------------------------------------- where


def docx_with(path: Path, props: dict[str, str]) -> Path:
    """A package holding only its custom properties, as the manifest writes them."""
    items = "".join(
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{i}" name="{name}">'
        f"<vt:lpwstr>{value}</vt:lpwstr></property>"
        for i, (name, value) in enumerate(props.items(), 2)
    )
    xml = (f'<Properties xmlns="{CUSTOM_NS}" xmlns:vt="{VT_NS}">{items}</Properties>').encode()
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("docProps/custom.xml", xml)
    return path


def test_documents_are_the_docx_files_under_each_folder_in_order(tmp_path: Path) -> None:
    names = ("b/2.docx", "b/sub/1.docx", "b/~$lock.docx", "b/~a.docx", "b/notes.txt", "a/3.docx")
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"")
    single = tmp_path / "b/notes.txt"
    assert list(documents([tmp_path / "b", single, tmp_path / "a"])) == [
        tmp_path / "b/2.docx",
        tmp_path / "b/sub/1.docx",
        tmp_path / "b/~a.docx",
        single,
        tmp_path / "a/3.docx",
    ]


def test_documents_stop_at_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shim.checks.where as where_module

    for name in ("1.docx", "2.docx", "3.docx"):
        (tmp_path / name).write_bytes(b"")
    monkeypatch.setattr(where_module, "MAX_DOCUMENTS", 2)
    assert list(documents([tmp_path, tmp_path / "1.docx"])) == [
        tmp_path / "1.docx",
        tmp_path / "2.docx",
    ]
    assert list(documents([tmp_path / "~$x.docx", tmp_path / "1.docx"])) == [tmp_path / "1.docx"]


def test_where_names_the_documents_that_carry_a_fact(tmp_path: Path) -> None:
    a = docx_with(
        tmp_path / "a.docx", {"shim.fact.families": "98907", "shim.factbase.commit": "abc123"}
    )
    docx_with(tmp_path / "b.docx", {"shim.fact.other": "1"})
    c = docx_with(tmp_path / "c.docx", {"shim.fact.families": ""})
    (tmp_path / "0.docx").write_bytes(b"not a zip")
    uses, unreadable = where("families", [tmp_path])
    assert uses == [Use(a, "98907", "abc123"), Use(c, "", None)]
    assert unreadable == [f"{tmp_path / '0.docx'}: not a .docx (zip) file: File is not a zip file"]


# ---------------------------------------------------------------------- figures_scan


def test_norm_lowers_and_folds_whitespace() -> None:
    assert norm("  Más   DE\u00a0 x ") == "más de x"


def test_alt_is_longest_first_and_never_empty() -> None:
    assert alt(["a b", "", "abcd", "a"]) == r"abcd|a\s{1,3}b|a"
    assert alt(["S/."]) == r"S/\."
    assert alt(["b", "abc", "ab"]) == "abc|ab|b"  # by length, not alphabetically
    assert alt([]) == alt([""]) == "(?!)"


def test_lit_and_word() -> None:
    assert _lit("de la") == r"de\s{1,3}la"
    assert _lit("S/.") == r"S/\."
    # a template's piece between two slots keeps the spaces at its ends
    assert _lit(" de ") == r"\s{1,3}de\s{1,3}"
    assert _word(["x y"]) == r"(?<!\w)(?:x\s{1,3}y)(?!\w)"


def test_a_decimal_sign_other_than_point_or_comma_is_refused() -> None:
    with pytest.raises(ValueError) as caught:
        _pattern("en", ";")
    assert str(caught.value) == "decimal sign must be '.' or ',', not ';'"


def test_a_language_without_a_file_names_the_folder() -> None:
    with pytest.raises(KeyError) as caught:
        load_lang("fr-FR")
    assert caught.value.args == (f"no language file for 'fr-FR' in {LANG_DIR}",)


def test_a_language_file_may_leave_out_every_table() -> None:
    assert _parse_lang("xx", b"") == Lang(
        code="xx",
        qualifiers={},
        articles=(),
        count_qualifiers=frozenset(),
        percent=("%",),
        scales={},
        standalone={},
        prefix={},
        suffix={},
        connectors=(),
        months=(),
        months_case_sensitive=False,
        date_patterns=(),
        citations=(),
        flags=(),
        default_decimal=".",
    )


def test_a_language_file_is_read_table_by_table_and_normalized() -> None:
    toml = """
default_decimal = ","
flags = [{ word = "billón" }]
[qualifiers]
nearly = ["Casi", "cerca   DE"]
[figures]
articles = ["el"]
count_qualifiers = ["nearly"]
percent = ["por ciento"]
[scales]
"Mil  Millones" = 1000000000
[standalone]
Docena = "12"
[currency]
prefix = { "US$" = "USD" }
suffix = { "Dólares  " = "USD" }
connectors = ["de"]
[dates]
months = ["enero"]
months_case_sensitive = true
patterns = ["{day} de {month}"]
[citations]
words = ["fuente"]
"""
    assert _parse_lang("xx", toml.encode()) == Lang(
        code="xx",
        qualifiers={"casi": "nearly", "cerca de": "nearly"},
        articles=("el",),
        count_qualifiers=frozenset({"nearly"}),
        percent=("por ciento",),
        scales={"mil millones": 1_000_000_000},
        standalone={"docena": 12},
        prefix={"us$": "USD"},
        suffix={"dólares": "USD"},
        connectors=("de",),
        months=("enero",),
        months_case_sensitive=True,
        date_patterns=("{day} de {month}",),
        citations=("fuente",),
        flags=({"word": "billón"},),
        default_decimal=",",
    )


def values(text: str, lang: str = "en", decimal: str = ".") -> list[tuple[object, ...]]:
    return [
        (f.kind, f.value, f.qualifier, f.text, f.scale, f.currency)
        for f in scan_all(text, lang, decimal).figures
    ]


def test_a_figure_of_more_than_max_digits_is_not_read() -> None:
    assert values("1" * 40 + " y " + "1" * 41 + " y 7") == [
        ("number", D("1" * 40), None, "1" * 40, 1, None),
        ("number", D(7), None, "7", 1, None),
    ]


def test_a_figure_glued_to_a_word_is_not_read() -> None:
    assert values("5 km 5km 5_ 5") == [
        ("number", D(5), None, "5", 1, None),
        ("number", D(5), None, "5", 1, None),
    ]


def test_bare_years_are_four_digits_from_1900_to_2100() -> None:
    found = scan_all("1899 1900 2100 2101 02000 20000", "en", ".")
    assert [f.text for f in found.figures] == ["1899", "2101", "02000", "20000"]
    assert found.years == [
        Figure("year", D(1900), None, "1900", 5, 9, D(1900)),
        Figure("year", D(2100), None, "2100", 10, 14, D(2100)),
    ]


def test_a_count_qualifier_makes_a_year_a_figure() -> None:
    found = scan_all("over 1999, about 1999, nearly 1999", "en", ".")
    assert [(f.text, f.qualifier) for f in found.figures] == [
        ("over 1999", "more_than"),
        ("nearly 1999", "nearly"),
    ]
    assert [(y.text, y.qualifier) for y in found.years] == [("about 1999", "about")]


def test_money_and_figures_with_a_currency_are_never_years() -> None:
    assert values("US$2000 and 2000 dollars") == [
        ("money", D(2000), None, "US$2000", 1, "USD"),
        ("money", D(2000), None, "2000 dollars", 1, "USD"),
    ]


def test_currency_symbols_and_words_in_any_case() -> None:
    assert values("US$5 usd 6 pen 7 s/. 8 5 Dollars 5 US  dollars") == [
        ("money", D(5), None, "US$5", 1, "USD"),
        ("money", D(6), None, "usd 6", 1, "USD"),
        ("money", D(7), None, "pen 7", 1, "PEN"),
        ("money", D(8), None, "s/. 8", 1, "PEN"),
        ("money", D(5), None, "5 Dollars", 1, "USD"),
        ("money", D(5), None, "5 US  dollars", 1, "USD"),
    ]


def test_scale_words_and_standalone_figures_in_any_case() -> None:
    assert values("13 MILLION and 2.5 Thousand") == [
        ("number", D(13000000), None, "13 MILLION", 10**6, None),
        ("number", D(2500), None, "2.5 Thousand", 1000, None),
    ]
    assert values("un millón y Mil Millones", "es") == [
        ("number", D(1000000), None, "un millón", 10**6, None),
        ("number", D(1000000000), None, "Mil Millones", 10**9, None),
    ]


def test_a_decimal_comma_document_reads_comma_as_the_decimal_sign() -> None:
    assert values("2,5 mil y 1.000,5 millones", "es", ",") == [
        ("number", D(2500), None, "2,5 mil", 1000, None),
        ("number", D(1000500000), None, "1.000,5 millones", 10**6, None),
    ]
    assert scan_all("2.5 mil", "es", ",").unreadable == [(0, 3, "2.5")]


def test_clean_gives_one_form_per_value() -> None:
    assert [str(_clean(D(v))) for v in ("13E+6", "0.850", "1.0", "1E+1", "2.50")] == [
        "13000000",
        "0.85",
        "1",
        "10",
        "2.5",
    ]


@pytest.mark.parametrize(
    ("text", "words", "first"),
    [
        ("one two three four five", 5, "one two three four five"),
        ("one two three four five six", 5, "one two three four five…"),
        ("one two three four five", 2, "one two…"),
        ("a\nb  c", 3, "a b c"),
        ("", 5, ""),
    ],
)
def test_preview_is_the_first_words(text: str, words: int, first: str) -> None:
    assert preview(text, words) == first


@pytest.mark.parametrize(
    ("text", "en", "es"),
    [
        ("Source, paras. 8, 9, and 11.", True, False),
        ("Source, paras. 8, 9 and 11.", True, False),
        ("Fuente, párrs. 8, 9 y 11.", False, True),
        ("Fuente, PÁRR.  8", False, True),
        ("para. 8", True, False),
        ("para 8.", False, False),
        ("Fact sheet, paragraph 12.  ", True, False),
        ("x" * 40 + " para. 8.", True, False),
        ("para. 8" + " " * 34, False, False),
        ("para. 8. More text", False, False),
        ("subpara. 8.", False, False),
    ],
)
def test_a_source_line_ends_with_its_paragraph_locator(text: str, en: bool, es: bool) -> None:
    assert (is_citation(text, "en"), is_citation(text, "es")) == (en, es)
