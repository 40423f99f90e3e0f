"""Fresh kernels forked from a warm template: each notebook still gets a process of its own.

Every graded notebook starts a Python kernel, and every kernel spends most of its first
seconds importing the same things: ipykernel and IPython, then numpy, pandas, matplotlib,
ipywidgets and logiserve as the notebook asks for them.  On a busy machine that is about
half the CPU a notebook costs.  A :class:`Template` is one process per grading worker that
imports all that once and then, on request, forks: the child is a brand-new process (its own
memory, its own session and process group, the working folder and environment the kernel
would have had) that starts ipykernel's ``IPKernelApp`` on the connection file jupyter_client
wrote, exactly as ``python -m ipykernel_launcher -f FILE`` would.  It never ran anyone's code
before, it is never reused, and it cannot change the template (a forked child writes only its
own copy of memory).  What the notebook then imports is already in ``sys.modules``.

The template runs no learner code and starts no threads, so forking it is safe.  The child
gets what a fresh interpreter would differ in: numpy's global random state is seeded again
(Python's ``random`` does this itself after a fork), the working folder is first on
``sys.path``, matplotlib's backend is the one the kernel's environment asks for, and the
``jupyter.widget`` comm target is registered once the kernel exists (ipywidgets does that on
import only inside a running kernel).

jupyter_client drives the child through :class:`WarmProvisioner`, a ``LocalProvisioner``
whose process is the forked child: interrupts and kills go to its process group, and "is it
alive" is answered by the template, its parent, which reaps it.  A kernel spec that is not
this interpreter's ipykernel, or a template that has gone, gets the ordinary launch.
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib.util
import json
import os
import pwd
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import LocalProvisioner

__all__ = [
    "PRELOAD",
    "KernelUser",
    "Template",
    "TemplateGone",
    "WarmKernelManager",
    "WarmProvisioner",
    "end_processes_of",
    "manager_for",
]

PRELOAD: tuple[str, ...] = (
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "numpy",
    "pandas",
    "matplotlib",
    "matplotlib.pyplot",
    "yaml",
    "ipywidgets",
    "anywidget",
    "logiserve.datasets",
    "logiserve.autograder",
    "logiserve.widgets",
    "logiserve.kpis",
    "logiserve.customers",
    "logiserve.journey",
    "logiserve.complaints",
    "logiserve.inventory",
    "logiserve.variants",
)
"""What the template imports before it forks: what nearly every graded notebook imports."""

_INLINE_BACKEND = "module://matplotlib_inline.backend_inline"  # what ipykernel sets when MPLBACKEND is unset
_MAX_MESSAGE = 1 << 20


def manager_for(template: Template | None, kernel_user: KernelUser | None = None) -> type[WarmKernelManager]:
    """A kernel manager class (for nbclient's ``kernel_manager_class``) whose kernels ``template`` forks.

    With ``kernel_user``, every kernel runs as that system user in a folder of its own (see
    :class:`KernelUser`); with no template, such kernels start the ordinary way, as that user.
    """
    return type("WarmKernelManager", (WarmKernelManager,), {"template": template, "kernel_user": kernel_user})


@dataclass(frozen=True)
class KernelUser:
    """An unprivileged system user that kernels run as, when grading runs as root.

    Each kernel gets a folder of its own in the system's temporary folder, owned by this user
    and readable by nobody else: a copy of the notebook's folder (``autograded/<learner>/
    <assignment>/``, with ``answers.json``; the kernel's working folder) and an empty home.  The
    kernel cannot read the course folder, the gradebook or any other submission, and cannot
    write anywhere a later kernel reads.  When the kernel has stopped, every process left
    running as this user is killed and the folder is removed.  So one user serves one grading
    worker at a time, and it must be a user that exists only for this (no login, no files).
    """

    name: str
    uid: int
    gid: int
    groups: tuple[int, ...]

    @classmethod
    def named(cls, name: str) -> KernelUser:
        """The system user ``name``; ``ValueError`` (saying why) if there is none or it is root."""
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            raise ValueError(f"there is no system user {name!r} to run kernels as") from None
        if entry.pw_uid == 0 or entry.pw_gid == 0:
            raise ValueError(f"{name!r} has root's user or group id: kernels must run as an unprivileged user")
        return cls(name, entry.pw_uid, entry.pw_gid, tuple(sorted(set(os.getgrouplist(name, entry.pw_gid)))))

    def credentials(self) -> dict[str, Any]:
        return {"uid": self.uid, "gid": self.gid, "groups": list(self.groups)}

    def popen_arguments(self) -> dict[str, Any]:
        """What ``subprocess.Popen`` needs to start a process as this user."""
        return {"user": self.uid, "group": self.gid, "extra_groups": list(self.groups)}


class _Sandbox:
    """A kernel's own folder (see :class:`KernelUser`)."""

    def __init__(self, user: KernelUser, cwd: str):
        self.user = user
        self.root = Path(tempfile.mkdtemp(prefix=f"logiserve-kernel-{user.name}-"))
        # the same last three parts (autograded/<learner>/<assignment>), from which a notebook may tell its learner
        self.cwd = self.root.joinpath(*Path(cwd).resolve().parts[-3:])
        shutil.copytree(cwd, self.cwd, symlinks=True)
        self.home = self.root / "home"
        self.home.mkdir()
        for folder, folders, files in os.walk(self.root):
            for name in (folder, *(os.path.join(folder, n) for n in folders + files)):
                os.lchown(name, user.uid, user.gid)
        os.chmod(self.root, 0o700)

    def environment(self, env: dict[str, str]) -> dict[str, str]:
        home = str(self.home)
        return {
            **env,
            "HOME": home,
            "USER": self.user.name,
            "LOGNAME": self.user.name,
            "IPYTHONDIR": os.path.join(home, ".ipython"),
            "MPLCONFIGDIR": os.path.join(home, ".matplotlib"),
            "TMPDIR": home,
        }

    def close(self) -> None:
        end_processes_of(self.user)
        shutil.rmtree(self.root, ignore_errors=True)


def end_processes_of(user: KernelUser) -> None:
    """Kill every process running as ``user`` (what a kernel may have left behind, e.g. in a new session)."""
    pid = os.fork()
    if pid == 0:  # a child that becomes the user may signal exactly the user's processes (and not itself)
        try:
            os.setgroups([])
            os.setgid(user.gid)
            os.setuid(user.uid)
            os.kill(-1, signal.SIGKILL)
        except BaseException:
            pass
        finally:
            os._exit(0)
    os.waitpid(pid, 0)


class TemplateGone(RuntimeError):
    """The template process stopped; kernels are launched the ordinary way from now on."""


# -- the worker's side --------------------------------------------------------------------------


class Template:
    """A process that has imported :data:`PRELOAD` and forks kernels on request.

    Started without waiting; :meth:`wait_ready` waits for its imports.  It dies with the
    process that started it (and its kernels notice, as kernels notice their parent dying).
    """

    def __init__(self, preload: Sequence[str] = PRELOAD, python: str = sys.executable, memory_limit: int | None = None):
        """``memory_limit``: bytes of address space each kernel may use (``None``: no limit of its own)."""
        self.memory_limit = memory_limit
        self.python = os.path.realpath(python)
        spec = importlib.util.find_spec("ipykernel_launcher")
        self.launcher = (spec.origin if spec else None) or "ipykernel_launcher"  # the kernel's sys.argv[0]
        mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        self.process = subprocess.Popen(
            [
                python,
                "-c",
                "from logiserve.autograder._warm_kernels import _serve; _serve()",
                str(theirs.fileno()),
                str(os.getpid()),
                *preload,
            ],
            pass_fds=[theirs.fileno()],
            stdin=subprocess.DEVNULL,
        )
        theirs.close()
        self.sock = mine
        self.lock = threading.Lock()
        self.ready = False
        self.gone = False
        self.startup_seconds = 0.0
        self._started = time.perf_counter()

    def wait_ready(self, timeout: float = 120) -> None:
        """Wait until the template has imported everything; raise :class:`TemplateGone` if it died."""
        if self.ready:
            return
        self.sock.settimeout(timeout)
        try:
            reply = self._receive()
        except (OSError, ValueError) as exc:
            raise TemplateGone(f"the kernel template did not start ({exc})") from None
        finally:
            self.sock.settimeout(None)
        if reply.get("ready") is not True:
            raise TemplateGone(f"the kernel template did not start: {reply}")
        self.ready = True
        self.startup_seconds = time.perf_counter() - self._started

    def fork(self, argv: list[str], cwd: str, env: dict[str, str], user: KernelUser | None = None) -> int:
        """A new kernel process: ipykernel with ``argv`` (``-f FILE ...``) in ``cwd`` with ``env``; its pid.

        With ``user``, the process becomes that user before it reads anything (the connection file
        and ``cwd`` must be the user's)."""
        request = {"argv": argv, "cwd": cwd, "env": env, "launcher": self.launcher, "memory": self.memory_limit}
        if user is not None:
            request["user"] = user.credentials()
        reply = self._ask({"fork": request}, fds=[1, 2])
        if "pid" not in reply:
            raise TemplateGone(f"the kernel template could not fork: {reply.get('error', reply)}")
        return int(reply["pid"])

    def poll(self, pid: int) -> int | None:
        """The kernel's exit code (negative: killed by that signal), or ``None`` while it runs."""
        try:
            reply = self._ask({"poll": pid})
        except TemplateGone:
            return -signal.SIGKILL  # its parent is gone, so it is (or is about to be)
        return reply.get("exit")

    def forget(self, pid: int) -> None:
        with contextlib.suppress(TemplateGone):
            self._ask({"forget": pid})

    def close(self) -> None:
        """Stop the template (kernels it forked keep running until they are shut down)."""
        with contextlib.suppress(OSError):
            self.sock.close()
        with contextlib.suppress(OSError):
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(5)

    def _ask(self, request: dict[str, Any], fds: Sequence[int] = ()) -> dict[str, Any]:
        if not self.ready:
            self.wait_ready()
        data = json.dumps(request).encode()
        with self.lock:
            try:
                socket.send_fds(self.sock, [len(data).to_bytes(4, "big") + data], list(fds))
                return self._receive()
            except (OSError, ValueError) as exc:
                self.gone = True
                raise TemplateGone(f"the kernel template stopped ({exc})") from None

    def _receive(self) -> dict[str, Any]:
        return json.loads(_read_message(self.sock)[0])


class _ForkedKernel:
    """What ``LocalProvisioner`` needs of a ``Popen``, for a kernel the template forked."""

    stdin = stdout = stderr = None

    def __init__(self, template: Template, pid: int):
        self.template, self.pid = template, pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            self.returncode = self.template.poll(self.pid)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout or 0)
            time.sleep(0.02)
        self.template.forget(self.pid)
        assert self.returncode is not None
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class WarmProvisioner(LocalProvisioner):
    """``LocalProvisioner`` that forks this interpreter's ipykernel from the active template."""

    _sandbox: _Sandbox | None = None

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
        template = getattr(self.parent, "template", None)
        user: KernelUser | None = getattr(self.parent, "kernel_user", None)
        cwd = str(kwargs.get("cwd") or os.getcwd())
        env = {str(k): str(v) for k, v in (kwargs.get("env") or os.environ).items()}
        if user is not None:
            self._sandbox = _Sandbox(user, cwd)
            cwd, env = str(self._sandbox.cwd), self._sandbox.environment(env)
            os.chown(self.parent.connection_file, user.uid, user.gid)  # the kernel reads it as that user
            kwargs = {**kwargs, "cwd": cwd, "env": env, **user.popen_arguments()}
        argv = _ipykernel_arguments(cmd, template)
        if template is None or template.gone or argv is None:
            return await super().launch_kernel(cmd, **kwargs)
        env["JPY_PARENT_PID"] = str(os.getpid())  # as jupyter_client's launcher sets it
        try:
            pid = template.fork(argv, cwd, env, user)
        except TemplateGone as exc:
            self.log.warning("%s; starting the kernel the ordinary way", exc)
            return await super().launch_kernel(cmd, **kwargs)
        self.process = _ForkedKernel(template, pid)  # type: ignore[assignment]
        self.pid = self.pgid = pid  # the child leads its own session and process group
        self.cwd = cwd
        return self.connection_info

    async def cleanup(self, restart: bool = False) -> None:
        await super().cleanup(restart)
        sandbox, self._sandbox = self._sandbox, None
        if sandbox is not None:
            sandbox.close()


class WarmKernelManager(AsyncKernelManager):
    """jupyter_client's kernel manager, launching through :class:`WarmProvisioner` (see :func:`manager_for`)."""

    template: Template | None = None
    kernel_user: KernelUser | None = None

    async def _async_pre_start_kernel(self, **kw: Any) -> Any:
        if self.provisioner is None:
            self.kernel_id = self.kernel_id or kw.pop("kernel_id", None) or str(uuid.uuid4())
            self.provisioner = WarmProvisioner(kernel_id=self.kernel_id, kernel_spec=self.kernel_spec, parent=self)
        return await super()._async_pre_start_kernel(**kw)


def _ipykernel_arguments(cmd: list[str], template: Template | None) -> list[str] | None:
    """The arguments after ``-m ipykernel_launcher`` if ``cmd`` runs it with the template's Python."""
    if template is None or len(cmd) < 3 or cmd[1:3] != ["-m", "ipykernel_launcher"]:
        return None
    with contextlib.suppress(OSError):
        if os.path.realpath(cmd[0]) == template.python:
            return cmd[3:]
    return None


# -- the template's side ------------------------------------------------------------------------


def _serve() -> None:
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
        except Exception as exc:  # a module that cannot be preloaded is simply imported by the kernel
            failed.append(f"{name}: {type(exc).__name__}: {exc}")
    _send(sock, {"ready": True, "not_preloaded": failed, "threads": threading.active_count()})
    exited: dict[int, int] = {}
    children: set[int] = set()
    while True:
        readable, _, _ = select.select([sock], [], [], 0.5)
        _reap(children, exited)
        if not readable:
            continue
        try:
            payload, fds = _read_message(sock)
        except (OSError, ValueError):
            return  # the worker has gone
        request = json.loads(payload)
        if "fork" in request:
            try:
                pid = _fork_kernel(sock, request["fork"], fds)
            except OSError as exc:
                _send(sock, {"error": f"{type(exc).__name__}: {exc}"})
            else:
                children.add(pid)
                _send(sock, {"pid": pid})
            finally:
                for fd in fds:
                    os.close(fd)
        elif "poll" in request:
            _reap(children, exited)
            pid = int(request["poll"])
            _send(sock, {"exit": exited.get(pid) if pid not in children else None})
        elif "forget" in request:
            exited.pop(int(request["forget"]), None)
            _send(sock, {})


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
    except BaseException:
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


def _send(sock: socket.socket, message: dict[str, Any]) -> None:
    data = json.dumps(message).encode()
    sock.sendall(len(data).to_bytes(4, "big") + data)


def _read_message(sock: socket.socket) -> tuple[bytes, list[int]]:
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
