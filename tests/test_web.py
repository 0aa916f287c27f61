"""The browser interface through Starlette's test client: pages, API, editing, security."""

from __future__ import annotations

import html
import io
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from shim.language import workflow
from shim.web import history
from shim.web.app import create_app
from shim.web.i18n import HERE
from shim.web.security import HEADERS

from .conftest import paragraphs, require

BRIEF = "san-martin-cacao-visit"
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


@pytest.fixture
def client(workspace_copy: Path) -> Iterator[TestClient]:
    with TestClient(create_app(workspace_copy)) as c:
        c.get("/")  # the CSRF cookie
        yield c


def csrf(c: TestClient) -> str:
    return str(c.cookies.get("shim_csrf"))


def render(c: TestClient, **body: object) -> dict[str, object]:
    r = c.post("/api/render", json={"brief": BRIEF, **body})
    assert r.status_code == 200, r.text
    return dict(r.json())


def form_of(c: TestClient) -> dict[str, object]:
    """The brief's form as the page fills it."""
    import re

    page = c.get(f"/briefs/{BRIEF}").text
    data: dict[str, object] = {"csrf": csrf(c)}
    for name, value in re.findall(r'<input[^>]* name="([^"]+)"[^>]* value="([^"]*)"', page):
        if name not in {"docs", "themes", "facts"}:
            data[name] = value.replace("&#39;", "'")
    for key in ("docs", "themes", "facts"):
        data[key] = re.findall(rf'name="{key}" value="([^"]+)" checked', page)
    return data


def test_every_page_answers_with_the_security_headers(client: TestClient) -> None:
    for url in ["/", "/facts", "/facts/hectares_2021", f"/briefs/{BRIEF}", "/check", "/nope"]:
        r = client.get(url)
        assert r.status_code == (404 if url == "/nope" else 200), url
        assert r.headers["content-security-policy"] == CSP
        assert r.headers["x-content-type-options"] == "nosniff"
        assert {k: r.headers[k] for k in HEADERS} == {k: v for k, v in HEADERS.items()}
        assert "<script" not in r.text


def test_api_render_answers_with_documents_that_download(client: TestClient) -> None:
    answer = render(client, langs=["en", "es"], docs=["talking-points"])
    rid = str(answer["zip"]).removeprefix("/renders/").removesuffix(".zip")
    assert answer == {
        "documents": [
            {
                "lang": "en",
                "doc": "talking-points",
                "url": f"/renders/{rid}/{BRIEF}.talking-points.en.docx",
            },
            {
                "lang": "es",
                "doc": "talking-points",
                "url": f"/renders/{rid}/{BRIEF}.talking-points.es.docx",
            },
        ],
        "warnings": [],
        "zip": f"/renders/{rid}.zip",
    }
    r = client.get(f"/renders/{rid}/{BRIEF}.talking-points.es.docx")
    assert r.headers["content-type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert r.headers["content-disposition"] == (
        f'attachment; filename="{BRIEF}.talking-points.es.docx"'
    )
    assert r.content[:2] == b"PK"


def test_a_download_keeps_the_bytes_of_its_render(client: TestClient, workspace_copy: Path) -> None:
    first = render(client, langs=["en"], docs=["remarks"])["documents"]
    path = workspace_copy / "briefs" / f"{BRIEF}.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Ana María Torres", "Rosa Quispe"), encoding="utf-8")
    second = render(client, langs=["en"], docs=["remarks"])["documents"]
    tmp = workspace_copy / "got"
    tmp.mkdir()
    for name, docs in (("first", first), ("second", second)):
        (tmp / f"{name}.docx").write_bytes(client.get(docs[0]["url"]).content)  # type: ignore[index]
    assert "Remarks by Ana María Torres" in paragraphs(tmp / "first.docx")[1]
    assert "Remarks by Rosa Quispe" in paragraphs(tmp / "second.docx")[1]


def test_api_errors_are_4xx_with_the_command_line_text(client: TestClient) -> None:
    r = client.post("/api/render", json={"brief": "san-martin"})
    assert (r.status_code, r.json()) == (
        404,
        {"error": "no brief named 'san-martin' in briefs/; did you mean 'san-martin-cacao-visit'?"},
    )
    r = client.post("/api/render", json={"brief": BRIEF, "langs": ["fr"]})
    assert (r.status_code, r.json()) == (
        422,
        {
            "error": "unknown language 'fr'; use en, es, es-419, es-ES, es-MX, or any es-XX "
            "or pt-XX that CLDR knows (es-CO, pt-BR)"
        },
    )
    r = client.post("/api/render", content=b"{", headers={"content-type": "application/json"})
    assert r.status_code == 400
    assert r.json()["error"].startswith("the request is not valid JSON")
    r = client.post("/api/render", content=b"brief=x", headers={"content-type": "text/plain"})
    assert (r.status_code, r.json()) == (415, {"error": "send the request as application/json"})


def test_api_lists_briefs_and_facts(client: TestClient) -> None:
    briefs = client.get("/api/briefs").json()["briefs"]
    assert [b["name"] for b in briefs] == ["lima-devida-meeting", BRIEF]
    assert briefs[1]["title"]["es"] == "Visita a una cooperativa cacaotera en Tocache, San Martín"
    facts = {f["id"]: f for f in client.get("/api/facts").json()["facts"]}
    assert (facts["families_assisted_2021"]["en"], facts["families_assisted_2021"]["es"]) == (
        "77,109",
        "77,109",
    )


def test_saving_keeps_comments_and_order_and_records_the_author(
    client: TestClient, workspace_copy: Path
) -> None:
    path = workspace_copy / "briefs" / f"{BRIEF}.yaml"
    before = path.read_text(encoding="utf-8")
    data = form_of(client)
    data["date"] = "2026-12-05"
    data["themes"] = ["livelihoods", "governance"]
    r = client.post(f"/briefs/{BRIEF}", data=data, follow_redirects=False)
    assert (r.status_code, r.headers["location"]) == (303, f"/briefs/{BRIEF}?saved=1")
    expected = before.replace("date: 2026-12-03", "date: 2026-12-05").replace(
        "themes: [livelihoods, private-sector, governance, devida]",
        "themes: [livelihoods, governance]",
    )
    assert path.read_text(encoding="utf-8") == expected
    changes = history.history(workspace_copy, path)
    assert [(c.what) for c in changes] == [f"Edit brief {BRIEF}"]
    assert "No change recorded yet." not in client.get(f"/briefs/{BRIEF}").text


def test_saving_in_a_git_workspace_commits_as_the_signed_in_person(workspace_copy: Path) -> None:
    git = ["git", "-C", str(workspace_copy), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "start"], check=True)
    with TestClient(create_app(workspace_copy, token="s3cret")) as c:
        c.get("/signin")
        c.post("/signin", data={"csrf": csrf(c), "name": "Rosa Quispe", "token": "s3cret"})
        data = form_of(c)
        data["date"] = "2026-12-07"
        assert c.post(f"/briefs/{BRIEF}", data=data, follow_redirects=False).status_code == 303
        log = subprocess.run(
            [*git, "log", "-1", "--format=%an <%ae>|%s"], capture_output=True, text=True
        ).stdout.strip()
        assert log == (
            f"Rosa Quispe <rosa.quispe@shim.local>|Edit brief {BRIEF} (briefs/{BRIEF}.yaml)"
        )
        assert "Rosa Quispe" in c.get(f"/briefs/{BRIEF}").text


def test_errors_are_shown_beside_the_field_with_the_cli_text(
    client: TestClient, workspace_copy: Path
) -> None:
    path = workspace_copy / "briefs" / f"{BRIEF}.yaml"
    before = path.read_text(encoding="utf-8")
    data = form_of(client)
    data["themes"] = []
    r = client.post(f"/briefs/{BRIEF}", data=data)
    assert r.status_code == 422
    assert path.read_text(encoding="utf-8") == before
    message = (
        f"briefs/{BRIEF}.yaml:49: 'themes': Tuple should have at least 1 item after "
        "validation, not 0"
    )
    shown = html.escape(message, quote=True).replace("&#x27;", "&#39;")
    assert f'<div class="field-error" id="err-themes" role="alert"><p><code>{shown}' in r.text
    bad = before.replace("themes: [livelihoods, private-sector, governance, devida]", "themes: []")
    path.write_text(bad, encoding="utf-8")
    cli = subprocess.run(
        [
            sys.executable,
            "-c",
            "from shim.cli import main; main()",
            "render",
            "-p",
            str(workspace_copy),
        ],
        capture_output=True,
        text=True,
        cwd=workspace_copy,
    )
    assert cli.stderr == f"error: {message}\n"


def test_a_brief_saved_meanwhile_is_shown_not_overwritten(
    client: TestClient, workspace_copy: Path
) -> None:
    data = form_of(client)
    path = workspace_copy / "briefs" / f"{BRIEF}.yaml"
    theirs = path.read_text(encoding="utf-8").replace("Tocache, San Martín region", "Tocache")
    path.write_text(theirs, encoding="utf-8")
    data["date"] = "2026-12-09"
    r = client.post(f"/briefs/{BRIEF}", data=data)
    assert r.status_code == 409
    assert path.read_text(encoding="utf-8") == theirs
    assert "Someone else saved this brief after you opened it" in r.text
    assert "date: 2026-12-09" in r.text and "  en: Tocache\n" in r.text


def test_writes_from_another_site_or_without_csrf_are_refused(client: TestClient) -> None:
    data = {"csrf": csrf(client), "docs": ["remarks"], "langs": ["en"]}
    url = f"/briefs/{BRIEF}/render"
    r = client.post(url, data=data, headers={"origin": "https://evil.example"})
    assert r.status_code == 403
    assert "refused: this request came from another site" in r.text
    r = client.post(url, data={**data, "csrf": "forged"})
    assert r.status_code == 403
    r = client.post("/api/render", json={"brief": BRIEF}, headers={"sec-fetch-site": "cross-site"})
    assert (r.status_code, r.json()) == (
        403,
        {"error": "refused: this request came from another site"},
    )


def test_uploads_are_bounded(client: TestClient) -> None:
    r = client.post(
        "/briefs/x/render",
        content=b"x" * (1024 * 1024 + 1),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert r.status_code == 413
    assert "the upload is larger than the limit of 1,024 KB" in r.text


def test_check_page_compares_uploaded_documents(client: TestClient) -> None:
    docs = render(client, langs=["en", "es"], docs=["talking-points"])["documents"]
    files = {
        key: (f"{key}.docx", io.BytesIO(client.get(d["url"]).content))  # type: ignore[index]
        for key, d in zip("ab", docs, strict=True)  # type: ignore[arg-type]
    }
    r = client.post("/check", data={"csrf": csrf(client)}, files=files)
    assert r.status_code == 200
    assert "Figures match in both documents and all come from current facts." in r.text
    junk = {"a": ("a.docx", io.BytesIO(b"not a zip"))}
    r = client.post("/check", data={"csrf": csrf(client)}, files=junk)
    assert r.status_code == 422
    assert (
        "1-a.docx: cannot read as a Word document: not a .docx (zip) file: File is not a zip file"
        in r.text
    )


def test_paths_never_leave_the_render_folder(client: TestClient) -> None:
    rid = str(render(client, langs=["en"], docs=["remarks"])["zip"])[9:-4]
    for url in [
        f"/renders/{rid}/render.json",
        f"/renders/{rid}/..%2F..%2Fetc%2Fpasswd",
        "/renders/..%2F..%2Fetc/passwd",
        "/briefs/..%2Fshim",
        "/facts/..%2F..%2Fshim.toml",
    ]:
        assert client.get(url).status_code == 404, url


def test_the_workspace_is_reloaded_when_a_file_changes(
    client: TestClient, workspace_copy: Path
) -> None:
    assert "Visita a una" in client.get("/?lang=es").text
    path = workspace_copy / "briefs" / f"{BRIEF}.yaml"
    text = path.read_text(encoding="utf-8").replace("Visita a una", "Gira a una")
    path.write_text(text, encoding="utf-8")
    assert "Gira a una cooperativa" in client.get("/").text


def test_a_token_is_needed_for_every_request(workspace_copy: Path) -> None:
    with TestClient(create_app(workspace_copy, token="s3cret")) as c:
        r = c.get("/facts", follow_redirects=False)
        assert (r.status_code, r.headers["location"]) == (303, "/signin?next=/facts")
        r = c.get("/api/briefs")
        assert (r.status_code, r.json()) == (401, {"error": "sign in first (a token is needed)"})
        assert c.get("/api/briefs", headers={"authorization": "Bearer s3cret"}).status_code == 200
        c.get("/signin")
        r = c.post("/signin", data={"csrf": csrf(c), "name": "Ana", "token": "wrong"})
        assert r.status_code == 401
        r = c.post("/signin?next=/facts", data={"csrf": csrf(c), "name": "Ana", "token": "s3cret"})
        assert r.status_code == 200 and "Signed in as Ana" in r.text


def test_a_server_error_shows_no_traceback(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from shim.web import service

    def broken(ws: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(service, "brief_rows", broken)
    r = client.get("/")
    assert r.status_code == 500
    assert "secret internals" not in r.text and "Traceback" not in r.text
    assert "give them this code:" in r.text


def test_the_interface_speaks_spanish(client: TestClient) -> None:
    r = client.get("/?lang=es")
    assert '<html lang="es">' in r.text
    assert "<h1>Fichas de eventos</h1>" in r.text
    assert "3 de diciembre de 2026" in r.text
    assert '<html lang="es">' in client.get("/facts").text  # remembered


def test_the_interface_catalog_is_complete() -> None:
    assert workflow.check(HERE) == []


def test_a_render_page_previews_both_languages_with_linked_figures(client: TestClient) -> None:
    data = {"csrf": csrf(client), "docs": ["remarks"], "langs": ["en", "es"], "mode": "normal"}
    r = client.post(f"/briefs/{BRIEF}/render", data=data)
    assert r.status_code == 200
    assert '<article class="doc" lang="es-PE"' in r.text
    assert '<a class="fig" href="/facts/families_assisted_2021" title="' in r.text
    assert '<strong class="draft">BORRADOR</strong>' in r.text


def test_a_fact_sheet_preview_draws_its_chart_with_linked_bars(client: TestClient) -> None:
    data = {"csrf": csrf(client), "docs": ["fact-sheet"], "langs": ["es"], "mode": "normal"}
    r = client.post(f"/briefs/{BRIEF}/render", data=data)
    assert r.status_code == 200
    assert '<svg class="chart" role="group" viewBox="0 0 560 280"' in r.text
    assert (
        '<a href="/facts/devida_budget_2021"><rect x="403.2" y="49.4" width="105.6" '
        'height="190.6" class="bar"><title>2021: US$\u00a035.5\u00a0millones</title></rect>'
    ) in r.text


@pytest.mark.libreoffice
def test_api_render_also_makes_pdfs_when_asked(client: TestClient) -> None:
    require("soffice")
    docs = render(client, langs=["es"], docs=["speech-insert"], pdf=True)["documents"]
    url = docs[0]["pdf"]  # type: ignore[index]
    assert url.endswith(f"/{BRIEF}.speech-insert.es.pdf")
    r = client.get(url)
    assert (r.headers["content-type"], r.content[:5]) == ("application/pdf", b"%PDF-")


def test_a_review_packet_shows_its_diff_then_applies_it(
    client: TestClient, workspace_copy: Path
) -> None:
    import docx

    from .test_review_import import PO, make_packet, set_text, translation

    d = docx.Document(str(make_packet(workspace_copy)))
    set_text(translation(d, "Mensaje principal"), "Mensaje central")
    edited = io.BytesIO()
    d.save(edited)
    before = (workspace_copy / PO).read_bytes()
    files = {"packet": ("packet.docx", io.BytesIO(edited.getvalue()))}
    r = client.post("/check/packet", data={"csrf": csrf(client)}, files=files)
    assert r.status_code == 200
    assert "-msgstr &#34;Mensaje principal&#34;\n+msgstr &#34;Mensaje central&#34;\n" in r.text
    assert "1 translation changes." in r.text
    assert (workspace_copy / PO).read_bytes() == before
    import re

    rid = re.search(r'name="rid" value="([0-9a-f]{32})"', r.text)
    assert rid is not None
    r = client.post("/check/packet/apply", data={"csrf": csrf(client), "rid": rid.group(1)})
    assert r.status_code == 200 and "Applied to the catalog" in r.text
    assert 'msgstr "Mensaje central"' in (workspace_copy / PO).read_text(encoding="utf-8")
    changes = history.history(workspace_copy, workspace_copy / PO)
    assert [c.what for c in changes] == ["Import review packet"]


def test_a_theme_the_workspace_does_not_declare_is_shown_beside_themes(
    client: TestClient, workspace_copy: Path
) -> None:
    path = workspace_copy / "briefs" / f"{BRIEF}.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("governance, devida]", "governanse, devida]"),
        encoding="utf-8",
    )
    page = client.get(f"/briefs/{BRIEF}").text
    assert 'value="governanse" checked> governanse <span class="hint">(unknown)</span>' in page
    r = client.post(f"/briefs/{BRIEF}", data=form_of(client))
    assert r.status_code == 422
    message = html.escape(
        f"briefs/{BRIEF}.yaml:49: unknown theme 'governanse'; did you mean 'governance'? "
        "(themes are declared in shim.toml [briefs])",
        quote=True,
    ).replace("&#x27;", "&#39;")
    assert f'id="err-themes" role="alert"><p><code>{message}</code>' in r.text


def test_a_fact_page_writes_the_value_and_date_in_the_page_language(client: TestClient) -> None:
    es = client.get("/facts/families_assisted_2021?lang=es").text
    assert "<dd>77,109 (count, families)</dd>" in es
    assert "(29 de noviembre de 2022)" in es
    en = client.get("/facts/families_assisted_2021?lang=en").text
    assert "<dd>77,109 (count, families)</dd>" in en
    assert "(November 29, 2022)" in en
