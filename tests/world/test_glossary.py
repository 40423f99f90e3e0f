"""The glossary: valid data, shown where each term first appears, and taught before a rubric asks for it."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from logiserve import glossary
from logiserve.cli import main

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "course" / "source").glob("*/*.ipynb"))


def test_the_glossary_is_valid_and_its_forms_match_as_words():
    terms = glossary.load()
    assert len(terms) >= 25
    asn, pod, tip = glossary.find("ASN"), glossary.find("pod"), glossary.find("tip (a lorry)")
    assert asn.found_in("Send the ASN before the lorry leaves.")
    assert not asn.found_in("It wasn't sent.")  # an acronym only as written
    assert not pod.found_in("A seed pod.")
    assert glossary.find("cut-off").found_in("Orders after the CUT-OFF wait a day.")  # words in any case
    assert tip.found_in("Fresco refused to let us tip the lorry.")
    assert not tip.found_in("An exam tip: show your method.")
    assert not glossary.find("EOQ").found_in("Call `eoq(...)` or `EOQ` in code.")  # code is not teaching


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"terms": []}, "should be non-empty"),
        ({"terms": [{"term": "SLA", "forms": ["SLA"], "define": "too short"}]}, "too short"),
        (
            {
                "terms": [
                    {"term": "SLA", "forms": ["SLA"], "define": "Service level agreement, the promise in writing."},
                    {"term": "KPI", "forms": ["SLA"], "define": "Key performance indicator, a measured number."},
                ]
            },
            "'SLA' is a form of both 'SLA' and 'KPI'",
        ),
    ],
)
def test_a_broken_glossary_is_refused_with_the_reason(data, message):
    with pytest.raises(glossary.GlossaryError, match=message):
        glossary.parse(data)


def test_each_term_is_shown_once_in_the_first_cell_that_uses_it_and_never_in_an_answer():
    cells = ["# Intro\nNo terms here.", "We book a tipping slot. Send an ASN.", None, "The ASN again; EDI too."]
    out = glossary.annotate(cells)
    assert out[0] == cells[0] and out[2] is None
    assert out[1].index("tip (a lorry)") < out[1].index("<strong>ASN</strong>")  # in the order they appear
    assert out[1].count(glossary.BLOCK_START) == 2
    assert out[3].count(glossary.BLOCK_START) == 1 and "<strong>EDI</strong>" in out[3]
    assert glossary.annotate(out) == out  # idempotent
    moved = glossary.annotate([out[0], out[1].replace("Send an ASN", "Send a note"), None, out[3]])
    assert "ASN</strong>" not in moved[1] and moved[3].count("ASN</strong>") == 1  # the block follows the first use


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.parent.name)
def test_the_notebooks_show_the_glossary_as_it_is_now(notebook):
    assert not glossary.annotate_notebook(notebook, write=False), (
        f"{notebook.relative_to(ROOT)} does not show the glossary's current definitions: run `logiserve glossary`"
    )


def test_glossary_check_reports_a_stale_notebook(tmp_path, capsys, monkeypatch):
    stale = tmp_path / "stale.ipynb"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("Orders come in by EDI.")])
    nbformat.write(nb, stale)
    monkeypatch.chdir(ROOT)
    assert main(["glossary", "--check", str(stale)]) == 1
    assert "out of date" in capsys.readouterr().out
    assert main(["glossary", str(stale)]) == 0
    assert "Electronic data interchange" in nbformat.read(stale, 4).cells[0].source
    assert main(["glossary", "--check", str(stale)]) == 0


def _rubric_rows(source: str) -> str:
    return "\n".join(line for line in source.splitlines() if line.startswith("|"))


def _is_rubric(cell) -> bool:
    return cell.cell_type == "markdown" and re.search(r"rubric", cell.source, re.IGNORECASE) and "|" in cell.source


def test_every_term_a_rubric_rewards_is_taught_before_the_rubric():
    """Taught: used in an earlier markdown cell of the same notebook (where the glossary defines it) or of an
    earlier assignment, not only in a rubric."""
    earlier: list[str] = []
    untaught = []
    for path in NOTEBOOKS:
        cells = nbformat.read(path, as_version=4).cells
        rubrics = [i for i, c in enumerate(cells) if _is_rubric(c)]
        assert rubrics or path.parent.name.startswith("00"), f"{path.parent.name} has no rubric to check"
        for index in rubrics:
            teaching = earlier + [
                glossary.strip(c.source) for c in cells[:index] if c.cell_type == "markdown" and not _is_rubric(c)
            ]
            for term in glossary.terms_in(_rubric_rows(cells[index].source)):
                untaught += (
                    []
                    if any(term.found_in(t) for t in teaching)
                    else [f"{path.parent.name} cell {index}: {term.term!r}"]
                )
        earlier += [glossary.strip(c.source) for c in cells if c.cell_type == "markdown" and not _is_rubric(c)]
    assert not untaught, "rubrics reward terms nothing teaches before them:\n" + "\n".join(untaught)
