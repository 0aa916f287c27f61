"""The catalog workflow: extract, update, compile, and check, with Babel's own tools.

``extract`` reads the templates (Babel's Jinja extractor with the i18n extension and
trimmed whitespace) into ``locales/messages.pot``; ``update`` merges it into each
language's ``.po`` (new messages untranslated, changed ones fuzzy); ``compile`` writes
``.mo`` files for other gettext tools (shim itself reads the ``.po``); ``check`` fails on
anything that would make a document wrong or silently English.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog, Message

from shim.errors import Finding, Location, TranslationError, display_path, plural
from shim.language.catalogs import (
    CONVERSION,
    catalog_path,
    format_problems,
    read_po_file,
    typed_figures,
)
from shim.safeio import replace_file

PLACEHOLDER = re.compile(r"%\((\w+)\)s")
DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
LANG_PLURALS = {
    # CLDR's categories for Spanish: one, many (exact millions: "1 millón de familias"), other.
    "es": "nplurals=3; plural=(n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2);",
    # Portuguese (Brazil): one (0 and 1), many (exact millions: "1 milhão de famílias"), other.
    "pt": "nplurals=3; plural=(n == 0 || n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2);",
}
HEADER = """\
# Messages of the shim templates, extracted by `shim i18n extract`.
# Translate them in locales/<lang>/LC_MESSAGES/messages.po (`shim i18n update`).
#"""
METHOD_MAP = [("**.j2", "jinja2")]
OPTIONS = {"**.j2": {"extensions": "jinja2.ext.i18n", "trimmed": "true", "silent": "false"}}


def pot_path(root: Path) -> Path:
    return root / "locales" / "messages.pot"


def languages(root: Path) -> list[str]:
    return sorted(p.parent.name for p in (root / "locales").glob("*/LC_MESSAGES"))


def extract_catalog(root: Path) -> Catalog:
    """The messages the templates use now, with their template locations."""
    from babel.messages.extract import extract_from_dir

    from shim import __version__

    catalog = Catalog(
        project="shim",
        version=__version__,
        copyright_holder="shim contributors",
        msgid_bugs_address="",
        header_comment=HEADER,
        fuzzy=False,
    )
    templates = root / "templates"
    try:
        for filename, lineno, message, comments, context in extract_from_dir(
            str(templates), METHOD_MAP, OPTIONS
        ):
            location = (f"templates/{filename}", lineno)
            catalog.add(message, None, [location], auto_comments=comments, context=context)
    except Exception as exc:  # Jinja's extractor raises TemplateSyntaxError and friends
        raise TranslationError(
            f"cannot extract messages: {exc}", Location(display_path(templates, root))
        ) from None
    return catalog


def _read(path: Path, root: Path, locale: str | None = None) -> Catalog:
    missing = "file not found; run `shim i18n extract` and `shim i18n update`"
    catalog: Catalog = read_po_file(path, display_path(path, root), locale, missing, root)
    return catalog


def _po_bytes(catalog: Catalog, **options: bool) -> bytes:
    import io

    from babel.messages.pofile import write_po

    buffer = io.BytesIO()
    write_po(buffer, catalog, width=88, **options)
    return buffer.getvalue()


def _write(catalog: Catalog, path: Path, **options: bool) -> None:
    write_text_atomic(path, _po_bytes(catalog, **options).decode("utf-8"))


def write_text_atomic(path: Path, text: str) -> None:
    """Write beside ``path`` and rename into place: a catalog is never half-written, and on
    a full disk no temporary file is left behind."""
    _save(path, text.encode("utf-8"))


def _save(path: Path, data: bytes) -> None:
    shown = path.as_posix()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise TranslationError(
            f"cannot create the folder: {exc.strerror}", Location(shown)
        ) from None
    replace_file(path, data, TranslationError, shown)


def read_catalog(path: Path, root: Path, lang: str) -> Catalog:
    """One language's catalog, to edit."""
    return _read(path, root, lang)


def write_catalog(catalog: Catalog) -> str:
    """The catalog's text as ``shim i18n update`` writes it."""
    return _po_bytes(catalog, sort_by_file=True, ignore_obsolete=True).decode("utf-8")


def extract(root: Path) -> Path:
    """Write ``locales/messages.pot`` from the templates."""
    path = pot_path(root)
    _write(extract_catalog(root), path, omit_header=False, sort_by_file=True)
    return path


def is_variant(lang: str) -> bool:
    """A regional catalog (``es_CO``) holds only its differences from its language's."""
    return "_" in lang or "-" in lang


def update(root: Path, langs: list[str] | None = None) -> list[Path]:
    """Merge the template catalog into each language's ``.po`` (creating it if needed),
    extracting it first when the templates' messages changed."""
    pot = pot_path(root)
    fresh = extract_catalog(root)
    if not pot.exists() or _compare(fresh, _read(pot, root), Location(""), ""):
        _write(fresh, pot, omit_header=False, sort_by_file=True)
    template = _read(pot, root)
    written = []
    for lang in langs or languages(root) or ["es"]:
        path = catalog_path(root, lang)
        catalog = _read(path, root, lang) if path.exists() else _new_catalog(lang)
        earlier = _inherited(catalog, path)
        catalog.update(template, update_header_comment=False)
        _restore(catalog, earlier)
        if is_variant(lang):
            for message in [m for m in catalog if m.id and not _strings(m)]:
                del catalog[message.id]
        _write(catalog, path, sort_by_file=True, ignore_obsolete=True, include_previous=True)
        written.append(path)
    return written


def _strings(message: Message) -> list[str]:
    value = message.string
    return [s for s in (value if isinstance(value, (list, tuple)) else [value]) if s]


def _inherited(catalog: Catalog, path: Path) -> dict[str, Any]:
    """Translations a fuzzy message took over from the text it was changed from: still
    that text's translation, as nobody has reviewed it since."""
    previous = _previous_ids(path) if path.exists() else {}
    return {
        previous[_key(m)]: m.string
        for m in catalog
        if m.id and m.fuzzy and _key(m) in previous and _strings(m)
    }


def _previous_ids(path: Path) -> dict[str, str]:
    """{msgid: the msgid it was changed from}, from the ``#| msgid`` lines (Babel writes
    them but does not read them back)."""
    from babel.messages.pofile import unescape

    found: dict[str, str] = {}
    previous: list[str] = []
    current: list[str] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#| msgid "):
            previous, current = [line[9:]], None
        elif line.startswith('#| "') and previous and current is None:
            previous.append(line[3:])
        elif line.startswith("msgid ") and previous:
            current = [line[6:]]
        elif line.startswith('"') and current is not None:
            current.append(line)
        else:
            if previous and current:
                found["".join(map(unescape, current))] = "".join(map(unescape, previous))
            if not line.startswith("#|"):
                previous, current = ([], None) if not line.startswith("#") else (previous, None)
    if previous and current:
        found["".join(map(unescape, current))] = "".join(map(unescape, previous))
    return found


def _restore(catalog: Catalog, earlier: dict[str, Any]) -> None:
    """A message changed back to an earlier text gets that text's translation, not fuzzy."""
    for message in catalog:
        if message.id and message.fuzzy and _key(message) in earlier:
            message.string = earlier[_key(message)]
            message.flags.discard("fuzzy")
            message.previous_id = []


def _new_catalog(lang: str) -> Catalog:
    catalog = Catalog(locale=lang, fuzzy=False)
    base = lang.replace("-", "_").split("_")[0]
    if base in LANG_PLURALS:  # Babel's table gives Spanish two forms; CLDR has three
        catalog.mime_headers = [*catalog.mime_headers, ("Plural-Forms", LANG_PLURALS[base])]
    return catalog


def compile_catalogs(root: Path) -> list[Path]:
    """Write ``messages.mo`` beside each ``.po`` (fuzzy entries are left out, as gettext does)."""
    from babel.messages.mofile import write_mo

    written = []
    for lang in languages(root):
        po = catalog_path(root, lang)
        catalog = _read(po, root, lang)
        mo = po.with_suffix(".mo")
        buffer = io.BytesIO()
        write_mo(buffer, catalog, use_fuzzy=False)
        _save(mo, buffer.getvalue())
        written.append(mo)
    return written


def check(root: Path, allowed: tuple[str, ...] = ()) -> list[Finding]:
    """Every problem that would make a rendered document wrong, one located line each.

    ``allowed``: names with digits that are not figures ("COVID-19"), from shim.toml.
    """
    issues: list[Finding] = []
    fresh = extract_catalog(root)
    issues += list(_check_sources(fresh, allowed))
    pot = pot_path(root)
    shown_pot = display_path(pot, root)
    template = _read(pot, root)
    issues += _compare(fresh, template, Location(shown_pot), "shim i18n extract")
    for lang in languages(root):
        po = catalog_path(root, lang)
        shown = display_path(po, root)
        catalog = _read(po, root, lang)
        if not is_variant(lang):  # a regional catalog holds only its differences
            issues += _compare(template, catalog, Location(shown), "shim i18n update")
        issues += list(_check_catalog(catalog, shown))
    return list(dict.fromkeys(issues))  # plural forms repeat the same finding


def _ids(catalog: Catalog) -> set[str]:
    return {_key(m) for m in catalog if m.id}


def _key(m: Message) -> str:
    return str(m.id[0] if isinstance(m.id, (list, tuple)) else m.id)


def _compare(newer: Catalog, older: Catalog, where: Location, fix: str) -> list[Finding]:
    added, removed = _ids(newer) - _ids(older), _ids(older) - _ids(newer)
    if not added and not removed:
        return []
    return [
        Finding(
            where,
            f"out of date: {plural(len(added), 'message')} missing, {len(removed)} no "
            f"longer used; run `{fix}`",
        )
    ]


def _check_sources(catalog: Catalog, allowed: tuple[str, ...]) -> Iterator[Finding]:
    """English messages, at their template lines: no typed figure, only %(name)s."""
    for msg in catalog:
        if not msg.id:
            continue
        ids = list(msg.id) if isinstance(msg.id, (list, tuple)) else [msg.id]
        file, line = msg.locations[0] if msg.locations else ("locales/messages.pot", None)
        where, text = Location(file, line), _short(str(ids[0]))
        for figure in dict.fromkeys(f for i in ids for f in typed_figures(str(i), allowed)):
            yield Finding(
                where,
                f"the message types the figure '{figure}' (figures come from facts; a name "
                f'with digits goes in [documents] names_with_digits): "{text}"',
            )
        for problem in dict.fromkeys(p for i in ids for p in format_problems(str(i))):
            yield Finding(where, f'the message has {problem}: "{text}"')


def _check_catalog(catalog: Catalog, shown: str) -> Iterator[Finding]:
    for msg in catalog:
        if not msg.id:
            continue
        yield from _check_message(msg, catalog.num_plurals, shown)
    for msg in catalog.obsolete.values():
        yield Finding(
            Location(shown, msg.lineno),
            f'obsolete message "{_short(_key(msg))}"; delete it (#~ lines)',
        )


def _short(text: str) -> str:
    return text if len(text) <= 50 else text[:47] + "..."


def _check_message(msg: Message, nplurals: int, shown: str) -> Iterator[Finding]:
    where = Location(shown, msg.lineno)
    ids = list(msg.id) if isinstance(msg.id, (list, tuple)) else [msg.id]
    strings = list(msg.string) if isinstance(msg.string, (list, tuple)) else [msg.string]
    text = _short(str(ids[0]))
    if not any(strings):
        yield Finding(where, f'untranslated: "{text}"')
        return
    missing = [i for i, string in enumerate(strings) if not string]
    if missing:
        forms = ", ".join(f"msgstr[{i}]" for i in missing)
        yield Finding(where, f'plural form {forms} of {nplurals} is not translated: "{text}"')
        return
    if msg.fuzzy:
        yield Finding(where, f'fuzzy (needs review, then remove the flag): "{text}"')
    if len(ids) > 1 and len(strings) != nplurals:
        yield Finding(where, f'{len(strings)} plural forms, the catalog needs {nplurals}: "{text}"')
    wanted = set().union(*(PLACEHOLDER.findall(str(i)) for i in ids))
    source_digits = set().union(*(DIGITS.findall(str(i)) for i in ids))
    for string in (str(s) for s in strings):
        for problem in format_problems(string):
            yield Finding(where, f'the translation has {problem}: "{text}"')
        got = {m.group("name") for m in CONVERSION.finditer(string) if m.group("name")}
        for name in sorted(wanted - got - {"num"}):
            yield Finding(
                where, f'placeholder %({name})s is missing from the translation of "{text}"'
            )
        for name in sorted(got - wanted):
            yield Finding(
                where,
                f'unknown placeholder %({name})s in the translation of "{text}"'
                f"; the message has {', '.join(f'%({w})s' for w in sorted(wanted)) or 'none'}",
            )
        for digits in DIGITS.findall(CONVERSION.sub("", string)):
            if digits not in source_digits:
                yield Finding(
                    where,
                    f"the translation types the figure '{digits}', which is not "
                    f'in the English message (figures come from facts): "{text}"',
                )
