"""The interface's own words in English and Spanish: a catalog of its own in
``shim/web/locales`` (never mixed with a workspace's messages), and one Jinja
environment per language for the pages in ``shim/web/templates``.

The interface catalog uses the same workflow as a workspace's:
``python -m shim.web.catalog extract|update|check``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from shim.language.catalogs import Messages, catalog_path, load_catalog

#: The interface's root: templates/ and locales/, laid out like a workspace's.
HERE = Path(__file__).resolve().parent
UI_LANGS = ("en", "es")
NAMES = {"en": "English", "es": "Español"}


@lru_cache(maxsize=4)
def _catalog(lang: str) -> Messages | None:
    if lang == "en":
        return None
    path = catalog_path(HERE, lang)
    return load_catalog(path, f"shim/web/{path.relative_to(HERE).as_posix()}", lang)


def translate(lang: str, msgid: str, plural: str | None = None, n: int = 1) -> str:
    """The interface text in ``lang``; English when a message is missing (checked by tests)."""
    source = msgid if plural is None or n == 1 else plural
    catalog = _catalog(lang)
    if catalog is None:
        return source
    entry = catalog.entries.get(msgid)
    if entry is None or not entry.translated or entry.fuzzy:
        return source
    index = 0 if plural is None else catalog.plural(n)
    return entry.strings[min(index, len(entry.strings) - 1)]


def pick_lang(query: str | None, cookie: str | None, accept: str | None) -> str:
    """The interface language: asked for, else remembered, else the browser's first choice."""
    for choice in (query, cookie):
        if choice in UI_LANGS:
            return choice
    for part in (accept or "").split(","):
        tag = part.split(";")[0].strip().lower()[:2]
        if tag in UI_LANGS:
            return tag
    return "en"


@lru_cache(maxsize=len(UI_LANGS))
def environment(lang: str) -> Environment:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )

    # Jinja's new-style gettext escapes the text and fills %(name)s placeholders itself.
    def gettext(msgid: str) -> str:
        return translate(lang, msgid)

    def ngettext(singular: str, plural: str, n: int) -> str:
        return translate(lang, singular, plural, n)

    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.globals["lang"] = lang
    env.globals["other_lang"] = "es" if lang == "en" else "en"
    env.globals["lang_names"] = NAMES
    return env


def page(lang: str, template: str, **context: Any) -> str:
    return environment(lang).get_template(template).render(**context)
