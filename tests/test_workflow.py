"""The catalog workflow forgives order: update extracts first, a restored message gets its
translation back, English never needs a catalog, regional catalogs hold differences only.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import shim
from shim.errors import TranslationError
from shim.language import workflow as i18n
from shim.language.catalogs import find_catalog
from tests.conftest import paragraphs
from tests.test_i18n import check, po_path, root  # noqa: F401  (the fixture)

TEMPLATE = "templates/t.j2"


def test_update_extracts_first_when_the_templates_changed(root: Path) -> None:  # noqa: F811
    template = root / TEMPLATE
    template.write_text(
        template.read_text(encoding="utf-8") + "{% trans %}Thank you.{% endtrans %}\n",
        encoding="utf-8",
    )
    i18n.update(root)  # no `shim i18n extract` before it
    assert check(root) == [f'{po_path(root).relative_to(root)}:35: untranslated: "Thank you."']


def test_a_restored_message_gets_its_translation_back(root: Path) -> None:  # noqa: F811
    template = root / TEMPLATE
    original = template.read_text(encoding="utf-8")
    template.write_text(original.replace("{% trans %}Sources", "{% trans %}Our sources"), "utf-8")
    i18n.update(root)
    changed = po_path(root).read_text(encoding="utf-8")
    assert '#, fuzzy\n#| msgid "Sources"\nmsgid "Our sources"\nmsgstr "Fuentes"' in changed
    template.write_text(original, encoding="utf-8")
    i18n.update(root)
    text = po_path(root).read_text(encoding="utf-8")
    assert '\nmsgid "Sources"\nmsgstr "Fuentes"\n' in text and "fuzzy" not in text
    assert check(root) == []


def test_english_renders_before_the_catalog_is_updated(workspace_copy: Path) -> None:
    talking = workspace_copy / "templates" / "talking-points.j2"
    text = talking.read_text(encoding="utf-8")
    talking.write_text(
        text.replace("{% block body %}", "{% block body %}\n<p>{% trans %}New.{% endtrans %}</p>"),
        encoding="utf-8",
    )
    ws = shim.load_workspace(workspace_copy)
    out = workspace_copy / "out"
    report = shim.render(ws, langs=["en"], docs=["talking-points"], out=out)
    assert [r.path.name for r in report.results] == [
        "san-martin-cacao-visit.talking-points.en.docx"
    ]
    assert paragraphs(report.results[0].path)[1] == "New."
    both = shim.render(ws, langs=["en", "es"], docs=["remarks", "talking-points"], out=out / "2")
    assert [(r.doc, r.lang) for r in both.results] == [("remarks", "en"), ("remarks", "es")]
    assert [f.doc for f in both.failures] == ["talking-points"]  # all its languages or none
    assert 'message not in the catalog (run `shim i18n update`): "New."' in both.failures[0].message


def test_a_regional_catalog_holds_only_its_differences(workspace_copy: Path) -> None:
    co = workspace_copy / "locales" / "es_CO" / "LC_MESSAGES" / "messages.po"
    co.parent.mkdir(parents=True)
    co.write_text(
        'msgid ""\nmsgstr ""\n"Language: es_CO\\n"\n"Content-Type: text/plain; charset=utf-8\\n"\n'
        '"Plural-Forms: nplurals=3; plural=(n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2);\\n"'
        '\n\n#: templates/talking-points.j2:6\nmsgid "Key message"\nmsgstr "Mensaje clave"\n',
        encoding="utf-8",
    )
    i18n.update(workspace_copy)
    assert i18n.check(workspace_copy) == []
    assert co.read_text(encoding="utf-8").count("msgid ") == 2  # the header and its one message
    messages = find_catalog(workspace_copy, "es", ("es_CO", "es"))
    assert messages.entries["Key message"].strings == ("Mensaje clave",)
    assert messages.entries["Licit livelihoods"].strings == ("Medios de vida lícitos",)
    ws = shim.load_workspace(workspace_copy)
    (doc,) = shim.render(
        ws, langs=["es-CO"], docs=["talking-points"], out=workspace_copy / "o"
    ).results
    assert "Mensaje clave" in paragraphs(doc.path)
    (pe,) = shim.render(ws, langs=["es"], docs=["talking-points"], out=workspace_copy / "p").results
    assert "Mensaje principal" in paragraphs(pe.path)


def test_no_catalog_is_never_english(workspace_copy: Path) -> None:
    with pytest.raises(TranslationError, match="no catalog for 'pt'"):
        find_catalog(workspace_copy, "pt", ("pt_BR", "pt"))
