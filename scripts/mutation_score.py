"""Print the mutation score of the last `mutmut run` (the `make mutants` summary).

Reads `mutmut results --all true`. Killed includes timeouts (a mutant that hangs is caught);
the score counts mutants no test reaches as not killed.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path


def main() -> int:
    mutmut = Path(sys.executable).with_name("mutmut")
    out = subprocess.run(
        [str(mutmut), "results", "--all", "true"], capture_output=True, text=True, check=True
    ).stdout
    states = Counter(line.rsplit(":", 1)[1].strip() for line in out.splitlines() if ":" in line)
    killed = states["killed"] + states["timeout"]
    judged = killed + states["survived"] + states["no tests"]
    print(", ".join(f"{n} {state}" for state, n in sorted(states.items())))
    if not judged:
        print("no mutant was judged: mutmut stopped before testing (see its output above)")
        return 1
    print(f"mutation score: {killed}/{judged} = {killed / judged:.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
