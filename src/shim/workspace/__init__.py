"""Files → validated, immutable models: YAML with positions, the schema, settings,
sources, facts and briefs, and the workspace that holds them. Nothing here renders;
everything here is loaded once, checked once, then read-only.
"""
