"""Reading .docx files that come from outside: zip and XML limits before any parsing.

Documents a team brings (a reference document, a document given to ``shim check``, a
returned review packet) are untrusted: a zip bomb, a DOCTYPE with entities, or a
malformed part must be refused with a located message, never crash or exhaust memory.
"""

from __future__ import annotations

import io
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import zipfile

    from lxml import etree

STRICT_W_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"

# Zip limits. A reference is a few tens of kB; python-docx's default one is 830 kB unzipped.
MAX_FILE = 50 * 1024 * 1024  # the .docx itself
MAX_ENTRIES = 1000
MAX_PART = 20 * 1024 * 1024  # declared or actual uncompressed size of any entry
MAX_RATIO = 100  # uncompressed / compressed, checked for entries above RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024


class PackageError(Exception):
    """A package cannot be read. ``str()`` is ``display: part:line: message``."""

    def __init__(
        self, message: str, display: str, part: str | None = None, line: int | None = None
    ) -> None:
        where = part if part is None or line is None else f"{part}:{line}"
        self.message = f"{where}: {message}" if where else message
        self.display, self.part, self.line = display, part, line
        super().__init__(self.message)

    def __str__(self) -> str:
        return f"{self.display}: {self.message}"


def xml_parser() -> etree.XMLParser:
    from lxml import etree  # imported here: reading a package's bytes needs no parser

    # One per load: lxml parsers must not be shared between threads.
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)


_DOCTYPE_MESSAGE = (
    "has a DOCTYPE declaration, which Office never writes (refused: it can define entities "
    "that read local files or expand without bound)"
)


# How libxml2 tells UTF-16 and UTF-32 apart (byte order marks first; ``\xff\xfe\x00\x00``
# is UTF-32's, not UTF-16's followed by a NUL), with or without a byte order mark.
_WIDE = (
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\xfe\xff", "utf-16"),
    (b"\xff\xfe", "utf-16"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00<\x00?", "utf-16-be"),
    (b"<\x00?\x00", "utf-16-le"),
)


def doctype_line(data: bytes) -> int | None:
    """The line of a DOCTYPE declaration, looked for before any parsing: libxml2 would
    otherwise read the internal subset (entity declarations) before we could refuse it."""
    text = data
    encoding = next((name for start, name in _WIDE if data.startswith(start)), None)
    if encoding is not None:
        try:
            text = data.decode(encoding).encode("utf-8")
        except UnicodeDecodeError:
            return None  # the parser will say what is wrong
    at = text.find(b"<!DOCTYPE")
    return None if at < 0 else text.count(b"\n", 0, at) + 1


def parse_part(data: bytes, part: str, display: str, root_tag: str) -> etree._Element:
    from lxml import etree

    line = doctype_line(data)
    if line is not None:
        raise PackageError(_DOCTYPE_MESSAGE, display, part, line)
    try:
        tree = etree.parse(io.BytesIO(data), xml_parser()).getroot().getroottree()
    except etree.XMLSyntaxError as exc:
        entry = exc.error_log.last_error if exc.error_log else None
        msg = entry.message if entry is not None else str(exc)
        line = exc.lineno or (entry.line if entry is not None else None) or 1
        raise PackageError(f"not well-formed XML ({msg})", display, part, line) from None
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise PackageError(_DOCTYPE_MESSAGE, display, part, 1)
    root = tree.getroot()
    if root.tag != root_tag:
        strict = STRICT_W_NS in (etree.QName(root).namespace or "")
        hint = (
            " (Strict Open XML; save it as 'Word Document', not 'Strict Open XML')"
            if strict
            else ""
        )
        raise PackageError(
            f"root element is {root.tag}, expected {root_tag}{hint}", display, part, root.sourceline
        )
    return root


def read_parts(data: bytes, display: str, wanted: dict[str, str]) -> dict[str, tuple[str, bytes]]:
    """The raw bytes of the ``wanted`` parts ({key: part name}), after the zip checks."""
    import zipfile  # imported here: a render with a cached reference opens no package

    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise PackageError(f"not a .docx (zip) file: {exc}", display) from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_ENTRIES:
            raise PackageError(f"has {len(infos)} zip entries (limit {MAX_ENTRIES})", display)
        by_name: dict[str, list[zipfile.ZipInfo]] = {}
        for info in infos:
            if info.file_size > MAX_PART:
                raise PackageError(
                    f"{info.filename} is {info.file_size / 1e6:.0f} MB uncompressed "
                    f"(limit {MAX_PART // 2**20} MB per part)",
                    display,
                )
            if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(
                info.compress_size, 1
            ):
                raise PackageError(
                    f"{info.filename} compresses {info.file_size // max(info.compress_size, 1)}:1 "
                    f"(limit {MAX_RATIO}:1); refusing a possible zip bomb",
                    display,
                )
            # OPC part names are case-insensitive.
            by_name.setdefault(info.filename.lstrip("/").lower(), []).append(info)
        out: dict[str, tuple[str, bytes]] = {}
        for key, part in wanted.items():
            found = by_name.get(part.lower(), [])
            if len(found) > 1:
                raise PackageError(f"{part} appears {len(found)} times in the zip", display)
            if not found:
                continue
            try:
                raw = read_bounded(zf, found[0])
            except (
                zipfile.BadZipFile,
                zlib.error,
                EOFError,
                OSError,
                RuntimeError,
                NotImplementedError,
                ValueError,
            ) as exc:
                raise PackageError(f"cannot read {part}: {exc}", display) from None
            if len(raw) > MAX_PART:
                raise PackageError(f"{part} is larger than {MAX_PART // 2**20} MB", display)
            out[key] = (part, raw)
    return out


def read_bounded(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The entry's bytes, reading at most MAX_PART + one chunk whatever its headers claim:
    small reads, because ZipExtFile inflates up to the requested size before it truncates
    at the declared one."""
    chunks, total = [], 0
    with zf.open(info) as fh:
        while total <= MAX_PART:
            chunk = fh.read(1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    return b"".join(chunks)


def read_file(path: Path, display: str) -> bytes:
    """A package's bytes, refusing one over ``MAX_FILE`` before reading it."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE:
            raise PackageError(f"is {size / 1e6:.0f} MB (limit {MAX_FILE // 2**20} MB)", display)
        return path.read_bytes()
    except OSError as exc:
        raise PackageError(f"cannot read the file: {exc.strerror or exc}", display) from None
