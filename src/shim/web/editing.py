"""Editing a brief from a form: the YAML file keeps its comments, key order and layout
(a round-trip YAML library changes only the values that changed), every problem is
reported beside its field with the text ``shim render`` gives, and a brief saved by
someone else since the page was opened is never overwritten unseen.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shim.errors import ShimError
from shim.workspace.briefs import brief_from, brief_problems, check_names
from shim.workspace.yamlio import Loaded, parse_yaml

#: The texts given in both languages, in the order of the form.
LOCALIZED = ("title", "place", "speaker.role", "audience", "host", "occasion")
OPTIONAL = ("host", "occasion")
LISTS = ("docs", "themes", "facts")
#: Form field names, as the page and the error map use them.
FIELDS = (
    "title",
    "date",
    "place",
    "speaker.name",
    "speaker.role",
    "audience",
    "host",
    "occasion",
    "docs",
    "themes",
    "facts",
)


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long title onto a second line
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def values_of(data: Mapping[str, Any]) -> dict[str, Any]:
    """A brief's data as the form shows it: ``{"title.en": ..., "themes": [...]}``."""
    out: dict[str, Any] = {}
    for name in LOCALIZED:
        node = _get(data, name)
        for lang in ("en", "es"):
            value = node.get(lang) if isinstance(node, Mapping) else None
            out[f"{name}.{lang}"] = "" if value is None else str(value)
    date = data.get("date")
    out["date"] = date.isoformat() if isinstance(date, dt.date) else str(date or "")
    speaker = data.get("speaker")
    who = speaker.get("name") if isinstance(speaker, Mapping) else None
    out["speaker.name"] = "" if who is None else str(who)
    for key in LISTS:
        value = data.get(key)
        out[key] = [str(v) for v in value] if isinstance(value, list) else []
    return out


def _get(data: Mapping[str, Any], dotted: str) -> Any:
    node: Any = data
    for part in dotted.split("."):
        node = node.get(part) if isinstance(node, Mapping) else None
    return node


def apply(text: str, form: Mapping[str, str], lists: Mapping[str, Sequence[str]]) -> str:
    """The brief's YAML with the form's values, everything else as it was."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    yaml = _yaml()
    data = yaml.load(text)
    if not isinstance(data, CommentedMap):
        data = CommentedMap()
    for name in LOCALIZED:
        en, es = (form.get(f"{name}.{lang}", "").strip() for lang in ("en", "es"))
        parent, key = _parent(data, name, CommentedMap)
        if name in OPTIONAL and not en and not es:
            parent.pop(key, None)
            continue
        node = parent.get(key)
        if not isinstance(node, CommentedMap):
            node = parent[key] = CommentedMap()
        node["en"], node["es"] = en, es
    raw_date = form.get("date", "").strip()
    try:
        data["date"] = dt.date.fromisoformat(raw_date)
    except ValueError:
        data["date"] = raw_date  # the schema reports it, at its line
    parent, key = _parent(data, "speaker.name", CommentedMap)
    parent[key] = form.get("speaker.name", "").strip()
    for key in LISTS:
        chosen = [v for v in lists.get(key, ()) if v]
        node = data.get(key)
        if isinstance(node, CommentedSeq):
            del node[:]
            node.extend(chosen)
        elif chosen or key in data:
            seq = CommentedSeq(chosen)
            seq.fa.set_flow_style()
            data[key] = seq
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _parent(data: Any, dotted: str, mapping: type) -> tuple[Any, str]:
    *path, key = dotted.split(".")
    node = data
    for part in path:
        child = node.get(part)
        if not isinstance(child, mapping):
            child = node[part] = mapping()
        node = child
    return node, key


@dataclass
class Checked:
    """An edited brief: its text, and its problems by form field (empty when valid)."""

    text: str
    errors: dict[str, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def check(
    text: str, shown: str, themes: Sequence[str] = (), facts: Collection[str] = ()
) -> Checked:
    """The problems ``shim render`` would report for this text, each beside its field;
    with ``themes`` and ``facts``, names the workspace does not know are problems too."""
    try:
        loaded = parse_yaml(text, shown)
    except ShimError as exc:
        return Checked(text, {"": [str(exc)]})
    try:
        problems: Sequence[ShimError] = brief_problems(loaded)
        if not problems and themes:
            check_names(brief_from(loaded, ""), themes, facts)
    except ShimError as exc:
        problems = [exc]
    errors: dict[str, list[str]] = {}
    for problem in problems:
        name = _field_at(loaded, problem.location.line if problem.location else None)
        errors.setdefault(name, []).append(str(problem))
    return Checked(text, errors)


def _field_at(loaded: Loaded, line: int | None) -> str:
    """The form field a line of the file belongs to ("" for the whole brief)."""
    paths = [p for p, n in loaded.lines.items() if n == line and p]
    if not paths:
        return ""
    deepest = max(paths, key=len)
    names = [str(p) for p in deepest if isinstance(p, str)]
    for size in range(len(names), 0, -1):
        candidate = ".".join(names[:size])
        if candidate in FIELDS:
            return candidate
    return ""


def save(path: Path, text: str) -> None:
    from shim.rendering.files import write_atomic

    write_atomic(path, text.encode("utf-8"))
