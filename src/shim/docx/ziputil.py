"""A small deterministic zip writer for .docx packages.

Every entry gets the same fixed date and is deflated once per distinct content: the
parts a render shares with others (styles, theme, fonts, settings, relationships) are
compressed the first time and reused, which is most of the cost of saving a document.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable
from functools import lru_cache

# 1980-01-01 00:00:00 in MS-DOS format, the earliest a zip entry can carry.
_DOS_TIME, _DOS_DATE = 0, (0 << 9) | (1 << 5) | 1
_VERSION = 20  # 2.0: deflate


@lru_cache(maxsize=256)
def _deflate(data: bytes) -> tuple[int, bytes]:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return zlib.crc32(data), compressor.compress(data) + compressor.flush()


def zip_bytes(parts: Iterable[tuple[str, bytes]]) -> bytes:
    """A zip archive of ``parts`` in the given order, deflated, with fixed dates."""
    out = bytearray()
    central = bytearray()
    count = 0
    for name, data in parts:
        raw_name = name.encode("utf-8")
        crc, packed = _deflate(data)
        offset = len(out)
        # The fields both headers share: flags (UTF-8 names), method (deflate), fixed
        # date and time, CRC, sizes, name length.
        common = (0x0800, 8, _DOS_TIME, _DOS_DATE, crc, len(packed), len(data), len(raw_name))
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, _VERSION, *common, 0)
        out += raw_name + packed
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            (3 << 8) | _VERSION,
            _VERSION,
            *common,
            0,  # extra field length
            0,  # comment length
            0,  # disk number
            0,  # internal attributes
            0o100644 << 16,  # external attributes: a regular file, rw-r--r--
            offset,
        )
        central += raw_name
        count += 1
    start = len(out)
    out += central
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(central), start, 0)
    return bytes(out)
