"""End to end in a real browser: Playwright drives the system's Chromium against
``shim serve``'s application on loopback, and axe-core checks every page it shows.

Chromium comes from the system (Debian's ``chromium``) and axe-core from npm, both
installed by ``.ci/run``; in CI a missing one fails these tests.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import paragraphs, require, require_file

BRIEF = "san-martin-cacao-visit"
AXE = Path(
    os.environ.get("SHIM_AXE")
    or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    / "shim-axe/node_modules/axe-core/axe.min.js"
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(workspace_copy: Path) -> Iterator[str]:
    import uvicorn

    from shim.web.app import create_app

    port = _free_port()
    config = uvicorn.Config(
        create_app(workspace_copy), host="127.0.0.1", port=port, log_level="warning"
    )
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def page(server: str, tmp_path: Path) -> Iterator[Any]:
    require("chromium")
    require_file(AXE, "axe-core")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS, headless=True
        )
        # axe is injected as a script of the test's; the pages' own CSP forbids that.
        context = browser.new_context(
            base_url=server, accept_downloads=True, bypass_csp=True, locale="en-US"
        )
        pg = context.new_page()
        yield pg
        context.close()
        browser.close()


def serious_violations(page: Any) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{page.url}: {v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(n["target"][0] for n in v["nodes"][:3])
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def test_edit_render_preview_download_and_switch_language(page: Any, tmp_path: Path) -> None:
    found: list[str] = []
    page.goto("/")
    assert page.locator("h1").inner_text() == "Briefs"
    found += serious_violations(page)

    title = "Visit to a cacao cooperative in Tocache, San Martín"
    page.get_by_role("link", name=title, exact=True).click()
    page.get_by_label("Date", exact=True).fill("2026-12-05")
    page.get_by_role("checkbox", name="private-sector", exact=True).uncheck()
    page.get_by_role("button", name="Save the brief", exact=True).click()
    assert page.get_by_role("status").inner_text() == "Saved."
    assert page.get_by_label("Date", exact=True).input_value() == "2026-12-05"
    assert not page.get_by_role("checkbox", name="private-sector", exact=True).is_checked()
    found += serious_violations(page)

    # An error state, shown beside the field.
    page.get_by_label("Title, English", exact=True).fill("")
    page.get_by_label("Title, English", exact=True).evaluate("e => e.removeAttribute('required')")
    page.get_by_role("button", name="Save the brief", exact=True).click()
    assert "Nothing was saved" in page.get_by_role("alert").first.inner_text()
    found += serious_violations(page)

    page.goto(f"/briefs/{BRIEF}/render")
    found += serious_violations(page)
    for kind in ("talking-points", "speech-insert", "fact-sheet"):
        page.get_by_role("checkbox", name=kind, exact=True).uncheck()
    page.get_by_role("checkbox", name="English", exact=True).uncheck()
    page.get_by_role("button", name="Render", exact=True).click()
    assert page.locator("h1").inner_text() == "Rendered documents"
    preview = page.locator('article[lang="es-PE"]')
    assert "5 de diciembre de 2026" in preview.inner_text()
    figure = preview.locator('a.fig[href="/facts/families_assisted_2021"]').first
    assert figure.inner_text() == "más de 77\u00a0mil"  # said in speech, rounded down
    found += serious_violations(page)

    with page.expect_download() as info:
        page.get_by_role("link", name=f"{BRIEF}.remarks.es.docx", exact=True).click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    assert saved.name == f"{BRIEF}.remarks.es.docx"
    assert paragraphs(saved)[1].endswith("5 de diciembre de 2026, Tocache, región San Martín.")

    figure.click()
    assert page.locator("h1").inner_text() == "families_assisted_2021"
    assert page.locator("blockquote mark").inner_text().startswith("In 2021 alone, USAID helped")
    found += serious_violations(page)

    page.get_by_role("link", name="Español", exact=True).click()
    assert page.locator("html").get_attribute("lang") == "es"
    page.get_by_role("link", name="Fichas de eventos", exact=True).click()
    assert page.locator("h1").inner_text() == "Fichas de eventos"
    assert "5 de diciembre de 2026" in page.locator("table").inner_text()
    found += serious_violations(page)
    assert found == []


def test_every_other_page_passes_the_accessibility_check(page: Any, tmp_path: Path) -> None:
    found: list[str] = []
    for url in ["/facts", "/facts?q=cacao", "/check", "/nope", "/?lang=es", "/facts?lang=es"]:
        page.goto(url)
        found += serious_violations(page)
    page.goto("/check?lang=en")
    junk = tmp_path / "junk.docx"
    junk.write_bytes(b"not a document")
    page.get_by_label("Document (.docx)", exact=True).set_input_files(str(junk))
    page.get_by_role("button", name="Check", exact=True).click()
    assert "cannot read as a Word document" in page.get_by_role("alert").inner_text()
    found += serious_violations(page)
    page.goto(f"/briefs/{BRIEF}/render")
    page.get_by_role("checkbox", name="English", exact=True).uncheck()
    page.get_by_role("checkbox", name="Spanish (Peru)", exact=True).uncheck()
    page.get_by_role("checkbox", name="Spanish (Spain)", exact=True).check()
    page.get_by_role("button", name="Render", exact=True).click()
    found += serious_violations(page)
    page.goto(f"/briefs/{BRIEF}/render")
    for kind in ("talking-points", "remarks", "speech-insert"):
        page.get_by_role("checkbox", name=kind, exact=True).uncheck()
    page.get_by_role("checkbox", name="fact-sheet", exact=True).check()
    page.get_by_role("button", name="Render", exact=True).click()
    assert page.locator("svg.chart").count() == 2
    found += serious_violations(page)
    assert found == []


def test_the_sign_in_page_passes_the_accessibility_check(
    workspace_copy: Path, tmp_path: Path
) -> None:
    require("chromium")
    require_file(AXE, "axe-core")
    from playwright.sync_api import sync_playwright
    from starlette.testclient import TestClient

    from shim.web.app import create_app

    with TestClient(create_app(workspace_copy, token="t")) as c:
        c.get("/signin")
        bad = c.post("/signin", data={"csrf": c.cookies["shim_csrf"], "name": "", "token": "x"})
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        pg = browser.new_page(bypass_csp=True)
        pg.set_content(bad.text)
        assert "the access code is wrong" in pg.get_by_role("alert").inner_text()
        assert serious_violations(pg) == []
        pg.set_content('<html lang="en"><title>t</title><main><input id="x"></main></html>')
        assert [v.split(" at ")[0] for v in serious_violations(pg)] == [
            "about:blank: label (critical): Form elements must have labels"
        ]
        browser.close()
