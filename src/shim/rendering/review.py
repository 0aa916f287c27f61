"""The bilingual review packet: English and a translation side by side, with the facts.

For each document kind of a brief, one table per section: a row per paragraph with the
English text, the translation, and the facts it uses (id, source, paragraph and the
verbatim quote). Each translation in the packet is one paragraph per message, marked
with a bookmark that carries the message's identity, so the packet comes back with
``shim i18n import`` (:mod:`shim.rendering.review_import`); a plural message shows
every form. Everything but the translations is protected in Word. Rows that need
attention (untranslated or fuzzy text, superseded, draft or stale facts) are shaded.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import msgspec

from shim.document import Block, Cell, Document, Part, Run
from shim.docx.packet import message_key
from shim.errors import UsageError
from shim.language.catalogs import Messages, find_catalog
from shim.language.locales import LANGS, Lang
from shim.rendering.build import KIND_LABELS, Rendered, render_document
from shim.rendering.context import citation, fact_flags, figures_for
from shim.rendering.messages import MessageUse
from shim.workspace.briefs import BriefFile
from shim.workspace.loader import Workspace

FACTS_HEADER = "Facts and sources"
ZWSP = "\u200b"  # lets a long fact id wrap after an underscore, never mid-word


@dataclass(frozen=True)
class Entry:
    """One editable translation of the packet, as it was made."""

    index: int
    msgid: str
    plural: str | None
    form: int  # the plural form (0 for a message without plural)
    variables: dict[str, str]  # placeholders as the translation showed them
    catalog: str  # the catalog's text then ("" when untranslated)
    fuzzy: bool
    table: int
    row: int  # 1 is the header row, as a person counts
    english: str  # the row's English cell
    facts: str  # the row's facts cell

    @property
    def source(self) -> str:
        """The English of this form."""
        return self.msgid if self.form == 0 or self.plural is None else self.plural


@dataclass(frozen=True)
class Packet:
    document: Document
    entries: dict[int, Entry]
    lang: str
    name: str  # the file name


def review_name(ws: Workspace, brief: str, other: str) -> str:
    """``<brief>.review.docx`` for the workspace's default pair, else with the languages,
    so a packet for another variant never overwrites the default one."""
    default = next((c for c in ws.settings.workspace.languages if c != "en"), "es")
    suffix = "" if other == default else f".en+{other}"
    return f"{brief}.review{suffix}.docx"


def language_name(lang: Lang) -> str:
    """The language's own name for a column header: "Español", "Português"."""
    from babel import Locale

    return str(Locale.parse(lang.babel).language_name).capitalize()


def build_packet(ws: Workspace, bf: BriefFile, kinds: Sequence[str], other: str) -> Packet:
    """The packet's document and, by bookmark index, what each translation was made from."""
    lang = LANGS.get(other)
    if lang is None or lang.catalog == "en":
        raise UsageError(f"the review packet compares English with another language, not '{other}'")
    en_figures = figures_for(ws, LANGS["en"])
    date = en_figures.date(bf.brief.date)
    title = f"Review packet: {bf.brief.title.en}"
    blocks: list[Block] = [Block("Title", (Run(title),))]
    intro = (
        f"{date} · English and {lang.name}, paragraph by paragraph. Edit only the "
        f"{language_name(lang)} column: the English and the facts are protected, and "
        "figures are changed in the facts, not in the translation. To accept a translation "
        "marked for review, delete its mark. Shaded rows need attention: untranslated or "
        "unreviewed text, or a fact that is superseded, not cleared, or stale. Return the "
        "file for `shim i18n import`."
    )
    blocks.append(Block("Normal", (Run(intro),)))
    builder = _Builder(ws, bf, find_catalog(ws.root, lang.catalog, lang.chain), lang)
    for kind in kinds:
        en = render_document(ws, bf, kind, "en", draft=True)
        tr = render_document(ws, bf, kind, other, draft=True)
        blocks.append(Block("Heading1", (Run(KIND_LABELS.get(kind, kind)),)))
        blocks += builder.sections(en, tr)
    document = Document(
        kind="review",
        lang="en",
        word_lang="en-US",
        title=title,
        subject=f"Review packet · English and {lang.name} · {bf.brief.title.en}",
        blocks=tuple(blocks),
        header=(Run(f"Review packet · {bf.brief.title.en} · {date}"),),
        footer=(
            Run("Page "),
            Run("PAGE", mark="field"),
            Run(" of "),
            Run("NUMPAGES", mark="field"),
        ),
        meta={
            "protect": "readOnly",
            # Spaces only: LibreOffice rewrites ";" and "," between keywords as spaces.
            "keywords": f"review en+{other} brief={bf.name} kinds={'+'.join(kinds)}",
        },
    )
    return Packet(document, builder.entries, other, review_name(ws, bf.name, other))


@dataclass
class _Builder:
    ws: Workspace
    bf: BriefFile
    catalog: Messages
    lang: Lang
    entries: dict[int, Entry] = field(default_factory=dict)
    tables: int = 0

    def sections(self, en: Rendered, tr: Rendered) -> Iterator[Block]:
        a_blocks, b_blocks = en.document.blocks, tr.document.blocks
        if len(a_blocks) != len(b_blocks):
            raise UsageError(
                f"{en.document.kind}: the English and {self.lang.name} documents have "
                f"different structures ({len(a_blocks)} and {len(b_blocks)} paragraphs)"
            )
        title = "Opening"
        rows: list[tuple[Cell, ...]] = []
        for a, b in zip(a_blocks, b_blocks, strict=True):
            if a.style == "Title":
                continue
            if a.style in ("Heading1", "Heading2"):
                if rows:
                    yield from self._table(title, rows)
                title, rows = a.text, []
            rows.append(self._row(a, b, tr.messages, len(rows) + 2))
        if rows:
            yield from self._table(title, rows)

    def _table(self, title: str, rows: list[tuple[Cell, ...]]) -> Iterator[Block]:
        header = (
            Cell((Run("English"),)),
            Cell((Run(language_name(self.lang)),), lang=self.lang.word),
            Cell((Run(FACTS_HEADER),)),
        )
        yield Block("Heading2", (Run(title),))
        yield Block("Table", (), rows=(header, *rows))

    def _row(self, a: Block, b: Block, uses: Sequence[MessageUse], row: int) -> tuple[Cell, ...]:
        max_age = self.ws.settings.facts.max_age_years
        figures = figures_for(self.ws, LANGS["en"])
        notes: list[str] = []
        flagged = any(r.mark for r in (*a.runs, *b.runs))
        for fact_id in a.facts:
            record = self.ws.facts.get(fact_id)
            if record is None:
                continue
            flags = fact_flags(record, self.bf.brief.date, max_age)
            flagged = flagged or bool(flags)
            note = f"{fact_id.replace('_', '_' + ZWSP)}: {citation(record, figures)}"
            note += f" ({'; '.join(flags)})" if flags else ""
            notes.append(f"{note}\n“{record.fact.quote}”")
        english = tuple(msgspec.structs.replace(r, mark=None) for r in _shown(a))
        facts = "\n".join(notes) or "—"
        if row == 2:
            self.tables += 1
        table = self.tables
        context = (table, row, "".join(r.text for r in english), facts)
        parts = tuple(self._parts(_shown(b), uses, context))
        return (
            Cell(english, shade=flagged),
            Cell(_shown(b), lang=self.lang.word, shade=flagged, parts=parts),
            Cell((Run(facts),), shade=flagged),  # the writer turns \n into w:br
        )

    def _parts(
        self, runs: tuple[Run, ...], uses: Sequence[MessageUse], context: tuple[int, int, str, str]
    ) -> Iterator[Part]:
        groups: list[tuple[int | None, list[Run]]] = []
        for run in runs:
            # A flagged figure is said in the facts column; its label would be read back.
            run = msgspec.structs.replace(run, mark=None) if run.mark == "warning" else run
            if groups and groups[-1][0] == run.msg:
                groups[-1][1].append(run)
            else:
                groups.append((run.msg, [run]))
        for msg, group in groups:
            text = "".join(r.text for r in group).strip()
            if msg is None:
                if text:
                    yield Part(tuple(group))
                continue
            yield from self._message(uses[msg], tuple(group), context)

    def _message(
        self, use: MessageUse, runs: tuple[Run, ...], context: tuple[int, int, str, str]
    ) -> Iterator[Part]:
        entry = self.catalog.entries.get(use.msgid)
        strings = entry.strings if entry is not None else ()
        if use.plural is None:
            forms: list[tuple[int, tuple[Run, ...]]] = [(0, runs)]
        else:
            shown = self.catalog.plural(use.count or 0)
            forms = [
                (f, runs if f == shown else (Run(self._form(use, f, strings)),))
                for f in range(self.catalog.num_plurals)
            ]
        table, row, english, facts = context
        for form, form_runs in forms:
            index = len(self.entries)
            text = strings[form] if form < len(strings) else ""
            self.entries[index] = Entry(
                index,
                use.msgid,
                use.plural,
                form,
                use.variables,
                text,
                bool(entry and entry.fuzzy),
                table,
                row,
                english,
                facts,
            )
            key = message_key(use.msgid, plural=form)
            yield Part(form_runs, key=key, index=index, state=text)

    @staticmethod
    def _form(use: MessageUse, form: int, strings: tuple[str, ...]) -> str:
        """A plural form the document did not use, filled with the same placeholders."""
        text = strings[form] if form < len(strings) and strings[form] else ""
        text = text or (use.msgid if form == 0 else use.plural or use.msgid)
        try:
            return text % use.variables
        except (KeyError, ValueError, TypeError):
            return text


def _shown(block: Block) -> tuple[Run, ...]:
    """A block's text for a cell: its runs, or the text of its headlines or chart."""
    return block.runs or (Run(block.text),)
