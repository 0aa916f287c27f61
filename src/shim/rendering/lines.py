"""The template file and line being rendered right now, for located messages."""

from __future__ import annotations

import sys
from bisect import bisect_right
from types import FrameType
from typing import Any
from weakref import WeakKeyDictionary

from shim.errors import Location


def current_template_line() -> Location | None:
    """The template file and line being rendered right now (for messages).

    Jinja has no public API for this: its compiled templates set ``__jinja_template__``
    in their module globals, which is what Jinja's own traceback rewriting reads too.
    """
    frame: FrameType | None = sys._getframe(1)
    while frame is not None:
        template = frame.f_globals.get("__jinja_template__")
        if template is not None and template.filename:
            return Location(template.filename, _template_line(template, frame.f_lineno))
        frame = frame.f_back
    return None


#: Each template's code lines and template lines, in code order. Jinja parses them from
#: a string on every ``get_corresponding_lineno``; a render asks once per message.
_DEBUG_INFO: WeakKeyDictionary[Any, tuple[list[int], list[int]]] = WeakKeyDictionary()


def _template_line(template: Any, code_line: int) -> int:
    """The template line of the last code line at or before ``code_line`` (as
    ``Template.get_corresponding_lineno``, by bisection)."""
    table = _DEBUG_INFO.get(template)
    if table is None:
        pairs = template.debug_info
        table = _DEBUG_INFO[template] = ([c for _, c in pairs], [line for line, _ in pairs])
    codes, lines = table
    i = bisect_right(codes, code_line)
    return lines[i - 1] if i else 1
