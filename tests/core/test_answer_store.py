"""The answer store: atomic, locked, restoring, and never losing a damaged file."""

import json
import multiprocessing

import pytest

from logiserve.answer_store import ANSWERS_FILE, StoreError
from logiserve.widgets import AnswerStore


def test_save_then_get_round_trips_and_keeps_other_answers(tmp_path):
    store = AnswerStore(tmp_path)
    store.save("01_customers.a", {"x": "internal"})
    store.save("01_customers.b", ["one", 2])
    store.save("01_customers.a", {"x": "external"})
    assert store.get("01_customers.a") == {"x": "external"}
    assert store.get("01_customers.b") == ["one", 2]
    assert json.loads((tmp_path / ANSWERS_FILE).read_text()) == {
        "01_customers.a": {"x": "external"},
        "01_customers.b": ["one", 2],
    }


def test_missing_file_is_empty_without_notice(tmp_path):
    loaded = AnswerStore(tmp_path).load()
    assert loaded.answers == {} and loaded.notice == "" and loaded.moved_to is None


def test_default_folder_is_the_environment_variable_else_cwd(tmp_path, monkeypatch):
    monkeypatch.setenv("LOGISERVE_ANSWERS_DIR", str(tmp_path / "elsewhere"))
    assert AnswerStore().folder == tmp_path / "elsewhere"
    monkeypatch.delenv("LOGISERVE_ANSWERS_DIR")
    monkeypatch.chdir(tmp_path)
    assert AnswerStore().folder == tmp_path


def test_write_leaves_no_temporary_files(tmp_path):
    store = AnswerStore(tmp_path)
    for n in range(20):
        store.save(f"01_customers.e{n}", n)
    leftovers = [p.name for p in tmp_path.iterdir() if p.name not in (ANSWERS_FILE, f".{ANSWERS_FILE}.lock")]
    assert leftovers == []


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{not json", "not valid JSON"),
        ("", "empty"),
        ("[1, 2, 3]", "does not hold answers"),
        (b"\xff\xfe\x00garbage", "could not be read"),
    ],
)
def test_damaged_file_is_moved_aside_and_learner_told(tmp_path, content, reason):
    path = tmp_path / ANSWERS_FILE
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    original = path.read_bytes()
    loaded = AnswerStore(tmp_path).load()
    assert loaded.answers == {}
    assert reason in loaded.notice
    assert loaded.moved_to is not None and loaded.moved_to.read_bytes() == original
    assert loaded.moved_to.name in loaded.notice
    assert not path.exists()


def test_saving_over_a_damaged_file_keeps_it_and_reports(tmp_path):
    (tmp_path / ANSWERS_FILE).write_text("{broken")
    notice = AnswerStore(tmp_path).save("01_customers.a", {"x": "internal"})
    assert "kept as answers.damaged-" in notice
    damaged = list(tmp_path.glob("answers.damaged-*.json"))
    assert len(damaged) == 1 and damaged[0].read_text() == "{broken"
    assert AnswerStore(tmp_path).get("01_customers.a") == {"x": "internal"}


def test_two_damaged_files_in_the_same_second_both_kept(tmp_path):
    for text in ("{one", "{two"):
        (tmp_path / ANSWERS_FILE).write_text(text)
        AnswerStore(tmp_path).load()
    assert sorted(p.read_text() for p in tmp_path.glob("answers.damaged-*.json")) == ["{one", "{two"]


def test_unserialisable_answer_is_refused_with_a_message_and_file_untouched(tmp_path):
    store = AnswerStore(tmp_path)
    store.save("01_customers.a", 1)
    with pytest.raises(StoreError, match="cannot be saved"):
        store.save("01_customers.b", {"x": object()})
    with pytest.raises(StoreError, match="cannot be saved"):
        store.save("01_customers.b", float("nan"))
    assert store.load().answers == {"01_customers.a": 1}


def test_disk_full_gives_a_learner_message_and_keeps_the_old_file(tmp_path, monkeypatch):
    store = AnswerStore(tmp_path)
    store.save("01_customers.a", 1)

    def full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("logiserve.answer_store.os.fsync", full)
    with pytest.raises(StoreError, match=r"could not be saved to answers.json \(No space left on device\)"):
        store.save("01_customers.a", 2)
    monkeypatch.undo()
    assert store.load().answers == {"01_customers.a": 1}
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"] == []


def test_a_folder_in_place_of_the_file_is_moved_aside(tmp_path):
    (tmp_path / ANSWERS_FILE).mkdir()
    (tmp_path / ANSWERS_FILE / "inside.txt").write_text("kept")
    store = AnswerStore(tmp_path)
    assert "could not be read" in store.save("01_customers.a", 1)
    assert store.get("01_customers.a") == 1
    assert [p.read_text() for p in tmp_path.glob("answers.damaged-*/inside.txt")] == ["kept"]


def _writer(folder: str, prefix: str, count: int) -> None:
    store = AnswerStore(folder)
    for n in range(count):
        store.save(f"01_customers.{prefix}{n}", n)


def test_two_processes_writing_at_once_lose_nothing(tmp_path):
    count = 60
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_writer, args=(str(tmp_path), p, count)) for p in ("a", "b")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    answers = AnswerStore(tmp_path).load().answers
    assert len(answers) == 2 * count
    assert answers["01_customers.a59"] == 59 and answers["01_customers.b0"] == 0
