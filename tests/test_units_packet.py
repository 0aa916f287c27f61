"""Unit tests of the review packet (`shim.docx.packet`, `packet_walk`, `packet_read`): the table written and read back cell by cell."""

from __future__ import annotations
