"""The node's process: spawning it (as `nobody` when we are root), finding it, ending it.

Elasticsearch refuses to run as root; when we are root the node runs as the
unprivileged user `nobody` and its directories are handed to that user. Only
processes this module started are ever signalled: a pid file names them and
their command line must mention their node directory.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pwd
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

# Nodes started by this process (Popen objects must outlive the call to start).
_CHILDREN: dict[int, subprocess.Popen[bytes]] = {}


@atexit.register
def _detach_children() -> None:
    # A started node outlives this process on purpose (`local-es stop` ends
    # it); tell Popen so, instead of a "still running" warning at exit.
    for proc in _CHILDREN.values():
        if proc.poll() is None:
            proc.returncode = 0


def read_pid(ndir: Path) -> int | None:
    try:
        return int((ndir / "pid").read_text().strip())
    except (OSError, ValueError):
        return None


def is_our_node(pid: int, ndir: Path) -> bool:
    """True when `pid` is alive and is the node we started in `ndir`."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return False
    return str(ndir) in cmdline


def drop_root(ndir: Path, home: Path, env: dict[str, str]) -> Callable[[], None] | None:
    """When root: hand `ndir` to `nobody` and return the pre-exec hook that becomes it."""
    if os.geteuid() != 0:
        return None
    nobody = pwd.getpwnam("nobody")
    for dirpath, _dirs, files in os.walk(ndir):
        os.chown(dirpath, nobody.pw_uid, nobody.pw_gid)
        for f in files:
            os.chown(os.path.join(dirpath, f), nobody.pw_uid, nobody.pw_gid)
    _ensure_traversable(ndir)
    _ensure_traversable(home)
    env["HOME"] = str(ndir)

    def preexec() -> None:  # runs in the child before exec
        os.setgroups([])
        os.setgid(nobody.pw_gid)
        os.setuid(nobody.pw_uid)

    return preexec


def _ensure_traversable(path: Path) -> None:
    # `nobody` must be able to reach the directory through its parents.
    for parent in [path, *path.parents]:
        try:
            mode = parent.stat().st_mode
            if not mode & 0o001:
                parent.chmod(mode | 0o001)
        except OSError:
            break


def spawn(
    cmd: list[str], env: dict[str, str], ndir: Path, preexec: Callable[[], None] | None
) -> subprocess.Popen[bytes]:
    """Start `cmd` in its own session, output to logs/console.log; writes the pid file."""
    with open(ndir / "logs" / "console.log", "ab") as out:
        proc = subprocess.Popen(
            cmd,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
            cwd=str(ndir),
            start_new_session=True,
            preexec_fn=preexec,  # noqa: PLW1509 - needed to drop root before exec
        )
    _CHILDREN[proc.pid] = proc  # kept: a dropped Popen of a live node warns
    (ndir / "pid").write_text(str(proc.pid))
    return proc


def terminate(pid: int, grace: float = 30.0) -> None:
    """SIGTERM the node's process group, SIGKILL after `grace` seconds."""
    try:
        _signal_and_wait(pid, grace)
    finally:
        proc = _CHILDREN.pop(pid, None)
        if proc is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(5)  # sets its returncode (0 if already reaped)


def _signal_and_wait(pid: int, grace: float) -> None:
    try:
        os.killpg(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    except PermissionError:
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        # Reap it if it is our child.
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
        time.sleep(0.3)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


def kill_now(pid: int) -> None:
    """SIGKILL the node's process group at once, as a crash would."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


def tail(path: Path, lines: int = 15) -> str:
    try:
        content = path.read_text(errors="replace").splitlines()
    except OSError:
        return "(no log)"
    return "\n".join(content[-lines:])
