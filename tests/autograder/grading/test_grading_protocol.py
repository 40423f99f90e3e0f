"""The grading worker's start-up message and the result vocabulary (``grading.protocol``, ``grading.results``)."""

from __future__ import annotations

import json

import pytest

from logiserve.autograder.grading import Reason, Status, SubmissionResult
from logiserve.autograder.grading.protocol import WorkerStart

START = WorkerStart(
    connection_fd=5,
    course="/srv/course",
    assignment="01_customers",
    timeout=120,
    parent_pid=1234,
    warm_kernels=True,
    memory=2**32,
    kernel_user="grader1",
)


def test_the_start_up_message_travels_as_json_and_back():
    assert WorkerStart.from_json(START.to_json()) == START


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"timeout": "120"}, "'timeout' must be of type int"),
        ({"warm_kernels": 1}, "'warm_kernels' must be of type bool"),
        ({"connection_fd": True}, "'connection_fd' must be of type int"),
        ({"extra": 1}, "unknown fields: extra"),
        ({"timeout": 0}, "out of range"),
        ({"memory": -1}, "out of range"),
    ],
)
def test_a_wrong_start_up_message_is_refused_naming_the_field(change, message):
    data = {**json.loads(START.to_json()), **change}
    with pytest.raises(ValueError, match=message):
        WorkerStart.from_json(json.dumps(data))


def test_a_start_up_message_without_a_required_field_is_refused():
    data = json.loads(START.to_json())
    del data["course"]
    with pytest.raises(ValueError, match="lacks 'course'"):
        WorkerStart.from_json(json.dumps(data))
    with pytest.raises(ValueError, match="not a JSON object"):
        WorkerStart.from_json("[]")


def test_a_status_is_its_string_in_comparisons_records_and_printouts():
    result = SubmissionResult("ada", "graded", 7.0, 10.0)
    assert result.status is Status.GRADED and result.status == "graded"
    assert json.dumps({"status": result.status}) == '{"status": "graded"}'
    assert f"{result.status}" == "graded" and "status='graded'" in repr(result)
    with pytest.raises(ValueError):
        SubmissionResult("ada", "done", 7.0, 10.0)


def test_reasons_read_as_a_tutor_reads_them():
    assert Reason.UNCHANGED.text() == "graded before, unchanged since"
    assert (
        Reason.CELL_TIMED_OUT.text(notebook="a.ipynb", cell="q1", timeout=5)
        == "a.ipynb: 'q1' stopped at the 5 s time limit"
    )
    assert Reason.ANSWERS_LARGE.text(file="answers.json", megabytes=1.25) == (
        "answers.json is unusually large (1.2 MB)"
    )
