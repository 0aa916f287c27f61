"""The figure scanner and comparer: English and Spanish figures, flags, linear shape."""

from __future__ import annotations

import re._constants as C
import re._parser as P
from decimal import Decimal as D

import pytest

from shim.checks.figures_compare import compare_paragraphs, mistranslations
from shim.checks.figures_scan import (
    Figure,
    _pattern,
    load_lang,
    preview,
    scan,
    scan_all,
)

NBSP, NNBSP = "\u00a0", "\u202f"


def vals(text: str, lang: str, decimal: str) -> list[tuple[str, D, str | None, str]]:
    return [(f.kind, f.value, f.qualifier, f.text) for f in scan(text, lang, decimal)]


# ------------------------------------------------------------------------------ English


def test_english_numbers_money_percent() -> None:
    text = (
        "USAID helped 77,109 families earn US$13 million, $1.2 billion in loans, "
        "85 percent of them, 85% and 118.5 hectares; 7,316 jobs and 1 234 567 plants."
    )
    assert vals(text, "en", ".") == [
        ("number", D("77109"), None, "77,109"),
        ("money", D("13000000"), None, "US$13 million"),
        ("money", D("1200000000"), None, "$1.2 billion"),
        ("percent", D("0.85"), None, "85 percent"),
        ("percent", D("0.85"), None, "85%"),
        ("number", D("118.5"), None, "118.5"),
        ("number", D("7316"), None, "7,316"),
        ("number", D("1234567"), None, "1 234 567"),
    ]


def test_english_qualifiers() -> None:
    text = (
        "More than 98,907 families, over 5,000 farmers, nearly 85 percent, almost 40%, "
        "up to US$13 million, about 1,200 hectares and around 300 cooperatives."
    )
    assert [(f.value, f.qualifier) for f in scan(text, "en", ".")] == [
        (D("98907"), "more_than"),
        (D("5000"), "more_than"),
        (D("0.85"), "nearly"),
        (D("0.4"), "nearly"),
        (D("13000000"), "up_to"),
        (D("1200"), "about"),
        (D("300"), "about"),
    ]
    [f] = scan("More than 98,907 families", "en", ".")
    assert (f.text, f.start, f.end, f.number, f.scale) == ("More than 98,907", 0, 16, D("98907"), 1)


def test_figure_fields_and_offsets() -> None:
    text = "In 2021 alone, USAID helped more than US$13 million flow."
    [f] = scan(text, "en", ".")
    assert f == Figure(
        "money",
        D("13000000"),
        "more_than",
        "more than US$13 million",
        28,
        51,
        D("13"),
        10**6,
        "USD",
    )
    assert text[f.start : f.end] == f.text


# ------------------------------------------------------------------------------ Spanish


def test_spanish_peru_style() -> None:
    text = (
        "Más de 77,109 familias recibieron US$ 13 millones, es decir 13 millones de dólares; "
        "el 85% y el 85 % de ellas; S/ 35.5 millones; 7316 hogares; 118.5 hectáreas; "
        f"77{NBSP}109 productores y 59{NBSP}% de mujeres."
    )
    assert vals(text, "es", ".") == [
        ("number", D("77109"), "more_than", "Más de 77,109"),
        ("money", D("13000000"), None, "US$ 13 millones"),
        ("money", D("13000000"), None, "13 millones de dólares"),
        ("percent", D("0.85"), None, "85%"),
        ("percent", D("0.85"), None, "85 %"),
        ("money", D("35500000"), None, "S/ 35.5 millones"),
        ("number", D("7316"), None, "7316"),
        ("number", D("118.5"), None, "118.5"),
        ("number", D("77109"), None, f"77{NBSP}109"),
        ("percent", D("0.59"), None, f"59{NBSP}%"),
    ]
    f = scan("13 millones de dólares", "es", ".")[0]
    assert (f.number, f.scale, f.currency) == (D("13"), 10**6, "USD")
    assert scan("S/ 180 millones", "es", ".")[0].currency == "PEN"


def test_spanish_spain_style() -> None:
    text = (
        f"77 109 familias, 77{NNBSP}109 socios, 118,5 millones de dólares, 7109 hogares, "
        "1.234.567 plantas, 0,5 % y 85 por ciento."
    )
    assert vals(text, "es-ES", ",") == [
        ("number", D("77109"), None, "77 109"),
        ("number", D("77109"), None, f"77{NNBSP}109"),
        ("money", D("118500000"), None, "118,5 millones de dólares"),
        ("number", D("7109"), None, "7109"),
        ("number", D("1234567"), None, "1.234.567"),
        ("percent", D("0.005"), None, "0,5 %"),
        ("percent", D("0.85"), None, "85 por ciento"),
    ]


def test_spanish_scales_and_words() -> None:
    assert vals("mil millones de dólares y 1,200 millones de dólares", "es", ".") == [
        ("money", D("1000000000"), None, "mil millones de dólares"),
        ("money", D("1200000000"), None, "1,200 millones de dólares"),
    ]
    assert vals("50 mil familias, 24 mil millones y un millón de dólares", "es", ".") == [
        ("number", D("50000"), None, "50 mil"),
        ("number", D("24000000000"), None, "24 mil millones"),
        ("money", D("1000000"), None, "un millón de dólares"),
    ]


def test_spanish_qualifiers() -> None:
    text = (
        "más de 98,907 familias, casi el 40 %, cerca de 12 mil hectáreas, hasta US$ 5 millones, "
        "alrededor de 300 cooperativas, aproximadamente 1200 hectáreas y más del 50 %."
    )
    assert [(f.value, f.qualifier) for f in scan(text, "es", ".")] == [
        (D("98907"), "more_than"),
        (D("0.4"), "nearly"),
        (D("12000"), "nearly"),
        (D("5000000"), "up_to"),
        (D("300"), "about"),
        (D("1200"), "about"),
        (D("0.5"), "more_than"),
    ]


def test_billones_is_ten_to_the_twelfth() -> None:
    [f] = scan("24.7 billones de dólares", "es", ".")
    assert (f.kind, f.value, f.number, f.scale) == ("money", D("24700000000000"), D("24.7"), 10**12)


# -------------------------------------------------------------------- not figures


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("In 2021, in November 2022, on November 29, 2022, by 3 December 2026.", "en"),
        ("In fiscal year 2021 and FY2021, between 2011 and 2021, 2011–2021.", "en"),
        ("USAID/Peru fact sheet, November 2022, para. 8.", "en"),
        ("COVID-19, A380, 10km, 2nd, 2020/21.", "en"),
        ("El 3 de diciembre de 2026, el 30 de junio del 2020, en noviembre de 2022.", "es"),
        ("En setiembre 2018, desde enero de 2025, en el año fiscal 2021.", "es"),
        ("hasta el 29 de noviembre de 2022, a las 5:06 p. m.", "es"),
        ("USAID/Perú, hoja informativa, noviembre de 2022, párr. 8.", "es"),
    ],
)
def test_dates_years_and_citations_are_not_figures(text: str, lang: str) -> None:
    assert scan(text, lang, ".") == []


def test_english_months_are_case_sensitive() -> None:
    assert vals("Prices 5 may rise", "en", ".") == [("number", D("5"), None, "5")]


def test_a_year_with_a_count_qualifier_is_a_count() -> None:
    assert vals("más de 2000 familias, hasta 2021", "es-ES", ",") == [
        ("number", D("2000"), "more_than", "más de 2000"),
    ]
    assert [y.text for y in scan_all("hasta 2021", "es", ".").years] == ["hasta 2021"]


def test_unreadable_runs_are_not_figures() -> None:
    s = scan_all("1,1,1,1 y 1.2.3 y 27.05.2022 y 1234,567", "es", ".")
    assert s.figures == []
    assert [t for _, _, t in s.unreadable] == ["1,1,1,1", "1.2.3", "27.05.2022", "1234,567"]
    # "1.5" in a decimal-comma document is neither a decimal nor a grouped number
    assert [t for _, _, t in scan_all("1.5 ha", "es-ES", ",").unreadable] == ["1.5"]


def test_plain_space_groups_only_three_digit_groups() -> None:
    assert [f.value for f in scan("En 2021 110 familias; 5 10 15", "es", ".")] == [
        D("110"),
        D("5"),
        D("10"),
        D("15"),
    ]


# ---------------------------------------------------------------------------- compare

EN = [
    "Alternative development in Peru",
    "In 2021 alone, USAID helped more than 98,907 families earn US$13 million from licit crops.",
    "Coca fell 85 percent in the area; the program invested US$1.2 billion.",
    "Exports reached US$24.7 billion.",
    "USAID/Peru fact sheet, November 2022, para. 8.",
]
ES = [
    "Desarrollo alternativo en el Perú",
    "Solo en 2021, USAID ayudó a 98,907 familias a ganar 13 millones de dólares con cultivos.",
    "La coca cayó 85 % en la zona; el programa invirtió 1,200 millones de dólares.",
    "Las exportaciones llegaron a 24.7 billones de dólares.",
    "USAID/Perú, hoja informativa, noviembre de 2022, párr. 8.",
]


def test_compare_names_paragraphs_and_what_differs() -> None:
    found = compare_paragraphs(EN, "en", ".", ES, "es", ".")
    assert [(f.what, f.a.paragraph, f.b.paragraph) for f in found] == [
        ("qualifier", 2, 2),
        ("scale", 4, 4),
    ]
    assert str(found[0]) == (
        "A ¶2 “In 2021 alone, USAID helped…” / B ¶2 “Solo en 2021, USAID ayudó…”: "
        "qualifier dropped: “more than 98,907” (more_than) vs “98,907”"
    )
    assert str(found[1]) == (
        "A ¶4 “Exports reached US$24.7 billion.” / B ¶4 “Las exportaciones llegaron a 24.7…”: "
        "scale differs: “US$24.7 billion” is 24,700,000,000 but “24.7 billones de dólares” "
        "is 24,700,000,000,000 (1,000 times as much)"
    )


def test_compare_edited_value_and_spanish_spain() -> None:
    es_es = [
        "Desarrollo alternativo en el Perú",
        "Solo en 2021, USAID ayudó a más de 98 907 familias a ganar 13 millones de dólares.",
        "La coca cayó un 86 % en la zona; el programa invirtió 1200 millones de dólares.",
        "Las exportaciones llegaron a 24 700 millones de dólares.",
        "USAID/Perú, hoja informativa, noviembre de 2022, párr. 8.",
    ]
    found = compare_paragraphs(EN, "en", ".", es_es, "es-ES", ",", b_name="es.docx")
    assert [str(f) for f in found] == [
        "A ¶3 “Coca fell 85 percent in…” / es.docx ¶3 “La coca cayó un 86…”: "
        "value differs: “85 percent” (85%) vs “86 %” (86%)"
    ]


def test_compare_aligns_over_a_missing_paragraph() -> None:
    es = ES[:2] + ES[3:]  # the Spanish lost paragraph 3
    found = compare_paragraphs(EN, "en", ".", es, "es", ".")
    assert [(f.what, f.a and f.a.paragraph, f.b and f.b.paragraph) for f in found] == [
        ("qualifier", 2, 2),
        ("missing", 3, None),
        ("scale", 4, 3),
    ]
    assert str(found[1]) == (
        "A ¶3 “Coca fell 85 percent in…”: paragraph has no counterpart in B "
        "(figures “85 percent”, “US$1.2 billion”)"
    )


def test_compare_extra_paragraph_and_missing_figure() -> None:
    es = [ES[0], "Un párrafo nuevo con 42 cooperativas.", *ES[1:]]
    es[3] = "La coca cayó 85 % en la zona; el programa invirtió mucho."
    found = compare_paragraphs(EN, "en", ".", es, "es", ".")
    assert [str(f) for f in found] == [
        "B ¶2 “Un párrafo nuevo con 42…”: paragraph has no counterpart in A (figures “42”)",
        "A ¶2 “In 2021 alone, USAID helped…” / B ¶3 “Solo en 2021, USAID ayudó…”: "
        "qualifier dropped: “more than 98,907” (more_than) vs “98,907”",
        "A ¶3 “Coca fell 85 percent in…” / B ¶4 “La coca cayó 85 %…”: "
        "“US$1.2 billion” (1200000000) is missing in B",
        "A ¶4 “Exports reached US$24.7 billion.” / B ¶5 “Las exportaciones llegaron a 24.7…”: "
        "scale differs: “US$24.7 billion” is 24,700,000,000 but “24.7 billones de dólares” "
        "is 24,700,000,000,000 (1,000 times as much)",
    ]


def test_compare_currency_dropped_and_qualifier_changed() -> None:
    found = compare_paragraphs(
        ["Nearly 500 families got US$13 million."],
        "en",
        ".",
        ["Más de 500 familias recibieron 13 millones."],
        "es",
        ".",
    )
    assert [f.what for f in found] == ["qualifier", "currency"]
    assert "qualifier differs: “Nearly 500” (nearly) vs “Más de 500” (more_than)" in str(found[0])
    assert "currency differs: “US$13 million” (USD) vs “13 millones” (none)" in str(found[1])


def test_a_count_written_as_a_bare_four_digit_number_still_matches() -> None:
    found = compare_paragraphs(
        ["We reached 2,000 families."], "en", ".", ["Llegamos a 2000 familias."], "es-ES", ","
    )
    assert found == []


def test_preview() -> None:
    assert preview("In 2021 alone, USAID helped more than 98,907 families") == (
        "In 2021 alone, USAID helped…"
    )
    assert preview("Short one.") == "Short one."


# ---------------------------------------------------------------------- mistranslations


def test_mistranslations_billones() -> None:
    paras = [
        "Título",
        "Las exportaciones llegaron a 24.7 billones de dólares y 1.2 billones más.",
        "Un billón de soles y S/. 35.",
    ]
    assert [str(f) for f in mistranslations(paras, "es")] == [
        "¶2 “Las exportaciones llegaron a 24.7…”: “24.7 billones” reads as 10^12 in Spanish; "
        "write “24 700 millones” or “mil millones”",
        "¶2 “Las exportaciones llegaron a 24.7…”: “1.2 billones” reads as 10^12 in Spanish; "
        "write “1200 millones” or “mil millones”",
        "¶3 “Un billón de soles y…”: “billón” reads as 10^12 in Spanish; "
        "for 10^9 write “mil millones”",
        "¶3 “Un billón de soles y…”: “S/.” is the old sol symbol (obsolete since 2015); write “S/”",
    ]
    assert mistranslations(["US$24.7 billion"], "en") == []


# ------------------------------------------------------------------------ data, shape


def test_languages_are_data() -> None:
    es = load_lang("es-PE")  # falls back to es.toml
    assert es.qualifiers["más de"] == "more_than"
    assert es.scales["mil millones"] == 10**9
    assert load_lang("en").qualifiers["over"] == "more_than"
    with pytest.raises(KeyError):
        load_lang("fr")


def _unbounded_repeats(items, out):
    for op, av in items:
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            out.append((op, av[1] == C.MAXREPEAT))
            _unbounded_repeats(av[2], out)
        elif op == C.SUBPATTERN:
            _unbounded_repeats(av[-1], out)
        elif op == C.BRANCH:
            for b in av[1]:
                _unbounded_repeats(b, out)
        elif op in (C.ASSERT, C.ASSERT_NOT):
            _unbounded_repeats(av[1], out)
        elif op == C.ATOMIC_GROUP:
            _unbounded_repeats(av, out)
    return out


@pytest.mark.parametrize(("lang", "decimal"), [("en", "."), ("es", "."), ("es-ES", ",")])
def test_pattern_cannot_backtrack_into_an_unbounded_repeat(lang: str, decimal: str) -> None:
    """Linear time by construction: every unbounded repeat is possessive (bench/ times it)."""
    repeats = _unbounded_repeats(P.parse(_pattern(lang, decimal).pattern, 0), [])
    assert repeats and all(op == C.POSSESSIVE_REPEAT for op, unbounded in repeats if unbounded)


def test_adversarial_inputs_give_sane_results() -> None:
    size = 64 * 1024
    assert scan("111 " * (size // 4), "es", ".") == []  # one 65 536-digit "number": not read
    s = scan_all("1," * (size // 2), "en", ".")
    assert (s.figures, len(s.unreadable)) == ([], 1)
    s = scan_all("1." * (size // 2), "es-ES", ",")
    assert (s.figures, len(s.unreadable)) == ([], 1)
    assert len(scan("more than 5 " * 1000, "en", ".")) == 1000
