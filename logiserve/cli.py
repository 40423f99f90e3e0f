"""The ``logiserve`` command: a thin layer over the library."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from . import __version__
from .course import Course, build_learner_copy, refresh_outputs
from .errors import LogiserveError

EPILOG = """tutor workflow (run from the course folder, or set LOGISERVE_COURSE_DIR):
  logiserve init ~/courses/cs-l3        a fresh nbgrader course folder (config + source notebooks)
  logiserve course                      the course in force: folder, course id and where it is set, gradebook
  logiserve release                     generate and release every assignment to the exchange
  logiserve collect 01_customers        collect submissions into submitted/
  logiserve grade 01_customers          autograde them all, in parallel, resumable
  logiserve feedback 01_customers --release   feedback without the hidden tests, back to learners
  logiserve report --out report.html    the cohort report: scores, exercises, misconceptions, at risk
  logiserve demo --learners 40          all of the above for a simulated cohort, in a temporary folder
  logiserve variants 05_inventory       each learner's own numbers for an assignment (--csv FILE to save them)

examples:
  logiserve learner-copy lab          the learner version of every assignment, in ./lab
  logiserve datasets                  list the datasets
  logiserve datasets parties          what each column of 'parties' means
  logiserve datasets parties --rebuild   regenerate the shipped CSV (maintainers)
  logiserve syllabus --markdown docs/syllabus-coverage.md
                                      what assesses each syllabus point: graded, written, practice
  logiserve refresh-outputs course/source/01_customers/customers.ipynb
                                      run a source notebook and store its outputs (authors)
"""


def _learner_copy(args: argparse.Namespace) -> int:
    for result in build_learner_copy(Course.find().root, Path(args.dest)):
        state = "created" if result.created else "kept (already there; your work is not overwritten)"
        print(f"{result.assignment:24} {state}: {result.folder}")
    return 0


def _refresh(args: argparse.Namespace) -> int:
    for path in args.notebooks:
        refresh_outputs(Path(path))
        print(f"ran and saved {path}")
    return 0


def _glossary(args: argparse.Namespace) -> int:
    from .glossary import annotate_notebook

    course = Course.find()
    notebooks = [Path(p) for p in args.notebooks] or sorted(course.source_dir.glob("*/*.ipynb"))
    stale = []
    for path in notebooks:
        changed = annotate_notebook(path, write=not args.check)
        if changed:
            stale.append(path)
        state = ("out of date" if args.check else "updated") if changed else "up to date"
        print(f"{state}: {path}")
    if args.check and stale:
        print("run `logiserve glossary` to show the glossary's current definitions in these notebooks")
        return 1
    return 0


def _syllabus(args: argparse.Namespace) -> int:
    from .coverage import collect

    coverage = collect(Course.find())
    print(coverage.text())
    if args.markdown:
        Path(args.markdown).parent.mkdir(parents=True, exist_ok=True)
        Path(args.markdown).write_text(coverage.markdown(), encoding="utf-8")
        print(f"wrote {args.markdown}")
    problems = coverage.problems()
    unexplained = coverage.unexplained()
    if unexplained:
        print(
            f"\nNo graded evidence, and the syllabus does not say why: {', '.join(unexplained)}. Add an autograded "
            "exercise that can show each, or give it evidence: written or practice, with why:, "
            "in logiserve/syllabus.yaml."
        )
    if problems:
        print("\nProblems:", *(f"  - {p}" for p in problems), sep="\n")
    return 1 if problems and args.check else 0


def _marks(args: argparse.Namespace) -> int:
    from collections import Counter

    from .mark_split import ANSWER_KINDS, CODE_SHARE_LIMIT, Split, course_split, problems

    split = course_split(Course.find())
    total = sum(split.values(), Split(Counter()))
    width = max(map(len, split), default=10)
    print(f"{'assignment':<{width}}  " + "  ".join(f"{kind:>6}" for kind in ANSWER_KINDS) + "   total  code")
    for name, row in [*split.items(), ("course", total)]:
        cells = "  ".join(f"{row.points[kind]:>6g}" for kind in ANSWER_KINDS)
        print(f"{name:<{width}}  {cells}  {row.total:>6g}  {100 * row.share('code'):3.0f} %")
    found = problems(Course.find())
    if found:
        print("\nProblems (counted as code above):", *(f"  - {p}" for p in found), sep="\n")
    over = total.share("code") > CODE_SHARE_LIMIT
    if over:
        print(
            f"\nCode carries {100 * total.share('code'):.0f} % of the marks; the course keeps it at most "
            f"{100 * CODE_SHARE_LIMIT:.0f} % (learners know spreadsheets, not programming)."
        )
    return 1 if args.check and (over or found) else 0


def _datasets(args: argparse.Namespace) -> int:
    from . import datasets

    if not args.name:
        for name in datasets.names():
            print(name)
        return 0
    if args.rebuild:
        print(f"wrote {datasets.write(args.name)}")
        return 0
    for column, meaning in datasets.describe(args.name).items():
        print(f"{column:22} {meaning}")
    return 0


def _course(args: argparse.Namespace) -> Course:
    """--course, else the current folder when it is a course folder, else :meth:`Course.find`."""
    if getattr(args, "course", None):
        return Course(args.course)
    here = Path.cwd()
    return Course(here) if (here / "nbgrader_config.py").is_file() else Course.find()


def _about(args: argparse.Namespace) -> int:
    course = _course(args)
    rows = {
        "course folder": str(course.root),
        "course id": str(course.course_id),
        "assignments": ", ".join(course.assignments()) or "none",
        "gradebook": course.db_url,
        "exchange": str(course.exchange_root),
        "cell time limit": f"{course.cell_timeout} s (Execute.timeout)",
    }
    for label, value in rows.items():
        print(f"{label:16} {value}")
    return 0


def _number(kind: type, *, low: float, high: float | None = None, low_allowed: bool = True) -> Any:
    """An argparse ``type`` that reads a number of ``kind`` within bounds, or says what was expected."""

    def read(text: str) -> Any:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a {'whole ' if kind is int else ''}number") from None
        too_low = value < low if low_allowed else value <= low
        if too_low or (high is not None and value > high):
            bounds = (
                f"from {low:g} to {high:g}" if high is not None else f"{'at least' if low_allowed else 'above'} {low:g}"
            )
            raise argparse.ArgumentTypeError(f"{text} is out of range: give a number {bounds}")
        return value

    return read


def _exchange(args: argparse.Namespace) -> Path | None:
    return Path(args.exchange).resolve() if getattr(args, "exchange", None) else None


def _init(args: argparse.Namespace) -> int:
    from .tutor import init_course

    names = init_course(Path(args.dest), source=Path(args.source) if args.source else None)
    print(f"Made the course folder {args.dest} with {', '.join(names)}.")
    print(f"Next: cd {args.dest} && logiserve release")
    return 0


def _release(args: argparse.Namespace) -> int:
    from .tutor import release

    for done in release(_course(args), args.assignments, exchange=_exchange(args)):
        print(f"released {done.assignment} ({', '.join(done.notebooks)}) to {done.exchange}")
    return 0


def _collect(args: argparse.Namespace) -> int:
    from .tutor import collect

    course = _course(args)
    done = collect(course, args.assignment, exchange=_exchange(args))
    print(f"collected {len(done.students)} submission(s) of {done.assignment}: {', '.join(done.students) or 'none'}")
    if done.run is not None:
        from rich.console import Console

        from .exchange import collect_table

        # the counts and where the record is on stdout; the table, which names learners, on stderr, so that
        # the first line stays the one list of learners a script reads
        print(f"this collect: {done.run.summary()} (recorded in {course.collect_log(args.assignment)})")
        Console(stderr=True).print(collect_table(done.run))
    return 0


def _grade(args: argparse.Namespace) -> int:
    from rich.console import Console

    from .autograder.grading import grade, summary_table

    run = grade(  # a GradingError is a LogiserveError: main() prints it and exits with 2
        _course(args),
        args.assignment,
        workers=args.workers,
        force=args.force,
        timeout=args.timeout,
        warm_kernels=not args.cold_kernels,
        memory_limit=args.memory_limit or None,
        kernel_users=[name for name in (args.kernel_user or "").split(",") if name],
    )
    Console().print(summary_table(run))
    return 1 if run.failed else 0


def _feedback(args: argparse.Namespace) -> int:
    from .autograder.feedback import generate_feedback

    done = generate_feedback(_course(args), args.assignment, release=args.release, exchange=_exchange(args))
    print(done)
    return 0


def _report(args: argparse.Namespace) -> int:
    from .autograder.report import build_report

    build_report(
        _course(args),
        args.assignments or None,
        out=Path(args.out),
        csv=Path(args.csv) if args.csv else None,
        threshold=args.threshold,
    )
    print(f"wrote {args.out}" + (f" and {args.csv}" if args.csv else ""))
    return 0


def _demo(args: argparse.Namespace) -> int:
    import tempfile

    from .demo import run_demo

    folder = Path(args.folder) if args.folder else Path(tempfile.mkdtemp(prefix="logiserve-demo-"))
    result = run_demo(folder, learners=args.learners, names=args.assignments or None, workers=args.workers)
    print(f"\nOpen the report in a browser: {result.report}")
    return 0


def _variants(args: argparse.Namespace) -> int:
    from rich.console import Console

    from .learner_variants import cohort_variants, variants_table, write_variants_csv

    cohort = cohort_variants(_course(args), args.assignment, learners=args.learner or None)
    console = Console()
    if not cohort.variants:
        console.print(
            f"No learners for {args.assignment} yet (none in the gradebook, submitted/ or autograded/). "
            "Name some with --learner ID to see their numbers."
        )
        return 0
    console.print(variants_table(cohort))
    distinct = len({v.code for v in cohort.variants})
    console.print(f"{len(cohort.variants)} learner(s), {distinct} different set(s) of numbers.", highlight=False)
    console.print(f"Course id {cohort.course_id}, from {cohort.course_id_source}.", markup=False, highlight=False)
    for code, learners in cohort.shared.items():
        console.print(f"Variant {code} is shared by: {', '.join(learners)}", markup=False, highlight=False)
    if args.csv:
        write_variants_csv(cohort, Path(args.csv))
        console.print(f"wrote {args.csv}", markup=False, highlight=False)
    return 0


def _add_course_options(parser: argparse.ArgumentParser, exchange: bool = True) -> None:
    parser.add_argument("--course", metavar="DIR", help="the course folder (default: $LOGISERVE_COURSE_DIR or course/)")
    if exchange:
        parser.add_argument("--exchange", metavar="DIR", help="the exchange folder (default: nbgrader's setting)")


def build_parser() -> argparse.ArgumentParser:
    """The ``logiserve`` command's arguments: one sub-command per task, each with its own help."""
    parser = argparse.ArgumentParser(
        prog="logiserve",
        description="Courseware for Customer Service for Supply Chain Logistics (Level 3).",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"logiserve {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    _add_course_commands(sub)
    _add_tutor_commands(sub)
    _add_grade_command(sub)
    _add_results_commands(sub)
    return parser


def _add_course_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Commands about the course itself: its settings, the learner copy, outputs, syllabus, datasets."""
    about = sub.add_parser("course", help="the course folder, its course id (and where it is set), gradebook, exchange")
    _add_course_options(about, exchange=False)
    about.set_defaults(run=_about)
    copy = sub.add_parser("learner-copy", help="generate the learner version of the course into a folder")
    copy.add_argument("dest", help="folder to fill (assignments already there are kept)")
    copy.set_defaults(run=_learner_copy)
    refresh = sub.add_parser("refresh-outputs", help="run source notebooks and store their outputs (for nbval)")
    refresh.add_argument("notebooks", nargs="+", help="source notebooks to run")
    refresh.set_defaults(run=_refresh)
    glossary = sub.add_parser(
        "glossary", help="show each glossary term's definition where it first appears in each source notebook"
    )
    glossary.add_argument("notebooks", nargs="*", help="source notebooks (default: every assignment's)")
    glossary.add_argument(
        "--check", action="store_true", help="change nothing; exit with 1 if a notebook is out of date"
    )
    glossary.set_defaults(run=_glossary)
    syl = sub.add_parser(
        "syllabus", help="coverage of the unit's syllabus: graded, written and practice evidence, and feedback"
    )
    syl.add_argument("--markdown", metavar="FILE", help="also write the coverage table as Markdown")
    syl.add_argument(
        "--check",
        action="store_true",
        help="exit with 1 on any problem, such as an entry with no graded evidence that the syllabus does not explain",
    )
    syl.set_defaults(run=_syllabus)
    marks = sub.add_parser(
        "marks", help="how each assignment's marks are earned: in widgets, as numbers, in code, by the tutor"
    )
    marks.add_argument(
        "--check",
        action="store_true",
        help="exit with 1 if code carries over 35 %% of the marks or a cell does not say",
    )
    marks.set_defaults(run=_marks)
    data = sub.add_parser("datasets", help="list datasets, describe one, or rebuild its CSV")
    data.add_argument("name", nargs="?", help="a dataset name")
    data.add_argument("--rebuild", action="store_true", help="regenerate the shipped CSV from its seed")
    data.set_defaults(run=_datasets)


def _add_tutor_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The tutor's set-up and exchange commands: init, release, collect."""
    init = sub.add_parser("init", help="make a fresh nbgrader course folder with this course's notebooks")
    init.add_argument("dest", help="a new folder")
    init.add_argument("--source", metavar="DIR", help="the course folder to copy (default: this clone's course/)")
    init.set_defaults(run=_init)
    rel = sub.add_parser("release", help="generate assignments and release them to the exchange")
    rel.add_argument("assignments", nargs="*", help="assignments (default: all)")
    _add_course_options(rel)
    rel.set_defaults(run=_release)
    col = sub.add_parser("collect", help="collect submissions of an assignment from the exchange")
    col.add_argument("assignment")
    _add_course_options(col)
    col.set_defaults(run=_collect)


def _add_grade_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``logiserve grade`` and its limits."""
    grd = sub.add_parser("grade", help="autograde every collected submission, in parallel (resumable)")
    grd.add_argument("assignment")
    grd.add_argument("--workers", type=_number(int, low=1), help="parallel workers (default: one per CPU core)")
    grd.add_argument("--force", action="store_true", help="grade again submissions already graded")
    grd.add_argument(
        "--timeout",
        type=_number(float, low=0, low_allowed=False),
        help="seconds a cell may run (default: the course config's Execute.timeout, 120)",
    )
    grd.add_argument(
        "--memory-limit",
        type=float,
        default=4.0,
        metavar="GIB",
        help="memory each kernel may use, in GiB (default 4; 0: no limit; not with --cold-kernels)",
    )
    grd.add_argument(
        "--cold-kernels",
        action="store_true",
        help="start every kernel from scratch instead of forking it from a warm, pre-imported one",
    )
    grd.add_argument(
        "--kernel-user",
        metavar="USER[,USER...]",
        help="run learners' code as these unprivileged system users, one per worker (grading as root)",
    )
    _add_course_options(grd, exchange=False)
    grd.set_defaults(run=_grade)


def _add_results_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """What comes after grading: feedback, the report, the demo, each learner's numbers."""
    fbk = sub.add_parser("feedback", help="feedback pages without the hidden tests; --release sends them back")
    fbk.add_argument("assignment")
    fbk.add_argument("--release", action="store_true", help="also release the feedback to the exchange")
    _add_course_options(fbk)
    fbk.set_defaults(run=_feedback)
    rep = sub.add_parser("report", help="the cohort report for the tutor (HTML, and CSV with --csv)")
    rep.add_argument("assignments", nargs="*", help="assignments (default: all)")
    rep.add_argument("--out", default="report.html", help="the HTML file to write (default report.html)")
    rep.add_argument("--csv", metavar="FILE", help="also write the numbers as CSV")
    rep.add_argument(
        "--threshold", type=_number(float, low=0, high=1), default=0.5, help="at risk below this share of points (0.5)"
    )
    _add_course_options(rep, exchange=False)
    rep.set_defaults(run=_report)
    dem = sub.add_parser("demo", help="the whole tutor workflow for a simulated cohort, in a temporary folder")
    dem.add_argument("--learners", type=_number(int, low=1), default=40, help="how many learners (default 40)")
    dem.add_argument("--folder", help="where to make it (default: a new temporary folder)")
    dem.add_argument("--workers", type=_number(int, low=1), help="grading workers (default: one per CPU core)")
    dem.add_argument("assignments", nargs="*", help="assignments (default: all)")
    dem.set_defaults(run=_demo)
    var = sub.add_parser(
        "variants",
        help="each learner's own numbers for an assignment, with the variant code the report shows",
        epilog=(
            "examples:\n  logiserve variants 05_inventory\n  logiserve variants 02_service_cycle --csv variants.csv\n"
            "  logiserve variants 05_inventory --learner amira --learner ben   (learners not in the gradebook yet)"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    var.add_argument("assignment")
    var.add_argument("--csv", metavar="FILE", help="also write one row per learner as CSV")
    var.add_argument(
        "--learner", action="append", metavar="ID", help="these learners instead of the ones nbgrader knows (repeat)"
    )
    _add_course_options(var, exchange=False)
    var.set_defaults(run=_variants)


def main(argv: list[str] | None = None) -> int:
    """Run ``logiserve`` with ``argv``; a problem someone can fix prints its message and exits with 2."""
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except LogiserveError as exc:
        print(f"logiserve: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
