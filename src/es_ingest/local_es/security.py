"""A secured local node: security on, TLS on HTTP and transport, the `elastic` password.

`start(secure=True, password=...)` uses this module. The certificates are
signed by a CA that `bin/elasticsearch-certutil` creates once under
`<node dir>/config/certs` (as Elastic's Docker Compose example does), and the
`elastic` password is set with `elasticsearch-keystore add -x
bootstrap.password`, run as the node's own user in its ES_PATH_CONF. The
password goes through stdin only: never on a command line, in a file of ours
or in a log. Clients verify the node with `ca_file(port)`.
"""

from __future__ import annotations

import base64
import contextlib
import json
import logging
import os
import shutil
import ssl
import subprocess
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable
from pathlib import Path

from ..errors import LocalEsError
from .layout import DEFAULT_PORT, last_error_line, node_dir

log = logging.getLogger(__name__)

CERTS = "certs"
NODE_CERT = "node"
#: Seconds a starting node may refuse the right password (its .security index recovers).
PASSWORD_GRACE = 20.0
_SECURE_MARK = "secure"


def is_secure(ndir: Path) -> bool:
    """True when the node of `ndir` was started with security on."""
    return (ndir / _SECURE_MARK).exists()


def set_secure(ndir: Path, secure: bool) -> None:
    mark = ndir / _SECURE_MARK
    if secure:
        mark.write_text("security and HTTP TLS on; CA in config/certs/ca/ca.crt\n")
    else:
        with contextlib.suppress(OSError):
            mark.unlink()


def ca_file(port: int = DEFAULT_PORT) -> Path:
    """The CA certificate of the secured node on `port` (for `ES_CA_CERTS`)."""
    return node_dir(port) / "config" / CERTS / "ca" / "ca.crt"


def make_certs(home: Path, ndir: Path, java: Path) -> list[str]:
    """Create (once) the CA and the node certificate; return the `-E` security settings.

    Raises `LocalEsError` when elasticsearch-certutil fails.
    """
    certs = ndir / "config" / CERTS
    if not (certs / NODE_CERT / f"{NODE_CERT}.key").exists():
        _create_certs(home, ndir, java, certs)
    return tls_settings()


def _create_certs(home: Path, ndir: Path, java: Path, certs: Path) -> None:
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
                + last_error_line(proc.stdout + proc.stderr or "no output")
            )
        with zipfile.ZipFile(certs / archive) as zf:
            zf.extractall(certs)
        (certs / archive).unlink()
    for key in certs.glob("*/*.key"):
        key.chmod(0o600)
    log.info("created a CA and a node certificate in %s", certs)


def tls_settings() -> list[str]:
    """The `-E` arguments for security on with TLS on HTTP and transport."""
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


def set_bootstrap_password(
    home: Path, env: dict[str, str], password: str, preexec: Callable[[], object] | None
) -> None:
    """`elasticsearch-keystore add -x -f bootstrap.password`, as the node's user.

    Raises `LocalEsError` (without the password) when the tool fails.
    """
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
            raise LocalEsError(f"elasticsearch-keystore {cmd[1]} failed: {last_error_line(detail)}")


def secure_health(
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
        if exc.code == 401:
            raise LocalEsError(_refused(port, running)) from None
        return None
    except (urllib.error.URLError, OSError, ValueError):
        return None


def _refused(port: int, running: bool) -> str:
    if running:
        return (
            f"the secured node already running on port {port} refuses the elastic "
            "password given: give the one it was started with in ES_PASSWORD, or stop "
            f"it (es-ingest local-es stop --port {port}) and start it with the new one"
        )
    return (
        f"the secured node on port {port} refuses the elastic password given: "
        "its security index keeps another one (give that one in ES_PASSWORD, or start "
        f"afresh: es-ingest local-es start --secure --port {port} --reset-data)"
    )


def wait_secure(port: int, password: str, timeout: float) -> None:
    """Wait until the running secured node answers; raises `LocalEsError` if it does not."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if secure_health(port, password, running=True) is not None:
            return
        time.sleep(1.0)
    raise LocalEsError(f"the secured node on port {port} does not answer")
