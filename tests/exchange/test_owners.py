"""Where the machine has real users, a submission is its owner's, in its owner's name.

The tests collect as root and give inbound folders to two throwaway system users (``users``),
or to a user id no user has, as learners on a hub own the folders they submit.  A folder that
root or whoever collects owns is trusted by its name (a single-user machine; the other tests).
"""

from __future__ import annotations

import os

from logiserve.exchange import Status

from .conftest import KEY, NOTEBOOK, chown_tree, notebook_text, outcome_of, unused_uid, when


def test_a_folder_in_a_classmate_s_name_is_set_aside_and_the_classmate_s_own_collected(exchange, users):
    amira, ben = users.amira, users.ben
    own = exchange.submit(amira, when(-30), version="amira's own")
    forged = exchange.submit(amira, when(-5), version="written by ben")
    bens = exchange.submit(ben, when(-20), version="ben's own")
    chown_tree(own, users.uid(amira))
    chown_tree(forged, users.uid(ben))
    chown_tree(bens, users.uid(ben))
    done = exchange.collect()

    set_aside = outcome_of(done.run, forged)
    assert (set_aside.status, set_aside.reason) == (Status.SET_ASIDE, f"submitted in {amira}'s name by {ben}")
    assert (set_aside.learner, set_aside.owner) == (amira, ben)
    assert outcome_of(done.run, own).status == Status.COLLECTED and outcome_of(done.run, own).owner == amira
    assert (exchange.submitted(amira) / NOTEBOOK).read_text() == notebook_text(amira, "amira's own")
    assert (exchange.submitted(ben) / NOTEBOOK).read_text() == notebook_text(ben, "ben's own")
    assert done.students == tuple(sorted([amira, ben]))


def test_a_forged_folder_never_replaces_what_was_collected(exchange, users):
    amira, ben = users.amira, users.ben
    chown_tree(exchange.submit(amira, when(-30), version="amira's own"), users.uid(amira))
    exchange.collect()
    forged = exchange.submit(amira, when(-1), version="written by ben")
    chown_tree(forged, users.uid(ben))
    done = exchange.collect()
    assert outcome_of(done.run, forged).status == Status.SET_ASIDE
    assert [o.status for o in done.run.outcomes if o.folder != forged.name] == [Status.UNCHANGED]
    assert (exchange.submitted(amira) / NOTEBOOK).read_text() == notebook_text(amira, "amira's own")


def test_a_folder_of_a_user_id_with_no_user_is_set_aside(exchange, users):
    nobody = unused_uid()
    forged = exchange.submit(users.amira, when(-5))
    chown_tree(forged, nobody)
    done = exchange.collect()
    outcome = outcome_of(done.run, forged)
    assert (outcome.status, outcome.reason) == (
        Status.SET_ASIDE,
        f"submitted in {users.amira}'s name by user id {nobody}",
    )
    assert not exchange.submitted(users.amira).exists()


def test_check_owner_off_collects_it_and_says_so(exchange, users):
    exchange.configure("c.ExchangeCollect.check_owner = False")
    amira, ben = users.amira, users.ben
    chown_tree(exchange.submit(amira, when(-30), version="amira's own"), users.uid(amira))
    forged = exchange.submit(amira, when(-5), version="written by ben")
    chown_tree(forged, users.uid(ben))
    done = exchange.collect()
    outcome = outcome_of(done.run, forged)
    assert outcome.status == Status.COLLECTED
    assert outcome.reason == (
        f"submitted in {amira}'s name by {ben}; collected because ExchangeCollect.check_owner is False"
    )
    assert (exchange.submitted(amira) / NOTEBOOK).read_text() == notebook_text(amira, "written by ben")


def test_a_hard_link_to_someone_else_s_file_is_left_out(exchange, users, tmp_path):
    """A learner's folder holding a hard link to the tutor's answer key: the link is the tutor's file."""
    tutors_key = tmp_path / "tutor" / NOTEBOOK
    tutors_key.parent.mkdir()
    tutors_key.write_bytes(KEY.read_bytes())  # owned by root, as the tutor's files are the tutor's
    folder = exchange.submit(users.amira)
    (folder / NOTEBOOK).unlink()
    chown_tree(folder, users.uid(users.amira))
    os.link(tutors_key, folder / NOTEBOOK)
    (folder / "notes").mkdir()
    os.chown(folder / "notes", users.uid(users.ben), users.uid(users.ben))  # a folder someone else made
    done = exchange.collect()

    outcome = outcome_of(done.run, folder)
    assert outcome.status == Status.COLLECTED
    assert [(e.path, e.reason) for e in outcome.left_out] == [
        (
            NOTEBOOK,
            f"the file belongs to root, not to {users.amira}; only the learner's own files are collected "
            "(a hard link to someone else's file is not)",
        ),
        (
            "notes/",
            f"the folder belongs to {users.ben}, not to {users.amira}; only the learner's own files are collected "
            "(a hard link to someone else's file is not)",
        ),
    ]
    assert not (exchange.submitted(users.amira) / NOTEBOOK).exists()
    assert (exchange.submitted(users.amira) / "answers.json").read_bytes() == (folder / "answers.json").read_bytes()


def test_a_folder_that_root_or_the_collector_owns_is_trusted_by_its_name(exchange):
    folder = exchange.submit("amira")  # made by root, as on a single-user machine
    done = exchange.collect()
    outcome = outcome_of(done.run, folder)
    assert (outcome.status, outcome.owner) == (Status.COLLECTED, None)


def test_a_file_the_collector_cannot_read_is_left_out(exchange, users, monkeypatch):
    """On a hub the tutor is not root: a learner's file the tutor may not read is left out, not a failed collect."""
    folder = exchange.submit(users.amira, files={"private.txt": "mine", "notes/more.txt": "more"})
    chown_tree(folder, users.uid(users.amira))
    real_open = os.open

    def as_a_tutor(path, flags, *args, **kwargs):  # root may read anything; a tutor may not read these
        if path in ("private.txt", "notes") and kwargs.get("dir_fd") is not None and not flags & os.O_CREAT:
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", as_a_tutor)
    done = exchange.collect()
    monkeypatch.undo()
    outcome = outcome_of(done.run, folder)
    assert outcome.status == Status.COLLECTED
    assert [(e.path, e.reason) for e in outcome.left_out] == [
        ("notes/", "it could not be read (Permission denied)"),
        ("private.txt", "it could not be read (Permission denied)"),
    ]
    assert (exchange.submitted(users.amira) / NOTEBOOK).read_bytes() == (folder / NOTEBOOK).read_bytes()
