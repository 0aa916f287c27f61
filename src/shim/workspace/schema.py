"""Validate loaded YAML against a pydantic model and report errors at their lines."""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from shim.errors import DataError
from shim.workspace.yamlio import Loaded

M = TypeVar("M", bound=BaseModel)


def _one_line(value: Any) -> Any:
    # Brief texts land inside headings and sentences: fold stray line breaks.
    return " ".join(value.split()) if isinstance(value, str) else value


Line = Annotated[str, BeforeValidator(_one_line), Field(min_length=1, max_length=500)]


class Localized(BaseModel):
    """A text in English and Spanish; both are required (no silent fallback)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    en: Line
    es: Line

    def get(self, catalog: str) -> str:
        """The text for a catalog language, ``Lang.catalog`` ("en" or "es")."""
        return self.es if catalog == "es" else self.en


def validate(loaded: Loaded, model: type[M], data: Any = None, base: tuple[Any, ...] = ()) -> M:
    """Build ``model`` from ``data`` (default: the whole file); raise the first error located."""
    problems = problems_of(loaded, model, loaded.data if data is None else data, base)
    if problems:
        raise problems[0]
    return model.model_validate(loaded.data if data is None else data)


def problems_of(
    loaded: Loaded, model: type[BaseModel], data: Any, base: tuple[Any, ...] = ()
) -> list[DataError]:
    """Every schema problem in ``data`` as a located :class:`DataError` (empty when valid)."""
    try:
        model.model_validate(data)
    except ValidationError as exc:
        errors = _pair_typos(exc.errors(include_url=False))
        return [_located(loaded, err, base) for err in errors]
    return []


def _pair_typos(errors: list[Any]) -> list[Any]:
    """Turn "unknown field 'vaule'" + "'value' is required" into one line with a hint."""
    import difflib

    missing = {
        (tuple(e["loc"][:-1]), str(e["loc"][-1])): e for e in errors if e["type"] == "missing"
    }
    out = []
    for err in errors:
        if err["type"] == "extra_forbidden":
            parent, name = tuple(err["loc"][:-1]), str(err["loc"][-1])
            names = [n for p, n in missing if p == parent]
            close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
            if close:
                err = {**err, "hint": close[0]}
                missing.pop((parent, close[0]))
        out.append(err)
    kept = {id(e) for e in missing.values()}
    return [e for e in out if e["type"] != "missing" or id(e) in kept]


def _located(loaded: Loaded, err: Any, base: tuple[Any, ...]) -> DataError:
    loc = tuple(part for part in err["loc"] if not _is_union_tag(part))
    path = (*base, *loc)
    return DataError(_message(err, loc), loaded.at(path))


def _is_union_tag(part: Any) -> bool:
    # pydantic adds the union member's type name ("int", "function-after[...]") to loc.
    return isinstance(part, str) and ("[" in part or part in {"int", "float", "str", "bool"})


def _field(loc: tuple[Any, ...]) -> str:
    names = [str(p) for p in loc if isinstance(p, str)]
    return names[-1] if names else "value"


def _message(err: Any, loc: tuple[Any, ...]) -> str:
    kind, name, given = err["type"], _field(loc), err.get("input")
    names = [str(p) for p in loc if isinstance(p, str)]
    if kind == "missing":
        return f"'{'.'.join(names[-2:])}' is required"
    if not names and kind == "value_error":  # a rule about the whole record
        return str(err["msg"]).removeprefix("Value error, ")
    if kind == "extra_forbidden":
        hint = f"; did you mean '{err['hint']}'?" if err.get("hint") else ""
        return f"unknown field '{name}'{hint}"
    if kind in {"literal_error", "enum"}:
        expected = err.get("ctx", {}).get("expected", "")
        return f"'{name}' must be one of {expected}, not {_shown(given)}"
    msg = str(err["msg"])
    if msg.startswith("Value error, "):
        msg = msg.removeprefix("Value error, ")
    elif given is not None and not isinstance(given, (dict, list)):
        msg = f"{msg[0].lower()}{msg[1:]} (got {_shown(given)})"
    return f"'{name}': {_clip(msg)}"


def _shown(value: Any) -> str:
    """A value as the message shows it: a 1.5 MB value is named, not echoed whole."""
    text = repr(value)
    if len(text) <= 60:
        return text
    size = f", {len(value):,} characters" if isinstance(value, str) else ""
    return f"{text[:50]}...{size}"


def _clip(message: str, limit: int = 300) -> str:
    return message if len(message) <= limit else f"{message[: limit - 3]}..."
