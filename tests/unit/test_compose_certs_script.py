"""Run the `certs` service's shell script outside Docker, with stubbed tools.

`elasticsearch-certutil` and `curl` are replaced by small stubs; the script's own logic
(password checks, certificate layout, permissions, how the passwords reach curl) runs
for real under bash, as Compose would give it to the container (`$$` becomes `$`).
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    not (shutil.which("bash") and shutil.which("unzip")), reason="needs bash and unzip"
)

CERTUTIL = """\
#!{python}
import re, sys, zipfile
args = sys.argv[1:]
out = args[args.index("--out") + 1]
with zipfile.ZipFile(out, "w") as z:
    if args[0] == "ca":
        z.writestr("ca/ca.crt", "ca cert")
        z.writestr("ca/ca.key", "ca key")
    else:
        text = open(args[args.index("--in") + 1]).read()
        for name in re.findall(r"name: (\\S+)", text):
            z.writestr(f"{{name}}/{{name}}.crt", "cert")
            z.writestr(f"{{name}}/{{name}}.key", "key")
"""

CURL = """\
#!/bin/bash
cat >> "$CURL_LOG.stdin"
printf '%s\\n' "$*" >> "$CURL_LOG.args"
printf 200
"""


def _script(workdir: Path) -> str:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    command = compose["services"]["certs"]["command"]
    assert command[:2] == ["bash", "-c"]
    script = command[2].replace("$$", "$")
    # Paths outside the working directory, redirected into the sandbox.
    return script.replace("/tmp/", f"{workdir}/tmp-")


#: Kibana's encryption keys, as .env gives them (each at least 32 characters).
GOOD_KEYS = {
    "XPACK_ENCRYPTEDSAVEDOBJECTS_ENCRYPTIONKEY": "a" * 32,
    "XPACK_SECURITY_ENCRYPTIONKEY": "b" * 64,
    "XPACK_REPORTING_ENCRYPTIONKEY": "c" * 40,
}


def _run(
    tmp_path: Path, elastic: str, kibana: str, keys: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    (tmp_path / "bin").mkdir(exist_ok=True)
    (tmp_path / "stubs").mkdir(exist_ok=True)
    (tmp_path / "config" / "certs").mkdir(parents=True, exist_ok=True)
    tools = {
        tmp_path / "bin" / "elasticsearch-certutil": CERTUTIL.format(python=sys.executable),
        tmp_path / "stubs" / "curl": CURL,
        # Not root here: ownership changes are the container's business.
        tmp_path / "stubs" / "chown": "#!/bin/sh\nexit 0\n",
    }
    for path, text in tools.items():
        path.write_text(text, encoding="utf-8")
        path.chmod(path.stat().st_mode | stat.S_IXUSR)
    env = {
        "PATH": f"{tmp_path / 'stubs'}{os.pathsep}{os.environ['PATH']}",
        "ELASTIC_PASSWORD": elastic,
        "KIBANA_PASSWORD": kibana,
        "CURL_LOG": str(tmp_path / "curl"),
        **(GOOD_KEYS if keys is None else keys),
    }
    return subprocess.run(
        ["bash", "-c", _script(tmp_path)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("elastic", "message"),
    [
        ("", "at least 8 characters"),
        ("changeme-not-a-real-password-elastic", "placeholder"),
        ("short", "at least 8 characters"),
        ('quote"inside', "quotes or backslashes"),
        ("back\\slash1", "quotes or backslashes"),
    ],
)
def test_refuses_bad_passwords(tmp_path: Path, elastic: str, message: str) -> None:
    result = _run(tmp_path, elastic, "a-good-kibana-password")
    assert result.returncode == 1
    assert message in result.stderr
    assert not (tmp_path / "config" / "certs" / "ca").exists()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_creates_certificates_and_sets_kibana_password(tmp_path: Path) -> None:
    elastic, kibana = "elastic-secret-1234", "kibana-secret-5678"
    result = _run(tmp_path, elastic, kibana)
    assert result.returncode == 0, result.stderr
    certs = tmp_path / "config" / "certs"
    for name in ("ca", "es01", "es02", "es03", "kibana"):
        assert (certs / name / f"{name}.crt").is_file(), name
        assert (certs / name / f"{name}.key").is_file(), name
    assert not list(certs.glob("*.zip")), "zips hold private keys: removed after unzip"
    assert (tmp_path / "tmp-certs-ready").exists()

    assert mode(certs / "ca" / "ca.crt") == 0o644
    assert mode(certs / "ca" / "ca.key") == 0o640
    assert mode(certs / "es01") == 0o750
    assert mode(certs / "kibana" / "kibana.key") == 0o640

    args = (tmp_path / "curl.args").read_text()
    assert "https://es01:9200/_security/user/kibana_system/_password" in args
    # Secrets never on curl's command line: the elastic password goes in on stdin,
    # the kibana_system password in a file that is deleted afterwards.
    assert elastic not in args and kibana not in args
    assert f'user = "elastic:{elastic}"' in (tmp_path / "curl.stdin").read_text()
    assert not (tmp_path / "tmp-kibana-password.json").exists()

    # A second run keeps the existing CA.
    (certs / "ca" / "ca.crt").chmod(0o600)
    (certs / "ca" / "ca.crt").write_text("kept")
    assert _run(tmp_path, elastic, kibana).returncode == 0
    assert (certs / "ca" / "ca.crt").read_text() == "kept"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("XPACK_SECURITY_ENCRYPTIONKEY", "x" * 31, "at least 32 characters"),
        ("XPACK_REPORTING_ENCRYPTIONKEY", "", "at least 32 characters"),
        (
            "XPACK_ENCRYPTEDSAVEDOBJECTS_ENCRYPTIONKEY",
            "changeme-not-a-real-key-encrypted-saved-objects",
            "placeholder",
        ),
    ],
)
def test_refuses_bad_kibana_keys(tmp_path: Path, name: str, value: str, message: str) -> None:
    result = _run(tmp_path, "elastic-secret-1234", "kibana-secret-5678", {**GOOD_KEYS, name: value})
    assert result.returncode == 1
    assert f"{name}" in result.stderr and message in result.stderr
    assert value not in result.stderr or not value  # the key itself is never echoed
    assert not (tmp_path / "config" / "certs" / "ca").exists()
