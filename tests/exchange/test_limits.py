"""A submission over a limit is refused with its reason; the learner's latest earlier valid one is collected.

The limits are the course's defaults (50 MB, 500 entries, folders 4 deep, 300 s ahead of the
clock) unless a test lowers one in the course's ``nbgrader_config.py``.  Other learners are
collected as usual beside every refused submission.
"""

from __future__ import annotations

import datetime
import os
import shutil

import pytest

from logiserve.exchange import Status
from logiserve.exchange import _copy as walk
from logiserve.tutor import TutorError

from .conftest import ASSIGNMENT, NOTEBOOK, notebook_text, outcome_of, when


def _huge_file(folder):
    with open(folder / "video.mp4", "wb") as out:  # sparse: 60 MB long, nothing on the disk
        out.truncate(60_000_000)
    return "it holds more than 50.0 MB in all (GuardedCollect.max_total_bytes)"


def _many_files(folder):
    for n in range(600):
        (folder / f"f{n:03}.txt").write_text("")
    return "it holds more than 500 files and folders (GuardedCollect.max_entries)"


def _many_folders(folder):
    for n in range(501):
        (folder / f"d{n:03}").mkdir()
    return "it holds more than 500 files and folders (GuardedCollect.max_entries)"


def _many_links(folder):
    for n in range(501):
        os.symlink("/etc/passwd", folder / f"l{n:03}")
    return "it holds more than 500 files and folders (GuardedCollect.max_entries)"


def _deep_folders(folder):
    deep = folder / "a" / "b" / "c" / "d" / "e"
    deep.mkdir(parents=True)
    (deep / "x.txt").write_text("deep")
    return "its folders are nested more than 4 deep (a/b/c/d/e/; GuardedCollect.max_depth)"


OVER = {
    "size": _huge_file,
    "files": _many_files,
    "folders": _many_folders,
    "links": _many_links,
    "depth": _deep_folders,
}


@pytest.mark.parametrize("make", OVER.values(), ids=OVER.keys())
def test_a_submission_over_a_limit_is_refused_and_the_earlier_one_collected(exchange, make):
    earlier = exchange.submit("ada", when(-60), version="earlier")
    later = exchange.submit("ada", when(-5), version="later")
    classmate = exchange.submit("ben", when(-5))
    reason = make(later)
    done = exchange.collect()

    refused = outcome_of(done.run, later)
    assert (refused.status, refused.reason) == (Status.REFUSED, reason)
    assert outcome_of(done.run, earlier).status == Status.COLLECTED
    assert (exchange.submitted("ada") / NOTEBOOK).read_text() == notebook_text("ada", "earlier")
    assert (exchange.submitted("ada") / "timestamp.txt").read_text() == (earlier / "timestamp.txt").read_text()
    assert sorted(p.name for p in exchange.submitted("ada").iterdir()) == [
        "answers.json",
        NOTEBOOK,
        "submission_secret.txt",
        "timestamp.txt",
    ]
    assert outcome_of(done.run, classmate).status == Status.COLLECTED
    assert done.students == ("ada", "ben")


def test_a_refused_submission_with_nothing_earlier_collects_nothing_for_that_learner(exchange):
    only = exchange.submit("ada")
    _deep_folders(only)
    exchange.submit("ben")
    done = exchange.collect()
    assert outcome_of(done.run, only).status == Status.REFUSED
    assert done.students == ("ben",) and not exchange.submitted("ada").exists()


def test_limits_at_the_limit_are_collected(exchange):
    folder = exchange.submit("ada")
    for n in range(500 - 4 - 4):  # 4 files of nbgrader's and the 4 folders below make exactly 500 entries
        (folder / f"f{n:03}.txt").write_text("x")
    (folder / "a" / "b" / "c" / "d").mkdir(parents=True)
    done = exchange.collect()
    outcome = outcome_of(done.run, folder)
    assert (outcome.status, outcome.reason, outcome.files) == (Status.COLLECTED, "", 500 - 8 + 3)
    assert (exchange.submitted("ada") / "a" / "b" / "c" / "d").is_dir()


def test_a_huge_file_is_never_read(exchange, monkeypatch):
    """The size comes from fstat before reading: a 60 MB file is refused after reading none of it."""
    exchange.submit("ada", when(-60))
    later = exchange.submit("ada", when(-5))
    _huge_file(later)
    read = []
    real_read = os.read

    def counting_read(fd, n):
        data = real_read(fd, n)
        read.append(len(data))
        return data

    monkeypatch.setattr(walk.os, "read", counting_read)
    done = exchange.collect()
    monkeypatch.undo()
    assert outcome_of(done.run, later).status == Status.REFUSED
    assert sum(read) < 100_000, "only the small files of the two submissions were read"


def test_lower_limits_set_in_the_course_config_apply(exchange):
    exchange.configure(
        "c.GuardedCollect.max_total_bytes = 10_000",
        "c.GuardedCollect.max_entries = 8",
        "c.GuardedCollect.max_depth = 1",
    )
    big = exchange.submit("ada", files={"big.bin": b"x" * 20_000})
    many = exchange.submit("ben", files={f"n{n}.txt": "" for n in range(6)})
    deep = exchange.submit("cara", files={"a/b/c.txt": "deep"})
    fits = exchange.submit("dev", files={"a/c.txt": "one deep", "small.bin": b"x" * 1000})
    done = exchange.collect()

    assert {o.folder: (o.status, o.reason) for o in done.run.outcomes} == {
        big.name: (Status.REFUSED, "it holds more than 10.0 kB in all (GuardedCollect.max_total_bytes)"),
        many.name: (Status.REFUSED, "it holds more than 8 files and folders (GuardedCollect.max_entries)"),
        deep.name: (Status.REFUSED, "its folders are nested more than 1 deep (a/b/; GuardedCollect.max_depth)"),
        fits.name: (Status.COLLECTED, ""),
    }
    assert outcome_of(done.run, fits).files == 5  # the notebook, answers.json, the secret, a/c.txt, small.bin


def test_max_dir_size_applies_when_it_is_lower(exchange):
    exchange.configure("c.CourseDirectory.max_dir_size = 5")  # kB, as nbgrader counts it
    folder = exchange.submit("ada", files={"big.bin": b"x" * 6000})
    done = exchange.collect()
    assert outcome_of(done.run, folder).reason == "it holds more than 5.0 kB in all (CourseDirectory.max_dir_size)"


def test_a_file_over_max_file_size_is_left_out_and_the_rest_collected(exchange):
    exchange.configure("c.CourseDirectory.max_file_size = 2")  # kB, as nbgrader counts it
    folder = exchange.submit("ada", files={"data/big.csv": "x" * 3000, "data/ok.csv": "x" * 1500})
    done = exchange.collect()
    outcome = outcome_of(done.run, folder)
    assert outcome.status == Status.COLLECTED
    assert [(e.path, e.reason) for e in outcome.left_out] == [
        ("data/big.csv", "it is 3.0 kB, larger than 2.0 kB (CourseDirectory.max_file_size); left out")
    ]
    assert (exchange.submitted("ada") / "data" / "ok.csv").read_text() == "x" * 1500
    assert not (exchange.submitted("ada") / "data" / "big.csv").exists()


@pytest.mark.parametrize(
    ("minutes", "collected"),
    [(60, False), (24 * 60 * 365, False), (6, False), (4, True), (1, True)],
    ids=["an hour ahead", "a year ahead", "6 min ahead", "4 min ahead (within 300 s)", "1 min ahead"],
)
def test_a_time_in_the_future_is_refused(exchange, minutes, collected):
    earlier = exchange.submit("ada", when(-60), version="earlier")
    ahead = exchange.submit("ada", when(minutes), version="ahead")
    done = exchange.collect()
    outcome = outcome_of(done.run, ahead)
    if collected:
        assert outcome.status == Status.COLLECTED
        assert (exchange.submitted("ada") / NOTEBOOK).read_text() == notebook_text("ada", "ahead")
        return
    assert outcome.status == Status.REFUSED
    assert outcome.reason.startswith(f"its time {stamp_of(ahead)} is in the future (this machine's clock says ")
    assert outcome.reason.endswith("; GuardedCollect.clock_allowance allows 300 s ahead)")
    assert outcome_of(done.run, earlier).status == Status.COLLECTED
    assert (exchange.submitted("ada") / NOTEBOOK).read_text() == notebook_text("ada", "earlier")


def stamp_of(folder) -> str:
    return folder.name.split("+")[2]


@pytest.mark.parametrize(
    ("name", "learner", "reason"),
    [
        (f"ada+{ASSIGNMENT}+yesterday+abcdefghijkl", "ada", "its time cannot be read: 'yesterday' is not a date"),
        (f"ada+{ASSIGNMENT}+2020-11-20 10:00 UTC+abcdefghijkl", "ada", None),
        (f"ada+{ASSIGNMENT}+10:00:00.000000 UTC+abcdefghijkl", "ada", "its time cannot be read: '10:00:00.000000 UTC'"),
        (f"ada+{ASSIGNMENT}+2020-13-45 10:00:00.000000 UTC+abcdefghijkl", "ada", "its time cannot be read: "),
        (f"ada+{ASSIGNMENT}+2020-11-20 10:00:00.000000+abcdefghijkl", "ada", "its time cannot be read: "),
        (f"ada+{ASSIGNMENT}++abcdefghijkl", "ada", "its time cannot be read: '' is not a date"),
        (f"+{ASSIGNMENT}+2020-11-20 10:00:00.000000 UTC+abcdefghijkl", None, "its name names no learner"),
        (f"..+{ASSIGNMENT}+2020-11-20 10:00:00.000000 UTC+abcdefghijkl", None, None),
        (
            f"ada\nrefused+{ASSIGNMENT}+2020-11-20 10:00:00.000000 UTC+abcdefghijkl",
            None,
            "'ada\\nrefused' is not a learner's id (it holds characters that cannot be shown)",
        ),
        (
            f"\udcffada+{ASSIGNMENT}+2020-11-20 10:00:00.000000 UTC+abcdefghijkl",
            None,
            "'\\udcffada' is not a learner's id (it holds characters that cannot be shown)",
        ),
    ],
    ids=[
        "a word",
        "no seconds",
        "no date",
        "no such date",
        "no time zone",
        "empty",
        "no learner",
        "dot-dot",
        "a line break",
        "bytes that are not text",
    ],
)
def test_a_name_that_cannot_be_read_is_refused(exchange, name, learner, reason):
    earlier = exchange.submit("ada", datetime.datetime(2020, 1, 1, 9, 0), version="earlier")
    odd = exchange.submit("ada", name=name, version="odd")
    done = exchange.collect()
    if name.startswith(".."):  # hidden from nbgrader's glob as from this collect: not looked at, never collected
        assert odd.name not in {o.folder for o in done.run.outcomes}
    elif reason is None:  # seconds left out read as 0: a whole time still
        assert outcome_of(done.run, odd).status == Status.COLLECTED
        assert (exchange.submitted("ada") / "timestamp.txt").read_text() == "2020-11-20 10:00:00.000000 UTC"
        return
    else:
        outcome = outcome_of(done.run, odd)
        assert (outcome.status, outcome.learner) == (Status.REFUSED, learner)
        assert outcome.reason.startswith(reason)
    assert (exchange.submitted("ada") / NOTEBOOK).read_text() == notebook_text("ada", "earlier")
    assert outcome_of(done.run, earlier).status == Status.COLLECTED
    assert not (exchange.course / "submitted" / "..").resolve().joinpath(ASSIGNMENT).exists()


def test_a_refused_newer_submission_keeps_the_one_collected_before(exchange):
    """Swap in place: what was collected stays until a complete, valid copy replaces it."""
    first = exchange.submit("ada", when(-60), version="first")
    exchange.collect()
    refused = exchange.submit("ada", when(-30), version="refused")
    _many_files(refused)
    done = exchange.collect()

    assert outcome_of(done.run, refused).status == Status.REFUSED
    unchanged = outcome_of(done.run, first)
    assert (unchanged.status, unchanged.reason) == (Status.UNCHANGED, "already collected")
    assert (exchange.submitted("ada") / NOTEBOOK).read_text() == notebook_text("ada", "first")
    assert (exchange.submitted("ada") / "timestamp.txt").read_text() == (first / "timestamp.txt").read_text()

    newer = exchange.submit("ada", when(-1), version="newer")
    done = exchange.collect()
    assert {o.folder: o.status for o in done.run.outcomes} == {
        newer.name: Status.UPDATED,
        refused.name: Status.SUPERSEDED,  # not looked at again: a later one was taken
        first.name: Status.SUPERSEDED,
    }
    assert (exchange.submitted("ada") / NOTEBOOK).read_text() == notebook_text("ada", "newer")
    assert not (exchange.submitted("ada") / "f000.txt").exists()
    assert not [p for p in exchange.submitted("ada").parent.iterdir() if p.name != ASSIGNMENT]


def test_a_collect_that_fails_half_way_keeps_the_one_collected_before(exchange, monkeypatch):
    exchange.submit("ada", when(-60), version="first")
    exchange.collect()
    exchange.submit("ada", when(-5), version="second", files={"more.txt": "more"})
    real_pour = walk._pour
    poured = []

    def failing_pour(source, dest, size):
        poured.append(size)
        if len(poured) == 2:
            raise OSError(28, "No space left on device")
        return real_pour(source, dest, size)

    monkeypatch.setattr(walk, "_pour", failing_pour)
    with pytest.raises(TutorError, match="No space left on device"):
        exchange.collect()
    monkeypatch.undo()

    assert (exchange.submitted("ada") / NOTEBOOK).read_text() == notebook_text("ada", "first")
    assert not (exchange.submitted("ada") / "more.txt").exists()
    assert [p.name for p in exchange.submitted("ada").parent.iterdir()] == [ASSIGNMENT], "no half copy is left"
    from logiserve.exchange import read_collect_log

    assert "No space left on device" in read_collect_log(exchange.course, ASSIGNMENT).latest.problem
    shutil.rmtree(exchange.course / "submitted")
    assert exchange.collect().students == ("ada",), "the next collect works"
