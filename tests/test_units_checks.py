"""Unit tests of the fact, statement, parity and reading checks (`shim.checks.facts`,
`statements`, `parity`, `reading`): each pins one rule with exact values."""

from __future__ import annotations

import datetime as dt
import os
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import msgspec
import pytest

from shim.cache import key_of
from shim.checks import reading, statements
from shim.checks.facts import (
    _check_fact,
    _check_links,
    _check_uses,
    _fact_calls,
    _stale,
    check,
    source_forms,
    words_to_number,
)
from shim.checks.parity import (
    against_facts,
    check_languages,
    check_one,
    check_pair,
    explain,
    fact_index,
    lang_code,
)
from shim.checks.reading import ReadDoc, decimal_for, read_docx
from shim.checks.statements import (
    Sentence,
    check_sentences,
    dated_year,
    document_sentences,
    document_statements,
    period_mark,
    template_statements,
)
from shim.document import Block, Cell, Document, Headline, Run
from shim.errors import (
    Findings,
    Location,
    OutputError,
    ShimError,
    TemplateError,
    UsageError,
)
from shim.memo import Memo
from shim.workspace.facts import Fact, FactBase, FactRecord, Source
from shim.workspace.schema import build

SOURCE = build(
    Source,
    {
        "id": "sheet",
        "title": "Alternative Development",
        "publisher": "USAID/Peru",
        "published": dt.date(2022, 11, 29),
        "edition": "web page",
        "url": "https://example.org/ad",
        "path": "sources/ad.txt",
        "cite": {"en": "USAID/Peru", "es": "USAID/Perú"},
    },
)
HERE = Location("doc.docx", 3)
EVENT = dt.date(2026, 12, 3)


def record(fact_id: str, period: str, kind: str = "count", **extra: Any) -> FactRecord:
    """A fact of ``kind`` for ``period``, from a source published on 2022-11-29."""
    need = {"count": {"counts": "families"}, "money": {"currency": "USD"}}.get(kind, {})
    data = {"id": fact_id, "value": 2013 if kind == "year" else 100, "kind": kind}
    data |= {"period": period, "locator": {"paragraph": 1}, "quote": "q", **need, **extra}
    return FactRecord(build(Fact, data), SOURCE, Location("facts/f.yaml", 1))


def base(*records: FactRecord) -> FactBase:
    return FactBase({r.fact.id: r for r in records}, {"sheet": SOURCE}, Path("."))


def messages(sentences: list[Sentence], lang: str = "en", event: dt.date = EVENT) -> list[str]:
    return [f.message for f in check_sentences(sentences, lang, event)]


def said(text: str, *facts: FactRecord, figures: bool = False, speech: bool = False) -> Sentence:
    return Sentence(text, facts, figures, speech, HERE)


# -- statements: what names a figure's period ------------------------------------------


def test_a_year_figure_is_its_own_period() -> None:
    assert period_mark(record("start", "2013", kind="year")) is None


@pytest.mark.parametrize(
    ("period", "text", "found"),
    [
        ("FY2021", "In fiscal year 2021, sales grew.", True),
        ("FY2021", "In FISCAL YEAR 2021, sales grew.", True),
        ("FY2021", "In FY2021 sales grew.", True),
        ("FY2021", "En el año fiscal 2021 crecieron.", True),
        ("FY2021", "En el ejercicio fiscal 2021 crecieron.", True),
        ("FY2021", "In 2021, sales grew.", False),
        ("FY2021", "In fiscal year 20215, sales grew.", False),
        ("2011-2021", "From 2011 to 2021, sales grew.", True),
        ("2011-2021", "In 2021, sales grew.", False),
        ("2011-2021", "Since 2011, sales grew.", False),
        ("2011-2021", "From 2011 to 2020, sales grew.", False),
        ("since 2013", "Since 2013, USAID has helped.", True),
        ("since 2013", "Since 2014, USAID has helped.", False),
        ("2021", "In 2021 alone, sales grew.", True),
        ("2021", "In 20210 alone, sales grew.", False),
        ("to date", "As of 2022, 100 communities.", True),
        ("to date", "As of 2021, 100 communities.", False),
    ],
)
def test_the_mark_of_a_period(period: str, text: str, found: bool) -> None:
    mark = period_mark(record("f", period))
    assert mark is not None
    assert bool(mark.search(text)) is found


@pytest.mark.parametrize(
    ("period", "as_of", "year"),
    [
        ("2021", None, 2021),
        ("FY2020", None, 2020),
        ("2011-2019", None, 2019),
        ("since 2013", None, 2022),
        ("since 2013", dt.date(2024, 5, 1), 2024),
        ("to date", None, 2022),
        ("to date", dt.date(2023, 1, 1), 2023),
        ("2021", dt.date(2024, 5, 1), 2021),
    ],
)
def test_the_year_a_figure_speaks_for(period: str, as_of: dt.date | None, year: int) -> None:
    assert dated_year(record("f", period, as_of=as_of)) == year


def test_a_finding_quotes_a_sentence_of_70_characters_whole() -> None:
    text = "In 2019, USAID " + "x" * 50 + " now."
    assert len(text) == 70
    old = record("families", "2019")
    assert messages([said(text, old)]) == [
        f"statement: a figure from 2019 framed as current by 'now' (the event is in 2026): “{text}”"
    ]


def test_a_finding_cuts_a_longer_sentence_to_67_characters() -> None:
    text = "In 2019, USAID " + "x" * 51 + " now."
    assert len(text) == 71
    old = record("families", "2019")
    assert messages([said(text, old)]) == [
        "statement: a figure from 2019 framed as current by 'now' (the event is in 2026): "
        f"“{text[:67]}…”"
    ]


# -- statements: the sentences of a document --------------------------------------------


def _doc(*blocks: Block) -> Document:
    return Document("remarks", "en", "en-US", "Remarks", "Remarks", blocks)


def _sentences(doc: Document, facts: FactBase) -> list[tuple[Any, ...]]:
    found = document_sentences(
        doc, facts, lambda s: Location(f"remarks.en “{s[:12]}”"), lambda b: b.style == "Title"
    )
    return [(s.text, s.facts, s.figures, s.speech, s.headline, s.location()) for s in found]


def test_a_document_s_sentences_carry_their_facts_and_whether_read_aloud() -> None:
    families = record("families", "2021")
    doc = _doc(
        Block("Title", (Run("Remarks by the Director."),)),
        Block(
            "Speech",
            (Run("In 2021, USAID helped "), Run("77,109", "families"), Run(" families. Thanks!")),
        ),
        Block("Normal", (Run("Sales grew (a lot)."),)),
    )
    assert _sentences(doc, base(families)) == [
        (
            "In 2021, USAID helped 77,109 families.",
            (families,),
            False,
            True,
            False,
            Location("remarks.en “In 2021, USA”"),
        ),
        ("Thanks!", (), False, True, False, Location("remarks.en “Thanks!”")),
        ("Sales grew (a lot).", (), False, False, False, Location("remarks.en “Sales grew (”")),
    ]


def test_tables_and_charts_are_not_read_as_sentences() -> None:
    table = Block("Table", (Run("A table in 2019 grew now."),), rows=((Cell((Run("x"),)),),))
    assert _sentences(_doc(table), base()) == []


def test_a_headline_figure_reads_with_its_label() -> None:
    budget = record("budget", "2021", kind="money")
    headline = Headline((Run("US$35.5 million", "budget"),), (Run("DEVIDA’s budget, 2021"),))
    doc = _doc(Block("Headlines", (), headlines=(headline,)))
    assert _sentences(doc, base(budget)) == [
        (
            "US$35.5 million DEVIDA’s budget, 2021.",
            (budget,),
            False,
            False,
            True,
            Location("remarks.en “US$35.5 mill”"),
        )
    ]


def _read(*paragraphs: str, speech: frozenset[int] = frozenset()) -> ReadDoc:
    return ReadDoc("x.docx", "en-US", ".", paragraphs, EVENT, speech)


def test_a_document_without_a_date_has_no_statement_findings() -> None:
    doc = ReadDoc("x.docx", "en-US", ".", ("Today USAID helped 77,109 families (in 2010).",))
    assert document_statements(doc, "en") == []


def test_a_citation_line_is_skipped_and_the_paragraphs_after_it_are_read() -> None:
    doc = _read("USAID/Peru, Alternative Development, para. 8.", "USAID helped 77,109 families.")
    assert [str(f) for f in document_statements(doc, "en")] == [
        "x.docx ¶2: statement: a figure without its period: “USAID helped 77,109 families.”"
    ]


def test_only_a_paragraph_read_aloud_may_not_have_a_parenthesis() -> None:
    doc = _read("Sales grew (a lot).", "Peru (and its regions) leads.", speech=frozenset({1}))
    assert [str(f) for f in document_statements(doc, "en")] == [
        "x.docx ¶2: statement: a parenthesis in text read aloud; put the expansion between "
        "commas: “Peru (and its regions) leads.”"
    ]


# -- statements: template messages that show a fact without its period ------------------

FACTS = base(
    record("sales", "FY2021", kind="money"),
    record("families", "2021"),
    record("start", "2013", kind="year"),
)
ADD = "add a placeholder such as {{ x|when }} here or in the message before it"


def _structural(tmp_path: Path, source: str, **more: str) -> list[str]:
    templates = tmp_path / "templates"
    templates.mkdir()
    for name, text in {"t.j2": source, **more}.items():
        (templates / name).write_text(text, encoding="utf-8")
    return [str(f) for f in template_statements(templates, FACTS)]


def _shows(line: int, fact_id: str, period: str, name: str = "t.j2") -> str:
    return (
        f"templates/{name}:{line}: statement: this message shows '{fact_id}' ({period}) "
        f"without its period; {ADD}"
    )


@pytest.mark.parametrize(
    ("source", "found"),
    [
        # a fact called in the message itself
        ('{{ _("Sales reached %(a)s.", a=fact("sales")|money) }}', [("sales", "FY2021")]),
        ('{{ gettext("Sales: %(a)s.", a=fact("sales")|rounded) }}', [("sales", "FY2021")]),
        # its period said by a placeholder of the message
        ('{{ _("In %(w)s: %(a)s.", w=fact("sales")|when, a=fact("sales")|money) }}', []),
        ('{{ _("In %(w)s: %(a)s.", w=fact("sales")|period, a=fact("sales")|said) }}', []),
        # another fact's period is not this one's
        (
            '{{ _("In %(w)s: %(a)s.", w=fact("families")|when, a=fact("sales")|money) }}',
            [("sales", "FY2021")],
        ),
        # a year figure is its own period
        ('{{ _("Since %(y)s.", y=fact("start")|number) }}', []),
        # a fact the base does not know is for `shim facts check`
        ('{{ _("Sales: %(a)s.", a=fact("nothing")|money) }}', []),
        # a keyword the message does not show (a plural's count) is not a figure shown
        (
            '{{ _("Sales: %(a)s.", n=fact("families")|number, a=fact("sales")|money) }}',
            [("sales", "FY2021")],
        ),
        # a keyword that is not a filtered fact is no figure, and the next one still counts
        ('{{ _("%(who)s sold %(a)s.", who=name, a=fact("sales")|money) }}', [("sales", "FY2021")]),
        ('{{ _("%(x)s, %(a)s.", x=other|number, a=fact("sales")|money) }}', [("sales", "FY2021")]),
        (
            '{{ _("%(x)s, %(a)s.", x=fact("sales")|upper, a=fact("sales")|money) }}',
            [("sales", "FY2021")],
        ),
        # two messages in one output are two messages
        (
            '{{ _("In %(w)s.", w=fact("families")|when) }} '
            '{{ _("%(a)s.", a=fact("sales")|money) }}',
            [("sales", "FY2021")],
        ),
    ],
)
def test_a_message_shows_a_figure_with_or_without_its_period(
    tmp_path: Path, source: str, found: list[tuple[str, str]]
) -> None:
    assert _structural(tmp_path, source) == [_shows(1, f, p) for f, p in found]


@pytest.mark.parametrize(
    ("source", "found"),
    [
        # bound by {% set %} to fact(...)
        ('{% set s = fact("sales") %}{{ _("Sales: %(a)s.", a=s|money) }}', [("sales", "FY2021")]),
        # bound to any other call: not a fact
        ('{% set s = other("sales") %}{{ _("Sales: %(a)s.", a=s|money) }}', []),
        ('{% set s = fact(name) %}{{ _("Sales: %(a)s.", a=s|money) }}', []),
        ('{% set s = fact() %}{{ _("Sales: %(a)s.", a=s|money) }}', []),
        # the last year of its period says the period
        (
            '{% set s = fact("sales") %}'
            '{{ _("In %(y)s: %(a)s.", y=s.period.last_year|year, a=s|money) }}',
            [],
        ),
        # a last_year that is not its period's says nothing
        (
            '{% set s = fact("sales") %}{{ _("In %(y)s: %(a)s.", y=s.last_year|year, a=s|money) }}',
            [("sales", "FY2021")],
        ),
        (
            '{% set s = fact("sales") %}'
            '{{ _("In %(y)s: %(a)s.", y=t.period.last_year|year, a=s|money) }}',
            [("sales", "FY2021")],
        ),
    ],
)
def test_a_fact_bound_to_a_name(tmp_path: Path, source: str, found: list[tuple[str, str]]) -> None:
    assert _structural(tmp_path, source) == [_shows(1, f, p) for f, p in found]


def test_the_period_may_be_in_the_message_before_in_the_same_section(tmp_path: Path) -> None:
    source = (
        '{% set s = fact("sales") %}\n'
        '{{ _("In %(w)s, markets grew.", w=s|when) }}\n'
        '{% set t = fact("families") %}{{ "x".upper() }}\n'
        '{{ _("Sales reached %(a)s.", a=s|money) }}\n'
        '{{ _("Again %(a)s.", a=s|money) }}\n'
        '{% if a %}{{ _("In %(w)s: %(a)s.", w=s|when, a=s|money) }}'
        '{{ _("Then %(a)s.", a=s|money) }}{% endif %}\n'
        '{% if b %}{{ _("Once more %(a)s.", a=s|money) }}{% endif %}\n'
        '{% for x in y %}{% if c %}{{ _("In %(w)s: %(a)s.", w=s|when, a=s|money) }}{% endif %}'
        '{% if d %}{{ _("Still %(a)s.", a=s|money) }}{% endif %}{% endfor %}\n'
    )
    assert _structural(tmp_path, source) == [
        _shows(5, "sales", "FY2021"),
        _shows(7, "sales", "FY2021"),
        _shows(8, "sales", "FY2021"),
    ]


def test_a_trans_block_is_a_message(tmp_path: Path) -> None:
    source = (
        '{% set s = fact("sales") %}\n'
        "{% trans a=s|money %}Sales reached {{ a }}.{% endtrans %}\n"
        "{% trans a=s|money, w=s|when %}In {{ w }}, sales reached {{ a }}.{% endtrans %}\n"
    )
    assert _structural(tmp_path, source) == [_shows(2, "sales", "FY2021")]


def test_only_the_templates_named_are_checked(tmp_path: Path) -> None:
    bad = '{{ _("Sales: %(a)s.", a=fact("sales")|money) }}'
    templates = tmp_path / "templates"
    _structural(tmp_path, bad, **{"b.j2": "\n" + bad})
    assert [str(f) for f in template_statements(templates, FACTS, ["b.j2"])] == [
        _shows(2, "sales", "FY2021", "b.j2")
    ]
    assert [str(f) for f in template_statements(templates, FACTS)] == [
        _shows(2, "sales", "FY2021", "b.j2"),
        _shows(1, "sales", "FY2021", "t.j2"),
    ]


def test_a_template_that_does_not_parse_is_a_template_error(tmp_path: Path) -> None:
    with pytest.raises(TemplateError) as caught:
        _structural(tmp_path, "{% if %}x{% endif %}")
    assert str(caught.value) == (
        "templates/t.j2: template syntax error: Expected an expression, got 'end of statement "
        "block'"
    )


# -- statements: the textual rules --------------------------------------------------------

OLD = record("families", "2019")


def _old_as_current(year: int, word: str = "now") -> str:
    return f"statement: a figure from {year} framed as current by '{word}' (the event is in 2026)"


def test_the_period_is_looked_for_in_the_sentence_just_before_only() -> None:
    first = said("In 2019, USAID started.")
    second = said("It grew.")
    third = said("USAID helped 77,109 families.", OLD)
    assert messages([first, third]) == []
    assert messages([first, second, third]) == [
        "statement: 'families' (2019) without its period: “USAID helped 77,109 families.”"
    ]


def test_the_sentence_before_is_read_apart_from_this_one() -> None:
    heading = said("Results of 2019")
    assert messages([heading, said("77,109 families.", OLD, speech=True)], "es") == []


def test_a_year_figure_needs_no_period_and_is_never_old() -> None:
    start = record("start", "2013", kind="year")
    assert messages([said("Since 2013, USAID now helps.", start)]) == []


@pytest.mark.parametrize(
    ("period", "found"),
    [("2025", []), ("2024", [_old_as_current(2024)]), ("2019", [_old_as_current(2019)])],
)
def test_a_figure_is_old_from_two_years_before_the_event(period: str, found: list[str]) -> None:
    fact = record("families", period)
    text = f"In {period}, USAID now helps 77,109 families."
    assert [m.split(": “")[0] for m in messages([said(text, fact)])] == found


def test_the_oldest_figure_of_a_sentence_is_named() -> None:
    older = record("hectares", "2017")
    text = "In 2019 and 2017, families now grew cacao."
    assert [m.split(": “")[0] for m in messages([said(text, OLD, older)])] == [
        _old_as_current(2017)
    ]


def test_a_present_word_in_the_sentence_before_does_not_frame_this_one() -> None:
    before = said("Today we celebrate.")
    assert messages([before, said("In 2019, USAID helped 77,109 families.", OLD)]) == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("USAID helped 77,109 families.", ["a figure without its period"]),
        ("From 2017 to 2025, USAID now helps 77,109 families.", []),
        ("In 2017, USAID now helps 77,109 families.", [_old_as_current(2017)[11:]]),
        ("In 2025, USAID now helps 77,109 families.", []),
    ],
)
def test_a_figure_of_an_outside_document_is_dated_by_its_latest_year(
    text: str, found: list[str]
) -> None:
    sentence = said(text, figures=True)
    assert [m.split(": “")[0].removeprefix("statement: ") for m in messages([sentence])] == found


def test_the_year_may_be_in_the_sentence_before_an_outside_figure() -> None:
    before = said("In 2025, markets grew.")
    assert messages([before, said("Sales reached 77,109 tons.", figures=True)]) == []


@pytest.mark.parametrize(
    ("text", "headline", "lang", "found"),
    [
        ("77,109 families in 2021.", False, "en", True),
        ("‘59 percent’ of them, in 2021.", False, "en", True),
        ("“59 percent” of them, in 2021.", False, "en", True),
        ("In 2021, 77,109 families.", False, "en", False),
        ("77,109 families in 2021.", True, "en", False),
        ("77,109 familias en 2021.", False, "es", False),
    ],
)
def test_an_english_sentence_does_not_open_with_a_numeral(
    text: str, headline: bool, lang: str, found: bool
) -> None:
    sentence = Sentence(text, (), False, False, HERE, headline)
    numeral = "statement: an English sentence opens with a numeral; rephrase it: “" + text + "”"
    assert messages([sentence], lang) == ([numeral] if found else [])


# -- statements: a template's messages are parsed once per content -----------------------

BARE = '{{ _("Sales: %(a)s.", a=fact("sales")|money) }}'


@pytest.fixture
def user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache of this test's own, switched on, and an empty in-process memo."""
    monkeypatch.delenv("SHIM_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(statements, "_MESSAGES", Memo(statements._MESSAGES.limit))
    return tmp_path / "cache" / "shim" / "data"


def _entry(cache: Path, name: str, source: str) -> Path:
    return cache / f"statements-{key_of(name, source.encode('utf-8'))}.msgpack"


def _store(path: Path, line: int) -> None:
    message = statements._Message(line, (), ("sales",), ())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(msgspec.msgpack.encode([message]))


def test_a_template_s_messages_are_kept_in_the_cache_by_name_and_content(
    tmp_path: Path, user_cache: Path
) -> None:
    assert _structural(tmp_path, BARE) == [_shows(1, "sales", "FY2021")]
    entry = _entry(user_cache, "t.j2", BARE)
    assert msgspec.msgpack.decode(entry.read_bytes(), type=list[statements._Message]) == [
        statements._Message(1, (), ("sales",), ())
    ]


def test_a_template_s_messages_are_read_from_the_cache_then_from_memory(
    tmp_path: Path, user_cache: Path
) -> None:
    entry = _entry(user_cache, "t.j2", BARE)
    _store(entry, 9)
    assert _structural(tmp_path, BARE) == [_shows(9, "sales", "FY2021")]
    _store(entry, 12)
    templates = tmp_path / "templates"
    assert [str(f) for f in template_statements(templates, FACTS)] == [_shows(9, "sales", "FY2021")]


def test_the_memory_of_messages_starts_over_past_64_templates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    memo: Memo[str, list[statements._Message]] = Memo(statements._MESSAGES.limit)
    memo.update({str(n): [] for n in range(64)})
    monkeypatch.setattr(statements, "_MESSAGES", memo)
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "a.j2").write_text("a", encoding="utf-8")
    (templates / "b.j2").write_text("b", encoding="utf-8")
    template_statements(templates, FACTS, ["a.j2"])
    assert len(statements._MESSAGES) == 65
    template_statements(templates, FACTS, ["b.j2"])
    assert len(statements._MESSAGES) == 1


# -- facts: each fact against its source, its links and its age ---------------------------

SOURCE_TEXT = (
    "Alternative development\n\n"
    "In 2021, USAID helped 77,109 families\nmove to licit livelihoods.\n\n"
    "In 2021, sales reached US$13 million. Eighty-five percent agreed in 2021.\n"
)
LINES = {"id": 2, "quote": 4, "locator": 5, "written_as": 6, "value": 7, "period": 8}


def fact_record(fact_id: str, quote: str, paragraph: int = 2, **extra: Any) -> FactRecord:
    data = {"id": fact_id, "value": 77109, "kind": "count", "counts": "families"}
    data |= {"period": "2021", "locator": {"paragraph": paragraph}, "quote": quote, **extra}
    lines = {**LINES, "superseded_by": 9}
    return FactRecord(build(Fact, data), SOURCE, Location("facts/f.yaml", 1), lines)


def fact_base(root: Path, *records: FactRecord, **options: Any) -> FactBase:
    (root / "facts/sources").mkdir(parents=True, exist_ok=True)
    (root / "facts/sources/ad.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    return FactBase({r.fact.id: r for r in records}, {"sheet": SOURCE}, root, **options)


def fact_findings(
    root: Path, *records: FactRecord, today: dt.date = dt.date(2023, 1, 1)
) -> list[str]:
    return [str(f) for f in check(fact_base(root, *records), None, today, max_age_years=4)]


FAMILIES = "In 2021, USAID helped 77,109 families move to licit livelihoods."


def test_a_fact_quoted_from_its_paragraph_passes(tmp_path: Path) -> None:
    assert fact_findings(tmp_path, fact_record("families", FAMILIES)) == []
    sales = fact_record(
        "sales",
        "In 2021, sales reached US$13 million.",
        3,
        value=13000000,
        kind="money",
        currency="USD",
    )
    assert fact_findings(tmp_path, sales) == []


@pytest.mark.parametrize(
    ("quote", "paragraph", "found"),
    [
        (
            "In 2021, USAID helped 77,109 families in Peru.",
            2,
            "facts/f.yaml:4: fact 'families': the quote is not in the source text of 'sheet' "
            "(sources/ad.txt)",
        ),
        (FAMILIES, 3, "facts/f.yaml:5: fact 'families': the quote is in paragraph 2, not 3"),
        (FAMILIES, 4, "facts/f.yaml:5: fact 'families': the quote is in paragraph 2, not 4"),
        (FAMILIES, 1, "facts/f.yaml:5: fact 'families': the quote is in paragraph 2, not 1"),
    ],
)
def test_a_quote_is_found_in_the_paragraph_its_locator_names(
    tmp_path: Path, quote: str, paragraph: int, found: str
) -> None:
    assert fact_findings(tmp_path, fact_record("families", quote, paragraph)) == [found]


def test_a_source_whose_text_cannot_be_read_is_one_finding(tmp_path: Path) -> None:
    base = fact_base(tmp_path, fact_record("families", FAMILIES))
    (tmp_path / "facts/sources/ad.txt").unlink()
    found = [str(f) for f in check(base, None, dt.date(2023, 1, 1), max_age_years=4)]
    assert len(found) == 1
    assert found[0].startswith("facts/sources/ad.txt: source 'sheet': ")


@pytest.mark.parametrize(
    ("value", "kind", "written_as", "found"),
    [
        (77109, "count", "77,109", None),
        (77109, "count", "77,109 families", None),
        (77108, "count", "77,109", "written_as '77,109' does not say the value 77108"),
        (77109, "count", "77.109", "written_as '77.109' is not in the quote"),
        (Decimal("0.85"), "percent", "Eighty-five percent", None),
        (
            Decimal("0.84"),
            "percent",
            "Eighty-five percent",
            "written_as 'Eighty-five percent' does not say the value 0.84",
        ),
        (85, "count", "Eighty-five", None),
        (Decimal("0.85"), "percent", "85%", None),
        (Decimal("0.9"), "percent", "Ninety per cent", None),
        (Decimal("0.7"), "percent", "Seventy PERCENT", None),
        (85, "count", "Eighty-five percent agreed", None),
        (Decimal("0.85"), "percent", "Eighty five percent", None),
        (99, "count", "ninety nine families", None),
        (
            90,
            "count",
            "ninety nine families",
            "written_as 'ninety nine families' does not say the value 90",
        ),
        (85, "count", "percent agreed", "written_as 'percent agreed' does not say the value 85"),
        (
            13000000,
            "money",
            "US$13 million",
            "written_as 'US$13 million' does not say the value 13000000",
        ),
    ],
)
def test_written_as_says_the_value(
    tmp_path: Path, value: Decimal | int, kind: str, written_as: str, found: str | None
) -> None:
    quote = FAMILIES + " In 2021, sales reached US$13 million. Eighty-five percent agreed in 2021."
    quote += " Ninety per cent and 85% and Seventy PERCENT agreed."
    quote += " Eighty five percent of ninety nine families agreed."
    extra = {"currency": "USD"} if kind == "money" else {}
    fact = fact_record("f", quote, value=value, kind=kind, written_as=written_as, note="n", **extra)
    problems = [str(f) for f in _check_fact(fact, None)]
    assert problems == ([] if found is None else [f"facts/f.yaml:6: fact 'f': {found}"])


SPELLED = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70}
TENS |= {"eighty": 80, "ninety": 90}


@pytest.mark.parametrize(("word", "number"), [*zip(SPELLED, range(20), strict=True), *TENS.items()])
def test_every_number_word_below_100_is_read(word: str, number: int) -> None:
    assert words_to_number(word) == number
    assert words_to_number(word.capitalize()) == number


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Seventy-seven", 77),
        ("thirty one", 31),
        ("one twenty", 21),
        ("hundred", None),
        ("  ", None),
        ("_", None),
    ],
)
def test_a_spelled_number_is_its_words_added(text: str, number: int | None) -> None:
    assert words_to_number(text) == number


@pytest.mark.parametrize(
    ("value", "kind", "forms"),
    [
        (13000000, "money", ["13 million", "13.0 million", "13,000,000", "13000000"]),
        (1000000, "money", ["1 million", "1.0 million", "1,000,000", "1000000"]),
        (999999, "money", ["999,999", "999999"]),
        (
            1000000000,
            "money",
            [
                "1 billion",
                "1.0 billion",
                "1000 million",
                "1000.0 million",
                "1,000,000,000",
                "1000000000",
            ],
        ),
        (Decimal("12600000.5"), "money", ["12.6000005 million", "12.6 million"]),
        (Decimal("0.59"), "percent", ["59%", "59 percent"]),
        (Decimal("0.5900"), "percent", ["59%", "59 percent"]),
        (77109, "count", ["77,109", "77109"]),
        (Decimal("98907.50"), "count", ["98907.5"]),
        (2013, "year", ["2013"]),
    ],
)
def test_the_forms_a_source_writes_a_value_in(
    value: Decimal | int, kind: str, forms: list[str]
) -> None:
    extra = {"currency": "USD"} if kind == "money" else {}
    fact = fact_record("f", "q", value=value, kind=kind, **extra).fact
    assert source_forms(fact) == forms


def _linked(fact_id: str, to: str | None, measure: str | None = "families") -> FactRecord:
    return fact_record(fact_id, FAMILIES, superseded_by=to, measure=measure)


def _links(root: Path, *records: FactRecord, **options: Any) -> list[str]:
    return [str(f) for f in _check_links(fact_base(root, *records, **options))]


def test_a_fact_superseded_by_itself(tmp_path: Path) -> None:
    assert _links(tmp_path, _linked("a", "a")) == [
        "facts/f.yaml:9: fact 'a' cannot be superseded by itself"
    ]


def test_a_fact_superseded_by_an_unknown_fact(tmp_path: Path) -> None:
    records = (_linked("families_2021", "families_2022"), _linked("families_2020", None))
    assert _links(tmp_path, *records) == [
        "facts/f.yaml:9: fact 'families_2021': superseded_by names unknown fact "
        "'families_2022'; did you mean 'families_2021'?"
    ]
    assert _links(tmp_path, *records, broken=frozenset({"families_2022"})) == []
    assert _links(tmp_path, *records, complete=False) == []


def test_facts_joined_by_a_supersession_measure_the_same_thing(tmp_path: Path) -> None:
    assert _links(tmp_path, _linked("a", "b"), _linked("b", None)) == []
    assert _links(tmp_path, _linked("a", "b"), _linked("b", None, "hectares")) == [
        "facts/f.yaml:9: fact 'a' measures 'families' but the fact that supersedes it, 'b', "
        "measures 'hectares'"
    ]


@pytest.mark.parametrize(
    ("old", "new", "lines"), [(None, "x", [9]), ("x", None, [2]), (None, None, [9, 2])]
)
def test_both_facts_of_a_supersession_need_a_measure(
    tmp_path: Path, old: str | None, new: str | None, lines: list[int]
) -> None:
    records = (_linked("a", "b", old), _linked("b", None, new))
    assert _links(tmp_path, *records) == [
        f"facts/f.yaml:{line}: fact '{'a' if line == 9 else 'b'}': a supersession link joins "
        "'a' and 'b'; give both a 'measure' (what is counted, e.g. 'hectares planted') so the "
        "link can be checked"
        for line in lines
    ]


def test_a_supersession_cycle_is_named_once_from_its_first_fact(tmp_path: Path) -> None:
    records = (_linked("a", "b"), _linked("b", "c"), _linked("c", "b"), _linked("d", "a"))
    assert _links(tmp_path, *records) == ["facts/f.yaml:9: supersession cycle: b -> c -> b"]


def test_every_supersession_cycle_is_named(tmp_path: Path) -> None:
    records = (_linked("a", "b"), _linked("b", "a"), _linked("c", "d"), _linked("d", "c"))
    assert _links(tmp_path, *records) == [
        "facts/f.yaml:9: supersession cycle: a -> b -> a",
        "facts/f.yaml:9: supersession cycle: c -> d -> c",
    ]


def _aged(fact_id: str, as_of: dt.date, **extra: Any) -> FactRecord:
    return fact_record(fact_id, FAMILIES, as_of=as_of, **extra)


@pytest.mark.parametrize(
    ("records", "found"),
    [
        ([_aged("a", dt.date(2019, 1, 1))], []),
        (
            [_aged("a", dt.date(2018, 12, 31))],
            [
                "facts: warning: 1 current fact was stated more than 4 years ago, the oldest 'a' "
                "(5 years); see `shim facts list --stale`"
            ],
        ),
        (
            [
                _aged("a", dt.date(2018, 1, 1)),
                _aged("b", dt.date(2016, 1, 1)),
                _aged("c", dt.date(2017, 1, 1)),
            ],
            [
                "facts: warning: 3 current facts were stated more than 4 years ago, the oldest 'b' "
                "(7 years); see `shim facts list --stale`"
            ],
        ),
        ([_aged("a", dt.date(2010, 1, 1), status="retired")], []),
        ([_aged("a", dt.date(2010, 1, 1), superseded_by="b", measure="m")], []),
    ],
)
def test_stale_facts_are_one_warning_naming_the_oldest(
    tmp_path: Path, records: list[FactRecord], found: list[str]
) -> None:
    base = fact_base(tmp_path, *records)
    assert [str(f) for f in _stale(base, dt.date(2023, 6, 1), 4)] == found


def test_errors_come_before_warnings(tmp_path: Path) -> None:
    records = (_aged("a", dt.date(2010, 1, 1)), fact_record("b", "In 2021, 77,109 helped."))
    found = check(fact_base(tmp_path, *records), None, dt.date(2023, 6, 1), max_age_years=4)
    assert [(f.warning, f.message[:9]) for f in found] == [
        (False, "fact 'b':"),
        (True, "1 current"),
    ]


def test_templates_name_known_current_facts(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "a.j2").write_text(
        '{{ fact("familes") }}\n{{ fact("old") }}{{ fact("families") }}\n{{ fact("gone") }}',
        encoding="utf-8",
    )
    records = (fact_record("families", FAMILIES), _linked("old", None, None))
    retired = build(Fact, {**msgspec.to_builtins(records[1].fact), "status": "retired"})
    base = fact_base(tmp_path, records[0], FactRecord(retired, SOURCE, Location("f", 1)))
    assert [str(f) for f in _check_uses(base, templates)] == [
        "templates/a.j2:1: template uses unknown fact 'familes'; did you mean 'families'?",
        "templates/a.j2:2: template uses retired fact 'old'",
        "templates/a.j2:3: template uses unknown fact 'gone'",
    ]
    broken = msgspec.structs.replace(base, broken=frozenset({"familes", "gone"}))
    assert [str(f) for f in _check_uses(broken, templates)] == [
        "templates/a.j2:2: template uses retired fact 'old'"
    ]
    incomplete = msgspec.structs.replace(base, complete=False)
    assert [str(f) for f in _check_uses(incomplete, templates)] == [
        "templates/a.j2:2: template uses retired fact 'old'"
    ]
    assert [str(f) for f in check(base, templates, dt.date(2023, 1, 1), max_age_years=4)][-1] == (
        "templates/a.j2:3: template uses unknown fact 'gone'"
    )


def test_fact_calls_of_a_template_with_their_lines(tmp_path: Path) -> None:
    path = tmp_path / "templates" / "a.j2"
    raw = b'{{ fact("a") }}\n{% if x %}{{ fact("b").value }}{% endif %}{{ f("c") }}{{ fact(x) }}'
    assert _fact_calls(raw, path, tmp_path / "templates") == [("a", 1), ("b", 2)]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (
            b"{{ fact('a') }}\n{% if %}",
            "templates/a.j2:2: template syntax error: "
            "Expected an expression, got 'end of statement block'",
        ),
        (b"{{ fact('a') }}\n\xff", "templates/a.j2: not UTF-8 text"),
    ],
)
def test_a_template_the_fact_check_cannot_read_is_located(
    tmp_path: Path, raw: bytes, message: str
) -> None:
    (tmp_path / "templates").mkdir()
    with pytest.raises(TemplateError) as caught:
        _fact_calls(raw, tmp_path / "templates" / "a.j2", tmp_path / "templates")
    assert str(caught.value) == message


# -- reading: a .docx from outside, as `shim check` reads it ------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _word(path: Path, language: str | None = "es-PE", style_lang: str | None = None) -> Path:
    import docx

    doc = docx.Document()
    props = doc.core_properties
    props.language = language or ""
    props.keywords = "shim numbers=statistical"
    props.created = dt.datetime(2026, 12, 3, 10, 0)
    lang = doc.styles.element.find(f".//{W}lang")
    if style_lang is None:
        lang.getparent().remove(lang)
    else:
        lang.set(f"{W}val", style_lang)
    doc.add_paragraph("Primero.")._p.style = "Speech"
    doc.add_paragraph("  ")
    doc.add_paragraph("Segundo.")
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Celda"
    table.cell(1, 0).text = "A"
    table.cell(1, 1).paragraphs[0].add_run("B")._r.getparent().style = "Speech"
    doc.add_paragraph("Tercero.")._p.style = "Speech"
    doc.save(str(path))
    return path


def test_a_word_document_is_read_as_its_paragraphs_language_style_and_date(
    tmp_path: Path,
) -> None:
    path = _word(tmp_path / "a.docx")
    assert read_docx(path) == ReadDoc(
        str(path),
        "es-PE",
        ",",
        ("Primero.", "Segundo.", "Celda", "A", "B", "Tercero."),
        dt.date(2026, 12, 3),
        frozenset({0, 4, 5}),
    )


@pytest.mark.parametrize(
    ("language", "style_lang", "lang"),
    [(None, "es-ES", "es-ES"), (None, None, "en-US"), ("en-GB", "es-ES", "en-GB")],
)
def test_a_document_s_language_is_its_own_else_its_styles(
    tmp_path: Path, language: str | None, style_lang: str | None, lang: str
) -> None:
    assert read_docx(_word(tmp_path / "a.docx", language, style_lang)).lang == lang


@pytest.mark.parametrize(
    ("lang", "style", "decimal"),
    [
        ("es-ES", None, ","),
        ("es-PE", None, "."),
        ("en-US", "rae", ","),
        ("en-US", "statistical", ","),
        ("es-ES", "gob-pe", "."),
        ("es-ES", "cldr", ","),
    ],
)
def test_a_document_s_decimal_sign(lang: str, style: str | None, decimal: str) -> None:
    assert decimal_for(lang, style) == decimal


def test_a_document_that_unpacks_past_the_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _word(tmp_path / "a.docx")
    with zipfile.ZipFile(path, "a", zipfile.ZIP_STORED) as zf:
        zf.writestr("word/media/noise.bin", os.urandom(3_000_000))
        total = sum(info.file_size for info in zf.infolist())
    assert 3_000_000 < total < 2**22  # "N MB" is 10**6 bytes, the limit's MB 2**20
    monkeypatch.setattr(reading, "MAX_TOTAL", total)
    assert read_docx(path).paragraphs[0] == "Primero."
    monkeypatch.setattr(reading, "MAX_TOTAL", total - 1)
    with pytest.raises(OutputError) as caught:
        read_docx(path)
    assert str(caught.value) == (
        f"{path}: cannot read as a Word document: unpacks to {round(total / 1e6)} MB "
        f"(limit {(total - 1) // 2**20} MB); refusing a "
        "possible zip bomb"
    )


def _package(path: Path, name: str, xml: str) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(name, xml)
    return path


@pytest.mark.parametrize(
    ("name", "xml", "problem"),
    [
        ("word/other.xml", "<x/>", "has no word/document.xml (not a Word document)"),
        (
            "word/document.xml",
            "<x/>",
            f"word/document.xml:1: root element is x, expected {W}document",
        ),
    ],
)
def test_a_package_that_is_not_a_word_document_is_refused(
    tmp_path: Path, name: str, xml: str, problem: str
) -> None:
    path = _package(tmp_path / "a.docx", name, xml)
    with pytest.raises(OutputError) as caught:
        read_docx(path)
    assert str(caught.value) == f"{path}: cannot read as a Word document: {problem}"


def test_a_package_python_docx_cannot_open_is_refused(tmp_path: Path) -> None:
    path = _package(tmp_path / "a.docx", "word/document.xml", f'<w:document xmlns:w="{W[1:-1]}"/>')
    with pytest.raises(OutputError) as caught:
        read_docx(path)
    assert str(caught.value).startswith(f"{path}: cannot read as a Word document: ")


# -- parity: the figures of a document, against the fact base and its translation --------

PARITY_FACTS = (
    record("families", "2021", value=77109),
    record("hectares", "2021", kind="area", unit="hectares", value=98907, qualifier="more_than"),
    record("companies_old", "2020", value=46, superseded_by="companies"),
    record("communities", "to date", value=100, qualifier="target"),
    record("start", "since 2013", kind="year"),
    record("grant", "2021", kind="money", value=13_000_000),
    record("budget", "2021", kind="money", value=2_500_000, currency="PEN"),
)
PARAGRAPHS = (
    "USAID helped 77,109 families in 2021.",
    "USAID helped more than 77,109 families.",
    "Farmers planted more than 98,907 hectares.",
    "Farmers planted 98,907 hectares.",
    "USAID worked with 46 companies.",
    "USAID aims to reach nearly 100 communities.",
    "USAID helped 12 families.",
    "USAID/Peru, Alternative Development, para. 8.",
    "It gave US$13 million and S/ 2.5 million.",
    "It gave S/ 13 million and US$2.5 million.",
)


def test_each_figure_of_a_document_with_its_fact_or_its_problem() -> None:
    doc = ReadDoc("x.docx", "en-US", ".", PARAGRAPHS, EVENT)
    found = [(str(p), str(f), r) for p, f, r in against_facts(doc, base(*PARITY_FACTS))]
    assert found == [
        ("¶1 “USAID helped 77,109 families in…”", "“77,109”", "families"),
        (
            "¶2 “USAID helped more than 77,109…”",
            "“more than 77,109”",
            " “more than 77,109” says more_than but fact 'families' is exact: the claim changed",
        ),
        ("¶3 “Farmers planted more than 98,907…”", "“more than 98,907”", "hectares"),
        (
            "¶4 “Farmers planted 98,907 hectares.”",
            "“98,907”",
            " “98,907” says no qualifier but fact 'hectares' is more_than: the claim changed",
        ),
        (
            "¶5 “USAID worked with 46 companies.”",
            "“46”",
            " “46” matches only superseded fact 'companies_old' (now 'companies')",
        ),
        ("¶6 “USAID aims to reach nearly…”", "“nearly 100”", "communities"),
        ("¶7 “USAID helped 12 families.”", "“12”", " “12” (12) matches no fact"),
        ("¶9 “It gave US$13 million and…”", "“US$13 million”", "grant"),
        ("¶9 “It gave US$13 million and…”", "“S/ 2.5 million”", "budget"),
        (
            "¶10 “It gave S/ 13 million…”",
            "“S/ 13 million”",
            " “S/ 13 million” is in PEN but fact 'grant' is in USD",
        ),
        (
            "¶10 “It gave S/ 13 million…”",
            "“US$2.5 million”",
            " “US$2.5 million” is in USD but fact 'budget' is in PEN",
        ),
    ]


@pytest.mark.parametrize(
    ("tag", "code"),
    [
        ("en", "en"),
        ("en-US", "en"),
        ("es", "es"),
        ("es-PE", "es"),
        ("es-ES", "es-ES"),
        ("es-419", "es-419"),
        ("es-CO", "es"),
        ("ES-ar", "es"),
        ("fr-FR", "en"),
    ],
)
def test_shim_s_language_code_for_a_document_s_tag(tag: str, code: str) -> None:
    assert lang_code(tag) == code


@pytest.mark.parametrize("code", ["en", "es"])
def test_the_fact_index_holds_each_figure_a_fact_may_appear_as_once(code: str) -> None:
    facts = base(
        record("fam", "2021", value=77109),
        record("ha", "2021", kind="area", value=98907, qualifier="more_than", unit="hectares"),
        record("usd", "2021", kind="money", value=13_000_000, qualifier="target"),
        record("pen", "2021", kind="money", value=2_500_000, currency="PEN"),
        record("pct", "2021", kind="percent", value=0.85),
        record("yr", "2021", kind="year"),
    )
    index = {
        key: [(e.record.fact.id, e.qualifier, e.any_qualifier) for e in expected]
        for key, expected in fact_index(facts, code).items()
    }
    # An exact count may be said "more than" its thousands or "nearly" the next;
    # a target may be worded any way; a year is no figure of its own.
    assert index == {
        ("number", Decimal(77109)): [("fam", None, False)],
        ("number", Decimal(77000)): [("fam", "more_than", False)],
        ("number", Decimal(78000)): [("fam", "nearly", False)],
        ("number", Decimal(98907)): [("ha", "more_than", False)],
        ("number", Decimal(98000)): [("ha", "more_than", False)],
        ("money", Decimal(13_000_000)): [("usd", None, True)],
        ("money", Decimal(2_500_000)): [("pen", None, False)],
        ("percent", Decimal("0.85")): [("pct", None, False)],
    }


def _docx(path: Path, lang: str, *paragraphs: str) -> Path:
    import docx

    doc = docx.Document()
    doc.core_properties.language = lang
    doc.core_properties.created = dt.datetime(2026, 12, 3)
    for text in paragraphs:
        doc.add_paragraph(text)
    doc.save(str(path))
    return path


def test_one_document_checked_against_the_fact_base(tmp_path: Path) -> None:
    path = _docx(
        tmp_path / "a.docx",
        "en-US",
        "In 2021, USAID helped 77,109 families.",
        "In 2021, USAID helped 12 families.",
        "In 2021, sales were 1.234,5 tons.",
    )
    assert check_one(path, base(*PARITY_FACTS)) == [
        f"{path} ¶3 “In 2021, sales were 1.234,5…”: “1.234,5” is not a figure in this number "
        "style (decimal “.”)",
        f"{path} ¶2 “In 2021, USAID helped 12…”: “12” (12) matches no fact",
    ]


def test_a_document_explained_figure_by_figure(tmp_path: Path) -> None:
    quoted = record("families", "2021", value=77109, quote="It helped 77,109 families.")
    path = _docx(tmp_path / "a.docx", "en-US", "In 2021, USAID helped 77,109 families and 12 more.")
    assert explain(path, base(quoted)) == [
        "¶1 “In 2021, USAID helped 77,109…”: “77,109” = families (sheet, para. 1): "
        "“It helped 77,109 families.”",
        "¶1 “In 2021, USAID helped 77,109…”: “12” (12) matches no fact",
    ]


def test_a_pair_is_two_documents(tmp_path: Path) -> None:
    a = _docx(tmp_path / "a.docx", "en-US", "In 2021, USAID helped 77,109 families.")
    b = tmp_path / "b.docx"
    b.write_bytes(a.read_bytes())
    for other in (a, b, tmp_path / "." / "a.docx"):
        with pytest.raises(UsageError) as caught:
            check_pair(a, other, None)
        assert str(caught.value) == (
            f"{a} and {other} are the same document; give its counterpart in the other language"
        )


def test_a_pair_of_translations_compared_and_checked(tmp_path: Path) -> None:
    a = _docx(tmp_path / "a.docx", "en-US", "In 2021, USAID helped 77,109 families.")
    b = _docx(tmp_path / "b.docx", "es-PE", "En 2021, USAID ayudó a 77,109 familias.")
    assert check_pair(a, b, base(*PARITY_FACTS)) == []
    c = _docx(tmp_path / "c.docx", "es-PE", "En 2021, USAID ayudó a 77,108 familias.")
    pair = f"{a} ¶1 “In 2021, USAID helped 77,109…” / {c} ¶1 “En 2021, USAID ayudó a…”"
    assert check_pair(a, c, None) == [
        f"{pair}: value differs: “77,109” (77109) vs “77,108” (77108)"
    ]
    assert check_pair(a, c, base(*PARITY_FACTS)) == [
        f"{pair}: value differs: “77,109” (77109) vs “77,108” (77108)",
        f"{c} ¶1 “En 2021, USAID ayudó a…”: “77,108” (77108) matches no fact",
    ]


def _rendered(lang: str, text: str, numbers: str | None = None) -> Document:
    meta = {"numbers": numbers} if numbers else {}
    blocks = (Block("Normal", (Run(text),)),)
    return Document("remarks", lang, lang, "Remarks", "Remarks", blocks, meta=meta)


EN = _rendered("en", "In 2021, USAID helped 77,109 families.")


def test_every_language_of_a_document_carries_the_english_figures() -> None:
    es = _rendered("es", "En 2021, USAID ayudó a 77,109 familias.")
    statistical = _rendered("es", "En 2021, el 8,5 % de las 77 109 familias.", "statistical")
    assert check_languages([("en", EN), ("es", es)]) is None
    assert check_languages([("es", es)], EN) is None
    assert check_languages([("es", statistical)]) is None
    with pytest.raises(Findings) as caught:
        check_languages([("en", EN), ("es", statistical)])
    assert str(caught.value).splitlines() == [
        "remarks.en ¶1 “In 2021, USAID helped 77,109…” / remarks.es ¶1 “En 2021, el 8,5 %…”: "
        "“8,5 %” (8.5%) is missing in remarks.en",
        "1 figure differ between languages",
    ]


def test_a_figure_shows_the_current_fact_of_its_value() -> None:
    current = record("companies", "2021", value=46)
    doc = ReadDoc("x.docx", "en-US", ".", ("In 2021, USAID worked with 46 companies.",), EVENT)
    found = [r for _, _, r in against_facts(doc, base(PARITY_FACTS[2], current))]
    assert found == ["companies"]


BILLONES = "En 2021, el presupuesto fue de US$ 24.7 billones."


def test_a_word_its_language_must_not_use_is_found_in_one_document(tmp_path: Path) -> None:
    path = _docx(tmp_path / "a.docx", "es-PE", BILLONES)
    assert check_one(path, base()) == [
        f"{path} ¶1 “En 2021, el presupuesto fue…”: “24.7 billones” reads as 10^12 in Spanish; "
        "write “24 700 millones” or “mil millones”",
        f"{path} ¶1 “En 2021, el presupuesto fue…”: “US$ 24.7 billones” (24700000000000) "
        "matches no fact",
    ]


def test_a_word_its_language_must_not_use_is_found_in_a_render() -> None:
    es = _rendered("es", BILLONES.replace("US$ 24.7 billones", "77,109 familias"))
    wrong = _rendered("es", "En 2021, USAID ayudó a 77,109 familias y gastó 2.5 billones.")
    assert check_languages([("en", EN), ("es", es)]) is None
    with pytest.raises(Findings) as caught:
        check_languages([("en", EN), ("es", wrong)])
    assert str(caught.value).splitlines()[-2:] == [
        "remarks.es ¶1 “En 2021, USAID ayudó a…”: “2.5 billones” reads as 10^12 in Spanish; "
        "write “2500 millones” or “mil millones”",
        "2 figures differ between languages",
    ]


def test_a_source_error_without_a_place_is_reported_at_the_sources_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreadable(self: FactBase, source: Source) -> str:
        raise ShimError("cannot be read")

    monkeypatch.setattr(FactBase, "source_text", unreadable)
    base = fact_base(tmp_path, fact_record("families", FAMILIES))
    assert [str(f) for f in check(base, None, dt.date(2023, 1, 1), max_age_years=4)] == [
        "facts/sources.yaml: source 'sheet': cannot be read"
    ]
