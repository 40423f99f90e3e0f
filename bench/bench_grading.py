"""Grading throughput: ``logiserve grade`` against plain ``nbgrader autograde`` and against the floor.

A temporary course holds every assignment of ``course/source`` and ``--learners`` submissions
of each (default 40).  Submissions are realistic: each is a copy of one of three variants of
the assignment that was run once as a learner runs it (the solution, with its widget answers
in ``answers.json``; half the answers; the release as handed out, no answers).  The variants
are made once and cached in the system's temporary folder, keyed by the course's content.

In the same run the script then times, on two identical copies of that course:

* plain ``nbgrader autograde ASSIGNMENT``, one process per assignment, as a tutor runs it;
* :func:`logiserve.autograder.grading.grade`, once per assignment (its default workers: the
  cores; kernels forked from a warm template, as ``logiserve grade`` does);
* with ``--cold``, also ``grade`` with ``warm_kernels=False`` (``logiserve grade --cold-kernels``:
  every kernel started from scratch, as nbgrader starts them), to show what the template gives;
* the floor: every variant notebook run again with a bare kernel (start the kernel, execute
  the cells with nbclient; best of ``--floor-repeats``), summed over the notebooks graded and
  divided by the cores.  Nothing that starts each kernel from scratch grades faster; the warm
  template goes below it because its kernels skip the imports every notebook repeats.

It prints the three wall times, the ratios (targets: ``grade`` at least 2.5x faster than plain
autograde, within 1.3x of the floor, on a 2-core machine), whether both graders gave every
learner the same score, and where ``grade``'s time goes.  Speed is reported, never asserted:
the script fails only if it cannot run.

Run with ``make bench``, or ``.venv/bin/python bench/bench_grading.py --learners 8`` to try it
(five minutes once the variants are cached; 20 learners take twelve, the default 40 about 25).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import nbformat
import nbgrader
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

from logiserve.autograder.grading import grade
from logiserve.course import assignments

REPO = Path(__file__).resolve().parents[1]
COURSE = REPO / "course"
VARIANTS = ("solution", "half", "release")
TIMESTAMP = "2026-11-20 10:00:00.000000 UTC"
SPEED_UP_TARGET = 2.5
FLOOR_TARGET = 1.3


def tool_env() -> dict[str, str]:
    """nbgrader's environment: answers.json beside each notebook, alembic on PATH."""
    env = {k: v for k, v in os.environ.items() if k != "LOGISERVE_ANSWERS_DIR"}
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


def nbgrader_command(course: Path, *args: str) -> float:
    """Run ``nbgrader ARGS`` in ``course``; its wall time.  A non-zero exit (a failed submission) is fine."""
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "nbgrader", *args, "--log-level=ERROR"],
        cwd=course,
        env=tool_env(),
        check=False,
        capture_output=True,
    )
    return time.perf_counter() - start


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """Standard error to /dev/null at the file-descriptor level (kernels print their start-up chatter there)."""
    sys.stderr.flush()
    saved, devnull = os.dup(2), os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


# -- a course with realistic submissions ------------------------------------------------------
def run_as_learner(folder: Path) -> None:
    """Execute every notebook of ``folder`` in place, as a learner does (widget answers go to answers.json)."""
    for path in sorted(folder.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        NotebookClient(
            nb, timeout=120, kernel_name="python3", allow_errors=True, resources={"metadata": {"path": str(folder)}}
        ).execute()
        nbformat.write(nb, path)


def half_answers(folder: Path, release: Path) -> None:
    """Keep every other code answer and every other widget answer of a solution run."""
    for path in sorted(folder.glob("*.ipynb")):
        nb, released = nbformat.read(path, as_version=4), nbformat.read(release / path.name, as_version=4)
        blank = {c.metadata.get("nbgrader", {}).get("grade_id"): c.source for c in released.cells}
        answers = [c for c in nb.cells if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("solution")]
        for cell in answers[1::2]:
            cell.source = blank.get(cell.metadata.nbgrader["grade_id"], cell.source)
        nbformat.write(nb, path)
    saved = folder / "answers.json"
    if saved.exists():
        answers = json.loads(saved.read_text())
        saved.write_text(json.dumps({key: answers[key] for key in sorted(answers)[::2]}))


def cache_key(names: list[str]) -> str:
    digest = hashlib.sha256(nbgrader.__version__.encode())
    for path in sorted(
        [COURSE / "nbgrader_config.py", *(p for n in names for p in (COURSE / "source" / n).rglob("*"))]
    ):
        if path.is_file() and not path.name.startswith("answers"):
            digest.update(str(path.relative_to(COURSE)).encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def prepared(names: list[str]) -> Path:
    """A generated course (release + gradebook) and the executed variants; made once, then cached."""
    cache = Path(tempfile.gettempdir()) / "logiserve-bench-grading" / cache_key(names)
    if (cache / "done").exists():
        print(f"prepared course and variants: cached in {cache}")
        return cache
    started = time.perf_counter()
    shutil.rmtree(cache, ignore_errors=True)
    course = cache / "course"
    course.mkdir(parents=True)
    shutil.copy(COURSE / "nbgrader_config.py", course)
    ignore = shutil.ignore_patterns("answers*.json", ".answers.json.lock", ".ipynb_checkpoints", "__pycache__")
    shutil.copytree(COURSE / "source", course / "source", ignore=ignore)
    for name in names:
        nbgrader_command(course, "generate_assignment", name, "--force")
        source, release = course / "source" / name, course / "release" / name
        for variant in VARIANTS:
            folder = cache / "variants" / name / variant
            shutil.copytree(release if variant == "release" else source, folder, ignore=ignore)
            if variant == "half":
                half_answers(folder, release)
            with quiet():
                run_as_learner(folder)
            (folder / "timestamp.txt").write_text(TIMESTAMP)
    (cache / "done").write_text("")
    print(f"prepared course and variants in {time.perf_counter() - started:.0f} s (cached in {cache})")
    return cache


def make_course(cache: Path, dest: Path, names: list[str], learners: int) -> dict[str, str]:
    """A copy of the prepared course with ``learners`` submissions of each assignment; learner -> variant."""
    shutil.copytree(cache / "course", dest)
    variant_of = {f"learner{i + 1:03d}": VARIANTS[i % len(VARIANTS)] for i in range(learners)}
    for learner, variant in variant_of.items():
        for name in names:
            shutil.copytree(cache / "variants" / name / variant, dest / "submitted" / learner / name)
    return variant_of


# -- timing -----------------------------------------------------------------------------------
def machine_busy() -> float:
    """CPU seconds every process on the machine has used since boot (Linux), or NaN."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return float("nan")
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(f) for f in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def own_cpu() -> float:
    """CPU seconds of this process and of every process it (or they) waited for: workers, kernels."""
    usages = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    return sum(u.ru_utime + u.ru_stime for u in usages)


def totals(course: Path, names: list[str]) -> dict[tuple[str, str], float | None]:
    """Every learner's total score per assignment, from the gradebook."""
    from nbgrader.api import Gradebook, MissingEntry

    out: dict[tuple[str, str], float | None] = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "logiserve-cs-l3") as gb:
        for name in names:
            for student in gb.students:
                try:
                    submission = gb.find_submission(name, student.id)
                except MissingEntry:
                    continue
                graded = any(g.auto_score is not None for nb in submission.notebooks for g in nb.grades)
                out[(name, student.id)] = float(submission.score) if graded else None
    return out


def floor_seconds(folder: Path, repeats: int) -> tuple[float, float]:
    """Best (kernel start, execution) seconds of the notebooks of an autograded folder, run again bare."""
    best_start = best_run = float("inf")
    for _ in range(repeats):
        start_total = run_total = 0.0
        with tempfile.TemporaryDirectory(prefix="logiserve-floor-") as tmp:
            work = Path(tmp) / folder.name
            shutil.copytree(folder, work)
            for path in sorted(work.glob("*.ipynb")):
                nb = nbformat.read(path, as_version=4)
                for cell in nb.cells:
                    if cell.cell_type == "code":
                        cell.outputs, cell.execution_count = [], None
                t0 = time.perf_counter()
                km = KernelManager(kernel_name="python3")
                km.start_kernel(cwd=str(work), extra_arguments=["--HistoryManager.hist_file=:memory:"])
                kc = km.client()
                kc.start_channels()
                kc.wait_for_ready(timeout=60)
                t1 = time.perf_counter()
                client = NotebookClient(
                    nb, km=km, timeout=120, allow_errors=True, resources={"metadata": {"path": str(work)}}
                )
                client.execute()
                t2 = time.perf_counter()
                kc.stop_channels()
                km.shutdown_kernel(now=True)
                start_total += t1 - t0
                run_total += t2 - t1
        if start_total + run_total < best_start + best_run:
            best_start, best_run = start_total, run_total
    return best_start, best_run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=40, help="submissions per assignment (default 40)")
    parser.add_argument("--workers", type=int, default=None, help="grade()'s workers (default: the cores)")
    parser.add_argument("--assignments", nargs="*", help="only these assignments (default: all)")
    parser.add_argument("--floor-repeats", type=int, default=2, help="runs of each variant for the floor (best kept)")
    parser.add_argument("--cold", action="store_true", help="also time grade() with kernels started from scratch")
    args = parser.parse_args()
    names = args.assignments or assignments(COURSE)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    workers = args.workers or cores
    started = time.perf_counter()
    notebooks = {name: len(list((COURSE / "source" / name).glob("*.ipynb"))) for name in names}
    graded_notebooks = args.learners * sum(notebooks.values())
    print("Grading throughput: plain nbgrader autograde, logiserve grade, and the floor")
    print(
        f"({args.learners} learners x {len(names)} assignments = {graded_notebooks} notebooks, each a copy of one of "
        f"{len(VARIANTS)} executed variants; python {platform.python_version()}, nbgrader {nbgrader.__version__}, "
        f"{cores} CPU cores, grade() with {workers} workers)"
    )
    print()
    os.environ.pop("LOGISERVE_ANSWERS_DIR", None)
    cache = prepared(names)

    with tempfile.TemporaryDirectory(prefix="logiserve-bench-") as tmp:
        plain_course, our_course, cold_course = Path(tmp) / "plain", Path(tmp) / "ours", Path(tmp) / "cold"
        variant_of = make_course(cache, plain_course, names, args.learners)
        make_course(cache, our_course, names, args.learners)
        cold: dict[str, float] = {}
        if args.cold:
            make_course(cache, cold_course, names, args.learners)
            for name in names:
                cold[name] = grade(cold_course, name, workers=args.workers, progress=False, warm_kernels=False).seconds
                print(f"  logiserve grade --cold-kernels {name:<17} {cold[name]:7.1f} s")

        plain: dict[str, float] = {}
        busy_before, cpu_before = machine_busy(), own_cpu()
        for name in names:
            plain[name] = nbgrader_command(plain_course, "autograde", name)
            print(f"  plain nbgrader autograde {name:<22} {plain[name]:7.1f} s")

        plain_others = machine_busy() - busy_before - (own_cpu() - cpu_before)
        ours: dict[str, float] = {}
        phases: Counter[str] = Counter()
        startup = 0.0
        busy_before, cpu_before = machine_busy(), own_cpu()
        for name in names:
            run = grade(our_course, name, workers=args.workers, progress=False)
            ours[name] = run.seconds
            phases.update(run.phases)
            startup += run.startup_seconds
            failed = f"  ({len(run.failed)} failed: {run.failed[0].reason})" if run.failed else ""
            print(f"  logiserve grade           {name:<22} {run.seconds:7.1f} s{failed}")
        cpu = own_cpu() - cpu_before
        our_others = machine_busy() - busy_before - cpu

        floor_start = floor_run = 0.0
        for name in names:
            for variant in VARIANTS:
                count = sum(1 for v in variant_of.values() if v == variant)
                learner = next(learner for learner, v in variant_of.items() if v == variant)
                with quiet():
                    start, execute = floor_seconds(our_course / "autograded" / learner / name, args.floor_repeats)
                floor_start += count * start
                floor_run += count * execute

        theirs_scores, our_scores = totals(plain_course, names), totals(our_course, names)

    plain_total, our_total = sum(plain.values()), sum(ours.values())
    floor = (floor_start + floor_run) / cores
    print()
    print(f"{'':<46} {'wall s':>8} {'per notebook s':>15}")
    print("-" * 72)
    rows = [
        ("plain nbgrader autograde (a process each)", plain_total),
        (f"logiserve grade ({workers} workers)", our_total),
        *([(f"logiserve grade --cold-kernels ({workers} workers)", sum(cold.values()))] if cold else []),
        (f"floor (kernel start + execute) / {cores} cores", floor),
    ]
    for label, seconds in rows:
        print(f"{label:<46} {seconds:8.1f} {seconds / graded_notebooks:15.2f}")
    print()
    speed_up, over_floor = plain_total / our_total, our_total / floor
    met = {True: "met", False: "NOT met"}
    print(f"speed-up over plain autograde: {speed_up:.2f}x   (target >= {SPEED_UP_TARGET}x: {met[speed_up >= 2.5]})")
    print(f"grade / floor:                 {over_floor:.2f}x   (target <= {FLOOR_TARGET}x: {met[over_floor <= 1.3]})")
    if cold:
        cold_total = sum(cold.values())
        print(
            f"  with --cold-kernels:          {plain_total / cold_total:.2f}x over plain, "
            f"{cold_total / floor:.2f}x the floor"
        )
    same = sum(1 for key, score in theirs_scores.items() if our_scores.get(key) == score)
    print(f"same total score as plain autograde: {same} of {len(theirs_scores)} submissions")
    print()
    print(f"Where logiserve grade's time goes (seconds summed over its {workers} workers, per notebook):")
    print(f"  {'worker start: imports, config (per run, wall)':<44} {startup:8.1f} s total over {len(names)} runs")
    groups = {
        "gradebook and files (nbgrader's own steps)": [
            "set-up (gradebook, files)",
            "read and check cells",
            "save grades",
        ],
        "waiting for the gradebook lock": ["wait for gradebook lock"],
        "kernel start": ["kernel start"],
        "execute (the learner's cells and the tests)": ["execute"],
        "kernel shutdown": ["kernel shutdown"],
        "other (read, write notebooks, checks)": ["other"],
    }
    busy = sum(phases.values())
    for label, keys in groups.items():
        seconds = sum(phases.get(k, 0.0) for k in keys)
        print(f"  {label:<44} {seconds / graded_notebooks:8.2f} s  {100 * seconds / busy:5.1f} %")
    print(
        f"  CPU used by grade (its process, workers, kernels): {cpu:.0f} s in {our_total:.0f} s of wall time "
        f"({cpu / our_total:.2f} of {cores} cores busy on average)"
    )
    floor_share = floor_start / (floor_start + floor_run)
    print(f"  (in the floor, a bare kernel start is {100 * floor_share:.0f} % of each notebook's time)")
    print()
    for label, others, wall in (("plain autograde", plain_others, plain_total), ("grade", our_others, our_total)):
        if others > 0.05 * cores * wall:
            print(
                f"WARNING: other processes used {others:.0f} s of CPU while {label} ran "
                f"({100 * others / (cores * wall):.0f} % of the machine): its time is inflated; run again when quiet."
            )
    print(f"Finished in {time.perf_counter() - started:.0f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
