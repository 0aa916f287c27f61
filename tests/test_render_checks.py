"""Render checks every message it uses: typed figures, lost placeholders, widths."""

from __future__ import annotations

from pathlib import Path

import pytest

import shim
from shim.errors import ShimError
from shim.language.catalogs import Entry, Messages, Translator

from .conftest import ROOT


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_figure_typed_into_an_english_message_is_refused_at_render(
    workspace_copy: Path,
) -> None:
    _replace(
        workspace_copy / "templates" / "speech-insert.j2",
        "cacao and coffee sales reached {{ amount }}, income",
        "cacao and coffee sales reached US$118.5 million, income",
    )
    ws = shim.load_workspace(workspace_copy)
    report = shim.render(ws, langs=["en"], docs=["speech-insert"], out=workspace_copy / "o")
    assert [f.message for f in report.failures] == [
        "1 message used by templates/speech-insert.j2 in 'en' would put a figure that no "
        "fact gives, or lose one:\n  templates/speech-insert.j2:11: the message types the "
        "figure '118.5' (figures come from facts; a name with digits goes in [documents] "
        'names_with_digits): "These are not only figures: %(when)s, cacao and..."'
    ]
    with pytest.raises(ShimError):
        report.raise_for_failures()


def _catalog(strings: tuple[str, ...]) -> Messages:
    entry = Entry(strings, fuzzy=False, line=7)
    return Messages("es", "es.po", {"%(n)s city": entry}, lambda n: 0 if n == 1 else 2, 3)


def test_a_plural_form_may_say_its_number_as_a_word() -> None:
    t = Translator(_catalog(("una ciudad", "%(n)s de ciudades", "%(n)s ciudades")))
    assert t.ngettext("%(n)s city", "%(n)s cities", 1) == "una ciudad"
    assert t.refused == []


def test_the_last_plural_form_must_keep_its_placeholder_and_names_are_allowed() -> None:
    t = Translator(
        _catalog(("una ciudad", "%(n)s de ciudades", "ciudades COVID-19")),
        allowed=("COVID-19",),
    )
    assert t.ngettext("%(n)s city", "%(n)s cities", 5) == "%(n)s cities"
    assert t.refused == ['es.po:7: placeholder %(n)s is missing from the translation: "%(n)s city"']


def test_a_template_line_is_jinjas_own() -> None:
    """Messages name the template line Jinja itself would: every code line of a compiled
    template maps as ``Template.get_corresponding_lineno`` maps it."""
    from shim.rendering.environment import environment
    from shim.rendering.lines import _template_line

    template = environment(ROOT / "templates").get_template("talking-points.j2")
    last = max(code for _, code in template.debug_info)
    lines = [_template_line(template, n) for n in range(last + 3)]
    assert lines == [template.get_corresponding_lineno(n) for n in range(last + 3)]
    assert len(set(lines)) > 20
