"""The exercise widgets' front ends: each widget's own JavaScript and CSS file, with what they share.

anywidget loads a widget's ``_esm`` as one ES module and its ``_css`` as one style sheet, with
no bundler. So the code and the rules every exercise widget shares live once, in
``_common.js`` and ``_common.css`` beside the widgets, and :func:`front_end` appends them to a
widget's own files when its class is defined. The widget's own file comes first (its opening
comment says what it is); the shared functions are declarations, in scope wherever the
widget's code calls them.
"""

from __future__ import annotations

import pathlib

__all__ = ["front_end"]

_HERE = pathlib.Path(__file__).parent
_COMMON_JS = _HERE / "_common.js"
_COMMON_CSS = _HERE / "_common.css"


def front_end(js: pathlib.Path, css: pathlib.Path) -> tuple[str, str]:
    """A widget's ``(_esm, _css)``: the text of ``js`` and ``css``, each followed by the shared file.

    >>> esm, css = front_end(_HERE / "sorter.js", _HERE / "sorter.css")
    >>> esm.startswith("// CategorySorter front end") and "function h(tag" in esm
    True
    """
    return _joined(js, _COMMON_JS), _joined(css, _COMMON_CSS)


def _joined(own: pathlib.Path, common: pathlib.Path) -> str:
    return f"{own.read_text(encoding='utf-8').rstrip()}\n\n{common.read_text(encoding='utf-8')}"
