"""Names a module gives its callers, imported only when first asked for (PEP 562).

The facade (`arshif.repository`) and the packages `arshif.search` and `arshif.tei` re-export
names of their modules; importing all of them at once made every command pay for the ingest
pipeline, the query parser and the schema validator (a cold `arshif search` loads none of
them). Such a module defines, beside the imports it gives mypy::

    if TYPE_CHECKING:
        from arshif.tei.read import record_from_tei
    else:
        __getattr__ = lazy_names(__name__, {"record_from_tei": "arshif.tei.read"})

so that mypy still checks every name imported from it (a ``__getattr__`` mypy sees would let
any name through).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping


def lazy_names(module: str, names: Mapping[str, str]) -> Callable[[str], object]:
    """A module ``__getattr__`` for `module` giving each of `names` (name → the module that
    defines it): imported when first asked for, then kept in `module` (no second call)."""

    def get(name: str) -> object:
        where = names.get(name)
        if where is None:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(where), name)
        setattr(sys.modules[module], name, value)
        return value

    return get


__all__ = ["lazy_names"]
