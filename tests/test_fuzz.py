"""Arbitrary Unicode in every text a user writes yields a ShimError or a valid document."""

from __future__ import annotations

import io
import os
import tempfile
import zipfile

import docx
import msgspec
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openxml_audit import OpenXmlValidator

from shim import ShimError
from shim.rendering.build import render_document
from shim.rendering.package import to_docx
from shim.workspace.briefs import Brief, BriefFile
from shim.workspace.loader import Workspace
from shim.workspace.schema import SchemaError, build

EXAMPLES = 300 if os.environ.get("CI") else 60
text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=80
)
Pair = tuple[str, str]
pair = st.tuples(text, text)


def brief_with(ws: Workspace, texts: dict[str, Pair], name: str) -> BriefFile:
    """The default brief with every text replaced (the schema may refuse, as on load)."""
    bf = ws.default_brief()

    def both(key: str) -> dict[str, str]:
        return {"en": texts[key][0], "es": texts[key][1]}

    brief = build(
        Brief,
        {
            "title": both("title"),
            "date": bf.brief.date,
            "place": both("place"),
            "speaker": {"name": name, "role": both("role")},
            "audience": both("audience"),
            "host": both("host"),
            "occasion": both("occasion"),
            "docs": bf.brief.docs,
            "themes": bf.brief.themes,
        },
    )
    return msgspec.structs.replace(bf, brief=brief)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    texts=st.fixed_dictionaries(
        {k: pair for k in ("title", "place", "role", "audience", "host", "occasion")}
    ),
    name=text,
    lang=st.sampled_from(["en", "es", "es-ES"]),
    kind=st.sampled_from(["talking-points", "remarks", "speech-insert"]),
)
def test_any_brief_text_gives_an_error_or_a_valid_document(
    ws: Workspace, texts: dict[str, Pair], name: str, lang: str, kind: str
) -> None:
    try:
        bf = brief_with(ws, texts, name)
    except SchemaError:
        return  # e.g. only white space: refused with a located message when loaded
    try:
        data = to_docx(ws, bf, render_document(ws, bf, kind, lang).document)
    except ShimError:
        return
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.testzip() is None
    document = docx.Document(io.BytesIO(data))
    assert document.paragraphs[0].style.name == "Title"
    with tempfile.NamedTemporaryFile(suffix=".docx") as handle:
        handle.write(data)
        handle.flush()
        result = OpenXmlValidator().validate(handle.name)
    assert [str(e) for e in result.errors] == []


metachars = st.text(alphabet="&<>\"' abcáñ;#", min_size=1, max_size=30).filter(
    lambda s: any(c in s for c in "&<>") and s.strip() == s and "  " not in s
)


@settings(
    max_examples=EXAMPLES // 2,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    prefixes=st.fixed_dictionaries(
        {k: metachars for k in ("title", "place", "role", "audience", "host", "occasion", "name")}
    ),
    lang=st.sampled_from(["en", "es"]),
    kind=st.sampled_from(["talking-points", "remarks", "speech-insert"]),
)
def test_xml_metacharacters_in_every_brief_field_come_out_as_written(
    ws: Workspace, prefixes: dict[str, str], lang: str, kind: str
) -> None:
    # Each field is "<metacharacters> <field name>"; wherever the template shows a field,
    # the document must show it exactly, and the package must stay valid.
    values = {k: f"{p} {k}" for k, p in prefixes.items()}
    texts = {k: (v, v) for k, v in values.items() if k != "name"}
    bf = brief_with(ws, texts, values["name"])
    data = to_docx(ws, bf, render_document(ws, bf, kind, lang).document)
    document = docx.Document(io.BytesIO(data))
    shown = "\n".join(
        [p.text for p in document.paragraphs]
        + [p.text for s in document.sections for p in s.header.paragraphs]
    )
    found = [key for key in values if f" {key}" in shown]
    assert "role" in found or "place" in found or "occasion" in found  # never vacuous
    for key in found:
        assert values[key] in shown, (key, values[key])
    assert document.core_properties.title == values["title"]
    with tempfile.NamedTemporaryFile(suffix=".docx") as handle:
        handle.write(data)
        handle.flush()
        result = OpenXmlValidator().validate(handle.name)
    assert [str(e) for e in result.errors] == []
