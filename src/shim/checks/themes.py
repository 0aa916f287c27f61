"""Templates may test only the themes declared in ``shim.toml`` (``[briefs] themes``).

A template section guarded by ``{% if "livelihood" in themes %}`` with a misspelled
theme would never render; the theme names are read from the templates' syntax trees.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import partial
from pathlib import Path

from shim.errors import Location, TemplateError, did_you_mean, display_path
from shim.safeio import read_template


def template_themes(templates: Path) -> Iterator[tuple[str, Path, int]]:
    """Each ``"name" in themes`` test of the templates: (name, file, line).

    Parsing a template costs milliseconds: the tests found in each are kept in the
    user's cache, by the template's content."""
    from shim.cache import cached, key_of

    for path in sorted(templates.glob("*.j2")):
        raw = read_template(path, templates)  # confined before the cache sees it
        tests = cached(
            "themes", key_of(path.name, raw), list[tuple[str, int]], partial(_tests, raw)
        )
        for name, line in tests:
            yield name, path, line


def _tests(raw: bytes) -> list[tuple[str, int]]:
    from jinja2 import Environment, TemplateSyntaxError, nodes

    env = Environment(extensions=["jinja2.ext.i18n"])
    try:
        # No name: a syntax error is not reported here, but when the template is rendered
        ast = env.parse(raw.decode("utf-8"))
    except (TemplateSyntaxError, UnicodeDecodeError):
        return []
    return [
        (test.expr.value, test.lineno)
        for test in ast.find_all(nodes.Compare)
        if isinstance(test.expr, nodes.Const)
        and isinstance(test.expr.value, str)
        and len(test.ops) == 1
        and test.ops[0].op in ("in", "notin")
        and isinstance(test.ops[0].expr, nodes.Name)
        and test.ops[0].expr.name == "themes"
    ]


def check_template_themes(templates: Path, root: Path, themes: Sequence[str]) -> None:
    """Raise a located TemplateError for the first undeclared theme a template tests."""
    for name, path, line in template_themes(templates):
        if name not in themes:
            hint = did_you_mean(name, themes) or f"; declared: {', '.join(themes)}"
            raise TemplateError(
                f"unknown theme '{name}'{hint} (themes are declared in shim.toml [briefs])",
                Location(display_path(path, root), line),
            )
