"""Unit tests of the figure scanner and comparer (`shim.checks.figures_scan`, `figures_compare`, `quotes`, `themes`, `where`): each pins one rule with exact values."""

from __future__ import annotations
