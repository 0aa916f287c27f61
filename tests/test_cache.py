"""The per-user cache: keyed by content, private to the user, and never worse than none."""

from __future__ import annotations

import datetime as dt
import os
import stat
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import msgspec
import pytest

import shim
from shim import cache
from shim.workspace import yamlio
from shim.workspace.factload import load_facts

from .test_startup import loaded


@pytest.fixture
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "shim"


def _no_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(text: str, display: str) -> yamlio.Loaded:
        raise AssertionError(f"{display} was parsed again")

    monkeypatch.setattr("shim.workspace.factload.parse_yaml", refuse)
    monkeypatch.setattr("shim.workspace.briefs.parse_yaml", refuse)


def test_unchanged_files_are_not_parsed_again(
    workspace_copy: Path, private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = shim.load_workspace(workspace_copy)
    first = load_facts(ws.root)
    brief = ws.default_brief()
    _no_yaml(monkeypatch)
    again = load_facts(ws.root)
    assert dict(again.facts) == dict(first.facts)
    assert ws.default_brief().brief == brief.brief
    assert ws.default_brief().line_of("date") == brief.line_of("date")
    assert oct(private_cache.stat().st_mode & 0o777) == "0o700"


def test_an_edit_is_seen_even_with_the_same_size_and_time(
    workspace_copy: Path, private_cache: Path
) -> None:
    path = workspace_copy / "facts" / "ad-2022.yaml"
    before = path.stat()
    assert load_facts(workspace_copy).facts["families_assisted_2021"].fact.value == 77109
    path.write_text(path.read_text(encoding="utf-8").replace("77109", "77108", 1), "utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    assert load_facts(workspace_copy).facts["families_assisted_2021"].fact.value == 77108


def test_a_damaged_entry_is_only_a_miss(workspace_copy: Path, private_cache: Path) -> None:
    expected = dict(load_facts(workspace_copy).facts)
    entries = sorted((private_cache / "data").glob("facts-*.msgpack"))
    assert len(entries) == 2
    for entry in entries:
        entry.write_bytes(b"\x93not msgpack of a fact file")
    assert dict(load_facts(workspace_copy).facts) == expected


def test_a_folder_others_can_write_is_never_used(private_cache: Path) -> None:
    private_cache.mkdir(parents=True)
    private_cache.chmod(0o777)
    assert cache.cache_root() is None
    assert cache.cached("test", "key", int, lambda: 7) == 7
    assert list(private_cache.iterdir()) == []


def test_a_folder_opened_to_others_after_use_is_no_longer_used(private_cache: Path) -> None:
    """The folder is checked once, then told unchanged by one stat: a change is seen."""
    assert cache.cached("test", "key", int, lambda: 7) == 7
    assert cache.cache_root() == private_cache
    private_cache.chmod(0o777)
    assert cache.cache_root() is None
    assert cache.cached("test", "key", int, lambda: 8) == 8
    private_cache.chmod(0o700)
    assert cache.cached("test", "key", int, lambda: 9) == 7


def test_a_folder_only_readable_by_others_is_made_private(private_cache: Path) -> None:
    private_cache.mkdir(parents=True)
    private_cache.chmod(0o755)  # as older versions of shim created it
    assert cache.cache_root() == private_cache
    assert stat.S_IMODE(private_cache.stat().st_mode) == 0o700


def test_no_cache_when_turned_off(private_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHIM_NO_CACHE", "1")
    assert cache.cached("test", "key", int, lambda: 7) == 7
    assert not private_cache.exists()


def test_documents_get_the_mode_the_umask_allows(workspace_copy: Path, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        ws = shim.load_workspace(workspace_copy)
        report = shim.render(ws, langs=["en"], docs=["speech-insert"], out=tmp_path / "out")
    finally:
        os.umask(old)
    path = report.raise_for_failures().results[0].path
    assert oct(stat.S_IMODE(path.stat().st_mode)) == "0o644"


# -- compiled templates ------------------------------------------------------------------


def _environment(templates: Path) -> Any:
    from shim.rendering.environment import environment

    environment.cache_clear()  # a new process: nothing compiled in memory
    return environment(templates)


def test_compiled_templates_are_kept_privately_and_reused(
    tmp_path: Path, private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "t.j2").write_text("<p>{{ 6 * 7 }}</p>", encoding="utf-8")
    assert _environment(templates).get_template("t.j2").render() == "<p>42</p>"
    (entry,) = (private_cache / "jinja").iterdir()
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    assert stat.S_IMODE((private_cache / "jinja").stat().st_mode) == 0o700

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled again")

    env = _environment(templates)
    monkeypatch.setattr(env, "_compile", refuse)
    assert env.get_template("t.j2").render() == "<p>42</p>"


@pytest.mark.parametrize("past_header", [-5, 0, 5, 90])
def test_a_damaged_compiled_template_is_only_a_miss(
    past_header: int, tmp_path: Path, private_cache: Path
) -> None:
    """Truncated anywhere (in Jinja's header, its pickled checksum, the code): compiled
    again, and the entry written anew."""
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "t.j2").write_text("<p>{{ 6 * 7 }}</p>", encoding="utf-8")
    assert _environment(templates).get_template("t.j2").render() == "<p>42</p>"
    (entry,) = (private_cache / "jinja").iterdir()
    from jinja2.bccache import bc_magic

    whole = entry.read_bytes()
    entry.write_bytes(whole[: len(bc_magic) + past_header])
    assert _environment(templates).get_template("t.j2").render() == "<p>42</p>"
    assert entry.read_bytes() == whole


def test_an_edited_template_is_compiled_again(tmp_path: Path, private_cache: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "t.j2").write_text("<p>before</p>", encoding="utf-8")
    assert _environment(templates).get_template("t.j2").render() == "<p>before</p>"
    (templates / "t.j2").write_text("<p>after!</p>", encoding="utf-8")
    assert _environment(templates).get_template("t.j2").render() == "<p>after!</p>"
    assert len(list((private_cache / "jinja").iterdir())) == 2


def _code_file() -> str:
    """The file named by the template code that called this (its innermost frame)."""
    frame = sys._getframe(1)
    while "__jinja_template__" not in frame.f_globals:
        frame = frame.f_back  # type: ignore[assignment]
    return frame.f_code.co_filename


def test_the_same_template_in_another_workspace_is_compiled_once(
    tmp_path: Path, private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One entry serves every copy of a template; the code names the file it is loaded
    for (tracebacks and located messages), not the copy it was compiled from."""
    source = "{% macro m() %}{{ here() }}{% endmacro %}{{ m() }} {{ here() }}"
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "t.j2").write_text(source, encoding="utf-8")
    env = _environment(tmp_path / "a")
    env.globals["here"] = _code_file
    a = str(tmp_path / "a" / "t.j2")
    assert env.get_template("t.j2").render() == f"{a} {a}"

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled again")

    env = _environment(tmp_path / "b")
    env.globals["here"] = _code_file
    monkeypatch.setattr(env, "_compile", refuse)
    template = env.get_template("t.j2")
    b = str(tmp_path / "b" / "t.j2")
    assert template.filename == b
    assert template.render() == f"{b} {b}"  # the macro's code too
    assert len(list((private_cache / "jinja").iterdir())) == 1


def test_a_compiled_template_is_told_from_another_by_the_sha256_of_its_source() -> None:
    """Jinja's own checksum is SHA-1, whose collisions can be made: with the path out of
    the key, a template made to collide with another would be given the other's code."""
    import hashlib

    from shim.rendering.bytecode import UserBytecodeCache

    source = "<p>{{ 6 * 7 }}</p>"
    assert UserBytecodeCache("settings").get_source_checksum(source) == (
        hashlib.sha256(source.encode()).hexdigest()
    )


def _frames(tb: Any) -> Iterator[Any]:
    while tb is not None:
        yield tb
        tb = tb.tb_next


def test_no_compiled_template_is_kept_in_a_folder_others_can_write(
    tmp_path: Path, private_cache: Path
) -> None:
    private_cache.mkdir(parents=True)
    os.chmod(private_cache, 0o777)
    (tmp_path / "t.j2").write_text("<p>x</p>", encoding="utf-8")
    assert _environment(tmp_path).get_template("t.j2").render() == "<p>x</p>"
    assert os.listdir(private_cache) == []


def test_a_filter_passed_something_else_is_compiled_anew() -> None:
    """A compiled call hands a ``@pass_context`` filter the context: code compiled for the
    other kind of filter would call it wrongly."""
    from jinja2 import Environment, pass_context

    from shim.rendering.bytecode import settings_of

    env = Environment()
    env.filters["f"] = lambda value: value
    plain = settings_of(env)
    env.filters["f"] = pass_context(lambda context, value: value)
    assert settings_of(env) != plain
    env.filters["f"] = lambda value: value
    assert settings_of(env) == plain


# -- what one process keeps ------------------------------------------------------------------


def test_a_template_read_again_only_when_its_file_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from shim import safeio

    templates = tmp_path / "templates"
    templates.mkdir()
    path = templates / "t.j2"
    path.write_text("<p>one</p>", encoding="utf-8")
    assert safeio.read_template(path, templates) == b"<p>one</p>"
    with monkeypatch.context() as m:
        m.setattr(safeio, "read_bytes", _refuse)
        assert safeio.read_template(path, templates) == b"<p>one</p>"
    path.write_text("<p>two, longer</p>", encoding="utf-8")
    assert safeio.read_template(path, templates) == b"<p>two, longer</p>"


def test_a_template_replaced_by_a_link_out_of_its_folder_is_refused(tmp_path: Path) -> None:
    """A long-lived process keeps templates it read; a file replaced since is confined again."""
    from shim import safeio
    from shim.errors import TemplateError

    templates = tmp_path / "ws" / "templates"
    templates.mkdir(parents=True)
    path = templates / "t.j2"
    path.write_text("<p>one</p>", encoding="utf-8")
    assert safeio.read_template(path, templates) == b"<p>one</p>"
    secret = tmp_path / "secret.txt"
    secret.write_text("<p>secret</p>", encoding="utf-8")
    path.unlink()
    path.symlink_to(secret)
    with pytest.raises(TemplateError) as caught:
        safeio.read_template(path, templates)
    assert str(caught.value) == (
        "templates/t.j2: leads outside templates/ (a symbolic link or '..'); "
        "only files inside templates/ are read"
    )


def test_a_reference_replaced_by_a_link_out_of_the_workspace_is_refused(
    workspace_copy: Path, tmp_path: Path
) -> None:
    from shim.errors import ConfigError
    from shim.rendering.build import render_document
    from shim.rendering.package import to_docx

    ws = shim.load_workspace(workspace_copy)
    bf = ws.default_brief()
    doc = render_document(ws, bf, "speech-insert", "en").document
    assert to_docx(ws, bf, doc)[:2] == b"PK"
    reference = workspace_copy / "templates" / "reference.docx"
    outside = tmp_path / "outside.docx"
    outside.write_bytes(reference.read_bytes())
    reference.unlink()
    reference.symlink_to(outside)
    with pytest.raises(ConfigError) as caught:
        to_docx(ws, bf, doc)
    assert str(caught.value) == (
        "templates/reference.docx: leads outside templates/ (a symbolic link or '..'); "
        "only files inside templates/ are read"
    )


def _refuse(*args: object, **kwargs: object) -> None:
    raise AssertionError("read again")


# -- tables of Babel's results -------------------------------------------------------------


def test_a_table_keeps_what_it_computed_for_the_next_process(private_cache: Path) -> None:
    table = cache.Table("test", "1")
    assert table.get("a", lambda: "alpha") == "alpha"
    assert table.get("a", lambda: "never") == "alpha"
    table.save()  # what the exit handler does
    again = cache.Table("test", "1")
    assert again.get("a", lambda: "never") == "alpha"
    assert cache.Table("test", "2").get("a", lambda: "new version") == "new version"


def test_a_damaged_table_is_only_a_miss(private_cache: Path) -> None:
    table = cache.Table("test", "1")
    table.get("a", lambda: "alpha")
    table.save()
    (path,) = (private_cache / "data").glob("table-test-*")
    path.write_bytes(b"\xc1 not msgpack")
    assert cache.Table("test", "1").get("a", lambda: "again") == "again"


def test_dates_and_groupings_are_babels(private_cache: Path) -> None:
    from babel.dates import format_date, format_skeleton
    from babel.numbers import format_decimal

    from shim.language import cldr, figures

    day = dt.date(2026, 12, 3)
    for locale in ("en_US", "es_PE", "es_ES"):
        cldr.babel_date.cache_clear()
        assert cldr.babel_date(day, "long", locale) == format_date(day, "long", locale=locale)
        assert cldr.babel_date(day, "yMMMM", locale) == format_skeleton("yMMMM", day, locale=locale)
    assert figures.Figures.for_lang("es").date(day) == "3 de diciembre de 2026"
    cldr._groupings.cache_clear()
    cldr.grouped.cache_clear()
    value = Decimal("77109.5")
    expected = format_decimal(value, "#,##0.###", locale="en_US", decimal_quantization=False)
    assert figures.Figures.for_lang("en").number(value) == expected == "77,109.5"
    assert cldr._groupings().get(str(value), lambda: "not kept") == expected


@pytest.mark.parametrize("locale", ["en_US", "es_PE", "es_ES", "pt_BR"])
def test_plural_categories_are_babels_and_kept(locale: str, private_cache: Path) -> None:
    from babel import Locale
    from babel.plural import PluralRule

    from shim.language import cldr

    babel_rule = PluralRule(Locale.parse(locale).plural_form.rules)
    counts = (0, 1, 2, 5, 21, 1_000_000, 1_000_001)
    rule = cldr.PluralRule(locale)
    assert rule.tags == babel_rule.tags
    assert [rule(n) for n in counts] == [babel_rule(n) for n in counts]
    rule._answers.save()
    kept = cldr.PluralRule(locale)
    kept._rules = {}  # an answer not kept would now come out "other"
    assert [kept(n) for n in counts] == [babel_rule(n) for n in counts]
    assert kept.tags == babel_rule.tags


def test_babels_version_is_read_from_its_package() -> None:
    import babel

    from shim.language import locales

    locales.babel_version.cache_clear()
    assert locales.babel_version() == babel.__version__


# -- Babel's answers: kept however many processes find them ---------------------------------


def test_a_table_keeps_the_rows_another_process_wrote_meanwhile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    first, second = cache.Table("t", "1"), cache.Table("t", "1")
    assert first.get("a", lambda: "A") == "A"
    assert second.get("b", lambda: "B") == "B"  # read before the first wrote
    cache.save_tables()
    assert cache.Table("t", "1").get("a", lambda: "computed") == "A"
    assert cache.Table("t", "1").get("b", lambda: "computed") == "B"


def test_answers_found_by_workers_are_kept(workspace_copy: Path, tmp_path: Path) -> None:
    """Workers leave by os._exit (no exit hook): each writes its answers after a task."""
    args = ("render", "--project", str(workspace_copy), "--lang", "en", "--lang", "es")
    loaded(*args, "--jobs", "2", "--out", str(tmp_path / "o"), "--quiet", cache=tmp_path)
    (table,) = (tmp_path / "shim" / "data").glob("table-grouped-*")
    rows = msgspec.msgpack.decode(table.read_bytes(), type=dict[str, str])
    assert rows["77109"] == "77,109"  # the parent, before forking, formats only 1234.5
