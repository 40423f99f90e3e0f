"""The ``logiserve`` command: a thin layer over the library."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .course import CourseError, build_learner_copy, course_dir, refresh_outputs

EPILOG = """examples:
  logiserve learner-copy lab          the learner version of every assignment, in ./lab
  logiserve datasets                  list the datasets
  logiserve datasets parties          what each column of 'parties' means
  logiserve datasets parties --rebuild   regenerate the shipped CSV (maintainers)
  logiserve syllabus --markdown docs/syllabus-coverage.md
                                      which exercises assess each syllabus point
  logiserve refresh-outputs course/source/01_customers/customers.ipynb
                                      run a source notebook and store its outputs (authors)
"""


def _learner_copy(args: argparse.Namespace) -> int:
    for result in build_learner_copy(course_dir(), Path(args.dest)):
        state = "created" if result.created else "kept (already there; your work is not overwritten)"
        print(f"{result.assignment:24} {state}: {result.folder}")
    return 0


def _refresh(args: argparse.Namespace) -> int:
    for path in args.notebooks:
        refresh_outputs(Path(path))
        print(f"ran and saved {path}")
    return 0


def _syllabus(args: argparse.Namespace) -> int:
    from .coverage import collect

    coverage = collect(course_dir())
    print(coverage.text())
    if args.markdown:
        Path(args.markdown).parent.mkdir(parents=True, exist_ok=True)
        Path(args.markdown).write_text(coverage.markdown(), encoding="utf-8")
        print(f"wrote {args.markdown}")
    problems = coverage.problems()
    if problems:
        print("\nProblems:", *(f"  - {p}" for p in problems), sep="\n")
    return 1 if problems and args.check else 0


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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="logiserve",
        description="Courseware for Customer Service for Supply Chain Logistics (Level 3).",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"logiserve {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    copy = sub.add_parser("learner-copy", help="generate the learner version of the course into a folder")
    copy.add_argument("dest", help="folder to fill (assignments already there are kept)")
    copy.set_defaults(run=_learner_copy)
    refresh = sub.add_parser("refresh-outputs", help="run source notebooks and store their outputs (for nbval)")
    refresh.add_argument("notebooks", nargs="+", help="source notebooks to run")
    refresh.set_defaults(run=_refresh)
    syl = sub.add_parser("syllabus", help="coverage of the unit's syllabus by exercises and feedback")
    syl.add_argument("--markdown", metavar="FILE", help="also write the coverage table as Markdown")
    syl.add_argument("--check", action="store_true", help="exit with 1 when anything is not covered")
    syl.set_defaults(run=_syllabus)
    data = sub.add_parser("datasets", help="list datasets, describe one, or rebuild its CSV")
    data.add_argument("name", nargs="?", help="a dataset name")
    data.add_argument("--rebuild", action="store_true", help="regenerate the shipped CSV from its seed")
    data.set_defaults(run=_datasets)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except (CourseError, ValueError) as exc:
        print(f"logiserve: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
