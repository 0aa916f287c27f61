"""How each language writes: locales and house number styles, figures formatted with an
explicit Babel locale, gettext catalogs at render time, and the catalog workflow
(extract, update, compile, check).
"""
