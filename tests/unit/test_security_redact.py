"""Redaction of secrets (es_ingest.redact), without a node."""

from __future__ import annotations

import base64
import io
import logging
import os
import subprocess
import sys

from es_ingest import redact
from es_ingest.config import Settings


def test_registered_password_and_api_key_forms_are_masked() -> None:
    redact.register("Pw-unit-4f9a2c", None, "", "abc")
    key_id, key = "VuaCfGcBCdbkQm-e5aOx", "ui2lp2axTNmsyakw9tvNnw"
    encoded = base64.b64encode(f"{key_id}:{key}".encode()).decode()
    redact.register(encoded)
    text = f"pw=Pw-unit-4f9a2c enc={encoded} dec={key_id}:{key} bare={key} id={key_id}"
    out = redact.redact(text)
    for secret in ("Pw-unit-4f9a2c", encoded, key):
        assert secret not in out
    assert f"id={key_id}" in out  # the key id is not a secret
    assert "abc" in redact.redact("abc")  # too short to be registered


def test_secret_json_fields_and_url_passwords_are_masked() -> None:
    body = '{"id":"x1","name":"n","api_key":"S3cr3tKeyValue","encoded":"QUJDOkRFRg=="}'
    out = redact.redact(body)
    assert "S3cr3tKeyValue" not in out and "QUJDOkRFRg==" not in out and '"id":"x1"' in out
    assert redact.redact('{"password" : "hunter2hunter2"}') == '{"password" : "***"}'
    url = "https://elastic:Url-Pass-77@es.example:9200/x"
    assert redact.safe_url(url) == "https://elastic:***@es.example:9200/x"
    assert "Url-Pass-77" not in redact.redact(f"cannot reach {url}")
    assert redact.safe_url("https://es.example:9200") == "https://es.example:9200"
    assert redact.url_password(url) == "Url-Pass-77"


def test_logging_filter_masks_messages_args_and_tracebacks() -> None:
    redact.register("Log-Secret-8d2e")
    stream = io.StringIO()
    logger = logging.getLogger("test_security_redact")
    logger.propagate = False
    handler = logging.StreamHandler(stream)
    logger.addHandler(handler)
    redact.install(logger)
    try:
        logger.warning("auth %s failed", "Log-Secret-8d2e")
        logger.warning('< {"api_key": "fresh-key-value"}')
        try:
            raise RuntimeError("boom Log-Secret-8d2e")
        except RuntimeError:
            logger.exception("failed")
    finally:
        logger.removeHandler(handler)
    out = stream.getvalue()
    assert "Log-Secret-8d2e" not in out and "fresh-key-value" not in out
    assert "auth *** failed" in out and "RuntimeError: boom ***" in out


def test_settings_repr_hides_secrets() -> None:
    s = Settings(api_key="Repr-Key-3c1b")
    assert "Repr-Key-3c1b" not in repr(s)
    s = Settings(username="elastic", password="Repr-Pw-5e7f")
    assert "Repr-Pw-5e7f" not in repr(s) and "Repr-Pw-5e7f" not in str(s.redacted())


def test_cli_error_for_unreachable_url_with_password_hides_it(tmp_path) -> None:  # noqa: ANN001
    secret = "Cli-Url-Pw-91ab"
    env = {k: v for k, v in os.environ.items() if not k.startswith("ES_")}
    env["ES_URL"] = f"http://elastic:{secret}@127.0.0.1:9"  # nothing listens on port 9
    code = "from es_ingest.cli import main; main(prog_name='es-ingest')"
    # The input is not the working directory, where rejects.jsonl would go:
    # that is refused (exit 2) before Elasticsearch is tried.
    (tmp_path / "in").mkdir()
    for args in (["-vv", "setup"], ["-vv", "ingest", "--workers", "1", str(tmp_path / "in")]):
        proc = subprocess.run(
            [sys.executable, "-c", code, *args],
            capture_output=True, text=True, env=env, timeout=120, cwd=tmp_path,
        )  # fmt: skip
        assert proc.returncode == 3, proc.stderr
        assert "elastic:***@127.0.0.1:9" in proc.stderr
        assert secret not in proc.stdout + proc.stderr


def test_uncaught_exception_traceback_is_redacted() -> None:
    code = (
        "import logging; from es_ingest import redact; logging.basicConfig();"
        "redact.register('Tb-Secret-6a1f'); redact.install();"
        "raise RuntimeError('token Tb-Secret-6a1f rejected')"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 1
    assert "RuntimeError: token *** rejected" in proc.stderr
    assert "Tb-Secret-6a1f" not in proc.stderr


def test_url_password_with_reserved_characters_is_masked_whole() -> None:
    # Typed unencoded, "/", "?", "#" end the authority for urlsplit: the password
    # then looked like a host and a path, and was printed in clear (issue 10).
    for password in ("pa/Slash-Pw-2c", "Slash-Pw-2c?x", "a#Slash-Pw-2c", "p@Slash-Pw-2c"):
        url = f"http://elastic:{password}@127.0.0.1:9200/prefix"
        assert redact.url_password(url) == password
        assert redact.safe_url(url) == "http://elastic:***@127.0.0.1:9200/prefix"
        assert redact.redact(f"cannot reach {url} now") == (
            "cannot reach http://elastic:***@127.0.0.1:9200/prefix now"
        )
    assert redact.url_password("http://127.0.0.1:9200/a") is None
    assert redact.safe_url("http://127.0.0.1:9200/a") == "http://127.0.0.1:9200/a"
    assert redact.url_password("http://u:Bracket-Pw-1@[::1") == "Bracket-Pw-1"
