"""Which of a learner's submissions is collected: nbgrader's choice (latest; with ``before_duedate``, the latest
on time), made among the valid ones only; ``--student`` collects one learner's alone.
"""

from __future__ import annotations

import os

from logiserve.course import Course, use_this_python
from logiserve.exchange import Status
from tests.pipeline.conftest import Course as Pipeline

from .conftest import ASSIGNMENT, NOTEBOOK, notebook_text, outcome_of, when


def _due(exchange, moment) -> None:
    use_this_python()  # a new gradebook is made with alembic, beside this interpreter
    with Course(exchange.course).gradebook() as gradebook:
        gradebook.update_or_create_assignment(ASSIGNMENT, duedate=moment)


def test_before_duedate_takes_the_latest_on_time_and_skips_a_refused_one(exchange):
    exchange.configure("c.ExchangeCollect.before_duedate = True")
    _due(exchange, when(-30))
    early = exchange.submit("ada", when(-50), version="early")
    on_time = exchange.submit("ada", when(-40), version="on time")
    late = exchange.submit("ada", when(-10), version="late")
    link = exchange.inbound / f"ada+{ASSIGNMENT}+{on_time.name.split('+')[2]}+zzzz"  # same time, tried first
    os.symlink("/etc/passwd", link)
    done = exchange.collect()
    assert (
        outcome_of(done.run, link).reason
        == "it is a symbolic link to '/etc/passwd', not a folder; only a folder is collected"
    )
    assert outcome_of(done.run, on_time).status == Status.COLLECTED
    assert {outcome_of(done.run, early).status, outcome_of(done.run, late).status} == {Status.SUPERSEDED}
    assert (exchange.submitted("ada") / NOTEBOOK).read_text() == notebook_text("ada", "on time")

    for name in range(600):  # the on-time one is now over the limit: the earlier on-time one is taken
        (on_time / f"f{name}").write_text("")
    os.rename(exchange.submitted("ada"), exchange.course / "kept")
    done = exchange.collect()
    assert outcome_of(done.run, on_time).status == Status.REFUSED
    assert outcome_of(done.run, early).status == Status.COLLECTED
    assert (exchange.submitted("ada") / NOTEBOOK).read_text() == notebook_text("ada", "early")


def test_before_duedate_takes_a_late_one_when_none_is_on_time(exchange):
    exchange.configure("c.ExchangeCollect.before_duedate = True")
    _due(exchange, when(-60))
    late = exchange.submit("ada", when(-10), version="late")
    later = exchange.submit("ada", when(-5), version="later")
    done = exchange.collect()
    assert outcome_of(done.run, later).status == Status.COLLECTED
    assert outcome_of(done.run, late).status == Status.SUPERSEDED


def test_a_refused_submission_leaves_no_empty_learner_folder(exchange):
    only = exchange.submit("ada", files={"a/b/c/d/e/f.txt": "deep"})
    done = exchange.collect()
    assert outcome_of(done.run, only).status == Status.REFUSED
    assert not (exchange.course / "submitted" / "ada").exists()


def test_student_collects_one_learner_alone(exchange):
    ada = exchange.submit("ada")
    exchange.submit("ben")
    exchange.submit("ada+b")  # a learner id with a plus in it is another learner
    run = Pipeline(exchange.course, exchange.root).nbgrader("collect", ASSIGNMENT, "--student=ada")
    assert f"{ada.name}: collected" in run.stdout + run.stderr
    assert sorted(p.name for p in (exchange.course / "submitted").iterdir()) == ["ada"]
