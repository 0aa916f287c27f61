"""Every Spanish of CLDR, and a third language by data only (Portuguese, Brazil)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from shim.language.catalogs import Translator, load_catalog
from shim.language.figures import Figures
from shim.language.locales import LANGS


@pytest.mark.parametrize(
    ("code", "number", "decimal", "money", "spoken", "date"),
    [
        (
            "es-CO",
            "77.109",
            "118,5",
            "US$13\u00a0millones",
            "13\u00a0millones de dólares",
            "29 de noviembre de 2022",
        ),
        (
            "es-EC",
            "77.109",
            "118,5",
            "US$13\u00a0millones",
            "13\u00a0millones de dólares",
            "29 de noviembre de 2022",
        ),
        (
            "es-BO",
            "77.109",
            "118,5",
            "US$13\u00a0millones",
            "13\u00a0millones de dólares",
            "29 de noviembre de 2022",
        ),
        (
            "es-AR",
            "77.109",
            "118,5",
            "US$13\u00a0millones",
            "13\u00a0millones de dólares",
            "29 de noviembre de 2022",
        ),
        (
            "pt-BR",
            "77.109",
            "118,5",
            "US$\u00a013\u00a0milhões",
            "13\u00a0milhões de dólares",
            "29 de novembro de 2022",
        ),
    ],
)
def test_any_region_babel_knows(
    code: str, number: str, decimal: str, money: str, spoken: str, date: str
) -> None:
    f = Figures.for_lang(code)
    assert f.number(77109) == number
    assert f.number(118.5) == decimal
    assert f.money(13_000_000) == money
    assert f.money(13_000_000, spoken=True) == spoken
    assert f.date(dt.date(2022, 11, 29)) == date
    assert LANGS[code].word == code


def test_the_local_currency_by_its_short_name() -> None:
    assert Figures.for_lang("es-CO").money(5_000_000, "COP") == "5\u00a0millones de pesos"
    assert Figures.for_lang("es").money(5_000_000, "COP") == "5\u00a0millones de pesos colombianos"
    assert Figures.for_lang("es-BO").money(2_000_000, "BOB") == "2\u00a0millones de bolivianos"
    assert Figures.for_lang("pt-BR").money(2_000_000, "BRL") == "2\u00a0milhões de reais"


def test_portuguese_scale_words_periods_and_plurals() -> None:
    from shim.workspace.facts import Period

    pt = Figures.for_lang("pt-BR")
    assert pt.money(1_000_000, spoken=True) == "1\u00a0milhão de dólares"
    assert pt.money(1_200_000_000, spoken=True) == "1,2\u00a0bilhão de dólares"
    assert pt.money(3_500_000_000, spoken=True) == "3,5\u00a0bilhões de dólares"
    assert pt.percent(0.85) == "85%"
    assert pt.period(Period(text="FY2021")) == "no ano fiscal 2021"
    assert pt.period(Period(text="2011-2021")) == "entre 2011 e 2021"


PT_PO = """\
msgid ""
msgstr ""
"Language: pt_BR\\n"
"Content-Type: text/plain; charset=utf-8\\n"
"Plural-Forms: nplurals=3; plural=(n == 0 || n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2);\\n"

msgid "Key message"
msgstr "Mensagem principal"

msgid "%(n)s family"
msgid_plural "%(n)s families"
msgstr[0] "%(n)s família"
msgstr[1] "%(n)s de famílias"
msgstr[2] "%(n)s famílias"
"""


def test_a_small_portuguese_catalog(tmp_path: Path) -> None:
    po = tmp_path / "messages.po"
    po.write_text(PT_PO, encoding="utf-8")
    messages = load_catalog(po, "locales/pt/LC_MESSAGES/messages.po", "pt-BR")
    t = Translator(messages)
    assert t.gettext("Key message") == "Mensagem principal"
    forms = [t.ngettext("%(n)s family", "%(n)s families", n) for n in (0, 1, 2, 1_000_000)]
    assert forms == ["%(n)s família", "%(n)s família", "%(n)s famílias", "%(n)s de famílias"]
    assert t.gettext("Thank you.") == '<mark kind="untranslated">Thank you.</mark>'
    assert [p.kind for p in t.problems] == ["missing"]  # never silently English
