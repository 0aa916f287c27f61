"""Safe YAML loading that remembers where every value came from.

Only plain data is accepted: no Python tags, no merge keys, no duplicate keys, and a
bounded number of nodes so an alias bomb ("billion laughs") fails fast instead of
eating memory. Each loaded document comes with a map from a value's path
(``("facts", 3, "value")``) to its line, so schema errors can point at the line.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from shim.errors import DataError, Location
from shim.pyyaml import pyyaml
from shim.safeio import read_bytes

if TYPE_CHECKING:
    import yaml

MAX_BYTES = 2 * 1024 * 1024
MAX_NODES = 100_000
MAX_DEPTH = 64  # levels of nesting; real files use four or five

Path_ = tuple[str | int, ...]

_STR = "tag:yaml.org,2002:str"

_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("map", "seq", "str", "int", "float", "bool", "null", "timestamp")
)


class Loaded(msgspec.Struct, frozen=True):
    """A parsed YAML document with the line of each value, keyed by its path."""

    data: Any
    file: str
    lines: Mapping[Path_, int] = msgspec.field(default_factory=dict)

    def line_of(self, path: Path_) -> int | None:
        """The line of ``path``, or of its nearest ancestor that has one."""
        p = tuple(path)
        while p:
            if p in self.lines:
                return self.lines[p]
            p = p[:-1]
        return self.lines.get((), None)

    def at(self, path: Path_) -> Location:
        return Location(self.file, self.line_of(path))


def read_text(path: Path, display: str, limit: int = MAX_BYTES, root: Path | None = None) -> str:
    """Read a UTF-8 text file (BOM and CRLF allowed) with a size limit and clear errors;
    with ``root``, the path must stay inside it (see :mod:`shim.safeio`)."""
    return decode_text(read_bytes(path, display, limit, root=root), display)


def decode_text(raw: bytes, display: str) -> str:
    """UTF-8 text (BOM and CRLF allowed); other encodings are a located error."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8",
            Location(display, line),
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_yaml(text: str, display: str) -> Loaded:
    # Imported here: a render whose files are all in the cache never parses YAML.
    yaml = pyyaml()

    # The C loader parses several times faster; fall back where libyaml is absent.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, display) from None
    except yaml.YAMLError as exc:
        raise DataError(f"invalid YAML: {exc}", Location(display)) from None
    finally:
        loader.dispose()
    if node is None:
        return Loaded(None, display, {(): 1})
    builder = _Builder(display)
    data = builder.build(node, ())
    return Loaded(data, display, builder.lines)


def _syntax_error(exc: yaml.MarkedYAMLError, display: str) -> DataError:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or "invalid YAML"
    if exc.context and "found" not in problem:
        problem = f"{exc.context}, {problem}"
    line = mark.line + 1 if mark is not None else None
    col = mark.column + 1 if mark is not None else None
    return DataError(f"invalid YAML: {problem}", Location(display, line, col))


def _short(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


class _Builder:
    """Turns composed nodes into plain Python data, checking as it goes."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.lines: dict[Path_, int] = {}
        self.count = 0
        import yaml

        self.constructor = yaml.constructor.SafeConstructor()

    def _where(self, node: yaml.Node) -> Location:
        return Location(self.display, node.start_mark.line + 1, node.start_mark.column + 1)

    def _tag_error(self, node: yaml.Node) -> DataError:
        return DataError(
            f"the tag '{_short(node.tag)}' is not allowed; only plain data is",
            self._where(node),
        )

    def build(self, node: yaml.Node, path: Path_) -> Any:
        import yaml

        self.count += 1
        if self.count > MAX_NODES:
            raise DataError(
                f"more than {MAX_NODES:,} values (an alias bomb?); refusing to expand",
                self._where(node),
            )
        if len(path) > MAX_DEPTH:
            raise DataError(
                f"values nested too deeply (the limit is {MAX_DEPTH} levels)", self._where(node)
            )
        self.lines.setdefault(path, node.start_mark.line + 1)
        if node.tag not in _PLAIN_TAGS:
            raise self._tag_error(node)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        return self._scalar(node)

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[Any, Any]:
        import yaml

        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise DataError("merge keys ('<<') are not supported", self._where(key_node))
            key = self._scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            if key is None or isinstance(key, (list, dict)):
                raise DataError("keys must be plain text", self._where(key_node))
            if key in out:
                first = self.lines.get((*path, key))
                raise DataError(
                    f"duplicate key '{key}' (first defined on line {first})",
                    self._where(key_node),
                )
            self.lines[(*path, key)] = key_node.start_mark.line + 1
            out[key] = self.build(value_node, (*path, key))
        return out

    def _scalar(self, node: yaml.Node) -> Any:
        import yaml

        if not isinstance(node, yaml.ScalarNode):
            return None
        if node.tag not in _PLAIN_TAGS:
            raise self._tag_error(node)
        if node.tag == _STR:  # most values: the text itself, as construct_yaml_str gives
            return node.value
        try:
            return self.constructor.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError:
            raise self._tag_error(node) from None
        except ValueError as exc:  # e.g. an impossible date such as 2022-02-30
            raise DataError(f"invalid value {node.value!r}: {exc}", self._where(node)) from None
