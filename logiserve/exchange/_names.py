"""An inbound folder's name: the learner it names and the time it claims, checked.

nbgrader's submit names a submission ``<learner>+<assignment>+<time>+<random>`` (the random part
is optional), and the time is written as ``Exchange.timestamp_format`` writes it:
``2026-11-20 10:00:00.123456 UTC``.  Learners choose these names, so each part is checked before
it is used: the learner must be a plain folder name (it becomes ``submitted/<learner>``), and the
time must be a whole date and time (not a word the date parser happens to accept) that is not in
the future.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass

import dateutil.parser
import dateutil.tz

__all__ = ["UTC_FORMAT", "Named", "read_name", "read_time", "shown", "utc_text"]

UTC_FORMAT = "%Y-%m-%d %H:%M:%S.%f UTC"
"""How a collected submission's ``timestamp.txt`` is written (what nbgrader's submit writes in UTC)."""
# two fillings for what a text leaves out: a text that gives date, hour and minute reads the same with both
_DEFAULTS = (datetime.datetime(2001, 2, 3, 4, 5), datetime.datetime(2010, 11, 12, 13, 14))


@dataclass(frozen=True)
class Named:
    """What an inbound folder's name says, or why it cannot be used."""

    folder: str
    learner: str | None
    """The learner it names (``None`` when it names nobody that can be collected)."""
    when: datetime.datetime | None = None
    """The time it claims, in UTC without a time zone (as nbgrader compares times)."""
    problem: str = ""
    """Why it cannot be collected, when it cannot."""

    @property
    def submitted(self) -> str | None:
        """The claimed time as ``timestamp.txt`` is written, when there is one."""
        return utc_text(self.when) if self.when is not None else None


def utc_text(when: datetime.datetime) -> str:
    """``when`` (UTC, without a time zone) as a collected ``timestamp.txt`` holds it.

    >>> utc_text(datetime.datetime(2026, 11, 20, 10, 0))
    '2026-11-20 10:00:00.000000 UTC'
    """
    return when.strftime(UTC_FORMAT)


def read_time(text: str) -> datetime.datetime:
    """The time nbgrader's submit wrote as ``text``, in UTC without a time zone; ``ValueError`` if it is not one.

    A time is a date, a time of day and a time zone, as ``Exchange.timestamp_format`` writes
    them; a part left out is refused (dateutil would fill it in from today).

    >>> read_time("2026-11-20 10:00:00.123456 UTC")
    datetime.datetime(2026, 11, 20, 10, 0, 0, 123456)
    >>> read_time("2026-11-20 11:00:00.000000 +0100")
    datetime.datetime(2026, 11, 20, 10, 0)
    >>> read_time("yesterday")
    Traceback (most recent call last):
    ...
    ValueError: 'yesterday' is not a date, a time and a time zone
    """
    parts = text.split(" ")
    if len(parts) != 3:
        raise ValueError(f"{text!r} is not a date, a time and a time zone")
    zone: datetime.tzinfo | None
    try:
        zone = dateutil.tz.tzoffset(None, _offset_seconds(parts[2]))
    except ValueError:
        zone = dateutil.tz.gettz(parts[2])  # an unknown name leaves the time as it is, as nbgrader reads it
    try:
        readings = {dateutil.parser.parse(" ".join(parts[:2]), default=default) for default in _DEFAULTS}
    except (ValueError, OverflowError) as problem:
        raise ValueError(f"{text!r} is not a date and time ({problem})") from None
    if len(readings) != 1:
        raise ValueError(f"{text!r} is not a whole date and time")
    (when,) = readings
    if zone is not None:
        when = when.replace(tzinfo=zone)
        offset = when.utcoffset()
        when = (when - offset if offset is not None else when).replace(tzinfo=None)
    return when


def _offset_seconds(zone: str) -> int:
    """``+0100`` as 3600 seconds; ``ValueError`` for anything else."""
    if len(zone) != 5 or zone[0] not in "+-" or not zone[1:].isdigit():
        raise ValueError(zone)
    seconds = int(zone[1:3]) * 3600 + int(zone[3:]) * 60
    return seconds if zone[0] == "+" else -seconds


def shown(text: str) -> str:
    """``text`` as it is when every character of it can be shown, else quoted with escapes (never a line break).

    >>> shown("ada"), shown("ada\\nrefused")
    ('ada', "'ada\\\\nrefused'")
    """
    return text if text.isprintable() else repr(text)


def _learner_problem(learner: str) -> str:
    if not learner:
        return "its name names no learner"
    if not learner.isprintable():
        return f"{shown(learner)} is not a learner's id (it holds characters that cannot be shown)"
    if learner.startswith(".") or os.sep in learner or (os.altsep and os.altsep in learner):
        return f"{learner!r} is not a learner's id"
    return ""


def read_name(
    folder: str, assignment: str, *, now: datetime.datetime, ahead: datetime.timedelta, allowance: str
) -> Named:
    """What the inbound folder name ``folder`` says about a submission of ``assignment``.

    ``now`` is this machine's time (UTC, no zone); a time more than ``ahead`` after it is
    refused, and ``allowance`` says which setting allows how much.

    >>> now, ahead = datetime.datetime(2026, 11, 20, 12, 0), datetime.timedelta(minutes=5)
    >>> read_name("ada+01_customers+2026-11-20 10:00:00.000000 UTC+x1Yz", "01_customers",
    ...           now=now, ahead=ahead, allowance="300 s allowed").when
    datetime.datetime(2026, 11, 20, 10, 0)
    >>> read_name("a+b+01_customers+2026-11-20 10:00:00.000000 UTC", "01_customers",
    ...           now=now, ahead=ahead, allowance="300 s allowed").learner
    'a+b'
    >>> late = read_name("ada+01_customers+2026-11-21 10:00:00.000000 UTC+x", "01_customers",
    ...                  now=now, ahead=ahead, allowance="5 min allowed")
    >>> late.problem.startswith("its time 2026-11-21 10:00:00.000000 UTC is in the future")
    True
    """
    parts = folder.rsplit("+", 3)
    if not (len(parts) == 4 and parts[1] == assignment):
        parts = folder.rsplit("+", 2)
    if len(parts) < 3 or parts[1] != assignment:
        return Named(folder, None, problem=f"its name is not <learner>+{assignment}+<time>+<random>")
    learner, stamp = parts[0], parts[2]
    problem = _learner_problem(learner)
    if problem:
        return Named(folder, None, problem=problem)
    try:
        when = read_time(stamp)
    except ValueError as bad:
        return Named(folder, learner, problem=f"its time cannot be read: {bad}")
    if when > now + ahead:
        return Named(
            folder,
            learner,
            when,
            problem=f"its time {utc_text(when)} is in the future (this machine's clock says "
            f"{now:%Y-%m-%d %H:%M:%S} UTC; {allowance})",
        )
    return Named(folder, learner, when)
