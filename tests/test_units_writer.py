"""Unit tests of the .docx writer (`shim.docx.writer`, `chart`, `parts`, `ziputil`): the XML each part gets, read back with a real parser."""

from __future__ import annotations
