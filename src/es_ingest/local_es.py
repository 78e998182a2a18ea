"""A real Elasticsearch node for development and CI, without Docker.

`start()` fetches the server zip from Maven Central
(`org.elasticsearch.distribution.integ-test-zip:elasticsearch:<ES_VERSION>`)
with `mvn dependency:copy`, caches and unpacks it, optionally installs plugin
zips (see `localnode-plugin/`), and starts one node bound to 127.0.0.1 with
a Java 21+ runtime. Data, logs and the pid file live under the cache
directory (`$ES_INGEST_CACHE`, else `$XDG_CACHE_HOME/es-ingest`, else
`~/.cache/es-ingest`), never in the repository.

Elasticsearch refuses to run as root; when we are root the node runs as the
unprivileged user `nobody` and its directories are handed to that user.

With `secure=True` the node runs with security on, as a production
cluster does: TLS on HTTP (certificates from a CA generated once with
`bin/elasticsearch-certutil` under the node's directory) and the `elastic`
password set through the keystore's `bootstrap.password`. See "Secured node"
below.

Every failure raises `LocalEsError` with a one-line message.
"""

from __future__ import annotations

import atexit
import base64
import contextlib
import hashlib
import json
import logging
import os
import pwd
import shutil
import signal
import socket
import ssl
import subprocess
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .cache import cache_dir
from .errors import LocalEsError
from .version import ES_VERSION

log = logging.getLogger(__name__)

ARTIFACT = "org.elasticsearch.distribution.integ-test-zip:elasticsearch:{version}:zip"
JAVA_CANDIDATES = (
    "/usr/lib/jvm/temurin-25-jdk-amd64",
    "/usr/lib/jvm/temurin-21-jdk-amd64",
    "/usr/lib/jvm/java-21-openjdk-amd64",
)
MIN_JAVA = 21
DEFAULT_PORT = 9200
# Nodes started by this process (Popen objects must outlive the call to start).
_CHILDREN: dict[int, subprocess.Popen[bytes]] = {}


@atexit.register
def _detach_children() -> None:
    # A started node outlives this process on purpose (`local-es stop` ends
    # it); tell Popen so, instead of a "still running" warning at exit.
    for proc in _CHILDREN.values():
        if proc.poll() is None:
            proc.returncode = 0


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


def node_dir(port: int) -> Path:
    return cache_dir() / f"node-{port}"


# --- Java -----------------------------------------------------------------


def find_java(java_home: str | None = None) -> Path:
    """A Java home with Java >= 21: `java_home`, $ES_JAVA_HOME, $JAVA_HOME, known paths.

    Raises `LocalEsError` when none is found.
    """
    tried: list[str] = []
    candidates = [java_home, os.environ.get("ES_JAVA_HOME"), os.environ.get("JAVA_HOME")]
    candidates += list(JAVA_CANDIDATES)
    for cand in candidates:
        if not cand:
            continue
        java = Path(cand) / "bin" / "java"
        if not java.exists():
            tried.append(f"{cand} (no bin/java)")
            continue
        major = java_major(java)
        if major is not None and major >= MIN_JAVA:
            return Path(cand)
        tried.append(f"{cand} (Java {major})")
    raise LocalEsError(
        f"Elasticsearch {ES_VERSION} needs Java {MIN_JAVA}+; set ES_JAVA_HOME. Tried: "
        + (", ".join(tried) or "nothing (no JAVA_HOME, no known JDK)")
    )


def java_major(java: Path) -> int | None:
    try:
        out = subprocess.run(
            [str(java), "-XshowSettings:properties", "-version"],
            capture_output=True,
            text=True,
            timeout=30,
        ).stderr
    except (OSError, subprocess.TimeoutExpired):
        return None
    for line in out.splitlines():
        line = line.strip()
        if line.startswith("java.specification.version"):
            value = line.split("=", 1)[1].strip()
            with contextlib.suppress(ValueError):
                return int(value.split(".")[0])
    return None


# --- Distribution -----------------------------------------------------------


def fetch_distribution(version: str = ES_VERSION) -> Path:
    """Download (once) and unpack the server zip; return its home directory.

    Raises `LocalEsError` when Maven is missing or the artifact cannot be had.
    """
    base = cache_dir()
    home = base / f"elasticsearch-{version}"
    if (home / "bin" / "elasticsearch").exists():
        return home
    dist = base / "dist"
    dist.mkdir(exist_ok=True)
    archive = dist / f"elasticsearch-{version}.zip"
    if not archive.exists():
        mvn = shutil.which("mvn")
        if mvn is None:
            raise LocalEsError(
                "Maven (mvn) is not on PATH: it is needed to fetch Elasticsearch "
                "from Maven Central; install it or set ES_HOME to an unpacked Elasticsearch"
            )
        artifact = ARTIFACT.format(version=version)
        log.info("fetching %s with Maven", artifact)
        proc = subprocess.run(
            [
                mvn,
                "-q",
                "-B",
                "dependency:copy",
                f"-Dartifact={artifact}",
                f"-DoutputDirectory={dist}",
            ],
            capture_output=True,
            text=True,
        )
        if proc.returncode != 0 or not archive.exists():
            detail = _last_error_line(proc.stdout + proc.stderr)
            raise LocalEsError(f"cannot fetch {artifact} from Maven Central: {detail}")
    tmp = base / f".unpack-{version}-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(tmp)
    unpacked = tmp / f"elasticsearch-{version}"
    for script in (unpacked / "bin").iterdir():
        script.chmod(0o755)
    # Only the bundled-JDK-less zip's own files: make them readable by `nobody`.
    _make_world_readable(unpacked)
    unpacked.rename(home)
    shutil.rmtree(tmp, ignore_errors=True)
    return home


def _last_error_line(text: str) -> str:
    lines = [ln.strip() for ln in text.splitlines() if "ERROR" in ln or "error" in ln.lower()]
    return (lines[0] if lines else text.strip().splitlines()[-1:] or ["unknown error"])[0][:300]


def _make_world_readable(root: Path) -> None:
    for dirpath, _dirnames, filenames in os.walk(root):
        os.chmod(dirpath, 0o755)
        for name in filenames:
            p = Path(dirpath) / name
            mode = p.stat().st_mode
            p.chmod(mode | 0o444 | (0o111 if mode & 0o100 else 0))


def install_plugins(home: Path, plugin_zips: list[Path]) -> Path:
    """A copy of `home` with `plugin_zips` unpacked under plugins/; returns its path.

    The copy is keyed by the zips' content so a rebuilt plugin gets a fresh
    install; the pristine distribution is never modified.
    """
    if not plugin_zips:
        return home
    digest = hashlib.sha256()
    for z in sorted(plugin_zips):
        if not z.is_file():
            raise LocalEsError(f"plugin zip not found: {z}")
        digest.update(z.read_bytes())
    target = home.parent / f"{home.name}-plugins-{digest.hexdigest()[:12]}"
    if (target / "bin" / "elasticsearch").exists():
        return target
    tmp = home.parent / f".{target.name}.{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.copytree(home, tmp, symlinks=True)
    for z in plugin_zips:
        name = z.stem.split("-" + ES_VERSION)[0]
        dest = tmp / "plugins" / name
        dest.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(z) as zf:
            zf.extractall(dest)
    _make_world_readable(tmp)
    tmp.rename(target)
    return target


# --- Node lifecycle ---------------------------------------------------------


def _url(port: int) -> str:
    scheme = "https" if _is_secure(node_dir(port)) else "http"
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


def _read_text(path: Path) -> str:
    try:
        return path.read_text().strip()
    except OSError:
        return ""


def _read_pid(ndir: Path) -> int | None:
    try:
        return int((ndir / "pid").read_text().strip())
    except (OSError, ValueError):
        return None


def _pid_is_our_node(pid: int, ndir: Path) -> bool:
    """True when `pid` is alive and is the node we started in `ndir`."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return False
    return str(ndir) in cmdline


def _tail(path: Path, lines: int = 15) -> str:
    try:
        content = path.read_text(errors="replace").splitlines()
    except OSError:
        return "(no log)"
    return "\n".join(content[-lines:])


def status(port: int = DEFAULT_PORT) -> NodeStatus:
    ndir = node_dir(port)
    pid = _read_pid(ndir)
    running = pid is not None and _pid_is_our_node(pid, ndir)
    ca = ca_file(port) if _is_secure(ndir) else None
    return NodeStatus(
        running=running, url=_url(port), pid=pid if running else None, home=ndir, ca_certs=ca
    )


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
) -> NodeStatus:
    """Start a single local node on 127.0.0.1:`port` and wait for yellow health.

    `es_home` (default $ES_HOME) uses an existing unpacked Elasticsearch instead
    of fetching one. `plugins` are plugin zips to install in a copy of it.
    Returns the node's status; if our node already runs there, returns at once.
    `secure=True` turns security and HTTP TLS on and makes `password` (required)
    the `elastic` user's password (see `_prepare_secure`).
    Raises `LocalEsError` when Java or Maven is missing, the port is taken by
    something else, or the node does not come up (with the log's last lines).
    """
    if secure and not password:
        raise LocalEsError("a secured node needs a password for the elastic user")
    current = status(port)
    java = find_java(java_home)
    home = Path(es_home or os.environ.get("ES_HOME") or fetch_distribution())
    if not (home / "bin" / "elasticsearch").exists():
        raise LocalEsError(f"{home} is not an Elasticsearch installation (no bin/elasticsearch)")
    home = install_plugins(home, list(plugins or []))
    ndir = node_dir(port)
    if current.running and _is_secure(ndir) != secure:
        raise LocalEsError(
            f"our node on port {port} runs with security {'on' if _is_secure(ndir) else 'off'}; "
            f"stop it first: es-ingest local-es stop --port {port}"
        )
    if current.running and secure:
        assert password is not None
        _wait_secure(port, password, 10.0)
        return current
    if current.running and _health(port) is not None:
        running_home = _read_text(ndir / "home")
        if running_home and running_home != str(home):
            raise LocalEsError(
                f"our node on port {port} runs {running_home}, not {home} (other plugins?); "
                f"stop it first: es-ingest local-es stop --port {port}"
            )
        return current
    if _port_in_use(port):
        raise LocalEsError(
            f"port {port} on 127.0.0.1 is already in use by another process; "
            "stop it or choose another port with --port"
        )
    for sub in ("data", "logs", "tmp"):
        (ndir / sub).mkdir(parents=True, exist_ok=True)
    conf = ndir / "config"
    if not conf.exists():
        shutil.copytree(home / "config", conf)
    (conf / "jvm.options.d").mkdir(exist_ok=True)
    (conf / "jvm.options.d" / "heap.options").write_text(f"-Xms{heap}\n-Xmx{heap}\n")
    security_args = ["-E", "xpack.security.enabled=false"]
    if secure:
        security_args = _make_certs(home, ndir, java)
    _set_secure(ndir, secure)

    env = dict(os.environ)
    env.update(ES_JAVA_HOME=str(java), ES_PATH_CONF=str(conf), ES_TMPDIR=str(ndir / "tmp"))
    env.pop("JAVA_HOME", None)
    cmd = [
        str(home / "bin" / "elasticsearch"),
        "-E",
        "discovery.type=single-node",
        "-E",
        "network.host=127.0.0.1",
        "-E",
        f"http.port={port}",
        "-E",
        f"transport.port={port + 100}",
        "-E",
        f"path.data={ndir / 'data'}",
        "-E",
        f"path.logs={ndir / 'logs'}",
        "-E",
        f"cluster.name=es-ingest-local-{port}",
        "-E",
        f"node.name=local-{port}",
        # Default local development node: plain HTTP on loopback, no auth
        # (`secure=True`: security and HTTP TLS on, see `_make_certs`).
        *security_args,
        # Don't let a nearly-full dev disk turn indices read-only mid-test.
        "-E",
        "cluster.routing.allocation.disk.threshold_enabled=false",
    ]
    preexec = None
    if os.geteuid() == 0:
        # Elasticsearch refuses root; hand our directories to `nobody`.
        nobody = pwd.getpwnam("nobody")
        for dirpath, _dirs, files in os.walk(ndir):
            os.chown(dirpath, nobody.pw_uid, nobody.pw_gid)
            for f in files:
                os.chown(os.path.join(dirpath, f), nobody.pw_uid, nobody.pw_gid)
        _ensure_traversable(ndir)
        _ensure_traversable(home)

        def preexec() -> None:  # runs in the child before exec
            os.setgroups([])
            os.setgid(nobody.pw_gid)
            os.setuid(nobody.pw_uid)

        env["HOME"] = str(ndir)
    if secure:
        assert password is not None
        _set_bootstrap_password(home, env, password, preexec)
    out_log = ndir / "logs" / "console.log"
    with open(out_log, "ab") as out:
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
    (ndir / "home").write_text(str(home))
    deadline = time.monotonic() + timeout
    refused_since: float | None = None
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise LocalEsError(
                f"Elasticsearch exited with code {proc.returncode} while starting; "
                f"last lines of {out_log}:\n{_tail(out_log)}"
            )
        if secure:
            assert password is not None
            try:
                if _secure_health(port, password) is not None:
                    log.info("Elasticsearch %s is up at %s (secured)", ES_VERSION, _url(port))
                    return _started(status(port))
            except LocalEsError:
                # While the .security index recovers every login fails for a
                # moment; a password still refused after a while is wrong.
                refused_since = refused_since or time.monotonic()
                if time.monotonic() - refused_since > _PASSWORD_GRACE:
                    _terminate(proc.pid)
                    raise
        elif _health(port) is not None:
            log.info("Elasticsearch %s is up at %s", ES_VERSION, _url(port))
            return status(port)
        time.sleep(1.0)
    _terminate(proc.pid)
    raise LocalEsError(
        f"Elasticsearch did not become healthy within {timeout:.0f}s; "
        f"last lines of {out_log}:\n{_tail(out_log)}"
    )


def _ensure_traversable(path: Path) -> None:
    # `nobody` must be able to reach the directory through its parents.
    for parent in [path, *path.parents]:
        try:
            mode = parent.stat().st_mode
            if not mode & 0o001:
                parent.chmod(mode | 0o001)
        except OSError:
            break


def _terminate(pid: int, grace: float = 30.0) -> None:
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


def stop(port: int = DEFAULT_PORT) -> bool:
    """Stop the node this module started on `port`; True if one was stopped.

    Never touches a process it did not start (checked through the pid file
    and the process's command line).
    """
    ndir = node_dir(port)
    pid = _read_pid(ndir)
    if pid is None or not _pid_is_our_node(pid, ndir):
        with contextlib.suppress(OSError):
            (ndir / "pid").unlink()
        return False
    _terminate(pid)
    with contextlib.suppress(OSError):
        (ndir / "pid").unlink()
    return True


def kill(port: int = DEFAULT_PORT) -> bool:
    """Kill our node at once (SIGKILL), as a crash would; for fault tests."""
    ndir = node_dir(port)
    pid = _read_pid(ndir)
    if pid is None or not _pid_is_our_node(pid, ndir):
        return False
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)
    return True


# --- Secured node -------------------------------------------------------------
#
# `start(secure=True, password=...)`: security on, TLS on HTTP and transport
# with certificates signed by a CA that `bin/elasticsearch-certutil` creates
# once under `<node dir>/config/certs` (as Elastic's Docker Compose example
# does), and the `elastic` password set with `elasticsearch-keystore add -x
# bootstrap.password`, run as the node's own user in its ES_PATH_CONF. The
# password goes through stdin only: never on a command line, in a file of
# ours or in a log. Clients verify the node with `ca_file(port)`.

CERTS = "certs"
_PASSWORD_GRACE = 20.0  # seconds a starting node may refuse the right password
NODE_CERT = "node"
_SECURE_MARK = "secure"


def _is_secure(ndir: Path) -> bool:
    return (ndir / _SECURE_MARK).exists()


def _set_secure(ndir: Path, secure: bool) -> None:
    mark = ndir / _SECURE_MARK
    if secure:
        mark.write_text("security and HTTP TLS on; CA in config/certs/ca/ca.crt\n")
    else:
        with contextlib.suppress(OSError):
            mark.unlink()


def ca_file(port: int = DEFAULT_PORT) -> Path:
    """The CA certificate of the secured node on `port` (for `ES_CA_CERTS`)."""
    return node_dir(port) / "config" / CERTS / "ca" / "ca.crt"


def _started(st: NodeStatus) -> NodeStatus:
    return NodeStatus(
        running=st.running,
        url=st.url,
        pid=st.pid,
        home=st.home,
        ca_certs=st.ca_certs,
        started=True,
    )


def _make_certs(home: Path, ndir: Path, java: Path) -> list[str]:
    """Create (once) the CA and the node certificate; return the `-E` security settings."""
    certs = ndir / "config" / CERTS
    node_key = certs / NODE_CERT / f"{NODE_CERT}.key"
    if not node_key.exists():
        shutil.rmtree(certs, ignore_errors=True)
        certs.mkdir(parents=True)
        env = dict(os.environ, ES_JAVA_HOME=str(java), ES_PATH_CONF=str(ndir / "config"))
        env.pop("JAVA_HOME", None)
        certutil = str(home / "bin" / "elasticsearch-certutil")
        (certs / "instances.yml").write_text(
            f"instances:\n  - name: {NODE_CERT}\n    dns: [localhost]\n    ip: [127.0.0.1]\n"
        )
        steps = [
            [certutil, "ca", "--silent", "--pem", "--out", str(certs / "ca.zip")],
            [
                certutil, "cert", "--silent", "--pem",
                "--in", str(certs / "instances.yml"),
                "--ca-cert", str(certs / "ca" / "ca.crt"),
                "--ca-key", str(certs / "ca" / "ca.key"),
                "--out", str(certs / "certs.zip"),
            ],
        ]  # fmt: skip
        for cmd, archive in zip(steps, ("ca.zip", "certs.zip"), strict=True):
            proc = subprocess.run(
                cmd, capture_output=True, text=True, env=env, cwd=str(ndir), timeout=300
            )
            if proc.returncode != 0 or not (certs / archive).exists():
                raise LocalEsError(
                    "elasticsearch-certutil failed: "
                    + _last_error_line(proc.stdout + proc.stderr or "no output")
                )
            with zipfile.ZipFile(certs / archive) as zf:
                zf.extractall(certs)
            (certs / archive).unlink()
        for key in certs.glob("*/*.key"):
            key.chmod(0o600)
        log.info("created a CA and a node certificate in %s", certs)
    rel = f"{CERTS}/{NODE_CERT}/{NODE_CERT}"
    settings = {
        "xpack.security.enabled": "true",
        "xpack.security.http.ssl.enabled": "true",
        "xpack.security.http.ssl.key": f"{rel}.key",
        "xpack.security.http.ssl.certificate": f"{rel}.crt",
        "xpack.security.http.ssl.certificate_authorities": f"{CERTS}/ca/ca.crt",
        "xpack.security.transport.ssl.enabled": "true",
        "xpack.security.transport.ssl.key": f"{rel}.key",
        "xpack.security.transport.ssl.certificate": f"{rel}.crt",
        "xpack.security.transport.ssl.certificate_authorities": f"{CERTS}/ca/ca.crt",
        "xpack.security.transport.ssl.verification_mode": "certificate",
    }
    return [arg for k, v in settings.items() for arg in ("-E", f"{k}={v}")]


def _set_bootstrap_password(
    home: Path, env: dict[str, str], password: str, preexec: Callable[[], object] | None
) -> None:
    """`elasticsearch-keystore add -x -f bootstrap.password`, as the node's user."""
    tool = str(home / "bin" / "elasticsearch-keystore")
    keystore = Path(env["ES_PATH_CONF"]) / "elasticsearch.keystore"
    steps: list[tuple[list[str], str | None]] = []
    if not keystore.exists():
        steps.append(([tool, "create"], None))
    steps.append(([tool, "add", "-x", "-f", "bootstrap.password"], password))
    for cmd, stdin in steps:
        proc = subprocess.run(
            cmd,
            input=stdin,
            capture_output=True,
            text=True,
            env=env,
            cwd=env["ES_PATH_CONF"],
            timeout=300,
            preexec_fn=preexec,  # noqa: PLW1509 - run as the node's user
        )
        if proc.returncode != 0:
            detail = (proc.stdout + proc.stderr).replace(password, "***")
            raise LocalEsError(
                f"elasticsearch-keystore {cmd[1]} failed: {_last_error_line(detail)}"
            )


def _secure_health(
    port: int, password: str, timeout: float = 2.0, *, running: bool = False
) -> dict[str, object] | None:
    """Cluster health over HTTPS as `elastic`; None while the node does not answer.

    Raises `LocalEsError` when the node answers but refuses the password
    (`running`: the node was already running before this call).
    """
    ctx = ssl.create_default_context(cafile=str(ca_file(port)))
    token = base64.b64encode(f"elastic:{password}".encode()).decode()
    req = urllib.request.Request(
        f"https://127.0.0.1:{port}/_cluster/health?wait_for_status=yellow&timeout=1s",
        headers={"Authorization": f"Basic {token}"},
    )
    try:
        with urllib.request.urlopen(req, timeout=timeout, context=ctx) as resp:
            data: dict[str, object] = json.loads(resp.read())
            return data
    except urllib.error.HTTPError as exc:
        if exc.code == 401 and running:
            raise LocalEsError(
                f"the secured node already running on port {port} refuses the elastic "
                "password given: give the one it was started with in ES_PASSWORD, or stop "
                f"it (es-ingest local-es stop --port {port}) and start it with the new one"
            ) from None
        if exc.code == 401:
            raise LocalEsError(
                f"the secured node on port {port} refuses the elastic password given: "
                "its security index keeps another one (give that one in ES_PASSWORD, or "
                f"stop the node and delete {node_dir(port) / 'data'} to start afresh)"
            ) from None
        return None
    except (urllib.error.URLError, OSError, ValueError):
        return None


def _wait_secure(port: int, password: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if _secure_health(port, password, running=True) is not None:
            return
        time.sleep(1.0)
    raise LocalEsError(f"the secured node on port {port} does not answer")
