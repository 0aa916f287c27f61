"""Small, fast tests of the .docx package code, for what whole documents do not pin down."""

from __future__ import annotations
