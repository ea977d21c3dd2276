"""`arshif serve`: a read-only web reader and an OAI-PMH 2.0 endpoint over one archive.

The server is Flask (routing, Jinja2 templates) run by waitress (a production WSGI server, pure
Python, a bounded pool of threads): arshif's library is synchronous, so a WSGI stack fits it
without adapters. Modules, one concern each:

- `app`: the application, its configuration (`ServeConfig`), security headers, errors;
- `readers`: one `Repository` per server thread, reopened when the index is rebuilt;
- `pages`: the search and record pages (`templates/`, `static/`);
- `api`: ``/api/search`` and ``/api/records/<id>`` in the CLI's JSON shapes;
- `oai`, `oaixml`, `catalogue`: OAI-PMH 2.0 at ``/oai`` (docs/serve.md).

Nothing here writes to the archive: every route answers GET and HEAD only.
"""

from arshif.serve.app import ServeConfig
from arshif.serve.wsgi import create_app

__all__ = ["ServeConfig", "create_app"]
