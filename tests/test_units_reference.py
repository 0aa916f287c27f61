"""Unit tests of the reference document's preparation and the package limits (`shim.docx.refxml`, `numbering`, `reference`, `safezip`, `ooxml`, `manifest`)."""

from __future__ import annotations
