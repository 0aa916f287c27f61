"""Arbitrary Unicode in every text a user writes yields a ShimError or a valid document."""

from __future__ import annotations

import dataclasses
import io
import os
import zipfile

import docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openxml_audit import OpenXmlValidator

from shim import ShimError
from shim.briefs import Brief, Speaker, Text
from shim.render import render_document, to_docx
from shim.workspace import Workspace

EXAMPLES = 300 if os.environ.get("CI") else 60
text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=80
)
bilingual = st.builds(Text, en=text, es=text)


def _brief(
    ws: Workspace, title: Text, place: Text, name: str, role: Text, audience: Text, host: Text
) -> object:
    bf = ws.default_brief()
    brief = Brief(
        title=title,
        date=bf.brief.date,
        place=place,
        speaker=Speaker(name=name, role=role),
        audience=audience,
        host=host,
        occasion=bf.brief.occasion,
        docs=bf.brief.docs,
        themes=bf.brief.themes,
    )
    return dataclasses.replace(bf, brief=brief)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    title=bilingual,
    place=bilingual,
    name=text,
    role=bilingual,
    audience=bilingual,
    host=bilingual,
    lang=st.sampled_from(["en", "es", "es-ES"]),
    kind=st.sampled_from(["talking-points", "remarks", "shim"]),
)
def test_any_brief_text_gives_an_error_or_a_valid_document(
    ws: Workspace,
    title: Text,
    place: Text,
    name: str,
    role: Text,
    audience: Text,
    host: Text,
    lang: str,
    kind: str,
) -> None:
    try:
        bf = _brief(ws, title, place, name, role, audience, host)
    except ValueError:
        return  # pydantic refused it (e.g. only whitespace): a located error on load
    try:
        rendered = render_document(ws, bf, kind, lang)  # type: ignore[arg-type]
        data = to_docx(ws, bf, rendered)  # type: ignore[arg-type]
    except ShimError:
        return
    document = docx.Document(io.BytesIO(data))
    assert document.paragraphs[0].text  # the title paragraph exists and has text
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.testzip() is None
    path = f"/tmp/shim-fuzz-{os.getpid()}.docx"
    with open(path, "wb") as handle:
        handle.write(data)
    result = OpenXmlValidator().validate(path)
    assert result.is_valid, [str(e) for e in result.errors]
