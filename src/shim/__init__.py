"""shim: sourced, bilingual speech drafts and talking points as Word documents.

The library does all the work; the ``shim`` command is a thin layer over it::

    import shim
    ws = shim.load_workspace()                # the folder's shim.toml, or the default
    for result in shim.render(ws, langs=["en", "es"]):
        print(result.path)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from shim.errors import ShimError

__version__ = "0.1.0"

__all__ = [
    "RenderResult",
    "ShimError",
    "Workspace",
    "__version__",
    "init_workspace",
    "load_workspace",
    "render",
]

if TYPE_CHECKING:
    from shim.rendering.pipeline import RenderResult, render
    from shim.workspace.loader import Workspace, load_workspace
    from shim.workspace.starter import init_workspace

_LAZY = {
    "RenderResult": "rendering.pipeline",
    "render": "rendering.pipeline",
    "Workspace": "workspace.loader",
    "init_workspace": "workspace.starter",
    "load_workspace": "workspace.loader",
}


def __getattr__(name: str) -> Any:
    # Imported on first use so `shim --help` does not pay for python-docx or pydantic.
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'shim' has no attribute {name!r}")
