"""Gettext catalogs read from the ``.po`` files, with no silent fallback.

The ``.po`` file is the source of truth: it keeps fuzzy flags and line numbers that a
compiled ``.mo`` loses, so shim reads it directly (parsed once per content: the result is
kept per process and in the user's cache). A message
that is missing, untranslated or fuzzy is never shown as English inside a Spanish
document: it is collected and reported, or, with ``--draft``, shown marked.
"""

import io
import re
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import msgspec
from markupsafe import escape

from shim.cache import cached, key_of
from shim.document import clean, has_forbidden
from shim.errors import Location, TranslationError, display_path
from shim.language.cldr import plural_rule
from shim.safeio import inside, read_bytes

MAX_CATALOG = 8 * 1024 * 1024  # bytes; the shipped catalog is about 40 KB


class Entry(msgspec.Struct, frozen=True):
    strings: tuple[str, ...]  # one msgstr, or one per plural form
    fuzzy: bool
    line: int

    @property
    def translated(self) -> bool:
        return all(self.strings) and bool(self.strings)


class Messages(msgspec.Struct, frozen=True):
    """One language's translations as a render reads them (Babel's ``Catalog`` is the
    editable .po file; this is the checked, read-only result)."""

    lang: str
    file: str
    entries: Mapping[str, Entry]
    plural: Callable[[int], int]
    num_plurals: int
    warnings: tuple[str, ...] = ()


class Problem(msgspec.Struct, frozen=True):
    """A message a document needs that the catalog cannot give."""

    kind: str  # "untranslated", "fuzzy", "missing"
    msgid: str
    catalog_at: Location
    used_at: Location | None

    def __str__(self) -> str:
        text = self.msgid if len(self.msgid) <= 60 else self.msgid[:57] + "..."
        where = f" (used at {self.used_at})" if self.used_at else ""
        what = {
            "untranslated": "untranslated message",
            "fuzzy": "fuzzy (unreviewed) translation of",
            "missing": "message not in the catalog (run `shim i18n update`):",
        }[self.kind]
        return f'{self.catalog_at}: {what} "{text}"{where}'


PLACEHOLDER = re.compile(r"%\((\w+)\)s")
# Any printf conversion: only "%(name)s" and "%%" are allowed; a width or precision
# ("%(speaker)2000000000s") would make Python build a string of that size.
CONVERSION = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?(?P<spec>[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d*))?)(?P<type>.?)"
)
TYPED = re.compile(r"(?<![\w-])\d+(?:[.,]\d+)*")


def format_problems(text: str) -> list[str]:
    """Conversions other than ``%(name)s`` and ``%%`` in a message or translation.

    >>> format_problems("%(speaker)2000000000s y %(n)s, 50%% y %d")
    ["'%(speaker)2000000000s' (a width or precision)", "'%d' (not a named placeholder)"]
    """
    out = []
    for m in CONVERSION.finditer(text):
        whole, name, spec, kind = m.group(0), m.group("name"), m.group("spec"), m.group("type")
        if kind == "%" and not name and not spec:
            continue
        if name is not None and kind == "s" and not spec and re.fullmatch(r"\w+", name):
            continue
        why = "a width or precision" if spec else "not a named placeholder"
        out.append(f"'{whole}' ({why})")
    return out


@lru_cache(maxsize=4096)
def _source_problems(
    msgid: str, plural: str | None, allowed: tuple[str, ...]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Typed figures and bad conversions of one message (the same on every render)."""
    text = msgid if plural is None else f"{msgid} {plural}"
    return tuple(typed_figures(text, allowed)), tuple(format_problems(text))


def typed_figures(text: str, allowed: tuple[str, ...] = ()) -> list[str]:
    """Numbers typed into a message (figures come from facts); ``allowed`` names such as
    "COVID-19" (``[documents] names_with_digits`` in shim.toml) are not figures.

    >>> typed_figures("US$24.7 million for %(n)s families, COVID-19", ("COVID-19",))
    ['24.7']
    """
    for name in allowed:
        text = text.replace(name, " ")
    return TYPED.findall(PLACEHOLDER.sub(" ", text))


# Patterns as text: compiled (and cached by ``re``) only when a catalog is read.
_QUOTED = r'^(?:#~\s*)?(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)?\s*"(?:[^"\\]|\\.)*"\s*$'
_KEYWORD = r'^(?:#~\s*)?(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?\s|")'


def unclosed_quote(data: bytes) -> int | None:
    """The line of a string with no closing quote (Babel silently drops its last letter)."""
    for number, line in enumerate(data.decode("utf-8", "replace").splitlines(), 1):
        text = line.strip()
        if re.match(_KEYWORD, text) and not re.match(_QUOTED, text):
            return number
    return None


def catalog_path(root: Path, lang: str) -> Path:
    return root / "locales" / lang / "LC_MESSAGES" / "messages.po"


def read_po_file(
    path: Path, display: str, locale: str | None, missing: str, root: Path | None = None
) -> Any:
    """A Babel catalog from a ``.po`` or ``.pot`` file; every defect is a located error."""
    return read_po_bytes(_read(path, display, missing, root), display, locale)


def _read(path: Path, display: str, missing: str, root: Path | None = None) -> bytes:
    """A catalog's bytes, through the confined reader (regular file, size checked first)."""
    if not path.exists() and not path.is_symlink():
        raise TranslationError(missing, Location(display))
    return read_bytes(path, display, MAX_CATALOG, root=root, error=TranslationError)


def read_po_bytes(data: bytes, display: str, locale: str | None) -> Any:
    """A Babel catalog from the bytes of a ``.po`` or ``.pot`` file."""
    from babel.messages.pofile import PoFileError, read_po

    # Editors on Windows and old Macs save a BOM or CR line ends; Babel reads neither.
    data = data.removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    line = unclosed_quote(data)
    if line is not None:
        raise TranslationError(
            "invalid catalog: a string has no closing quote", Location(display, line)
        )
    try:
        return read_po(io.BytesIO(data), locale=locale, abort_invalid=True)
    except PoFileError as exc:
        line = getattr(exc, "lineno", None)
        raise TranslationError(f"invalid catalog: {exc}", Location(display, line)) from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise TranslationError(f"invalid catalog: {exc}", Location(display)) from None


def load_catalog(path: Path, display: str, lang: str) -> Messages:
    """Parse one ``.po`` file; cached by the file's identity, so an edit is always seen."""
    try:
        st = path.stat()
    except OSError:
        st = None
    identity = (st.st_size, st.st_mtime_ns, st.st_ino) if st else None
    return _load_catalog(path, display, lang, identity)


def plural_index(lang: str, forms: int, display: str) -> Callable[[int], int]:
    """The msgstr index for a count: CLDR's plural categories in CLDR order, from Babel.

    >>> rule = plural_index("es", 3, "es.po"); [rule(n) for n in (1, 2, 1_000_000, 0)]
    [0, 2, 1, 2]
    >>> rule = plural_index("en", 2, "en.po"); [rule(n) for n in (1, 2, 0)]
    [0, 1, 1]
    """
    rule = plural_rule(lang.replace("-", "_"))
    tags = {*rule.tags, "other"}
    order = [c for c in ("zero", "one", "two", "few", "many", "other") if c in tags]
    if forms != len(order):
        raise TranslationError(
            f"the catalog has {forms} plural form(s) but CLDR's '{lang}' has {len(order)} "
            f"({', '.join(order)}); fix its Plural-Forms header",
            Location(display),
        )
    index: dict[str, int] = {category: i for i, category in enumerate(order)}
    return lambda n: index[rule(n)]


class _Parsed(NamedTuple):
    """What a render needs from a .po file (kept in the user's cache, by content)."""

    entries: dict[str, Entry]
    num_plurals: int
    warnings: tuple[str, ...]


@lru_cache(maxsize=32)
def _load_catalog(
    path: Path, display: str, lang: str, identity: tuple[int, int, int] | None
) -> Messages:
    missing = f"no catalog for '{lang}'; create it with `shim i18n update`"
    data = _read(path, display, missing)
    parsed = cached(
        "catalog", key_of(display, lang, data), _Parsed, lambda: _parse(data, display, lang)
    )
    plural = plural_index(lang, parsed.num_plurals, display)
    return Messages(lang, display, parsed.entries, plural, parsed.num_plurals, parsed.warnings)


def _parse(data: bytes, display: str, lang: str) -> _Parsed:
    cat = read_po_bytes(data, display, lang.replace("-", "_"))
    entries: dict[str, Entry] = {}
    warnings: list[str] = []
    for msg in cat:
        if not msg.id:
            continue
        key = msg.id[0] if isinstance(msg.id, (list, tuple)) else msg.id
        strings = tuple(msg.string) if isinstance(msg.string, (list, tuple)) else (msg.string,)
        if any(has_forbidden(s or "") for s in strings):
            warnings.append(
                f"{display}:{msg.lineno}: removed control characters from the "
                f'translation of "{key[:40]}"'
            )
            strings = tuple(clean(s or "") for s in strings)
        entries[key] = Entry(tuple(s or "" for s in strings), msg.fuzzy, msg.lineno or 0)
    return _Parsed(entries, int(cat.num_plurals), tuple(warnings))


def find_catalog(root: Path, lang: str, chain: tuple[str, ...] = ()) -> Messages:
    """``lang``'s catalog; with a gettext ``chain`` (``("es_CO", "es")``), the regional
    catalogs before it, each holding only its differences. Never English."""
    path = catalog_path(root, lang)
    display = display_path(path, root)
    if path.exists():  # a catalog linked from outside the workspace is refused
        inside(path, root, display, TranslationError)
    base = load_catalog(path, display, lang)
    for variant in reversed([c for c in chain if c != lang]):
        extra = catalog_path(root, variant)
        if not extra.is_file():
            continue
        shown = display_path(extra, root)
        inside(extra, root, shown, TranslationError)
        over = load_catalog(extra, shown, variant.replace("_", "-"))
        ready = {k: e for k, e in over.entries.items() if e.translated and not e.fuzzy}
        base = msgspec.structs.replace(
            base, entries={**base.entries, **ready}, warnings=base.warnings + over.warnings
        )
    return base


class Translator(msgspec.Struct):
    """gettext/ngettext for one render; records every problem instead of falling back."""

    catalog: Messages | None  # None: the source language (English) needs no catalog
    draft: bool = False
    problems: list[Problem] = msgspec.field(default_factory=list)
    where: Callable[[], Location | None] = lambda: None
    #: Names with digits that are not figures ("COVID-19"), from shim.toml.
    allowed: tuple[str, ...] = ()
    #: Messages no render may use, even a draft: a typed figure, a lost placeholder.
    refused: list[str] = msgspec.field(default_factory=list)

    def gettext(self, msgid: str) -> str:
        return self._lookup(msgid, None, 1)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._lookup(singular, plural, n)

    def source_of(self, msgid: str) -> Location | None:
        """Where the translation of ``msgid`` is written, for errors in the translation."""
        entry = self.catalog.entries.get(msgid) if self.catalog is not None else None
        return Location(self.catalog.file, entry.line) if self.catalog and entry else None

    def _lookup(self, msgid: str, plural: str | None, n: int) -> str:
        """The translation as escaped markup (Jinja treats the result as safe)."""
        source = msgid if plural is None or n == 1 else plural
        self._check_source(msgid, plural)
        if self.catalog is None:
            return str(escape(source))
        entry = self.catalog.entries.get(msgid)
        index = 0 if plural is None else self.catalog.plural(int(n))
        if entry is not None and entry.translated and not entry.fuzzy:
            form = min(index, len(entry.strings) - 1)
            text = entry.strings[form]
            bad = self._check_translation(msgid, plural, text, form, len(entry.strings), entry)
            return str(escape(source if bad else text))
        kind = "missing" if entry is None else "fuzzy" if entry.fuzzy else "untranslated"
        at = Location(self.catalog.file, entry.line if entry else None)
        self.problems.append(Problem(kind, msgid, at, self.where()))
        if kind == "fuzzy" and entry is not None and entry.translated:
            shown = entry.strings[min(index, len(entry.strings) - 1)]
            return f'<mark kind="fuzzy">{escape(shown)}</mark>'
        return f'<mark kind="untranslated">{escape(source)}</mark>'

    def _check_source(self, msgid: str, plural: str | None) -> None:
        """An English message may hold no typed figure and no conversion but %(name)s."""
        figures, problems = _source_problems(msgid, plural, self.allowed)
        if not figures and not problems:
            return  # the common case: no need to find the template line
        where = self.where()
        at = f"{where}: " if where else ""
        for figure in figures:
            self.refused.append(
                f"{at}the message types the figure '{figure}' (figures come from facts; "
                f'a name with digits goes in [documents] names_with_digits): "{_cut(msgid)}"'
            )
        for problem in problems:
            self.refused.append(f'{at}the message has {problem}: "{_cut(msgid)}"')

    def _check_translation(
        self, msgid: str, plural: str | None, text: str, form: int, forms: int, entry: Entry
    ) -> bool:
        """Refuse a translation that lost a placeholder, types a figure or has a width."""
        assert self.catalog is not None
        # A plural form other than the last may say its number as a word ("una municipalidad").
        word_form = plural is not None and form < forms - 1
        found = _translation_problems(msgid, plural, text, word_form, self.allowed)
        at = Location(self.catalog.file, entry.line)
        self.refused += [f'{at}: {problem}: "{_cut(msgid)}"' for problem in found]
        return bool(found)


@lru_cache(maxsize=4096)  # the same messages are checked in every render of a batch
def _translation_problems(
    msgid: str, plural: str | None, text: str, word_form: bool, allowed: tuple[str, ...]
) -> tuple[str, ...]:
    wanted = set(PLACEHOLDER.findall(msgid + " " + (plural or "")))
    source_figures = set(typed_figures(msgid + " " + (plural or ""), allowed))
    found = []
    named = {m.group("name") for m in CONVERSION.finditer(text) if m.group("name")}
    for name in sorted(wanted - named - {"num"}):
        if not word_form:
            found.append(f"placeholder %({name})s is missing from the translation")
    found += [f"the translation has {p}" for p in format_problems(text)]
    found += [
        f"the translation types the figure '{figure}'"
        for figure in typed_figures(CONVERSION.sub(" ", text), allowed)
        if figure not in source_figures
    ]
    return tuple(found)


def _cut(text: str) -> str:
    return text if len(text) <= 50 else text[:47] + "..."
