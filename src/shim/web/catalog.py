"""The interface's catalog, with the workspace's workflow on the interface's own root:
``python -m shim.web.catalog extract|update|check``.
"""

from __future__ import annotations

import sys

from shim.language import workflow
from shim.web.i18n import HERE


def main(argv: list[str]) -> int:
    action = argv[0] if argv else "check"
    if action == "extract":
        print(workflow.extract(HERE))
    elif action == "update":
        for path in workflow.update(HERE, ["es"]):
            print(path)
    elif action == "check":
        issues = workflow.check(HERE)
        for issue in issues:
            print(issue, file=sys.stderr)
        if issues:
            return 1
        print("interface catalogs are complete and up to date")
    else:
        print("usage: python -m shim.web.catalog extract|update|check", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
