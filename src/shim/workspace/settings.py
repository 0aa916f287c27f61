"""Workspace settings from ``shim.toml``, validated once."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from shim.errors import ConfigError, Location, did_you_mean
from shim.language.locales import LANGS, STYLE_NAMES, known_languages
from shim.safeio import read_bytes

MAX_SETTINGS = 256 * 1024  # bytes; a real shim.toml is about 2 KB
MAX_DEPTH = 64
DOC_KINDS: tuple[str, ...] = ("talking-points", "remarks", "speech-insert", "fact-sheet")
#: Kinds read aloud: organizations expanded between commas, no parentheses.
SPOKEN_KINDS: tuple[str, ...] = ("remarks", "speech-insert")
Citations = Literal["footnotes", "list"]
THEMES: tuple[str, ...] = (
    "livelihoods",
    "private-sector",
    "governance",
    "devida",
    "digital-inclusion",
)
_CITATIONS: dict[str, Citations] = {
    "talking-points": "footnotes",
    "remarks": "list",
    "speech-insert": "list",
    "fact-sheet": "list",
}


class _Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class WorkspaceSection(_Section):
    organization: str = "USAID/Peru"
    author: str = "USAID/Peru"
    default_brief: str = "san-martin-cacao-visit"
    languages: tuple[str, ...] = ("en", "es")
    out: str = "out"


class FactsSection(_Section):
    max_age_years: int = Field(default=4, ge=0)


class StyleSection(_Section):
    numbers: dict[str, str] = Field(default_factory=lambda: {"es": "cldr", "es-ES": "rae"})
    percent_word: bool = True


class DocumentsSection(_Section):
    #: Paper size of every document: "letter" (US Mission use) or "a4".
    paper: Literal["letter", "a4"] = "letter"
    #: Remarks in large type with 1.5 spacing, paragraphs kept whole (a podium copy).
    speaker_copy: bool = True
    #: Speaking rates for the estimated time in the remarks header, per catalog language.
    words_per_minute: dict[str, int] = Field(default_factory=lambda: {"en": 130, "es": 140})
    #: Names and acronyms that spell-checkers should not flag (marked "do not proof").
    no_proof: tuple[str, ...] = ()
    #: Names that contain digits but are not figures ("COVID-19"): allowed in messages.
    names_with_digits: tuple[str, ...] = ()
    citations: dict[str, Citations] = Field(default_factory=lambda: dict(_CITATIONS))


class BriefsSection(_Section):
    #: The themes briefs and templates may name; declared once, so a typo is an error.
    themes: tuple[str, ...] = THEMES


class Settings(_Section):
    workspace: WorkspaceSection = WorkspaceSection()
    facts: FactsSection = FactsSection()
    style: StyleSection = StyleSection()
    documents: DocumentsSection = DocumentsSection()
    briefs: BriefsSection = BriefsSection()

    def citations_for(self, doc: str) -> Citations:
        return self.documents.citations.get(doc, "footnotes")


def load_settings(path: Path, display: str) -> Settings:
    """Read and validate ``shim.toml``; a missing file means all defaults."""
    if not path.exists():
        return Settings()
    raw = read_bytes(path, display, MAX_SETTINGS, root=path.parent, error=ConfigError)
    try:
        text = raw.decode("utf-8-sig")
        too_deep = _too_deep(text)
        if too_deep is not None:
            raise ConfigError(
                f"values nested too deeply (the limit is {MAX_DEPTH} levels)",
                Location(display, too_deep),
            )
        data = tomllib.loads(text)
    except UnicodeDecodeError:
        raise ConfigError("not valid UTF-8; save the file as UTF-8", Location(display)) from None
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None) or _line_from(str(exc))
        msg = str(exc).split(" (at line")[0]
        raise ConfigError(f"invalid TOML: {msg}", Location(display, line)) from None
    try:
        settings = Settings.model_validate(data)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        loc = tuple(str(p) for p in err["loc"])
        section, key = ".".join(loc[:-1]) or loc[-1], loc[-1]
        if err["type"] == "extra_forbidden":
            msg = f"unknown setting '{key}'{_suggest_setting(loc)}"
        else:
            msg = f"'{key}': {err['msg']}"
        raise ConfigError(
            f"[{section}] {msg}", Location(display, _find_line(path, err["loc"]))
        ) from None
    _check(settings, path, display)
    return settings


def _too_deep(text: str) -> int | None:
    """The line where brackets nest past MAX_DEPTH (tomllib recurses without a bound).

    A scan, not a parse: strings and comments are skipped line by line, which is all a
    settings file needs.
    """
    depth = 0
    for number, line in enumerate(text.split("\n"), 1):
        quote = ""
        for ch in line:
            if quote:
                quote = "" if ch == quote else quote
            elif ch in "\"'":
                quote = ch
            elif ch == "#":
                break
            elif ch in "[{":
                depth += 1
                if depth > MAX_DEPTH:
                    return number
            elif ch in "]}":
                depth -= 1
    return None


def _check(settings: Settings, path: Path, display: str) -> None:
    for lang in settings.workspace.languages:
        if lang not in LANGS:
            raise ConfigError(
                f"unknown language '{lang}' in [workspace] languages; use {known_languages()}",
                Location(display, _find_line(path, ("languages",))),
            )
    for lang, style in settings.style.numbers.items():
        if lang not in LANGS or style not in STYLE_NAMES:
            raise ConfigError(
                f"[style] numbers: '{lang} = {style}' must pair a language "
                f"({known_languages()}) with a style ({', '.join(STYLE_NAMES)})",
                Location(display, _find_line(path, ("numbers",))),
            )
    for doc in settings.documents.citations:
        if doc not in DOC_KINDS:
            raise ConfigError(
                f"[documents] citations: unknown document kind '{doc}'; use {', '.join(DOC_KINDS)}",
                Location(display, _find_line(path, ("citations",))),
            )


def _suggest_setting(loc: tuple[str, ...]) -> str:
    model: Any = Settings
    for part in loc[:-1]:
        field = model.model_fields.get(part)
        if field is None or not isinstance(field.annotation, type):
            return ""
        model = field.annotation
    return did_you_mean(loc[-1], model.model_fields)


def _line_from(message: str) -> int | None:
    import re

    m = re.search(r"at line (\d+)", message)
    return int(m.group(1)) if m else None


def _find_line(path: Path, loc: tuple[object, ...]) -> int | None:
    """The first line that sets the innermost key of ``loc`` (TOML keeps no positions)."""
    keys = [str(p) for p in loc if isinstance(p, str)]
    if not keys:
        return None
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith(f"{keys[-1]} ") or stripped.startswith(f"{keys[-1]}="):
            return number
    return None
