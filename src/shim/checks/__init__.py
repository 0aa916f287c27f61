"""Checks that run to completion and report findings: the fact base against its sources,
and the figures of documents against each other and against the facts.
"""
