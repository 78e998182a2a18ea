"""Start, watch and stop the local broker process.

The broker runs in its own session (so `stop` can signal its whole process
group), with its output in `<broker dir>/kafka.out` and its pid in
`<broker dir>/pid`. `stop` and `kill` only ever signal a pid whose command
line is `kafka.Kafka` with this broker's own `server.properties`.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from ..errors import LocalKafkaError
from .config import DEFAULT_PORT, HOST, broker_dir, prepare
from .fetch import KAFKA_VERSION, fetch_libs
from .java import find_java


@dataclass(frozen=True)
class BrokerStatus:
    running: bool
    bootstrap: str
    pid: int | None
    home: Path


def _bootstrap(port: int) -> str:
    return f"{HOST}:{port}"


def _pid(bdir: Path) -> int | None:
    try:
        return int((bdir / "pid").read_text().strip())
    except (OSError, ValueError):
        return None


def _is_ours(pid: int, bdir: Path) -> bool:
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    props = str(bdir / "server.properties").encode()
    return b"kafka.Kafka" in cmdline and props in cmdline


def _accepts(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1.0)
        return sock.connect_ex((HOST, port)) == 0


def status(port: int = DEFAULT_PORT) -> BrokerStatus:
    bdir = broker_dir(port)
    pid = _pid(bdir)
    running = pid is not None and _is_ours(pid, bdir) and _accepts(port)
    return BrokerStatus(running, _bootstrap(port), pid if running else None, bdir)


def start(
    port: int = DEFAULT_PORT,
    *,
    controller_port: int | None = None,
    java_home: str | None = None,
    heap: str = "512m",
    timeout: float = 180.0,
    version: str = KAFKA_VERSION,
) -> BrokerStatus:
    """Start the broker on 127.0.0.1:`port` (if not already ours and running) and wait for it.

    Raises `LocalKafkaError` when the port is taken by something else, Java
    or Maven is missing, or the broker does not accept connections within
    `timeout` seconds (the message quotes the end of its log).
    """
    bdir = broker_dir(port)
    current = status(port)
    if current.running:
        return current
    controller_port = controller_port or port + 1
    for p in (port, controller_port):
        if _accepts(p):
            raise LocalKafkaError(f"port {p} is already in use by another program")
    java = find_java(java_home)
    libs = fetch_libs(version)
    props = prepare(bdir, port, controller_port, java, libs)
    log_file = bdir / "kafka.out"
    env = dict(os.environ, KAFKA_HEAP_OPTS=f"-Xms{heap} -Xmx{heap}")
    cmd = [
        str(java / "bin" / "java"),
        f"-Xms{heap}",
        f"-Xmx{heap}",
        "-XX:+UseG1GC",
        "-Djava.awt.headless=true",
        "-cp",
        f"{libs}/*",
        "kafka.Kafka",
        str(props),
    ]
    with log_file.open("ab") as out:
        proc = subprocess.Popen(
            cmd, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
    (bdir / "pid").write_text(str(proc.pid))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise LocalKafkaError(
                f"the Kafka broker exited with code {proc.returncode}: {_tail(log_file)}"
            )
        if _accepts(port):
            proc.returncode = 0  # it outlives us on purpose; `stop` ends it
            return BrokerStatus(True, _bootstrap(port), proc.pid, bdir)
        time.sleep(0.5)
    _signal(proc.pid, signal.SIGKILL)
    raise LocalKafkaError(
        f"the Kafka broker did not accept connections within {timeout:.0f}s: {_tail(log_file)}"
    )


def _tail(path: Path) -> str:
    try:
        lines = path.read_text(errors="replace").splitlines()
    except OSError:
        return "no log"
    useful = [ln for ln in lines if ln.strip() and "SLF4J" not in ln]
    return (useful or ["no log"])[-1][:300]


def _signal(pid: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, sig)


def _gone(pid: int) -> bool:
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return not Path(f"/proc/{pid}").exists()


def stop(port: int = DEFAULT_PORT, grace: float = 30.0) -> bool:
    """Stop our broker on `port` (SIGTERM, SIGKILL after `grace` s); True if one ran."""
    bdir = broker_dir(port)
    pid = _pid(bdir)
    if pid is None or not _is_ours(pid, bdir):
        with contextlib.suppress(OSError):
            (bdir / "pid").unlink()
        return False
    _signal(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while not _gone(pid) and time.monotonic() < deadline:
        time.sleep(0.3)
    if not _gone(pid):
        _signal(pid, signal.SIGKILL)
    with contextlib.suppress(OSError):
        (bdir / "pid").unlink()
    return True


def kill(port: int = DEFAULT_PORT) -> bool:
    """SIGKILL our broker at once, as a crash would (for fault tests)."""
    bdir = broker_dir(port)
    pid = _pid(bdir)
    if pid is None or not _is_ours(pid, bdir):
        return False
    _signal(pid, signal.SIGKILL)
    return True
