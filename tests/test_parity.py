"""Figures parse back to their values in every locale, and tampered documents are caught."""

from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from shim.checks.figures_scan import scan, scan_all
from shim.cli import app
from shim.document import Run
from shim.language.figures import Figures
from shim.language.locales import LANGS, STYLE_NAMES, number_style
from shim.workspace.loader import Workspace

from .conftest import ROOT

LOCALES = [(code, style) for code in LANGS for style in (None, *STYLE_NAMES)]


def _decimal(code: str, style: str | None) -> str:
    return number_style(LANGS[code], style).decimal


@settings(max_examples=300, deadline=None)
@given(value=st.integers(min_value=0, max_value=10**12), where=st.sampled_from(LOCALES))
def test_counts_parse_back(value: int, where: tuple[str, str | None]) -> None:
    code, style = where
    text = Figures.for_lang(code, style).number(value)
    found = scan_all(f"Hay {text} familias.", code, _decimal(code, style))
    # An ungrouped 1900-2100 reads as a year; compare still pairs it with its counterpart.
    assert [f.value for f in (*found.figures, *found.years)] == [Decimal(value)], text


@settings(max_examples=300, deadline=None)
@given(
    cents=st.integers(min_value=1, max_value=10**7).map(lambda n: Decimal(n) * 10_000),
    where=st.sampled_from(LOCALES),
    spoken=st.booleans(),
)
def test_money_parses_back(cents: Decimal, where: tuple[str, str | None], spoken: bool) -> None:
    code, style = where
    text = Figures.for_lang(code, style).money(cents, spoken=spoken)
    found = [f for f in scan(text, code, _decimal(code, style)) if f.kind == "money"]
    assert len(found) == 1, text
    # Amounts are spoken with at most two decimals of their scale: compare at that precision.
    scale = Decimal(10**9) if "billion" in text else Decimal(10**6) if cents >= 10**6 else 1
    assert abs(found[0].value - cents) <= scale / 200, (text, found[0].value)


@settings(max_examples=200, deadline=None)
@given(pct=st.integers(min_value=0, max_value=1000), where=st.sampled_from(LOCALES))
def test_percents_parse_back(pct: int, where: tuple[str, str | None]) -> None:
    code, style = where
    fraction = Decimal(pct) / 1000
    text = Figures.for_lang(code, style).percent(fraction)
    found = scan(text, code, _decimal(code, style))
    assert [f.value for f in found] == [fraction.normalize()], text


def _tamper(path: Path, old: str, new: str, target: Path) -> None:
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(target, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                text = data.decode("utf-8")
                assert old in text
                data = text.replace(old, new, 1).encode("utf-8")
            zout.writestr(item, data)


def test_rendered_pairs_pass(rendered: dict[str, Path]) -> None:
    for kind in ("talking-points", "remarks", "speech-insert", "fact-sheet"):
        result = CliRunner().invoke(
            app,
            [
                "check",
                str(rendered[f"{kind}.en"]),
                str(rendered[f"{kind}.es"]),
                "--project",
                str(ROOT),
            ],
        )
        assert (result.exit_code, result.stdout) == (
            0,
            "figures match in both documents and all come from current facts\n",
        )


def test_a_spanish_figure_edited_by_hand_fails(rendered: dict[str, Path], tmp_path: Path) -> None:
    tampered = tmp_path / "edited.es.docx"
    _tamper(rendered["talking-points.es"], "77,109", "77,019", tampered)
    en = rendered["talking-points.en"]
    result = CliRunner().invoke(app, ["check", str(en), str(tampered), "--project", str(ROOT)])
    assert result.exit_code == 3
    # The finding names the paragraph in each file (the old finder gave no place).
    assert result.stderr == (
        f"{en} ¶8 “In 2021 alone, USAID helped…” / {tampered} ¶8 “Solo en 2021, USAID "
        "acompañó…”: value differs: “77,109” (77109) vs “77,019” (77019)\n"
        f"{tampered} ¶8 “Solo en 2021, USAID acompañó…”: “77,019” (77019) matches no fact\n"
        "error: 2 figure problems\n"
    )


def test_a_pair_found_clean_is_not_scanned_again_and_a_difference_always_is(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from shim.checks import parity
    from shim.errors import Findings
    from shim.rendering.build import render_document

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("SHIM_NO_CACHE", raising=False)  # mutation runs turn it off
    bf = ws.default_brief()
    en, es = (render_document(ws, bf, "talking-points", c).document for c in ("en", "es"))
    parity.check_languages([("en", en), ("es", es)])
    scanned: list[str] = []
    monkeypatch.setattr(parity, "_pair", lambda base, code, doc: scanned.append(code) or [])
    parity.check_languages([("en", en), ("es", es)])
    assert scanned == []  # served by content from the user's cache
    blocks = tuple(
        msgspec.structs.replace(b, runs=(Run(b.text.replace("77,109", "77,901")),))
        for b in es.blocks
    )
    changed = msgspec.structs.replace(es, blocks=blocks)
    monkeypatch.undo()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    for _ in range(2):
        with pytest.raises(Findings) as caught:
            parity.check_languages([("en", en), ("es", changed)])
        assert "77,901" in str(caught.value)


def test_every_language_is_compared_with_english_even_when_english_was_not_asked_for(
    ws: Workspace,
) -> None:
    from shim.checks import parity
    from shim.errors import Findings
    from shim.rendering.build import render_document

    bf = ws.default_brief()
    en, es, latam = (
        render_document(ws, bf, "talking-points", c).document for c in ("en", "es", "es-419")
    )
    blocks = tuple(
        msgspec.structs.replace(b, runs=(Run(b.text.replace("77,109", "77,901")),))
        for b in es.blocks
    )
    changed = msgspec.structs.replace(es, blocks=blocks)
    parity.check_languages([("es", es)], english=en)  # rendered in memory: agrees
    with pytest.raises(Findings) as alone:
        parity.check_languages([("es", changed)], english=en)
    # A language that agrees, after one that differs, does not hide the difference.
    with pytest.raises(Findings) as both:
        parity.check_languages([("en", en), ("es", changed), ("es-419", latam)])
    expected = (
        "talking-points.en ¶8 “In 2021 alone, USAID helped…” / talking-points.es ¶8 "
        "“Solo en 2021, USAID acompañó…”: value differs: “77,109” (77109) vs “77,901” (77901)\n"
        "1 figure differ between languages"
    )
    assert str(alone.value) == str(both.value) == expected


def test_figures_after_a_source_line_are_still_read(ws: Workspace) -> None:
    from shim.checks.parity import against_facts
    from shim.checks.reading import ReadDoc

    paragraphs = (
        "USAID/Peru, Alternative Development fact sheet, November 2022, para. 8.",
        "In 2021, USAID helped 12,345 families.",
        "In 2021 alone, USAID helped 77,109 families.",
    )
    found = against_facts(ReadDoc("x.docx", "en-US", ".", paragraphs), ws.facts)
    assert [(str(place), str(fig), result) for place, fig, result in found] == [
        ("¶2 “In 2021, USAID helped 12,345…”", "“12,345”", " “12,345” (12345) matches no fact"),
        ("¶3 “In 2021 alone, USAID helped…”", "“77,109”", "families_assisted_2021"),
    ]
