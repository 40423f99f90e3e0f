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

This module is the grading worker's side; the template process runs
:mod:`logiserve.autograder._kernel_template`.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import pwd
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

from .._kernel_template import die_with, read_message

__all__ = [
    "PRELOAD",
    "KernelUser",
    "Template",
    "TemplateGone",
    "WarmKernelManager",
    "WarmProvisioner",
    "die_with",
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
    "logiserve.autograder.marking.handover",
    "logiserve.widgets",
    "logiserve.kpis",
    "logiserve.customers",
    "logiserve.journey",
    "logiserve.complaints",
    "logiserve.inventory",
    "logiserve.transport",
    "logiserve.suppliers",
    "logiserve.risk",
    "logiserve.variants",
)
"""What the template imports before it forks: what nearly every graded notebook imports."""


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
        """The user's ids as the template's fork request carries them."""
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
        except BaseException:  # noqa: BLE001  # a forked child (Ctrl-C too) must leave quietly through os._exit
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
                "from logiserve.autograder._kernel_template import serve; serve()",
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
        """Tell the template the kernel ``pid`` has been waited for (nothing if the template is gone)."""
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
        return json.loads(read_message(self.sock)[0])


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
        """Fork the kernel from the template (as the kernel user, if any); else start it the ordinary way."""
        template = getattr(self.parent, "template", None)
        user: KernelUser | None = getattr(self.parent, "kernel_user", None)
        cwd = str(kwargs.get("cwd") or os.getcwd())
        env = {str(k): str(v) for k, v in (kwargs.get("env") or os.environ).items()}
        if user is not None:
            assert self.parent is not None  # the kernel manager the user was read from
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
        # LocalProvisioner annotates a Popen; it calls only what _ForkedKernel has (poll, wait, kill, ...)
        self.process = _ForkedKernel(template, pid)  # type: ignore[assignment]
        self.pid = self.pgid = pid  # the child leads its own session and process group
        self.cwd = cwd
        return self.connection_info

    async def cleanup(self, restart: bool = False) -> None:
        """Clean up as jupyter_client does, then end the kernel user's processes and remove its folder."""
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
