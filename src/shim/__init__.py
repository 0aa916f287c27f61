"""shim: sourced, bilingual speech drafts and talking points as Word documents.

The library does all the work; the ``shim`` command is a thin layer over it. The public
API is what ``__all__`` lists:

- :func:`load_workspace` a workspace folder (or the built-in one), validated once;
- :func:`render` documents: the one render path, returning a :class:`RenderReport`;
- :func:`init_workspace` a new workspace from the built-in one;
- :class:`ShimError`, the root of every error that is the user's to fix.

>>> import shim, tempfile
>>> ws = shim.load_workspace()                  # the folder's shim.toml, or the default
>>> report = shim.render(ws, langs=["es"], docs=["remarks"], out=tempfile.mkdtemp())
>>> [(r.doc, r.lang, r.path.name) for r in report.raise_for_failures()]
[('remarks', 'es', 'san-martin-cacao-visit.remarks.es.docx')]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from shim.errors import ShimError

__version__ = "0.1.0"

__all__ = [
    "RenderReport",
    "RenderResult",
    "ShimError",
    "Workspace",
    "__version__",
    "init_workspace",
    "load_workspace",
    "render",
]

if TYPE_CHECKING:
    from shim.rendering.pipeline import RenderReport, RenderResult, render
    from shim.workspace.loader import Workspace, load_workspace
    from shim.workspace.starter import init_workspace

_LAZY = {
    "RenderReport": "rendering.pipeline",
    "RenderResult": "rendering.pipeline",
    "render": "rendering.pipeline",
    "Workspace": "workspace.loader",
    "init_workspace": "workspace.starter",
    "load_workspace": "workspace.loader",
}


def __getattr__(name: str) -> Any:
    # Imported on first use so `shim --help` does not pay for the writer, Jinja or the schema.
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'shim' has no attribute {name!r}")
