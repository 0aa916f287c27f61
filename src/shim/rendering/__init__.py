"""From a brief to documents: the render context, the sandboxed Jinja environment, the
one render path (library, CLI, batch and server alike), the review packet and the batch.
"""
