"""Each gate that keeps a wrong document from going out, tested so that removing it fails.

The cross-language figure check before writing, ``--final`` dropping the DRAFT marker,
the template deadline, XML escaping of ``&``, the ``written_as`` check, ``shim check``
finding a superseded figure, and the empty-PDF check.
"""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path
from typing import Any

import pytest

import shim
from shim.checks.facts import check as check_facts
from shim.checks.parity import check_pair
from shim.errors import Findings, OutputError, TemplateError

from .conftest import edit, part


def test_languages_that_disagree_on_a_figure_write_nothing(
    workspace_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The Spanish document loses its figures after rendering (as a template or catalog
    # bug might): its figures no longer match the English ones, so neither is written.
    import msgspec

    import shim.rendering.group as group

    real = group.render_document

    def tampered(*args: Any, **kwargs: Any) -> Any:
        rendered = real(*args, **kwargs)
        if args[3] != "es":
            return rendered
        doc = rendered.document
        blocks = tuple(
            msgspec.structs.replace(b, runs=tuple(r for r in b.runs if r.fact is None))
            for b in doc.blocks
        )
        return msgspec.structs.replace(
            rendered, document=msgspec.structs.replace(doc, blocks=blocks)
        )

    monkeypatch.setattr(group, "render_document", tampered)
    ws = shim.load_workspace(workspace_copy)
    out = workspace_copy / "out"
    report = shim.render(ws, docs=["talking-points"], out=out)
    assert len(report.failures) == 1
    assert report.failures[0].message.endswith("differ between languages")
    assert sorted(p.name for p in out.iterdir()) == []


def test_final_drops_the_draft_marker(tmp_path: Path) -> None:
    ws = shim.load_workspace()
    draft = shim.render(ws, langs=["en"], docs=["remarks"], out=tmp_path / "d").results[0]
    final = shim.render(ws, langs=["en"], docs=["remarks"], out=tmp_path / "f", final=True)
    final.raise_for_failures()
    headers = [n for n in zipfile.ZipFile(draft.path).namelist() if n.startswith("word/header")]
    assert any("DRAFT" in part(draft.path, n) for n in headers)
    assert not any("DRAFT" in part(final.results[0].path, n) for n in headers)


def test_a_runaway_template_is_stopped_by_the_deadline(
    workspace_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # About 3 s of looping: stopped at 1 s by the deadline, finished without it.
    monkeypatch.setattr("shim.rendering.environment.MAX_SECONDS", 1)
    edit(
        workspace_copy / "templates/remarks.j2",
        "{% block body %}",
        "{% block body %}{% for i in range(50000) %}{% for j in range(1000) %}"
        "{% endfor %}{% endfor %}",
    )
    ws = shim.load_workspace(workspace_copy)
    report = shim.render(ws, langs=["en"], docs=["remarks"], out=workspace_copy / "out")
    assert [f.message for f in report.failures] == [
        "templates/remarks.j2:7: the template ran for more than 1 s (a runaway loop?)"
    ]


def test_ampersands_and_angle_brackets_are_escaped(workspace_copy: Path) -> None:
    brief = workspace_copy / "briefs/san-martin-cacao-visit.yaml"
    edit(
        brief,
        "en: Visit to a cacao cooperative in Tocache, San Martín",
        "en: Cacao & coffee <growers> in Tocache",
    )
    edit(brief, "en: Tocache, San Martín region", "en: Cacao & coffee <growers> in Lima")
    ws = shim.load_workspace(workspace_copy)
    report = shim.render(ws, langs=["en"], docs=["remarks"], out=workspace_copy / "out")
    path = report.raise_for_failures().results[0].path
    assert "2026, Cacao &amp; coffee &lt;growers&gt; in </w:t>" in part(path, "word/document.xml")
    assert "<dc:title>Cacao &amp; coffee &lt;growers&gt; in Tocache</dc:title>" in part(
        path, "docProps/core.xml"
    )


def test_written_as_must_be_in_the_quote(workspace_copy: Path) -> None:
    edit(workspace_copy / "facts/ad-2016.yaml", 'written_as: "four regions"', 'written_as: "five"')
    findings = [
        f.message for f in check_facts(shim.load_workspace(workspace_copy).facts, max_age_years=4)
    ]
    assert "fact 'regions_assisted_2015': written_as 'five' is not in the quote" in findings


def test_written_as_must_say_the_value(workspace_copy: Path) -> None:
    edit(workspace_copy / "facts/ad-2016.yaml", "value: 4\n", "value: 5\n")
    findings = [
        f.message for f in check_facts(shim.load_workspace(workspace_copy).facts, max_age_years=4)
    ]
    assert "fact 'regions_assisted_2015': written_as 'four regions' does not say the value 5" in (
        findings
    )


def test_check_finds_a_superseded_figure(tmp_path: Path) -> None:
    ws = shim.load_workspace()
    report = shim.render(ws, docs=["talking-points"], out=tmp_path).raise_for_failures()
    en, es = (r.path for r in report.results)
    edited = tmp_path / "edited.docx"
    _swap_part(en, edited, "word/document.xml", "77,109", "31,744")
    findings = check_pair(edited, es, ws.facts)
    assert any("matches only superseded fact 'families_assisted_2015'" in f for f in findings)


def _swap_part(src: Path, dst: Path, name: str, old: str, new: str) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == name:
                assert old.encode() in data
                data = data.replace(old.encode(), new.encode())
            zout.writestr(info, data)


def test_an_empty_pdf_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A converter that "succeeds" but writes an empty file must not pass as a PDF.
    fake = tmp_path / "soffice"
    fake.write_text(
        '#!/bin/sh\nwhile [ "$1" != "--outdir" ]; do shift; done\n'
        'mkdir -p "$2"; : > "$2/doc.pdf"; echo "convert doc.docx"\n',
        encoding="utf-8",
    )
    fake.chmod(0o755)
    monkeypatch.setattr("shim.docx.pdf.find_soffice", lambda: str(fake))
    from shim.docx.pdf import to_pdf

    doc = tmp_path / "doc.docx"
    doc.write_bytes(b"PK")
    with pytest.raises(OutputError) as caught:
        to_pdf([doc])
    assert str(caught.value) == "LibreOffice could not convert the document (convert doc.docx)"
    assert not doc.with_suffix(".pdf").exists()


def test_the_render_ledger_is_out_of_reach(workspace_copy: Path) -> None:
    edit(
        workspace_copy / "templates/remarks.j2",
        "{% block body %}",
        '{% block body %}{{ fact("families_assisted_2015")|number }}'
        '{{ __shim__.used.clear() or "" }}',
    )
    ws = shim.load_workspace(workspace_copy)
    report = shim.render(ws, langs=["en"], docs=["remarks"], final=True, out=workspace_copy / "o")
    assert [f.message for f in report.failures] == [
        "templates/remarks.j2:7: unknown name '__shim__' (not in the brief, the facts or the "
        "template)"
    ]


def test_final_refuses_a_superseded_figure(workspace_copy: Path) -> None:
    edit(
        workspace_copy / "templates/remarks.j2",
        "{% block body %}",
        '{% block body %}<p>{{ fact("families_assisted_2015")|number }}</p>',
    )
    ws = shim.load_workspace(workspace_copy)
    report = shim.render(ws, langs=["en"], docs=["remarks"], final=True, out=workspace_copy / "o")
    assert len(report.failures) == 1
    assert "fact 'families_assisted_2015' is superseded by 'families_assisted_2021'" in (
        report.failures[0].message
    )


def test_documents_get_the_umask_mode(tmp_path: Path) -> None:
    import os

    old = os.umask(0o022)
    try:
        report = shim.render(shim.load_workspace(), langs=["en"], docs=["remarks"], out=tmp_path)
    finally:
        os.umask(old)
    assert stat.S_IMODE(report.results[0].path.stat().st_mode) == 0o644


def test_template_errors_are_template_errors() -> None:
    # The deadline's error is a TemplateError, which the group reports (exit 1, not 70).
    assert issubclass(TemplateError, shim.ShimError)
    assert Findings("x", []).exit_code == 3
