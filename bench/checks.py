"""Benchmarks of the checks: figure scanning on 1 MB of text, and `shim facts check` on a
generated base of 2,000 facts over 50 sources (generated here, never committed).

Run alone: python bench/checks.py (prints the section); bench/run.py includes it in
BENCHMARKS.md.
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import shim  # noqa: E402
from shim.checks.figures_scan import scan_all  # noqa: E402

MB = 1 << 20
FACTS, SOURCES = 2000, 50


def best_s(fn: Callable[[], object], repeat: int = 3) -> float:
    """The fastest of ``repeat`` runs, in seconds (the machine is shared)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def texts() -> dict[str, str]:
    def fill(unit: str) -> str:
        return (unit * (MB // len(unit) + 1))[:MB]

    prose = (
        "In 2021 alone, USAID helped more than 77,109 families earn US$13 million; "
        "casi el 85 % de 1,200 millones de dólares, 24.7 billones, 1,1,1 y 27.05.2022. "
    )
    return {
        "prose with figures, qualifiers, dates": fill(prose),
        '"111 111 111 …" (the old quadratic case)': fill("111 "),
        '"1,1,1,1,…"': fill("1,"),
        '"1 1 1 1 …" (a figure every 2 characters)': fill("1 "),
    }


def bench_scan() -> list[tuple[str, str, float, int]]:
    rows = []
    for name, text in texts().items():
        for lang, decimal in (("en", "."), ("es", "."), ("es-ES", ",")):
            seconds = best_s(lambda t=text, la=lang, d=decimal: scan_all(t, la, d))
            rows.append((name, lang, seconds, len(scan_all(text, lang, decimal).figures)))
    return rows


def generated_base(folder: Path) -> Path:
    """A workspace whose fact base has exactly FACTS facts over SOURCES sources."""
    ws = folder / "ws"
    shim.init_workspace(ws)
    facts_dir = ws / "facts"
    kept = len(shim.load_workspace(ws).facts)
    extra_sources = SOURCES - 2
    extra_facts = FACTS - kept
    sources = (facts_dir / "sources.yaml").read_text(encoding="utf-8")
    for s in range(extra_sources):
        count = extra_facts // extra_sources + (1 if s < extra_facts % extra_sources else 0)
        paras = [f"Paragraph {p + 1} of report {s}: no figure here." for p in range(5)]
        facts = [f"source: gen-{s:02d}\n", "facts:\n"]
        for i in range(count):
            value = 1000 + 7 * (s * 100 + i)
            sentence = f"In 2021, the program reached more than {value:,} families in district {i}."
            paras.append(sentence)
            facts.append(
                f"  - id: gen_{s:02d}_{i:03d}\n    value: {value}\n    kind: count\n"
                f'    counts: families\n    qualifier: more_than\n    period: "2021"\n'
                f'    locator: {{paragraph: {len(paras)}}}\n    quote: "{sentence}"\n'
                f"    status: cleared\n"
            )
        (facts_dir / "sources" / f"gen-{s:02d}.txt").write_text(
            "\n\n".join(paras) + "\n", encoding="utf-8"
        )
        (facts_dir / f"gen-{s:02d}.yaml").write_text("".join(facts), encoding="utf-8")
        sources += (
            f"  - id: gen-{s:02d}\n    title: Report {s}\n    publisher: USAID/Peru\n"
            f'    published: 2025-06-01\n    edition: "2025"\n    url: https://example.org/{s}\n'
            f"    path: sources/gen-{s:02d}.txt\n"
            f"    cite: {{en: Report {s}, es: Informe {s}}}\n"
        )
    (facts_dir / "sources.yaml").write_text(sources, encoding="utf-8")
    return ws


def bench_facts_check() -> tuple[int, int, float, float, float]:
    """(facts, sources, in-process s, whole `shim facts check` s: wall clock and CPU)."""
    from shim.checks.facts import check
    from shim.workspace.factload import load_facts
    from shim.workspace.settings import FactsSection

    with tempfile.TemporaryDirectory() as tmp:
        ws = generated_base(Path(tmp))
        base = load_facts(ws)
        assert (len(base), len(base.sources)) == (FACTS, SOURCES), (len(base), len(base.sources))

        def run() -> None:
            age = FactsSection().max_age_years  # shim.toml's default
            findings = check(load_facts(ws), ws / "templates", max_age_years=age)
            errors = [f for f in findings if not f.warning]
            assert errors == [], errors[:3]

        inproc = best_s(run)
        exe = shutil.which("shim", path=str(Path(sys.executable).parent)) or "shim"

        cpu: list[float] = []

        def whole() -> None:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run(
                [exe, "facts", "check", "--project", str(ws)], check=True, capture_output=True
            )
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)

        wall = best_s(whole, repeat=5)
        return len(base), len(base.sources), inproc, wall, min(cpu)


def section() -> list[str]:
    rows = bench_scan()
    facts, sources, inproc, whole, cpu = bench_facts_check()
    lines = [
        "## (g) Checks: figure scanning and the fact base",
        "",
        "Figure scanning (`shim.checks.figures_scan.scan_all`) on 1 MB of text, best of 3 (s):",
        "",
        "| text (1 MB) | language | s | figures |",
        "|---|---|---:|---:|",
    ]
    lines += [f"| {name} | {lang} | {s:.3f} | {n:,} |" for name, lang, s, n in rows]
    worst = max(s for name, _, s, _ in rows if "every 2" not in name)
    lines += [
        "",
        f"`shim facts check` on a generated base of {facts:,} facts over {sources} sources, "
        "best run (s):",
        "",
        "| run | s |",
        "|---|---:|",
        f"| in process (load + check) | {inproc:.2f} |",
        f"| whole process (`shim facts check`), wall clock, best of 5 | {whole:.2f} |",
        f"| whole process, CPU time (user + system), best of 5 | {cpu:.2f} |",
        "",
        "| target | measured | met |",
        "|---|---:|---|",
        f"| 1 MB of text scanned in < 1 s (real text and digit runs) | {worst:.2f} s | "
        f"{'yes' if worst < 1 else 'no'} |",
        f"| `shim facts check`, 2,000 facts / 50 sources < 2 s | {whole:.2f} s | "
        f"{'yes' if whole < 2 else 'no'} |",
        "",
    ]
    return lines


if __name__ == "__main__":
    print("\n".join(section()))
