"""The reference document: the styles, numbering, theme and page setup every render reuses.

Preparing a reference parses it as XML trees (:mod:`shim.docx.refxml`, lxml). The result
is plain strings and bytes, kept per process and in the user's cache
(:mod:`shim.cache`), keyed by the SHA-256 of the reference's bytes and of the
built-in reference's, with the page size and language variants the writer asks for:
a render with an unchanged reference imports neither lxml nor python-docx.
"""

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

import msgspec

from shim.cache import cached, key_of
from shim.docx.ooxml import MC_NS, PAPER
from shim.docx.safezip import PackageError, read_file
from shim.errors import ConfigError, Location
from shim.safeio import file_identity

__all__ = ["MC_NS", "Reference", "load_reference", "styles_in", "with_paper"]


class Reference(msgspec.Struct, frozen=True):
    """The parts of a reference document that every render reuses."""

    styles: str
    numbering: str
    settings: str
    sect_pr: str  # body-level w:sectPr, with shim's header/footer references first
    extra: tuple[tuple[str, str, str, bytes], ...]  # (part, rel type, content type, bytes)
    next_num_id: int  # first w:numId free for per-list w:num elements
    list_number_abstract_id: int  # the w:abstractNum that the ListNumber style numbers with
    repairs: tuple[str, ...] = ()  # what was changed on the way in, for `shim check -v`


_cache: dict[tuple[str, str | None], Reference] = {}
_by_identity: dict[tuple[object, ...], Reference] = {}


def load_reference(path: Path, display: str, builtin: Path | None = None) -> Reference:
    """The prepared reference at ``path``; ``builtin`` is shim's own reference, from which
    missing required styles are borrowed. Cached per process by file identity (a stat per
    call), then by content hash (per process and in the user's cache), so a replaced
    reference is always seen."""
    here = file_identity(path)
    theirs = file_identity(builtin) if builtin is not None else ()
    # None when a file cannot be stat'ed: reading it below says what is wrong
    identity = None if here is None or theirs is None else (str(path), here, str(builtin), theirs)
    if identity is not None and identity in _by_identity:
        return _by_identity[identity]
    ref = _load_by_content(path, display, builtin)
    if identity is not None:
        _by_identity[identity] = ref
    return ref


def _load_by_content(path: Path, display: str, builtin: Path | None) -> Reference:
    try:
        data = read_file(path, display)
        builtin_data = read_file(builtin, str(builtin)) if builtin is not None else None
    except PackageError as exc:
        raise ConfigError(exc.message, Location(exc.display)) from None
    key = (
        hashlib.sha256(data).hexdigest(),
        hashlib.sha256(builtin_data).hexdigest() if builtin_data is not None else None,
    )
    if key not in _cache:
        try:
            _cache[key] = cached(
                "reference",
                key_of(key[0], key[1] or ""),
                Reference,
                lambda: load_reference_bytes(data, display, builtin_data),
            )
        except PackageError as exc:
            raise ConfigError(exc.message, Location(exc.display)) from None
    return _cache[key]


def load_reference_bytes(data: bytes, display: str, builtin: bytes | None = None) -> Reference:
    """Like :func:`load_reference`, from the bytes of the .docx (uncached)."""
    from shim.docx.refxml import prepare

    return Reference(**prepare(data, display, builtin))


def with_paper(ref: Reference, paper: str) -> Reference:
    """``ref`` with its page size set to ``"letter"`` or ``"a4"`` (orientation kept)."""
    if paper not in PAPER:
        raise ValueError(f"unknown paper size {paper!r}; use one of {', '.join(PAPER)}")
    return msgspec.structs.replace(ref, sect_pr=_sect_with_paper(ref.sect_pr, paper))


@lru_cache(maxsize=32)
def _sect_with_paper(sect_pr: str, paper: str) -> str:
    def compute() -> str:
        from shim.docx.refxml import sect_with_paper

        return sect_with_paper(sect_pr, paper)

    return cached("sect", key_of(sect_pr, paper), str, compute)


def styles_in(ref: Reference, lang: str) -> str:
    """The reference's styles with every ``w:lang`` set to the document's language (the
    language spell-checkers use; Word ignores the core properties' language for that)."""
    return _styles_in(ref.styles, lang)


@lru_cache(maxsize=32)
def _styles_in(styles: str, lang: str) -> str:
    def compute() -> str:
        from shim.docx.refxml import styles_with_lang

        return styles_with_lang(styles, lang)

    return cached("styles", key_of(styles, lang), str, compute)


def __getattr__(name: str) -> Any:
    # The XML helpers, for tests that prepare references piece by piece.
    if name.startswith("__"):
        raise AttributeError(name)
    from shim.docx import refxml

    return getattr(refxml, name)
