"""The browser interface: ``shim serve`` runs :func:`shim.web.app.create_app` with uvicorn.

Pages and a JSON API over the same library calls as the command line: the workspace's
briefs and health, brief editing, rendering with a preview and downloads, the facts,
and checks of uploaded documents. Needs the ``web`` extra (``pip install 'shim[web]'``).
"""
