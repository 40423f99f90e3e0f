"""Kernels forked from the warm template behave exactly like kernels started from scratch."""

from __future__ import annotations

import json
import os
import re
import signal
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import DeadKernelError

from logiserve.autograder.grading import warm_kernels
from logiserve.autograder.grading.warm_kernels import Template, WarmKernelManager, manager_for
from tests._modules import REPO

pytestmark = pytest.mark.pipeline

SOURCE = REPO / "course" / "source"
NOTEBOOKS = sorted(SOURCE.glob("[0-9][0-9]_*/*.ipynb"))


@pytest.fixture(scope="module")
def template():
    started = Template()
    started.wait_ready()
    yield started
    started.close()


def run(nb: nbformat.NotebookNode, folder: Path, template: Template | None = None, **options) -> nbformat.NotebookNode:
    """Execute ``nb`` in ``folder``, its kernel forked from ``template`` (None: started from scratch)."""
    client = NotebookClient(
        nb,
        kernel_manager_class=manager_for(template) if template else WarmKernelManager,
        resources={"metadata": {"path": str(folder)}},
        shutdown_kernel="immediate",
        **{"timeout": 120, **options},
    )
    return client.execute()


def notebook(*sources: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    nb.metadata.kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def outputs(nb: nbformat.NotebookNode) -> list[str]:
    """Each code cell's outputs, with what differs between any two runs blanked or merged.

    Widget ids and memory addresses differ every run; and whether two prints arrive as one
    stream output or two depends on when the kernel flushed (in any kernel), so consecutive
    stream outputs are merged.
    """
    found = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            merged: list[dict] = []
            for output in cell.outputs:
                last = merged[-1] if merged else {}
                if (
                    output.output_type == "stream"
                    and last.get("output_type") == "stream"
                    and last["name"] == output.name
                ):
                    last["text"] += output.text
                else:
                    merged.append(dict(output))
            text = json.dumps(merged, sort_keys=True)
            text = re.sub(r"[0-9a-f]{32}", "<id>", text)
            found.append(re.sub(r"0x[0-9a-f]{6,}", "<address>", text))
    return found


def texts(nb: nbformat.NotebookNode) -> list[str]:
    return ["".join(o.get("text", "") for o in cell.outputs).strip() for cell in nb.cells]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.parent.name)
def test_every_course_notebook_gives_the_same_outputs_warm_as_cold(path, template, tmp_path):
    folder = tmp_path / path.parent.name
    folder.mkdir()
    for item in path.parent.iterdir():  # the notebook's folder as a learner has it (data files, answers)
        if item.is_file():
            (folder / item.name).write_bytes(item.read_bytes())
    source = nbformat.read(path, as_version=4)
    cold = run(nbformat.from_dict(source), folder)
    warm = run(nbformat.from_dict(source), folder, template)
    assert len(outputs(warm)) == len(outputs(cold)) >= 10
    for number, (ours, theirs) in enumerate(zip(outputs(warm), outputs(cold), strict=True), start=1):
        assert ours == theirs, f"{path.name}, code cell {number}"


def test_each_kernel_is_a_new_process_that_sees_nothing_of_the_one_before(template, tmp_path):
    first = run(
        notebook(
            "import os, sys, numpy, logiserve.autograder.checks as checks\n"
            "secret = 'ada'\n"
            "checks.check_number = lambda *a, **k: 'patched'\n"
            "sys.modules['json'] = None\n"
            "print(os.getpid(), os.getppid(), os.getpgrp() == os.getpid(), numpy.random.randint(10**9))"
        ),
        tmp_path,
        template,
    )
    second = run(
        notebook(
            "import os, sys, numpy, logiserve.autograder.checks as checks\n"
            "print(os.getpid(), os.getppid(), 'secret' in globals(), checks.check_number.__name__,"
            " sys.modules['json'] is not None, numpy.random.randint(10**9))"
        ),
        tmp_path,
        template,
    )
    pid1, parent1, leader, random1 = texts(first)[0].split()
    pid2, parent2, leaked, check_name, json_module, random2 = texts(second)[0].split()
    assert pid1 != pid2 and parent1 == parent2 == str(template.process.pid) and leader == "True"
    assert (leaked, check_name, json_module) == ("False", "check_number", "True")
    assert random1 != random2  # numpy's global random state is seeded afresh in each kernel


def test_a_kernel_starts_in_the_notebooks_folder_with_the_environment_a_cold_kernel_has(template, tmp_path):
    probe = notebook(
        "import os, sys, matplotlib, pandas\n"
        "print(os.getcwd()); print(sys.path[0] == os.getcwd() or '' in sys.path)\n"
        "print(matplotlib.get_backend()); print(pandas.get_option('display.max_columns'))\n"
        "print(os.environ.get('JPY_PARENT_PID') == str(os.getppid()) or 'forked')"
    )
    warm_out = texts(run(nbformat.from_dict(probe), tmp_path, template))[0].splitlines()
    cold_out = texts(run(nbformat.from_dict(probe), tmp_path))[0].splitlines()
    assert (
        warm_out[:4]
        == cold_out[:4]
        == [
            str(tmp_path),
            "True",
            "module://matplotlib_inline.backend_inline",
            "20",
        ]
    )


def test_a_hanging_cell_is_interrupted_and_a_dying_kernel_is_noticed(template, tmp_path):
    interrupted = run(
        notebook("while True: pass", "print('after')"),
        tmp_path,
        template,
        timeout=2,
        interrupt_on_timeout=True,
        allow_errors=True,
    )
    assert interrupted.cells[0].outputs[0].ename == "KeyboardInterrupt"
    assert texts(interrupted)[1] == "after"
    with pytest.raises(DeadKernelError):
        run(notebook("import os; os._exit(3)", "print('never')"), tmp_path, template)


def test_kernels_fall_back_to_an_ordinary_start_when_the_template_has_gone(tmp_path):
    gone = Template()
    gone.wait_ready()
    gone.process.send_signal(signal.SIGKILL)
    gone.process.wait()
    try:
        out = run(notebook("import os; print(os.getppid() == int(os.environ['JPY_PARENT_PID']))"), tmp_path, gone)
    finally:
        gone.close()
    assert texts(out) == ["True"]  # started by jupyter_client itself, the usual way
    assert gone.gone


def test_a_kernel_spec_for_another_python_is_launched_the_usual_way(template):
    assert warm_kernels._ipykernel_arguments([sys.executable, "-m", "ipykernel_launcher", "-f", "x"], template) == [
        "-f",
        "x",
    ]
    assert (
        warm_kernels._ipykernel_arguments(["/opt/other/python", "-m", "ipykernel_launcher", "-f", "x"], template)
        is None
    )
    assert warm_kernels._ipykernel_arguments([sys.executable, "-m", "other_kernel", "-f", "x"], template) is None
    assert os.path.realpath(sys.executable) == template.python


def test_whose_numbers_is_settled_before_learner_code_can_change_folder_or_environment(template, tmp_path):
    """At autograde the learner is the autograde folder's student, even if a first cell moves away."""
    folder = tmp_path / "autograded" / "amira" / "05_inventory"
    folder.mkdir(parents=True)
    hostile = notebook(
        "import os\nos.chdir('/')\nos.environ['LOGISERVE_LEARNER'] = 'ben'",
        "from logiserve.variants import find_learner\nprint(find_learner().id, find_learner().found_in)",
    )
    assert texts(run(hostile, folder, template))[1] == "amira the autograde folder"
    # a kernel started from scratch settles it at the first call: the flag (integrity.py) is what catches this there
    assert texts(run(hostile, folder))[1] == "ben LOGISERVE_LEARNER"
