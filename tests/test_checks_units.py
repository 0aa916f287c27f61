"""The fact checks, one rule at a time, on a copy of the fact base with one thing wrong."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from shim.checks.facts import check, source_forms, template_uses, words_to_number
from shim.checks.parity import read_docx
from shim.errors import OutputError, TemplateError
from shim.workspace.factload import load_facts
from shim.workspace.facts import Fact
from shim.workspace.schema import build

from .conftest import edit


def _findings(ws: Path, today: dt.date = dt.date(2023, 1, 1), age: int = 4) -> list[str]:
    return [str(f) for f in check(load_facts(ws), ws / "templates", today, max_age_years=age)]


def test_the_shipped_fact_base_is_clean_when_young(workspace_copy: Path) -> None:
    assert _findings(workspace_copy, dt.date(2023, 1, 1), 10) == []


def test_a_supersession_cycle_is_named_once(workspace_copy: Path) -> None:
    edit(
        workspace_copy / "facts/ad-2022.yaml",
        "  - id: families_assisted_2021\n",
        "  - id: families_assisted_2021\n    superseded_by: families_assisted_2015\n",
    )
    cycles = [f for f in _findings(workspace_copy, age=10) if "cycle" in f]
    assert cycles == [
        "facts/ad-2016.yaml:17: supersession cycle: families_assisted_2015 -> "
        "families_assisted_2021 -> families_assisted_2015"
    ]


def test_superseded_by_an_unknown_fact(workspace_copy: Path) -> None:
    edit(
        workspace_copy / "facts/ad-2016.yaml",
        "superseded_by: families_assisted_2021",
        "superseded_by: families_asisted_2021",
    )
    assert _findings(workspace_copy, age=10) == [
        "facts/ad-2016.yaml:17: fact 'families_assisted_2015': superseded_by names unknown "
        "fact 'families_asisted_2021'; did you mean 'families_assisted_2021'?"
    ]


def test_superseded_by_itself(workspace_copy: Path) -> None:
    edit(
        workspace_copy / "facts/ad-2016.yaml",
        "superseded_by: families_assisted_2021",
        "superseded_by: families_assisted_2015",
    )
    assert _findings(workspace_copy, age=10) == [
        "facts/ad-2016.yaml:17: fact 'families_assisted_2015' cannot be superseded by itself"
    ]


def test_templates_using_unknown_and_retired_facts(workspace_copy: Path) -> None:
    edit(workspace_copy / "facts/ad-2016.yaml", "status: cleared", "status: retired")
    edit(
        workspace_copy / "templates/remarks.j2",
        "{% block body %}",
        '{% block body %}{{ fact("families_assisted_2015") }}{{ fact("hectares_202") }}',
    )
    assert _findings(workspace_copy, age=10) == [
        "templates/remarks.j2:7: template uses retired fact 'families_assisted_2015'",
        "templates/remarks.j2:7: template uses unknown fact 'hectares_202'; "
        "did you mean 'hectares_2021'?",
    ]


def test_stale_facts_are_one_warning_naming_the_oldest(workspace_copy: Path) -> None:
    found = _findings(workspace_copy, dt.date(2027, 6, 1), 4)
    assert found == [
        "facts: warning: 30 current facts were stated more than 4 years ago, the oldest "
        "'regions_assisted_2015' (11 years); see `shim facts list --stale`"
    ]
    assert _findings(workspace_copy, dt.date(2027, 6, 1), 11) == []


def test_template_uses_lists_every_call_with_its_line(workspace_copy: Path) -> None:
    (workspace_copy / "templates/extra.j2").write_text(
        '{{ fact("a") }}\n{{ fact(x) }}\n{{ other("b") }}\n{{ fact("a")|number }}\n',
        encoding="utf-8",
    )
    uses = template_uses(workspace_copy / "templates")
    assert uses["a"] == [
        (str(workspace_copy / "templates/extra.j2"), 1),
        (str(workspace_copy / "templates/extra.j2"), 4),
    ]
    assert "b" not in uses


def test_template_uses_refuses_a_broken_template(workspace_copy: Path) -> None:
    (workspace_copy / "templates/extra.j2").write_text("{% if %}\n", encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        template_uses(workspace_copy / "templates")
    assert str(caught.value) == (
        "templates/extra.j2:1: template syntax error: Expected an expression, got 'end of "
        "statement block'"
    )


@pytest.mark.parametrize(
    ("text", "number"),
    [("four", 4), ("Eighty-five", 85), ("twenty", 20), ("ninety nine", 99), ("", None)],
)
def test_words_to_number(text: str, number: int | None) -> None:
    assert words_to_number(text) == number


def _fact(**kw: object) -> Fact:
    return build(
        Fact, {"id": "x", "period": "2021", "locator": {"paragraph": 1}, "quote": "q", **kw}
    )


def test_source_forms() -> None:
    assert source_forms(_fact(value=1_200_000_000, kind="money", currency="USD")) == [
        "1.2 billion",
        "1.2 billion",
        "1200 million",
        "1200.0 million",
        "1,200,000,000",
        "1200000000",
    ]
    assert source_forms(_fact(value=Decimal("118.5"), kind="area", unit="ha")) == ["118.5"]
    assert source_forms(_fact(value=2013, kind="year")) == ["2013"]
    assert source_forms(_fact(value=Decimal("0.085"), kind="percent")) == ["8.5%", "8.5 percent"]


def test_written_as_in_words_and_digits(workspace_copy: Path) -> None:
    path = workspace_copy / "facts/ad-2016.yaml"
    edit(path, "value: 0.85\n", "value: 0.84\n")
    found = [f for f in _findings(workspace_copy, age=10) if "written_as" in f]
    assert found == [
        "facts/ad-2016.yaml:207: fact 'beneficiaries_positive_devida_2016_ed2016': written_as "
        "'Eighty-five percent' does not say the value 0.84"
    ]


def test_read_docx_refuses_a_file_that_is_not_a_package(tmp_path: Path) -> None:
    path = tmp_path / "x.docx"
    path.write_bytes(b"not a zip")
    with pytest.raises(OutputError) as caught:
        read_docx(path)
    assert str(caught.value) == (
        f"{path}: cannot read as a Word document: not a .docx (zip) file: File is not a zip file"
    )


def test_read_docx_reads_language_and_number_style(rendered: dict[str, Path]) -> None:
    es = read_docx(rendered["remarks.es"])
    en = read_docx(rendered["remarks.en"])
    assert (es.lang, es.decimal, en.lang, en.decimal) == ("es-PE", ".", "en-US", ".")
    assert any("families" in p for p in en.paragraphs)
