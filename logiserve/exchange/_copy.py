"""Copy a learner's submission folder as their own regular files and folders, and nothing else.

The walk holds a file descriptor for every folder it is in and opens each entry relative to
it, never through a path: folders with ``O_DIRECTORY | O_NOFOLLOW``, files with ``O_NOFOLLOW |
O_NONBLOCK``, and every descriptor's ``fstat`` says what was really opened before anything is
read.  A symbolic link, a named pipe, a socket or a device is never opened as what it points to:
it is left out and reported, and so is an entry that a learner swaps for one while the collect
runs.  Where the machine has real users (:attr:`Rules.owner`), an entry that belongs to someone
else (a hard link to another person's file) is left out too.

The limits are counted while walking, before anything is read (a file's size from its
``fstat``), so the walk stops at the first entry over a limit by raising :class:`Refused`.
"""

from __future__ import annotations

import errno
import fnmatch
import os
import pwd
import stat
from dataclasses import dataclass, field

from ._names import shown
from .record import LeftOut

__all__ = [
    "Copied",
    "Limit",
    "Refused",
    "Rules",
    "copy_submission",
    "finish_folder",
    "login_name",
    "open_folder",
    "size_text",
    "write_file",
]

FOLDER_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
FILE_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC
NEW_FILE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
TIMESTAMP_FILE = "timestamp.txt"
"""nbgrader's record of when a submission was made; the collect writes its own (see :mod:`.collect`)."""
_CHUNK = 1 << 20
_TIMESTAMP_MOST = 256  # bytes of a learner's own timestamp.txt worth reading


class Refused(Exception):
    """The submission cannot be collected; the message says why, for the tutor."""


@dataclass(frozen=True)
class Limit:
    """A limit and the setting that sets it (named in the reason when a submission is over it)."""

    value: int
    setting: str


@dataclass(frozen=True)
class Rules:
    """What a submission may hold, and whose it must be."""

    total: Limit
    """Bytes in all."""
    entries: Limit
    """Entries of every kind (files, folders, links, ...), counted as the walk meets them."""
    depth: Limit
    """Folders inside folders below the submission folder."""
    file_size: Limit | None
    """Bytes in one file: a larger one is left out (nbgrader's ``CourseDirectory.max_file_size``)."""
    ignore: tuple[str, ...] = ()
    """Names never copied, not reported (nbgrader's ``CourseDirectory.ignore``)."""
    include: tuple[str, ...] = ("*",)
    """File names copied; other files are not, not reported (nbgrader's ``CourseDirectory.include``)."""
    owner: int | None = None
    """The user id every entry must belong to, where the machine has real users; ``None``: not checked."""
    owner_name: str = ""
    group_shared: bool = False
    """nbgrader's ``CourseDirectory.groupshared``: copies are writable by the group."""


@dataclass
class Copied:
    """What :func:`copy_submission` copied and left out."""

    files: int = 0
    size: int = 0
    entries: int = 0
    left_out: list[LeftOut] = field(default_factory=list)
    timestamp: str | None = None
    """The learner's own ``timestamp.txt`` (not copied), as text, if there was one to read."""


def login_name(uid: int) -> str:
    """The login name of user id ``uid``, or ``user id N`` when the machine has no such user."""
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"user id {uid}"


def _kind(name: str, folder: int, mode: int) -> str:
    """What an entry that is not a file or folder is, in words (a link with its target)."""
    if stat.S_ISLNK(mode):
        try:
            target = os.readlink(name, dir_fd=folder)
        except OSError:
            return "a symbolic link"
        return f"a symbolic link to {target!r}"
    kinds = {
        stat.S_ISFIFO: "a named pipe (FIFO)",
        stat.S_ISSOCK: "a socket",
        stat.S_ISCHR: "a character device",
        stat.S_ISBLK: "a block device",
        stat.S_ISDIR: "a folder",
        stat.S_ISREG: "a file",
    }
    return next((text for test, text in kinds.items() if test(mode)), "a special file")


def open_folder(name: str, folder: int) -> int:
    """A descriptor of the folder ``name`` in ``folder``, never through a link; :class:`Refused` if it is not one."""
    try:
        return os.open(name, FOLDER_FLAGS, dir_fd=folder)
    except OSError as problem:
        if problem.errno not in (errno.ELOOP, errno.ENOTDIR):
            raise Refused(f"it could not be opened ({problem.strerror})") from None
    try:
        mode = os.stat(name, dir_fd=folder, follow_symlinks=False).st_mode
    except OSError:
        raise Refused("it disappeared while it was being collected") from None
    raise Refused(f"it is {_kind(name, folder, mode)}, not a folder; only a folder is collected")


def size_text(size: int) -> str:
    """A size as a tutor reads it: ``512 bytes``, ``34.7 kB``, ``50.0 MB``."""
    if size < 1000:
        return f"{size} byte{'' if size == 1 else 's'}"
    return f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{size / 1e3:.1f} kB"


def _foreign(info: os.stat_result, rules: Rules, what: str) -> str:
    """Why an entry that belongs to someone other than the submission's owner is left out, or ``""``."""
    if rules.owner is None or info.st_uid == rules.owner:
        return ""
    return (
        f"{what} belongs to {login_name(info.st_uid)}, not to {rules.owner_name}; "
        "only the learner's own files are collected (a hard link to someone else's file is not)"
    )


def _changed(problem: OSError) -> str:
    if problem.errno in (errno.ELOOP, errno.ENOTDIR):
        return "it changed while it was being collected (into a link or something else); left out"
    return f"it could not be read ({problem.strerror})"


def _finish(fd: int, info: os.stat_result, rules: Rules, *, folder: bool) -> None:
    """A copy's permissions (readable by all, writable by the tutor; the group too if shared) and times."""
    mode = (0o2775 if rules.group_shared else 0o755) if folder else (0o664 if rules.group_shared else 0o644)
    os.fchmod(fd, mode)
    os.utime(fd, ns=(info.st_atime_ns, info.st_mtime_ns))


def _names(folder: int, rules: Rules, done: Copied) -> list[str]:
    """The names in ``folder``, each counted against :attr:`Rules.entries` as it is read."""
    names = []
    with os.scandir(folder) as entries:
        for entry in entries:
            done.entries += 1
            if done.entries > rules.entries.value:
                raise Refused(f"it holds more than {rules.entries.value} files and folders ({rules.entries.setting})")
            names.append(entry.name)
    return sorted(names)


def copy_submission(source: int, dest: int, rules: Rules) -> Copied:
    """Copy the folder open as ``source`` into the empty folder open as ``dest``, by ``rules``.

    Entries that are not regular files or folders, or not the owner's, are left out and listed in
    the result; a submission over a limit raises :class:`Refused` (``dest`` then holds part of it).
    A ``timestamp.txt`` at the top is read into :attr:`Copied.timestamp`, not copied.
    """
    done = Copied()
    _copy_folder(source, dest, "", 0, rules, done)
    return done


def _copy_folder(source: int, dest: int, where: str, depth: int, rules: Rules, done: Copied) -> None:
    for name in _names(source, rules, done):
        path = f"{where}{name}"
        if any(fnmatch.fnmatch(name, pattern) for pattern in rules.ignore):
            continue
        try:
            info = os.stat(name, dir_fd=source, follow_symlinks=False)
        except OSError as problem:
            done.left_out.append(LeftOut(path, _changed(problem)))
            continue
        if stat.S_ISDIR(info.st_mode):
            _copy_subfolder(source, dest, name, path, depth, rules, done)
        elif stat.S_ISREG(info.st_mode):
            if depth == 0 and name == TIMESTAMP_FILE:
                _read_timestamp(source, path, rules, done)
            elif any(fnmatch.fnmatch(name, pattern) for pattern in rules.include):
                _copy_file(source, dest, name, path, info, rules, done)
        else:
            kind = _kind(name, source, info.st_mode)
            done.left_out.append(LeftOut(path, f"{kind}; only files and folders are collected"))


def _copy_subfolder(source: int, dest: int, name: str, path: str, depth: int, rules: Rules, done: Copied) -> None:
    if depth + 1 > rules.depth.value:
        deep = f"{shown(path)}/"
        raise Refused(f"its folders are nested more than {rules.depth.value} deep ({deep}; {rules.depth.setting})")
    try:
        inner = os.open(name, FOLDER_FLAGS, dir_fd=source)
    except OSError as problem:
        done.left_out.append(LeftOut(f"{path}/", _changed(problem)))
        return
    try:
        info = os.fstat(inner)
        foreign = _foreign(info, rules, "the folder")
        if foreign:
            done.left_out.append(LeftOut(f"{path}/", foreign))
            return
        os.mkdir(name, 0o700, dir_fd=dest)
        copy = os.open(name, FOLDER_FLAGS, dir_fd=dest)
        try:
            _copy_folder(inner, copy, f"{path}/", depth + 1, rules, done)
            _finish(copy, info, rules, folder=True)
        finally:
            os.close(copy)
    finally:
        os.close(inner)


def _open_file(source: int, name: str, path: str, rules: Rules, done: Copied) -> tuple[int, os.stat_result] | None:
    """``name`` opened without following a link, and its ``fstat``, if it is one of the owner's files."""
    try:
        fd = os.open(name, FILE_FLAGS, dir_fd=source)
    except OSError as problem:
        done.left_out.append(LeftOut(path, _changed(problem)))
        return None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        kind = _kind(name, source, info.st_mode)
        reason = f"it changed while it was being collected (into {kind}); left out"
    else:
        reason = _foreign(info, rules, "the file")
    if reason:
        os.close(fd)
        done.left_out.append(LeftOut(path, reason))
        return None
    return fd, info


def _copy_file(source: int, dest: int, name: str, path: str, info: os.stat_result, rules: Rules, done: Copied) -> None:
    if rules.file_size is not None and info.st_size > rules.file_size.value:  # never opened, never read
        done.left_out.append(LeftOut(path, _too_large(info.st_size, rules.file_size)))
        return
    opened = _open_file(source, name, path, rules, done)
    if opened is None:
        return
    fd, info = opened
    try:
        if rules.file_size is not None and info.st_size > rules.file_size.value:
            done.left_out.append(LeftOut(path, _too_large(info.st_size, rules.file_size)))
            return
        if done.size + info.st_size > rules.total.value:
            raise Refused(f"it holds more than {size_text(rules.total.value)} in all ({rules.total.setting})")
        copy = os.open(name, NEW_FILE_FLAGS, 0o600, dir_fd=dest)
        try:
            done.size += _pour(fd, copy, info.st_size)
            _finish(copy, info, rules, folder=False)
        finally:
            os.close(copy)
        done.files += 1
    finally:
        os.close(fd)


def _too_large(size: int, limit: Limit) -> str:
    return f"it is {size_text(size)}, larger than {size_text(limit.value)} ({limit.setting}); left out"


def _pour(source: int, dest: int, size: int) -> int:
    """Copy at most ``size`` bytes (what ``fstat`` said: a file that grows meanwhile adds nothing)."""
    left = size
    while left > 0:
        chunk = os.read(source, min(_CHUNK, left))
        if not chunk:
            break
        view = memoryview(chunk)
        while view:
            view = view[os.write(dest, view) :]
        left -= len(chunk)
    return size - left


def _read_timestamp(source: int, path: str, rules: Rules, done: Copied) -> None:
    opened = _open_file(source, TIMESTAMP_FILE, path, rules, done)
    if opened is None:
        return
    fd, _ = opened
    try:
        done.timestamp = os.read(fd, _TIMESTAMP_MOST).decode("utf-8", errors="replace").strip()
    finally:
        os.close(fd)


def write_file(folder: int, name: str, text: str, rules: Rules) -> None:
    """Write the new file ``name`` in the folder open as ``folder`` (the collect's own ``timestamp.txt``)."""
    fd = os.open(name, NEW_FILE_FLAGS, 0o600, dir_fd=folder)
    try:
        data = memoryview(text.encode("utf-8"))
        while data:
            data = data[os.write(fd, data) :]
        os.fchmod(fd, 0o664 if rules.group_shared else 0o644)
    finally:
        os.close(fd)


def finish_folder(fd: int, info: os.stat_result, rules: Rules) -> None:
    """Give the copied submission folder open as ``fd`` its permissions and the original's times."""
    _finish(fd, info, rules, folder=True)
