"""Document model → a Word package: OOXML parts, the reference document, a deterministic
zip, and PDF conversion through LibreOffice. Knows nothing of facts or templates.
"""
