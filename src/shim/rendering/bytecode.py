"""Compiled templates kept in the user's own cache folder.

Compiling the templates of one document costs a cold render tens of milliseconds, more
than rendering them. Jinja can keep the compiled code, but loading it runs it, so it is
read only from the user's private cache folder (:func:`shim.cache.cache_root`: owned by
the user, mode 0700; a folder others can write is never used) or from the entries prepared
beside shim's own code at set-up (:func:`shim.cache.prepared_root`), never from a workspace.
An entry is named by the template's content and everything else the compiled code depends
on (Jinja's and Python's versions, the environment's options, filters and globals, shim's
own code), so it can only be the compilation of the same source by the same compiler.
Where the file is is not part of the name: the same source compiles to the same code in
every copy of a workspace, and the code is given the path of the file it is loaded for
(tracebacks and located messages name that file).
"""

from __future__ import annotations

import contextlib
import hashlib
import sys
from pathlib import Path
from types import CodeType
from typing import Any

import jinja2
from jinja2 import Environment
from jinja2.bccache import Bucket, BytecodeCache

from shim.cache import cache_root, key_of, read_prepared, store


class UserBytecodeCache(BytecodeCache):
    """Jinja's bytecode cache in ``<user cache>/jinja``; any problem is only a miss."""

    def __init__(self, settings: str) -> None:
        self.settings = settings  # what, besides the source, decides the compiled code

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return hashlib.sha1(name.encode("utf-8")).hexdigest()  # Jinja's key, without the path

    def get_source_checksum(self, source: str) -> str:
        # SHA-256, not Jinja's SHA-1: with the path out of the key, the source's digest is
        # what tells one template's code from another's
        return hashlib.sha256(source.encode("utf-8")).hexdigest()

    def get_bucket(
        self, environment: Environment, name: str, filename: str | None, source: str
    ) -> Bucket:
        bucket = super().get_bucket(environment, name, filename, source)
        code = bucket.code
        if code is not None and filename is not None and code.co_filename != filename:
            bucket.code = with_filename(code, filename)  # compiled from another copy
        return bucket

    def _name(self, bucket: Bucket) -> str:
        # bucket.key names the template (the name is in the code: `name = '...'`)
        parts = (jinja2.__version__, sys.version, self.settings, bucket.key, bucket.checksum)
        return f"{key_of('jinja', *parts)}.code"

    def _path(self, bucket: Bucket) -> Path | None:
        root = cache_root()
        return None if root is None else root / "jinja" / self._name(bucket)

    def load_bytecode(self, bucket: Bucket) -> None:
        path = self._path(bucket)
        data: bytes | None = None
        if path is not None:
            with contextlib.suppress(OSError):
                data = path.read_bytes()
        if data is None:
            data = read_prepared("jinja", self._name(bucket))  # set-up's, beside the code
        if data is None:
            return
        try:
            bucket.bytecode_from_string(data)  # checks Jinja's magic and the source checksum
        except Exception:  # whatever a damaged entry raises (pickle, marshal): only a miss
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        path = self._path(bucket)
        if path is not None:
            store(path, bucket.bytecode_to_string())


def settings_of(env: Environment, extensions: tuple[str, ...] = ()) -> str:
    """A digest of what an environment compiles with: its options, the names of its
    filters, tests and globals (a compiled template looks them up by name), and what each
    filter and test is passed (the compiled call hands it the context, or not).
    ``extensions``: those it loads only when it compiles."""
    compiling = ("ext.i18n.trimmed", "compiler.ascii_str")  # the policies the compiler reads
    settings = (
        type(env).__name__,
        env.autoescape,
        env.trim_blocks,
        env.lstrip_blocks,
        env.keep_trailing_newline,
        getattr(env, "newstyle_gettext", False),
        sorted({*env.extensions, *extensions}),
        [env.policies.get(p) for p in compiling],
        sorted((name, _passed(f)) for name, f in env.filters.items()),
        sorted((name, _passed(f)) for name, f in env.tests.items()),
        sorted(env.globals),
    )
    return hashlib.sha256(repr(settings).encode()).hexdigest()


def _passed(func: Any) -> str:
    """What Jinja passes a filter or test first (``@pass_context`` and kin), or ''."""
    return str(getattr(func, "jinja_pass_arg", ""))


def with_filename(code: CodeType, filename: str) -> CodeType:
    """``code`` and the code objects it holds (a template's blocks and macros), naming
    ``filename`` as the file they were compiled from."""
    consts = tuple(
        with_filename(c, filename) if isinstance(c, CodeType) else c for c in code.co_consts
    )
    return code.replace(co_filename=filename, co_consts=consts)
