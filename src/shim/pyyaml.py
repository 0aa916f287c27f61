"""PyYAML, imported for what shim uses of it: libyaml's parser.

Importing PyYAML compiles a dozen regular expressions, among them one over all of
Unicode for its pure-Python reader (5 of the 13 ms its import costs on a 2-core machine),
which libyaml's parser never uses (yaml/pyyaml#124, #301). While PyYAML is imported,
``re.compile`` gives patterns that compile on first use instead, as Bazaar's
``lazy_regex`` did for its whole start-up: a render right after a fact was edited pays
only for the patterns it matches with.
"""

from __future__ import annotations

import re
import threading
from functools import cache
from types import ModuleType
from typing import Any

_LOCK = threading.Lock()
_COMPILE = re.compile


class LazyPattern:
    """A regular expression compiled the first time it is used."""

    __slots__ = ("_args", "_compiled")

    def __init__(self, pattern: str | bytes, flags: int = 0) -> None:
        self._args = (pattern, flags)
        self._compiled: re.Pattern[Any] | None = None

    def __getattr__(self, name: str) -> Any:
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = _COMPILE(*self._args)
        return getattr(compiled, name)


@cache
def pyyaml() -> ModuleType:
    """The ``yaml`` module; its own patterns compile when first used."""
    import base64  # noqa: F401  (PyYAML's own imports, made outside the window below)
    import datetime  # noqa: F401

    with _LOCK:  # (another thread compiling meanwhile gets a lazy pattern too: the same)
        re.compile = LazyPattern  # type: ignore[assignment]
        try:
            import yaml
        finally:
            re.compile = _COMPILE
    return yaml
