"""Unit tests of the fact, statement, parity and reading checks (`shim.checks.facts`, `statements`, `parity`, `reading`): each pins one rule with exact values."""

from __future__ import annotations
