"""jsonschema's Draft 2020-12 validator, imported without the IRI grammar it does not need here.

``import jsonschema`` builds, as it is imported, a parser for RFC 3987 IRIs (the optional
``rfc3987-syntax`` package, installed here because Jupyter's own packages ask for jsonschema's
format checkers): about 1 s of CPU, in every kernel that loads exercise content, every time a
notebook is graded.  The course's schemas use no ``format`` keyword, and validators check
formats only when given a format checker, which these are not.  So jsonschema is imported with
that package hidden: its format checker then lacks only the ``iri`` and ``iri-reference``
formats.  If jsonschema was already imported (by anything else), it is used as it is.
"""

from __future__ import annotations

import sys
from typing import Any

__all__ = ["validator"]


def validator(schema: dict[str, Any]) -> Any:
    """A ``jsonschema.Draft202012Validator`` for ``schema`` (without a format checker)."""
    return _jsonschema().Draft202012Validator(schema)


def _jsonschema() -> Any:
    if "jsonschema" in sys.modules:
        return sys.modules["jsonschema"]
    hidden = "rfc3987_syntax" not in sys.modules
    if hidden:
        sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]  # "import rfc3987_syntax" raises ImportError
    try:
        import jsonschema
    finally:
        if hidden and sys.modules.get("rfc3987_syntax", "") is None:
            del sys.modules["rfc3987_syntax"]
    return jsonschema
