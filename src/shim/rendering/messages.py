"""What a render records of each gettext call, for the review packet and its import."""

from __future__ import annotations

import re
from typing import Any

import msgspec
from markupsafe import Markup


class MessageUse(msgspec.Struct, frozen=True):
    """One gettext call of a render: the message and its placeholders as plain text."""

    msgid: str
    plural: str | None
    count: int | None
    given: dict[str, Any]  # as the template passed them; read through ``variables``

    @property
    def variables(self) -> dict[str, str]:
        """The placeholders as plain text (only a review packet needs them: not at render)."""
        return {k: plain_text(v) for k, v in self.given.items()}


def plain_text(value: Any) -> str:
    """A placeholder's value as the reader sees it: markup tags dropped, entities read,
    template whitespace collapsed as the document does (a no-break space stays).

    >>> plain_text(Markup('<fig f="x">77,109</fig>')), plain_text("A & B")
    ('77,109', 'A & B')
    """
    import html  # only a review packet reads placeholders as plain text

    text = str(value) if isinstance(value, Markup) else str(Markup.escape(value))
    return re.sub(r"[ \t\n\r\f\v]+", " ", html.unescape(re.sub(r"<[^>]*>", "", text))).strip()
