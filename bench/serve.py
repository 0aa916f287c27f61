"""Server benchmark: `shim serve` on loopback, answering `POST /api/render`.

Run: python bench/serve.py (also part of `make bench`); updates the "Server" section of
BENCHMARKS.md. It starts its own server on 127.0.0.1, sends a bounded number of requests
(warm-up, sequential, then concurrent clients), stops the server and exits.

Targets: a warm render of talking points in English and Spanish answers in under 50 ms at
the median; 8 concurrent clients x 10 renders all succeed with p95 under 500 ms; the
server's peak memory stays under 300 MB.
"""

from __future__ import annotations

import http.client
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEADING = "## Server (`shim serve`): render requests on loopback"
BODY = json.dumps(
    {"brief": "san-martin-cacao-visit", "langs": ["en", "es"], "docs": ["talking-points"]}
).encode()
WARMUP, SEQUENTIAL, CLIENTS, PER_CLIENT = 5, 50, 8, 10
DEADLINE = 300.0  # seconds: the whole run stops by itself


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(port: int) -> subprocess.Popen[bytes]:
    shim = Path(sys.executable).with_name("shim")
    args = [str(shim), "serve", "--port", str(port), "--project", str(ROOT)]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the server did not start")


def render(conn: http.client.HTTPConnection) -> tuple[float, int]:
    started = time.perf_counter()
    conn.request("POST", "/api/render", BODY, {"Content-Type": "application/json"})
    response = conn.getresponse()
    data = response.read()
    elapsed = (time.perf_counter() - started) * 1000
    ok = response.status == 200 and len(json.loads(data)["documents"]) == 2
    return elapsed, 200 if ok else response.status


def peak_memory_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def run() -> dict[str, float]:
    port = free_port()
    proc = start(port)
    begun = time.monotonic()
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for _ in range(WARMUP):
            render(conn)
        sequential = [render(conn)[0] for _ in range(SEQUENTIAL)]
        conn.close()
        times: list[float] = []
        failures: list[int] = []
        lock = threading.Lock()

        def client() -> None:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            for _ in range(PER_CLIENT):
                if time.monotonic() - begun > DEADLINE:
                    break
                elapsed, status = render(c)
                with lock:
                    times.append(elapsed)
                    if status != 200:
                        failures.append(status)
            c.close()

        threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - started
        memory = peak_memory_mb(proc.pid)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return {
        "median": statistics.median(sequential),
        "seq_p95": p95(sequential),
        "conc_median": statistics.median(times),
        "conc_p95": p95(times),
        "done": len(times),
        "failed": len(failures),
        "throughput": len(times) / wall,
        "memory": memory,
    }


def section(r: dict[str, float]) -> str:
    def verdict(ok: bool) -> str:
        return "met" if ok else "MISSED"

    return "\n".join(
        [
            HEADING,
            "",
            f"Command: `python bench/serve.py`, run {time.strftime('%Y-%m-%d')}. "
            f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}. One `shim serve` process (uvicorn) on "
            "127.0.0.1; each request is `POST /api/render` of the default brief's talking "
            "points in English and Spanish, written to a folder of its own.",
            "",
            "| measure | result | target |",
            "|---|---:|---|",
            f"| warm render, sequential ({SEQUENTIAL} requests), median | "
            f"{r['median']:.1f} ms | < 50 ms: {verdict(r['median'] < 50)} |",
            f"| warm render, sequential, p95 | {r['seq_p95']:.1f} ms | |",
            f"| {CLIENTS} clients x {PER_CLIENT} renders: succeeded | "
            f"{int(r['done']) - int(r['failed'])} of {CLIENTS * PER_CLIENT} | all: "
            f"{verdict(r['failed'] == 0 and r['done'] == CLIENTS * PER_CLIENT)} |",
            f"| {CLIENTS} clients: median / p95 | {r['conc_median']:.0f} / "
            f"{r['conc_p95']:.0f} ms | p95 < 500 ms: {verdict(r['conc_p95'] < 500)} |",
            f"| {CLIENTS} clients: throughput | {r['throughput']:.1f} renders/s | |",
            f"| server peak memory (VmHWM) | {r['memory']:.0f} MB | < 300 MB: "
            f"{verdict(r['memory'] < 300)} |",
            "",
        ]
    )


def keep_section(old: str, new_section: str) -> str:
    """BENCHMARKS.md with this section replaced (or added at the end)."""
    head, _, _ = old.partition(HEADING)
    return head.rstrip("\n") + "\n\n" + new_section


def main() -> None:
    results = run()
    text = section(results)
    print(text)
    path = ROOT / "BENCHMARKS.md"
    path.write_text(keep_section(path.read_text(encoding="utf-8"), text), encoding="utf-8")


if __name__ == "__main__":
    main()
