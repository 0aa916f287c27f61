"""The statement check: periods, present framing, sentences a speaker can read, and the
dated, rounded and protocol forms in the rendered documents."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

import shim
from shim.checks.statements import (
    Sentence,
    check_sentences,
    paragraph_statements,
    template_statements,
)
from shim.errors import Location
from shim.workspace.loader import Workspace

from .conftest import paragraphs

EVENT = dt.date(2026, 12, 3)
HERE = Location("templates/remarks.j2", 7)
NB = "\u00a0"


def findings(ws: Workspace, text: str, lang: str, *facts: str, speech: bool = False) -> list[str]:
    records = tuple(ws.facts.facts[f] for f in facts)
    sentence = Sentence(text, records, False, speech, HERE)
    return [f.message.split(":")[1].strip() for f in check_sentences([sentence], lang, EVENT)]


# -- period: a figure names its period in its sentence (or the one before) ---------------

NO_PERIOD = {
    "en": [
        ("USAID helped 77,109 families move to licit livelihoods.", "families_assisted_2021"),
        ("These families grow cacao on more than 98,907 hectares.", "hectares_2021"),
        (
            "USAID mobilized US$13 million from the private sector.",
            "private_funds_leveraged_fy2021",
        ),
        ("In 2021, USAID mobilized US$13 million.", "private_funds_leveraged_fy2021"),
        ("Cacao and coffee sales reached US$118.5 million in a single year.", "sales_fy2021"),
        (
            "USAID helped 22 municipalities improve their management.",
            "municipalities_assisted_fy2021",
        ),
        (
            "Of beneficiaries, 85 percent say DEVIDA’s work helps.",
            "beneficiaries_positive_devida_2016",
        ),
        ("USAID has brought the Internet to 100 communities.", "communities_connected_to_date"),
        ("Families received more than US$36.5 million in loans.", "loans_2021"),
        ("This investment came from 46 companies.", "companies_fy2021"),
        ("In fiscal year 2020, USAID worked with 46 companies.", "companies_fy2021"),
    ],
    "es": [
        ("USAID ayudó a 77,109 familias.", "families_assisted_2021"),
        ("Estas familias siembran cacao en más de 98,907 hectáreas.", "hectares_2021"),
        ("USAID movilizó US$ 13 millones de inversión privada.", "private_funds_leveraged_fy2021"),
        ("En 2021, USAID movilizó 13 millones de dólares.", "private_funds_leveraged_fy2021"),
        ("Las ventas alcanzaron 118.5 millones de dólares en un solo año.", "sales_fy2021"),
        ("USAID ayudó a 22 municipalidades.", "municipalities_assisted_fy2021"),
        (
            "El 85% de los beneficiarios afirma que Devida ayuda.",
            "beneficiaries_positive_devida_2016",
        ),
        ("USAID ha llevado internet a 100 comunidades.", "communities_connected_to_date"),
        ("Las familias recibieron más de US$ 36.5 millones en préstamos.", "loans_2021"),
        ("Esta inversión provino de 46 empresas.", "companies_fy2021"),
        ("En el año fiscal 2020, USAID trabajó con 46 empresas.", "companies_fy2021"),
    ],
}


@pytest.mark.parametrize(
    ("lang", "text", "fact_id"),
    [(lang, t, f) for lang, cases in NO_PERIOD.items() for t, f in cases],
)
def test_a_figure_without_its_period_is_found(
    ws: Workspace, lang: str, text: str, fact_id: str
) -> None:
    period = ws.facts.facts[fact_id].fact.period.text
    assert findings(ws, text, lang, fact_id) == [f"'{fact_id}' ({period}) without its period"]


@pytest.mark.parametrize(
    ("lang", "text", "fact_id"),
    [
        (
            "en",
            "In fiscal year 2021, USAID mobilized US$13 million.",
            "private_funds_leveraged_fy2021",
        ),
        (
            "es",
            "En el ejercicio fiscal 2021, USAID movilizó 13 millones.",
            "private_funds_leveraged_fy2021",
        ),
        (
            "en",
            "As of 2022, USAID had brought the Internet to 100 communities.",
            "communities_connected_to_date",
        ),
        ("es", "Desde 2013, USAID brinda asistencia directa.", "g2g_assistance_start"),
    ],
)
def test_a_figure_with_its_period_passes(ws: Workspace, lang: str, text: str, fact_id: str) -> None:
    assert findings(ws, text, lang, fact_id) == []


def test_the_period_may_be_in_the_sentence_before(ws: Workspace) -> None:
    record = (ws.facts.facts["hectares_2021"],)
    before = Sentence("In 2021 alone, USAID helped 77,109 families.", (), False, False, HERE)
    after = Sentence("They grew crops on more than 98,907 hectares.", record, False, False, HERE)
    assert list(check_sentences([before, after], "en", EVENT)) == []
    assert len(list(check_sentences([after], "en", EVENT))) == 1


JUDGED_AGAIN = [  # (a sentence, a first case clean, a second case that differs, its finding)
    (
        "Today, as in 2021, 77,109 families grow cacao.",
        {},
        {"event": EVENT},
        "a figure from 2021 framed as current by 'Today' (the event is in 2026)",
    ),
    (
        "USAID helped 77,109 families.",
        {"facts": ()},
        {},
        "'families_assisted_2021' (2021) without its period",
    ),
    (
        "USAID helped 77,109 families.",
        {"facts": ()},
        {"facts": (), "figures": True},
        "a figure without its period",
    ),
    (
        "USAID (the agency) helped in 2021.",
        {},
        {"speech": True},
        "a parenthesis in text read aloud; put the expansion between commas",
    ),
    (
        "77,109 families in 2021.",
        {"headline": True},
        {},
        "an English sentence opens with a numeral; rephrase it",
    ),
    (
        "77,109 familias en 2021.",
        {"lang": "es"},
        {},
        "an English sentence opens with a numeral; rephrase it",
    ),
]


@pytest.mark.parametrize(("text", "first", "second", "finding"), JUDGED_AGAIN)
def test_a_sentence_is_judged_again_when_what_the_rules_read_differs(
    ws: Workspace, text: str, first: dict[str, Any], second: dict[str, Any], finding: str
) -> None:
    """What the rules said of a sentence is kept for the next document with the same one;
    a sentence that differs in anything the rules read is another sentence."""
    record = (ws.facts.facts["families_assisted_2021"],)

    def said(
        facts: tuple[Any, ...] = record,
        figures: bool = False,
        speech: bool = False,
        headline: bool = False,
        lang: str = "en",
        event: dt.date = dt.date(2022, 3, 1),
    ) -> list[str]:
        s = Sentence(text, facts, figures, speech, HERE, headline)
        return [f.message for f in check_sentences([s], lang, event)]

    for _ in range(2):  # the second time from what was kept
        assert said(**first) == []
        assert said(**second) == [f"statement: {finding}: “{text}”"]


# -- present: an old figure is never framed as current --------------------------------

PRESENT = {
    "en": [
        "Today those families grow crops on more than 98,907 hectares in 2021.",
        "In 2021, these families now earn a legal living from 77,109 farms.",
        "In 2021, USAID currently helps 77,109 families.",
        "This year, in 2021, 77,109 families joined.",
        "At present, 77,109 families in 2021 grow cacao.",
        "Nowadays 77,109 families (2021) grow cacao.",
        "In 2021 alone, 77,109 families now grow cacao.",
        "TODAY, in 2021, 77,109 families grow cacao.",
        "These days, as in 2021, 77,109 families grow cacao.",
        "In 2021, USAID helped 77,109 families, and they now grow cacao.",
    ],
    "es": [
        "Hoy esas familias siembran cacao en 2021: 77,109 familias.",
        "En 2021, estas familias actualmente viven de 77,109 fincas.",
        "Ahora, en 2021, 77,109 familias siembran cacao.",
        "En la actualidad, 77,109 familias (2021) siembran cacao.",
        "Este año, en 2021, se sumaron 77,109 familias.",
        "Hoy en día, como en 2021, 77,109 familias siembran cacao.",
        "En 2021, 77,109 familias hoy siembran cacao.",
        "HOY, en 2021, 77,109 familias siembran cacao.",
        "Hoy día, en 2021, 77,109 familias siembran cacao.",
        "En 2021, USAID ayudó a 77,109 familias, que ahora siembran cacao.",
    ],
}


@pytest.mark.parametrize(("lang", "text"), [(k, t) for k, v in PRESENT.items() for t in v])
def test_an_old_figure_framed_as_present_is_found(ws: Workspace, lang: str, text: str) -> None:
    found = findings(ws, text, lang, "families_assisted_2021")
    assert len(found) == 1 and found[0].startswith("a figure from 2021 framed as current by")


def test_a_recent_figure_may_be_framed_as_present(ws: Workspace) -> None:
    event = dt.date(2022, 3, 1)
    record = (ws.facts.facts["families_assisted_2021"],)
    s = Sentence("Today, as in 2021, 77,109 families grow cacao.", record, False, False, HERE)
    assert list(check_sentences([s], "en", event)) == []


# -- reading aloud: no numeral opening an English sentence, no parentheses, no straight quotes --

NUMERAL = [
    "59 percent of them obtained a combined US$12.6 million in 2021.",
    "85 percent of beneficiaries surveyed in 2016 agreed.",
    "100 communities had the Internet as of 2022.",
    "22 municipalities improved their management in 2021.",
    "46 companies invested in 2021.",
    "77,109 families moved to licit livelihoods in 2021.",
    "98,907 hectares were planted in 2021.",
    "13 million dollars came from the private sector in 2021.",
    "“59 percent” of them obtained more in 2021.",
    "2021 was the year 77,109 families moved.",
]


@pytest.mark.parametrize("text", NUMERAL)
def test_an_english_sentence_opening_with_a_numeral_is_found(ws: Workspace, text: str) -> None:
    found = [f for f in findings(ws, text, "en") if "numeral" in f]
    assert found == ["an English sentence opens with a numeral; rephrase it"]


@pytest.mark.parametrize("text", [t.replace("percent", "%") for t in NUMERAL])
def test_a_spanish_sentence_may_open_with_a_numeral(ws: Workspace, text: str) -> None:
    assert [f for f in findings(ws, text, "es") if "numeral" in f] == []


PARENTHESES = {
    "en": [
        "It is an honor to be in Lima (DEVIDA headquarters).",
        "DEVIDA (the national commission) leads.",
        "USAID (the U.S. Agency for International Development) helps.",
        "Sales grew (in 2021).",
        "Families (77,109 in 2021) moved.",
        "The cooperative (in Tocache) opened a center.",
        "We thank the board (and its president).",
        "Peru (and its regions) lead.",
        "Cacao (and coffee) sales grew in 2021.",
        "The program works).",
        "The program (the one in Tocache works.",
    ],
    "es": [
        "Es un honor estar en Lima (sede de Devida).",
        "Liderado por la Comisión Nacional para el Desarrollo y Vida sin Drogas (Devida).",
        "La Agencia de los Estados Unidos para el Desarrollo Internacional (USAID) ayudó.",
        "Las ventas crecieron (en 2021).",
        "Las familias (77,109 en 2021) cambiaron.",
        "La cooperativa (en Tocache) inauguró un centro.",
        "Agradecemos al consejo (y a su presidente).",
        "El Perú (y sus regiones) lidera.",
        "Las ventas de cacao (y café) crecieron en 2021.",
        "El programa funciona).",
    ],
}


@pytest.mark.parametrize(("lang", "text"), [(k, t) for k, v in PARENTHESES.items() for t in v])
def test_a_parenthesis_read_aloud_is_found(ws: Workspace, lang: str, text: str) -> None:
    found = [f for f in findings(ws, text, lang, speech=True) if "parenthesis" in f]
    assert found == ["a parenthesis in text read aloud; put the expansion between commas"]
    assert [f for f in findings(ws, text, lang, speech=False) if "parenthesis" in f] == []


QUOTES = {
    "en": [
        "Peru's effort is led by DEVIDA.",
        "DEVIDA's budget grew.",
        "The cooperative's board welcomed us.",
        'Farmers said "DEVIDA works."',
        "Their community's development matters.",
        "It's an honor.",
        "We don't stop.",
        'The "post-harvest" center opened.',
        "Peru's families' income grew.",
        "USAID's partners helped.",
    ],
    "es": [
        'Los productores dijeron "Devida funciona".',
        "El programa 'Desarrollo Alternativo' funciona.",
        'La cooperativa "Tocache" inauguró un centro.',
        "Llamado 'cacao fino de aroma'.",
        'El "centro de poscosecha" abrió.',
        "La hoja informativa 'Alternative Development' lo dice.",
        'Según la "encuesta", funciona.',
        "El 'modelo peruano' funciona.",
        'Devida "lidera".',
        "D'Onofrio compra cacao.",
    ],
}


@pytest.mark.parametrize(("lang", "text"), [(k, t) for k, v in QUOTES.items() for t in v])
def test_a_straight_quote_is_found(ws: Workspace, lang: str, text: str) -> None:
    found = [f for f in findings(ws, text, lang) if "straight" in f]
    assert found == ["a straight quotation mark or apostrophe; use ’ “ ” (or « »)"]


# -- structural layer -------------------------------------------------------------------


def test_a_template_message_without_its_period_is_found(ws: Workspace, tmp_path: Path) -> None:
    (tmp_path / "t.j2").write_text(
        '{% set sales = fact("sales_fy2021") %}\n'
        "{% if true %}\n"
        "<p>{% trans amount=sales|money %}Sales reached {{ amount }}.{% endtrans %}</p>\n"
        "{% endif %}\n"
        "<p>{% trans amount=sales|money, when=sales|when %}In {{ when }}: {{ amount }}."
        "{% endtrans %}</p>\n"
        "<p>{% trans amount=sales|said %}Again {{ amount }}.{% endtrans %}</p>\n",
        encoding="utf-8",
    )
    found = template_statements(tmp_path, ws.facts)
    assert [str(f) for f in found] == [
        f"{tmp_path.name}/t.j2:3: statement: this message shows 'sales_fy2021' (FY2021) "
        "without its period; add a placeholder such as {{ x|when }} here or in the message "
        "before it"
    ]


def test_the_shipped_templates_pass_the_structural_layer(ws: Workspace) -> None:
    assert template_statements(ws.templates, ws.facts) == []


def test_a_brief_paragraph_without_its_period_is_found(ws: Workspace) -> None:
    where = Location("briefs/x.yaml", 12)
    texts = [
        ("USAID worked with {companies_fy2021|said} companies.", where),
        ("{loans_2021|when}, families received {loans_2021|money}.", where),
    ]
    assert [str(f) for f in paragraph_statements(texts, ws.facts)] == [
        "briefs/x.yaml:12: statement: this paragraph shows 'companies_fy2021' (FY2021) "
        "without its period; add {companies_fy2021|when} here or in the paragraph before it"
    ]


def test_final_refuses_a_statement_that_is_not_true_today(workspace_copy: Path) -> None:
    template = workspace_copy / "templates" / "speech-insert.j2"
    text = template.read_text(encoding="utf-8")
    template.write_text(text.replace("{{ when }}, cacao", "today, cacao"), encoding="utf-8")
    ws = shim.load_workspace(workspace_copy)
    report = shim.render(ws, langs=["en"], docs=["speech-insert"], final=True)
    assert len(report.failures) == 1
    assert report.failures[0].message.splitlines() == [
        "templates/speech-insert.j2:11: statement: this message shows 'sales_fy2021' (FY2021) "
        "without its period; add a placeholder such as {{ x|when }} here or in the message "
        "before it",
        "templates/speech-insert.j2:11: statement: 'sales_fy2021' (FY2021) without its period: "
        "“These are not only figures: today, cacao and coffee sales reached $…”",
        "templates/speech-insert.j2:11: statement: a figure from 2021 framed as current by "
        "'today' (the event is in 2026): “These are not only figures: today, cacao and coffee "
        "sales reached $…”",
        "3 statements cannot go into a final document (render without --final for a draft)",
    ]


# -- the dated, rounded and protocol forms, exactly ------------------------------------


@pytest.fixture(scope="module")
def remarks(tmp_path_factory: pytest.TempPathFactory, ws: Workspace) -> dict[str, list[str]]:
    out = tmp_path_factory.mktemp("remarks")
    results = (
        shim.render(ws, langs=["en", "es", "es-ES"], docs=["remarks"], out=out, final=True)
        .raise_for_failures()
        .results
    )
    return {r.lang: paragraphs(r.path) for r in results}


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        (
            "en",
            "Ms. Rosa Paredes, Provincial Mayor of Tocache; Mr. Luis Campos, President of the "
            "cooperative’s board; ladies and gentlemen:",
        ),
        (
            "es",
            "Señora alcaldesa provincial de Tocache; señor presidente del consejo directivo de "
            "la cooperativa; señoras y señores:",
        ),
        (
            "es-ES",
            "Señora alcaldesa provincial de Tocache; señor presidente del consejo directivo de "
            "la cooperativa; señoras y señores:",
        ),
        (
            "en",
            f"Alternative development works. In 2021 alone, USAID helped more than 77,000{NB}"
            "families leave illegal coca behind and move to licit livelihoods.",
        ),
        (
            "es",
            f"El desarrollo alternativo funciona. Solo en 2021, USAID ayudó a más de 77{NB}mil "
            "familias a dejar atrás los cultivos ilegales de hoja de coca y optar por medios de "
            "vida lícitos.",
        ),
        (
            "es-ES",
            f"El desarrollo alternativo funciona. Solo en 2021, USAID ayudó a más de 77{NB}000{NB}"
            "familias a dejar atrás los cultivos ilegales de hoja de coca y optar por medios de "
            "vida lícitos.",
        ),
        (
            "en",
            "This center will help the cooperative’s families reach buyers who pay for quality. "
            f"In fiscal year 2021, USAID worked with 46{NB}companies investing in cacao, coffee "
            "and technology to open those markets.",
        ),
        (
            "es",
            "Este centro ayudará a las familias de la cooperativa a llegar a compradores que "
            "pagan por la calidad. En el año fiscal 2021 de los Estados Unidos, de octubre de "
            "2020 a setiembre de 2021, la Agencia de los Estados Unidos para el Desarrollo "
            f"Internacional, USAID, trabajó con 46{NB}empresas que invierten en cacao, café y "
            "tecnología para abrir esos mercados.",
        ),
        (
            "es-ES",
            "Este centro ayudará a las familias de la cooperativa a llegar a compradores que "
            "pagan por la calidad. En el ejercicio fiscal 2021 de los Estados Unidos, de octubre "
            "de 2020 a septiembre de 2021, la Agencia de los Estados Unidos para el Desarrollo "
            f"Internacional, USAID, trabajó con 46{NB}empresas que invierten en cacao, café y "
            "tecnología para abrir esos mercados.",
        ),
        (
            "en",
            f"Markets make this change last. In fiscal year 2021, USAID mobilized $13{NB}million "
            "from the private sector, so that farmers could reach buyers who pay for quality.",
        ),
        (
            "es",
            "Los mercados hacen que este cambio perdure. En el año fiscal 2021, USAID movilizó "
            f"13{NB}millones de dólares de inversión privada para que los productores pudieran "
            "llegar a compradores que pagan por la calidad.",
        ),
        (
            "en",
            "Above all, this is Peru’s effort, led by the National Commission for Development "
            f"and Life Without Drugs, DEVIDA. Its budget grew from $15{NB}million in 2011 to "
            f"$35.5{NB}million in 2021, and the United States is proud to support it.",
        ),
        (
            "es",
            "Ante todo, este es un esfuerzo del Perú, liderado por la Comisión Nacional para el "
            f"Desarrollo y Vida sin Drogas, Devida. Su presupuesto pasó de 15{NB}millones de "
            f"dólares en 2011 a 35.5{NB}millones de dólares en 2021, y para Estados Unidos es un "
            "orgullo respaldarlo.",
        ),
        (
            "en",
            "And the families it serves agreed: in a survey in 2016, 85\u00a0percent of "
            "beneficiaries in post-eradication communities said that DEVIDA’s work would "
            "contribute to their community’s development.",
        ),
    ],
)
def test_dated_rounded_and_protocol_forms(
    remarks: dict[str, list[str]], lang: str, sentence: str
) -> None:
    assert sentence in remarks[lang]
