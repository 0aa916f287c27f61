"""Workspace settings from ``shim.toml``, validated once."""

from pathlib import Path
from typing import Annotated, Any, Literal

import msgspec

from shim.cache import cached, key_of
from shim.errors import ConfigError, Location, did_you_mean
from shim.language.locales import LANGS, STYLE_NAMES, known_languages
from shim.safeio import read_bytes
from shim.workspace.schema import Model, SchemaError, build, fields_of

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


def _default(factory: Any) -> Any:
    return msgspec.field(default_factory=factory)


class WorkspaceSection(Model, frozen=True, kw_only=True):
    organization: str = "USAID/Peru"
    author: str = "USAID/Peru"
    default_brief: str = "san-martin-cacao-visit"
    languages: tuple[str, ...] = ("en", "es")
    out: str = "out"


class FactsSection(Model, frozen=True, kw_only=True):
    max_age_years: Annotated[int, msgspec.Meta(ge=0)] = 4


class StyleSection(Model, frozen=True, kw_only=True):
    numbers: dict[str, str] = _default(lambda: {"es": "cldr", "es-ES": "rae"})
    percent_word: bool = True


class DocumentsSection(Model, frozen=True, kw_only=True):
    #: Paper size of every document: "letter" (US Mission use) or "a4".
    paper: Literal["letter", "a4"] = "letter"
    #: Remarks in large type with 1.5 spacing, paragraphs kept whole (a podium copy).
    speaker_copy: bool = True
    #: Speaking rates for the estimated time in the remarks header, per catalog language.
    words_per_minute: dict[str, int] = _default(lambda: {"en": 130, "es": 140})
    #: Names and acronyms that spell-checkers should not flag (marked "do not proof").
    no_proof: tuple[str, ...] = ()
    #: Names that contain digits but are not figures ("COVID-19"): allowed in messages.
    names_with_digits: tuple[str, ...] = ()
    citations: dict[str, Citations] = _default(lambda: dict(_CITATIONS))


class BriefsSection(Model, frozen=True, kw_only=True):
    #: The themes briefs and templates may name; declared once, so a typo is an error.
    themes: tuple[str, ...] = THEMES


class Settings(Model, frozen=True, kw_only=True):
    workspace: WorkspaceSection = _default(WorkspaceSection)
    facts: FactsSection = _default(FactsSection)
    style: StyleSection = _default(StyleSection)
    documents: DocumentsSection = _default(DocumentsSection)
    briefs: BriefsSection = _default(BriefsSection)

    def citations_for(self, doc: str) -> Citations:
        return self.documents.citations.get(doc, "footnotes")


def load_settings(path: Path, display: str) -> Settings:
    """Read and validate ``shim.toml``; a missing file means all defaults."""
    if not path.exists():
        return Settings()
    # Confined and size-checked first; only then is the cache keyed by those bytes.
    raw = read_bytes(path, display, MAX_SETTINGS, root=path.parent, error=ConfigError)
    # Validated once per content; the user's cache keeps the result.
    return cached("settings", key_of(display, raw), Settings, lambda: _parse(raw, path, display))


def _parse(raw: bytes, path: Path, display: str) -> Settings:
    import tomllib

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
        settings = build(Settings, data)
    except SchemaError as exc:
        err = exc.errors[0]
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
        field = fields_of(model).get(part)
        if not (isinstance(field, type) and issubclass(field, Model)):
            return ""
        model = field
    return did_you_mean(loc[-1], fields_of(model))


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
