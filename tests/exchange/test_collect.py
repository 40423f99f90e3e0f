"""``logiserve collect`` takes a learner's own regular files and folders, never what a link or special file is.

Every test collects through :func:`logiserve.tutor.collect` (nbgrader's API, with the course's
config) from a temporary exchange, and reads the files that reached ``submitted/``, the outcome
recorded for every inbound folder and its reasons.
"""

from __future__ import annotations

import os
import socket
import stat

import pytest

from logiserve.exchange import Status, read_collect_log

from .conftest import ASSIGNMENT, KEY, NOTEBOOK, notebook_text, outcome_of, stamp, when


def files_in(folder) -> dict[str, bytes]:
    """Every regular file under ``folder`` and its bytes (nothing collected is a link: checked too)."""
    out = {}
    for path in sorted(folder.rglob("*")):
        assert not path.is_symlink(), f"{path} is a link"
        if path.is_file():
            out[str(path.relative_to(folder))] = path.read_bytes()
        else:
            assert path.is_dir(), f"{path} is neither a file nor a folder"
    return out


def test_a_submission_is_collected_file_for_file_with_the_time_of_its_name(exchange):
    folder = exchange.submit("ada", when(-30), files={"data/mine.csv": "sku,qty\nA1,3\n"})
    done = exchange.collect()

    assert done.students == ("ada",)
    collected = files_in(exchange.submitted("ada"))
    assert collected[NOTEBOOK] == (folder / NOTEBOOK).read_bytes()
    assert collected["data/mine.csv"] == b"sku,qty\nA1,3\n"
    assert collected["answers.json"] == (folder / "answers.json").read_bytes()
    assert collected["timestamp.txt"] == (folder / "timestamp.txt").read_bytes()
    assert sorted(collected) == ["answers.json", NOTEBOOK, "data/mine.csv", "submission_secret.txt", "timestamp.txt"]
    outcome = outcome_of(done.run, folder)
    assert (outcome.status, outcome.reason, outcome.left_out, outcome.files) == (Status.COLLECTED, "", (), 4)
    assert outcome.learner == "ada" and outcome.submitted == (folder / "timestamp.txt").read_text()
    assert read_collect_log(exchange.course, ASSIGNMENT).latest == done.run
    assert not list(exchange.submitted("ada").parent.glob(".*")), "no temporary folder is left beside it"


def _link_to_key(folder):
    os.symlink(KEY, folder / "key.ipynb")
    return "key.ipynb", f"a symbolic link to '{KEY}'; only files and folders are collected"


def _notebook_is_the_key(folder):
    (folder / NOTEBOOK).unlink()
    os.symlink(KEY, folder / NOTEBOOK)
    return NOTEBOOK, f"a symbolic link to '{KEY}'"


def _link_to_folder(folder):
    os.symlink(KEY.parent.parent, folder / "source")
    return "source", f"a symbolic link to '{KEY.parent.parent}'"


def _dangling_link(folder):
    os.symlink("/nonexistent/answers.json", folder / "gone.json")
    return "gone.json", "a symbolic link to '/nonexistent/answers.json'"


def _link_in_a_subfolder(folder):
    (folder / "notes").mkdir()
    (folder / "notes" / "mine.txt").write_text("mine")
    os.symlink(KEY, folder / "notes" / "key.ipynb")
    return "notes/key.ipynb", "a symbolic link"


def _relative_link_out(folder):
    os.symlink("../../../../course/source/01_customers/customers.ipynb", folder / "up.ipynb")
    return "up.ipynb", "a symbolic link to '../../../../course/source/01_customers/customers.ipynb'"


def _fifo(folder):
    os.mkfifo(folder / "pipe")
    return "pipe", "a named pipe (FIFO); only files and folders are collected"


def _socket(folder):
    here = os.getcwd()
    os.chdir(folder)  # a socket's path must be short: bind it by its name here
    try:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.bind("sock")
        sock.close()
    finally:
        os.chdir(here)
    return "sock", "a socket; only files and folders are collected"


def _character_device(folder):
    null = os.stat("/dev/null").st_rdev
    try:
        os.mknod(folder / "null", stat.S_IFCHR | 0o666, null)
    except PermissionError:
        pytest.skip("this machine does not let root make device files")
    return "null", "a character device; only files and folders are collected"


def _block_device(folder):
    try:
        os.mknod(folder / "disk", stat.S_IFBLK | 0o600, os.makedev(7, 0))
    except PermissionError:
        pytest.skip("this machine does not let root make device files")
    return "disk", "a block device; only files and folders are collected"


ENTRIES = {
    "link to the key": _link_to_key,
    "the notebook itself a link to the key": _notebook_is_the_key,
    "link to a folder": _link_to_folder,
    "dangling link": _dangling_link,
    "link inside a subfolder": _link_in_a_subfolder,
    "relative link out of the submission": _relative_link_out,
    "fifo": _fifo,
    "socket": _socket,
    "character device": _character_device,
    "block device": _block_device,
}


@pytest.mark.parametrize("make", ENTRIES.values(), ids=ENTRIES.keys())
def test_links_and_special_files_are_left_out_and_the_rest_is_collected(exchange, make):
    folder = exchange.submit("ada")
    other = exchange.submit("ben")
    entry, reason = make(folder)
    done = exchange.collect()

    outcome = outcome_of(done.run, folder)
    assert outcome.status == Status.COLLECTED
    assert [e.path for e in outcome.left_out] == [entry]
    assert outcome.left_out[0].reason.startswith(f"it is {reason}") or reason in outcome.left_out[0].reason
    collected = files_in(exchange.submitted("ada"))
    assert entry not in collected and not (exchange.submitted("ada") / entry).exists()
    assert collected["answers.json"] == (folder / "answers.json").read_bytes(), "the rest is collected"
    key = KEY.read_bytes()
    assert all(data != key for data in collected.values()), "the answer key never arrives"
    if entry != NOTEBOOK:
        assert collected[NOTEBOOK] == (folder / NOTEBOOK).read_bytes()
    assert outcome_of(done.run, other).status == Status.COLLECTED and outcome_of(done.run, other).left_out == ()


@pytest.mark.parametrize("kind", ["link to the key's folder", "link to a classmate's folder", "a file", "a fifo"])
def test_an_inbound_entry_that_is_not_a_folder_is_refused_and_the_earlier_one_collected(exchange, kind):
    earlier = exchange.submit("ada", when(-60), version="earlier")
    classmate = exchange.submit("ben", when(-50), version="ben's")
    later = exchange.inbound / f"ada+{ASSIGNMENT}+{stamp(when(-5))}+linklinklink"
    if kind == "link to the key's folder":
        os.symlink(KEY.parent, later)
    elif kind == "link to a classmate's folder":
        os.symlink(classmate, later)
    elif kind == "a file":
        later.write_text(notebook_text("ada", "a file"))
    else:
        os.mkfifo(later)
    done = exchange.collect()

    refused = outcome_of(done.run, later)
    assert refused.status == Status.REFUSED
    expected = {"a file": "it is a file, not a folder", "a fifo": "it is a named pipe (FIFO), not a folder"}
    assert refused.reason.startswith(expected.get(kind, "it is a symbolic link to '"))
    assert outcome_of(done.run, earlier).status == Status.COLLECTED
    assert (exchange.submitted("ada") / NOTEBOOK).read_text() == notebook_text("ada", "earlier")
    assert (exchange.submitted("ada") / "timestamp.txt").read_text() == (earlier / "timestamp.txt").read_text()
    assert (exchange.submitted("ben") / NOTEBOOK).read_text() == notebook_text("ben", "ben's")


def test_a_file_swapped_for_a_link_while_it_is_collected_gains_nothing(exchange, monkeypatch):
    """The race: the entry is a file when it is looked at and a link to the key when it is opened."""
    folder = exchange.submit("ada")
    real_stat = os.stat

    def swap_after_looking(path, *args, **kwargs):
        info = real_stat(path, *args, **kwargs)
        if path == NOTEBOOK and kwargs.get("dir_fd") is not None and not (folder / NOTEBOOK).is_symlink():
            (folder / NOTEBOOK).unlink()
            os.symlink(KEY, folder / NOTEBOOK)
        return info

    monkeypatch.setattr(os, "stat", swap_after_looking)
    done = exchange.collect()
    monkeypatch.undo()

    outcome = outcome_of(done.run, folder)
    assert outcome.status == Status.COLLECTED
    assert [(e.path, e.reason) for e in outcome.left_out] == [
        (NOTEBOOK, "it changed while it was being collected (into a link or something else); left out")
    ]
    assert not (exchange.submitted("ada") / NOTEBOOK).exists()
    assert KEY.read_bytes() not in files_in(exchange.submitted("ada")).values()


def test_a_file_swapped_for_a_fifo_while_it_is_collected_is_left_out_without_waiting(exchange, monkeypatch):
    folder = exchange.submit("ada")
    real_stat = os.stat

    def swap_after_looking(path, *args, **kwargs):
        info = real_stat(path, *args, **kwargs)
        if path == "answers.json" and kwargs.get("dir_fd") is not None and (folder / "answers.json").is_file():
            (folder / "answers.json").unlink()
            os.mkfifo(folder / "answers.json")  # opening it to read would wait for a writer for ever
        return info

    monkeypatch.setattr(os, "stat", swap_after_looking)
    done = exchange.collect()
    monkeypatch.undo()

    outcome = outcome_of(done.run, folder)
    assert [(e.path, e.reason) for e in outcome.left_out] == [
        ("answers.json", "it changed while it was being collected (into a named pipe (FIFO)); left out")
    ]
    assert (exchange.submitted("ada") / NOTEBOOK).read_bytes() == (folder / NOTEBOOK).read_bytes()


def test_the_collected_timestamp_is_the_name_s_time_not_the_learner_s_own(exchange):
    """A learner who writes an earlier time into timestamp.txt (to escape a late penalty) does not get it."""
    moment, claimed = when(-3), stamp(when(-60 * 24 * 7))
    folder = exchange.submit("ada", moment, timestamp=claimed)
    plain = exchange.submit("ben", moment, files={"timestamp.txt": "not a time at all"})
    missing = exchange.submit("cara", moment)
    (missing / "timestamp.txt").unlink()
    done = exchange.collect()

    for learner in ("ada", "ben", "cara"):
        assert (exchange.submitted(learner) / "timestamp.txt").read_text() == stamp(moment)
    kept = f"the time in its name, {stamp(moment)}, was kept"
    assert outcome_of(done.run, folder).reason == f"its timestamp.txt said {claimed!r}; {kept}"
    assert outcome_of(done.run, plain).reason == f"its timestamp.txt said 'not a time at all'; {kept}"
    assert outcome_of(done.run, missing).reason == (
        f"it had no timestamp.txt; the time in its name, {stamp(moment)}, was written"
    )


def test_ignored_names_are_not_collected_nor_reported(exchange):
    folder = exchange.submit(
        "ada", files={".ipynb_checkpoints/customers-checkpoint.ipynb": "{}", "__pycache__/x.pyc": b"\0", "y.pyc": b"\0"}
    )
    done = exchange.collect()
    assert sorted(files_in(exchange.submitted("ada"))) == [
        "answers.json",
        NOTEBOOK,
        "submission_secret.txt",
        "timestamp.txt",
    ]
    assert outcome_of(done.run, folder).left_out == ()


def test_the_record_keeps_every_collect(exchange):
    first = exchange.submit("ada", when(-20))
    exchange.collect()
    second = exchange.submit("ada", when(-10), version="2")
    done = exchange.collect()

    log = read_collect_log(exchange.course, ASSIGNMENT)
    assert len(log.runs) == 2 and log.latest == done.run
    assert [(o.folder, o.status) for o in log.runs[0].outcomes] == [(first.name, Status.COLLECTED)]
    assert {o.folder: o.status for o in log.latest.outcomes} == {
        second.name: Status.UPDATED,
        first.name: Status.SUPERSEDED,
    }
    assert outcome_of(done.run, first).reason == f"the submission of {stamp_of(second)} was taken"
    assert (exchange.course / "collect-log" / f"{ASSIGNMENT}.json").is_file()
    assert not (exchange.submitted("ada") / "collect-log").exists()


def stamp_of(folder) -> str:
    return folder.name.split("+")[2]
