"""The kernel template's own process: import once, then fork a fresh kernel per request.

:func:`serve` is the process :class:`~logiserve.autograder.grading.warm_kernels.Template`
starts.  It imports the modules it is given, says it is ready, then forks kernels (and reaps
them) until the grading worker goes away.  Each forked child becomes the kernel
``python -m ipykernel_launcher -f FILE`` would have been (see :func:`_run_kernel`).

This module sits outside the ``grading`` package on purpose: the template imports it, and
every kernel it forks inherits the template's ``sys.modules``, so it imports nothing of the
grader (no rich, no multiprocessing) that a kernel started from scratch would not have.
:func:`die_with` and the message framing (:func:`send`, :func:`read_message`) are shared with
the worker's side.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import select
import signal
import socket
import sys
import threading
from typing import Any

__all__ = ["die_with", "read_message", "send", "serve"]

_INLINE_BACKEND = "module://matplotlib_inline.backend_inline"  # what ipykernel sets when MPLBACKEND is unset
_MAX_MESSAGE = 1 << 20


def serve() -> None:
    """The template process: import, say ready, then fork kernels (and reap them) until the worker goes."""
    descriptor, parent, *preload = sys.argv[1:]
    die_with(int(parent))
    sock = socket.socket(fileno=int(descriptor))
    if sys.path and sys.path[0] == "":
        del sys.path[0]  # as ipykernel_launcher does: nothing in the working folder shadows what is preloaded
    os.environ.setdefault("MPLBACKEND", _INLINE_BACKEND)
    failed = []
    for name in preload:
        try:
            __import__(name)
        except Exception as exc:  # noqa: BLE001  # importing a course's module can fail any way; the kernel imports it later
            failed.append(f"{name}: {type(exc).__name__}: {exc}")
    send(sock, {"ready": True, "not_preloaded": failed, "threads": threading.active_count()})
    exited: dict[int, int] = {}
    children: set[int] = set()
    while True:
        readable, _, _ = select.select([sock], [], [], 0.5)
        _reap(children, exited)
        if not readable:
            continue
        try:
            payload, fds = read_message(sock)
        except (OSError, ValueError):
            return  # the worker has gone
        request = json.loads(payload)
        if "fork" in request:
            try:
                pid = _fork_kernel(sock, request["fork"], fds)
            except OSError as exc:
                send(sock, {"error": f"{type(exc).__name__}: {exc}"})
            else:
                children.add(pid)
                send(sock, {"pid": pid})
            finally:
                for fd in fds:
                    os.close(fd)
        elif "poll" in request:
            _reap(children, exited)
            pid = int(request["poll"])
            send(sock, {"exit": exited.get(pid) if pid not in children else None})
        elif "forget" in request:
            exited.pop(int(request["forget"]), None)
            send(sock, {})


def _reap(children: set[int], exited: dict[int, int]) -> None:
    for pid in list(children):
        with contextlib.suppress(ChildProcessError):
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                children.discard(pid)
                exited[pid] = os.waitstatus_to_exitcode(status)


def _fork_kernel(sock: socket.socket, request: dict[str, Any], fds: list[int]) -> int:
    ready_r, ready_w = os.pipe()
    pid = os.fork()
    if pid:
        os.close(ready_w)
        os.read(ready_r, 1)  # the child has its own session before anyone signals its group
        os.close(ready_r)
        return pid
    code = 1
    try:
        os.close(ready_r)
        sock.close()
        os.setsid()
        os.close(ready_w)
        code = _run_kernel(request, fds)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:  # noqa: BLE001  # the forked kernel, whatever ended it, exits below; never back into serve()
        import traceback

        traceback.print_exc()
    finally:
        with contextlib.suppress(BaseException):
            import atexit

            atexit._run_exitfuncs()
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


def _run_kernel(request: dict[str, Any], fds: list[int]) -> int:
    """In the forked child: become the kernel ``python -m ipykernel_launcher ARGV`` would have been."""
    for fd, target in zip(fds, (1, 2), strict=False):
        os.dup2(fd, target)
    for fd in fds:
        os.close(fd)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    user = request.get("user")
    if user:  # become the kernel user before reading anything: its connection file, its folder
        os.setgroups(user["groups"])
        os.setgid(user["gid"])
        os.setuid(user["uid"])
    if request.get("memory"):  # a cell that asks for more gets a MemoryError, not the machine's memory
        import resource

        limit = int(request["memory"])
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    os.environ.setdefault("MPLBACKEND", _INLINE_BACKEND)
    sys.argv = [request["launcher"], *request["argv"]]
    if "numpy" in sys.modules:
        sys.modules["numpy"].random.seed()  # a fresh interpreter seeds it from the system
    if "matplotlib" in sys.modules:
        sys.modules["matplotlib"].rcParams["backend"] = os.environ["MPLBACKEND"]
    from ipykernel.kernelapp import IPKernelApp

    app = IPKernelApp.instance()
    app.parent_handle = int(os.environ.get("JPY_PARENT_PID") or 0)  # its default was read in the template
    app.initialize(request["argv"])
    if "ipywidgets" in sys.modules:
        sys.modules["ipywidgets"]._handle_ipython()  # registers the widget comm target in this kernel
    assert app.shell is not None  # initialize() made it
    with app.shell.builtin_trap:  # what code in a cell sees (get_ipython() among the builtins)
        _as_imported_in_a_kernel()
    if "logiserve.variants" in sys.modules:
        # whose numbers: settled from the autograde folder before any learner code can change folder
        sys.modules["logiserve.variants"].find_learner()
    app.start()
    return 0


def _as_imported_in_a_kernel() -> None:
    """Redo what a preloaded library decided at import from whether it ran in a kernel (the template was not one).

    pandas sets its default ``display.max_columns`` at import: 20 in a Jupyter kernel, 0 (fit the
    terminal) elsewhere.  The same rule is applied again, now that this process is a kernel, to the
    registered default and the current value.  The grading tests compare every course notebook's
    outputs in warm and cold kernels, so a library that starts deciding something else at import
    is caught there.
    """
    pandas = sys.modules.get("pandas")
    if pandas is None:
        return
    from pandas._config import config
    from pandas.core.config_init import is_terminal

    key, columns = "display.max_columns", 0 if is_terminal() else 20  # pandas' own rule (config_init.py)
    config._registered_options[key] = config._registered_options[key]._replace(defval=columns)
    pandas.set_option(key, columns)


def die_with(parent: int) -> None:
    """Be killed when the parent dies, even by SIGKILL (Linux); exit at once if it is already gone."""
    with contextlib.suppress(Exception):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:
        os._exit(1)


def send(sock: socket.socket, message: dict[str, Any]) -> None:
    data = json.dumps(message).encode()
    sock.sendall(len(data).to_bytes(4, "big") + data)


def read_message(sock: socket.socket) -> tuple[bytes, list[int]]:
    """One length-prefixed message and any file descriptors sent with it."""
    header, fds = _receive_exactly(sock, 4, with_fds=True)
    size = int.from_bytes(header, "big")
    if size > _MAX_MESSAGE:
        raise ValueError("message too large")
    body, _ = _receive_exactly(sock, size)
    return body, fds


def _receive_exactly(sock: socket.socket, size: int, with_fds: bool = False) -> tuple[bytes, list[int]]:
    data, fds = b"", []
    while len(data) < size:
        if with_fds and not data:
            chunk, received, _, _ = socket.recv_fds(sock, size - len(data), 4)
            fds.extend(received)
        else:
            chunk = sock.recv(size - len(data))
        if not chunk:
            raise OSError("connection closed")
        data += chunk
    return data, fds
