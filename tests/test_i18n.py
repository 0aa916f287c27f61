"""The catalog workflow and its check: each planted defect is caught with its exact line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from shim.language import workflow as i18n

TEMPLATE = """\
{% trans n=fact("families_assisted_2021")|number %}USAID helped {{ n }} families.{% endtrans %}
{% trans %}Sources{% endtrans %}
{% trans count=3, n=3 %}{{ n }} company{% pluralize count %}{{ n }} companies{% endtrans %}
"""

PO = """\
msgid ""
msgstr ""
"Language: es\\n"
"Content-Type: text/plain; charset=utf-8\\n"
"Plural-Forms: nplurals=3; plural=(n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2);\\n"

#: templates/t.j2:1
#, python-format
msgid "USAID helped %(n)s families."
msgstr "USAID ayudó a %(n)s familias."

#: templates/t.j2:2
msgid "Sources"
msgstr "Fuentes"

#: templates/t.j2:3
#, python-format
msgid "%(n)s company"
msgid_plural "%(n)s companies"
msgstr[0] "%(n)s empresa"
msgstr[1] "%(n)s de empresas"
msgstr[2] "%(n)s empresas"
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "t.j2").write_text(TEMPLATE, encoding="utf-8")
    i18n.extract(tmp_path)
    po = tmp_path / "locales" / "es" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text(PO, encoding="utf-8")
    return tmp_path


def po_path(root: Path) -> Path:
    return root / "locales" / "es" / "LC_MESSAGES" / "messages.po"


def plant(root: Path, old: str, new: str) -> None:
    path = po_path(root)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def check(root: Path) -> list[str]:
    return [str(issue) for issue in i18n.check(root)]


def test_a_complete_catalog_passes(root: Path) -> None:
    assert check(root) == []


def test_untranslated(root: Path) -> None:
    plant(root, 'msgstr "Fuentes"', 'msgstr ""')
    assert check(root) == ['locales/es/LC_MESSAGES/messages.po:13: untranslated: "Sources"']


def test_fuzzy(root: Path) -> None:
    plant(root, "#: templates/t.j2:2\n", "#: templates/t.j2:2\n#, fuzzy\n")
    assert check(root) == [
        "locales/es/LC_MESSAGES/messages.po:14: fuzzy (needs review, then remove the flag): "
        '"Sources"'
    ]


def test_misspelled_placeholder(root: Path) -> None:
    plant(root, "ayudó a %(n)s", "ayudó a %(nn)s")
    assert check(root) == [
        "locales/es/LC_MESSAGES/messages.po:9: placeholder %(n)s is missing from the "
        'translation of "USAID helped %(n)s families."',
        "locales/es/LC_MESSAGES/messages.po:9: unknown placeholder %(nn)s in the translation "
        'of "USAID helped %(n)s families."; the message has %(n)s',
    ]


def test_figure_typed_into_a_translation(root: Path) -> None:
    plant(root, "ayudó a %(n)s familias.", "ayudó a %(n)s familias en 2021.")
    assert check(root) == [
        "locales/es/LC_MESSAGES/messages.po:9: the translation types the figure '2021', which "
        'is not in the English message (figures come from facts): "USAID helped %(n)s '
        'families."'
    ]


def test_missing_plural_form(root: Path) -> None:
    plant(root, 'msgstr[2] "%(n)s empresas"\n', "")
    assert check(root) == [
        "locales/es/LC_MESSAGES/messages.po:18: plural form msgstr[2] of 3 is not translated: "
        '"%(n)s company"'
    ]


def test_obsolete(root: Path) -> None:
    path = po_path(root)
    path.write_text(
        path.read_text(encoding="utf-8") + '\n#~ msgid "Old"\n#~ msgstr "Viejo"\n', encoding="utf-8"
    )
    assert check(root) == [
        'locales/es/LC_MESSAGES/messages.po:24: obsolete message "Old"; delete it (#~ lines)'
    ]


def test_out_of_date_with_the_templates(root: Path) -> None:
    template = root / "templates" / "t.j2"
    template.write_text(TEMPLATE + "{% trans %}Thank you.{% endtrans %}\n", encoding="utf-8")
    assert check(root) == [
        "locales/messages.pot: out of date: 1 message missing, 0 no longer used; run "
        "`shim i18n extract`"
    ]


def test_update_adds_new_messages_untranslated_and_keeps_three_plural_forms(root: Path) -> None:
    template = root / "templates" / "t.j2"
    template.write_text(TEMPLATE + "{% trans %}Thank you.{% endtrans %}\n", encoding="utf-8")
    i18n.extract(root)
    i18n.update(root)
    issues = check(root)
    assert len(issues) == 1 and issues[0].endswith('untranslated: "Thank you."')
    assert "nplurals=3" in po_path(root).read_text(encoding="utf-8")


def test_compile_writes_mo(root: Path) -> None:
    assert i18n.compile_catalogs(root) == [po_path(root).with_suffix(".mo")]
    assert po_path(root).with_suffix(".mo").stat().st_size > 100


def test_shipped_catalogs_pass() -> None:
    from .conftest import ROOT

    assert check(ROOT) == []


def test_check_works_without_pyproject(root: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(root, copy)
    assert check(copy) == []


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, "trabajó con %(n)s municipalidad de zonas"),
        (22, "trabajó con %(n)s municipalidades de zonas"),
        (1_000_000, "trabajó con %(n)s de municipalidades de zonas"),
        (2_000_000, "trabajó con %(n)s de municipalidades de zonas"),
        (1_500_000, "trabajó con %(n)s municipalidades de zonas"),
    ],
)
def test_spanish_plurals_follow_cldr_one_many_other(n: int, expected: str) -> None:
    """Spanish has a form for exact millions ("1 millón de familias"), chosen by ngettext."""
    from shim.language.catalogs import Translator, find_catalog

    from .conftest import ROOT

    translator = Translator(find_catalog(ROOT, "es"))
    singular = (
        "Progress also needs strong local government. %(when)s, %(usaid)s worked with %(n)s "
        "municipality in coca-growing areas to improve its management."
    )
    plural = (
        "Progress also needs strong local governments. %(when)s, %(usaid)s worked with %(n)s "
        "municipalities in coca-growing areas to improve their management."
    )
    assert expected in translator.ngettext(singular, plural, n)
    assert translator.problems == []
