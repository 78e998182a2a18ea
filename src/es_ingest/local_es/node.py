"""Starting, stopping and inspecting one local node on 127.0.0.1:<port>.

`start()` is the one entry point: Java, the distribution, the dev plugin (see
`plugins`), the data-directory check (`datadir`), then the process; it waits
for yellow health and returns the node's `NodeStatus`.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import LocalEsError
from ..version import ES_VERSION
from . import datadir, process, security
from .distribution import fetch_distribution
from .java import find_java
from .layout import DEFAULT_PORT, node_dir
from .plugins import has_modules, install_plugins, localnode_plugin

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class NodeStatus:
    running: bool
    url: str
    pid: int | None
    home: Path
    # Secured nodes only: the CA clients verify the node with, and whether
    # this call started the node (False when it was already running).
    ca_certs: Path | None = None
    started: bool = False


def _url(port: int) -> str:
    scheme = "https" if security.is_secure(node_dir(port)) else "http"
    return f"{scheme}://127.0.0.1:{port}"


def _port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _health(port: int, timeout: float = 2.0) -> dict[str, object] | None:
    try:
        with urllib.request.urlopen(
            _url(port) + "/_cluster/health?wait_for_status=yellow&timeout=1s", timeout=timeout
        ) as resp:
            data: dict[str, object] = json.loads(resp.read())
            return data
    except (urllib.error.URLError, OSError, ValueError):
        return None


def status(port: int = DEFAULT_PORT) -> NodeStatus:
    """Whether our node runs on `port`, its URL, pid and directory."""
    ndir = node_dir(port)
    pid = process.read_pid(ndir)
    running = pid is not None and process.is_our_node(pid, ndir)
    ca = security.ca_file(port) if security.is_secure(ndir) else None
    return NodeStatus(
        running=running, url=_url(port), pid=pid if running else None, home=ndir, ca_certs=ca
    )


def prepare_home(
    es_home: str | None, java: Path, plugins: list[Path], dev_plugin: bool = True
) -> Path:
    """The Elasticsearch home to run: fetched (or `es_home`/$ES_HOME), with the dev
    plugin (unless the home has the official modules, or `dev_plugin` is False)
    and `plugins` installed in a copy of it.

    Raises `LocalEsError` when it is not an installation or a build or fetch fails.
    """
    home = Path(es_home or os.environ.get("ES_HOME") or fetch_distribution())
    for part in ("bin/elasticsearch", "config"):
        if not (home / part).exists():
            raise LocalEsError(f"{home} is not an Elasticsearch installation (no {part})")
    zips = list(plugins)
    if dev_plugin and not has_modules(home):
        zips.insert(0, localnode_plugin(java))
    return install_plugins(home, zips)


def start(
    port: int = DEFAULT_PORT,
    *,
    es_home: str | None = None,
    java_home: str | None = None,
    plugins: list[Path] | None = None,
    heap: str = "1g",
    timeout: float = 180.0,
    secure: bool = False,
    password: str | None = None,
    dev_plugin: bool = True,
    reset_data: bool = False,
) -> NodeStatus:
    """Start a single local node on 127.0.0.1:`port` and wait for yellow health.

    The node gets the localnode-plugin (built once with Maven, see `plugins`)
    unless `dev_plugin=False`; `plugins` are more plugin zips. `es_home`
    (default $ES_HOME) uses an existing unpacked Elasticsearch instead of
    fetching one. If our node already runs there, returns at once.
    `secure=True` turns security and HTTP TLS on and makes `password`
    (required) the `elastic` user's password. `reset_data` deletes the node's
    data first. Raises `LocalEsError` when Java or Maven is missing, the port
    is taken by something else, the data directory was made by a node that
    this one cannot replace, or the node does not come up (with the log's
    last lines).
    """
    if secure and not password:
        raise LocalEsError("a secured node needs a password for the elastic user")
    current = status(port)
    java = find_java(java_home)
    home = prepare_home(es_home, java, list(plugins or []), dev_plugin)
    ndir = node_dir(port)
    if current.running:
        return _already_running(current, port, home, secure, password)
    if _port_in_use(port):
        raise LocalEsError(
            f"port {port} on 127.0.0.1 is already in use by another process; "
            "stop it or choose another port with --port"
        )
    if reset_data:
        datadir.reset(ndir)
    kind = datadir.kind_of(home)
    datadir.check(ndir, kind, port)
    proc = _launch(port, home, java, heap, secure, password)
    datadir.record(ndir, kind)
    return _wait_healthy(proc, port, secure, password, timeout)


def _already_running(
    current: NodeStatus, port: int, home: Path, secure: bool, password: str | None
) -> NodeStatus:
    ndir = node_dir(port)
    if security.is_secure(ndir) != secure:
        raise LocalEsError(
            f"our node on port {port} runs with security "
            f"{'on' if security.is_secure(ndir) else 'off'}; "
            f"stop it first: es-ingest local-es stop --port {port}"
        )
    if secure:
        assert password is not None
        security.wait_secure(port, password, 10.0)
        return current
    running = datadir.recorded(ndir)
    wanted = datadir.kind_of(home)
    if running is not None and running.plugins != wanted.plugins:
        raise LocalEsError(
            f"our node on port {port} runs {running.describe()}, not {wanted.describe()}; "
            f"stop it first: es-ingest local-es stop --port {port}"
        )
    if _health(port) is None:
        raise LocalEsError(
            f"our node on port {port} (pid {current.pid}) runs but does not answer; see "
            f"{ndir / 'logs' / 'console.log'} or stop it: es-ingest local-es stop --port {port}"
        )
    return current


def _launch(
    port: int, home: Path, java: Path, heap: str, secure: bool, password: str | None
) -> subprocess.Popen[bytes]:
    ndir = node_dir(port)
    conf = _prepare_dirs(ndir, home, heap)
    security_args = ["-E", "xpack.security.enabled=false"]
    if secure:
        security_args = security.make_certs(home, ndir, java)
    security.set_secure(ndir, secure)
    env = dict(os.environ)
    env.update(ES_JAVA_HOME=str(java), ES_PATH_CONF=str(conf), ES_TMPDIR=str(ndir / "tmp"))
    env.pop("JAVA_HOME", None)
    preexec = process.drop_root(ndir, home, env)
    if secure:
        assert password is not None
        security.set_bootstrap_password(home, env, password, preexec)
    proc = process.spawn(_command(home, ndir, port, security_args), env, ndir, preexec)
    (ndir / "home").write_text(str(home))
    return proc


def _prepare_dirs(ndir: Path, home: Path, heap: str) -> Path:
    for sub in ("data", "logs", "tmp"):
        (ndir / sub).mkdir(parents=True, exist_ok=True)
    conf = ndir / "config"
    if not conf.exists():
        shutil.copytree(home / "config", conf)
    (conf / "jvm.options.d").mkdir(exist_ok=True)
    (conf / "jvm.options.d" / "heap.options").write_text(f"-Xms{heap}\n-Xmx{heap}\n")
    return conf


def _command(home: Path, ndir: Path, port: int, security_args: list[str]) -> list[str]:
    settings = {
        "discovery.type": "single-node",
        "network.host": "127.0.0.1",
        "http.port": str(port),
        "transport.port": str(port + 100),
        "path.data": str(ndir / "data"),
        "path.logs": str(ndir / "logs"),
        "cluster.name": f"es-ingest-local-{port}",
        "node.name": f"local-{port}",
        # Don't let a nearly-full dev disk turn indices read-only mid-test.
        "cluster.routing.allocation.disk.threshold_enabled": "false",
    }
    args = [arg for k, v in settings.items() for arg in ("-E", f"{k}={v}")]
    # Default: plain HTTP on loopback, no auth (secure: see security.tls_settings).
    return [str(home / "bin" / "elasticsearch"), *args, *security_args]


def _wait_healthy(
    proc: subprocess.Popen[bytes], port: int, secure: bool, password: str | None, timeout: float
) -> NodeStatus:
    out_log = node_dir(port) / "logs" / "console.log"
    deadline = time.monotonic() + timeout
    refused_since: float | None = None
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise LocalEsError(
                f"Elasticsearch exited with code {proc.returncode} while starting; "
                f"last lines of {out_log}:\n{process.tail(out_log)}"
            )
        try:
            if _healthy(port, secure, password):
                log.info("Elasticsearch %s is up at %s", ES_VERSION, _url(port))
                return replace(status(port), started=True)
        except LocalEsError:
            # While the .security index recovers every login fails for a
            # moment; a password still refused after a while is wrong.
            refused_since = refused_since or time.monotonic()
            if time.monotonic() - refused_since > security.PASSWORD_GRACE:
                process.terminate(proc.pid)
                raise
        time.sleep(1.0)
    process.terminate(proc.pid)
    raise LocalEsError(
        f"Elasticsearch did not become healthy within {timeout:.0f}s; "
        f"last lines of {out_log}:\n{process.tail(out_log)}"
    )


def _healthy(port: int, secure: bool, password: str | None) -> bool:
    if secure:
        assert password is not None
        return security.secure_health(port, password) is not None
    return _health(port) is not None


def stop(port: int = DEFAULT_PORT) -> bool:
    """Stop the node this module started on `port`; True if one was stopped.

    Never touches a process it did not start (checked through the pid file
    and the process's command line).
    """
    ndir = node_dir(port)
    pid = process.read_pid(ndir)
    if pid is not None and process.is_our_node(pid, ndir):
        process.terminate(pid)
        stopped = True
    else:
        stopped = False
    with contextlib.suppress(OSError):
        (ndir / "pid").unlink()
    return stopped


def kill(port: int = DEFAULT_PORT) -> bool:
    """Kill our node at once (SIGKILL), as a crash would; for fault tests."""
    ndir = node_dir(port)
    pid = process.read_pid(ndir)
    if pid is None or not process.is_our_node(pid, ndir):
        return False
    process.kill_now(pid)
    return True
