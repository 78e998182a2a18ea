"""Helpers of the security tests (fixtures are in conftest.py)."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
from typing import Any

from es_ingest import schema
from es_ingest.errors import SetupError

_NEUTRAL = ("ES_URL", "ES_API_KEY", "ES_USERNAME", "ES_PASSWORD", "ES_CA_CERTS",
            "ES_VERIFY_CERTS", "ES_ALIAS")  # fmt: skip


def cli_env(node: Any, *, basic: bool = False, api_key: str | None = None) -> dict[str, str]:
    """The environment of an `es-ingest` subprocess talking to `node`."""
    env = {k: v for k, v in os.environ.items() if k not in _NEUTRAL}
    env.update(ES_URL=node.url, ES_CA_CERTS=node.ca, ES_RETRY_SECONDS="3")
    if basic:
        env.update(ES_USERNAME="elastic", ES_PASSWORD=node.password)
    if api_key:
        env["ES_API_KEY"] = api_key
    return env


# The console script, as users run it (`python -m es_ingest.cli` runs cli.py twice).
ES_INGEST = [sys.executable, "-c", "from es_ingest.cli import main; main(prog_name='es-ingest')"]


def cli(args: list[str], env: dict[str, str], **kw: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*ES_INGEST, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        **kw,
    )


_KEY_LINE = re.compile(r"^(\w+) key: id (\S+), name (\S+)$")


def parse_keys(stdout: str) -> dict[str, dict[str, str]]:
    """`{purpose: {id, name, privileges, encoded}}` from `keys create` output."""
    keys: dict[str, dict[str, str]] = {}
    current: dict[str, str] | None = None
    for line in stdout.splitlines():
        m = _KEY_LINE.match(line)
        if m:
            current = keys.setdefault(m.group(1), {"id": m.group(2), "name": m.group(3)})
        elif current is not None and line.strip().startswith("privileges: "):
            current["privileges"] = line.strip()
        elif current is not None and line.strip().startswith("ES_API_KEY="):
            current["encoded"] = line.strip().split("=", 1)[1]
    return keys


def secure_install(admin: Any, alias: str) -> bool:
    """`schema.install`; True when it worked.

    On a dev node whose plugin lacks ingest processors or mustache, the index
    template (without its default pipeline) and the index are installed
    (returns False), so that the key tests still run against the real strict
    mapping.
    """
    try:
        schema.install(admin, alias)
        return True
    except SetupError as exc:
        if not re.search(r"processor|script|lang|mustache", str(exc), re.I):
            raise
    template = schema.template_with_hash(schema.load_json("index-template.json"), alias)
    # The dev pipeline may exist but not work (no mustache): index without it.
    template["template"]["settings"]["index"].pop("default_pipeline", None)
    admin.indices.put_index_template(name=alias, **template)
    if schema.current_index(admin, alias) is None:
        admin.indices.create(index=f"{alias}-v1", aliases={alias: {"is_write_index": True}})
    return False


class CuttableProxy:
    """A TCP relay to 127.0.0.1:`port` that `cut()` closes for good.

    TLS goes through untouched (the node's certificate names 127.0.0.1), so a
    client sees the real node until the cut, then connection refused.
    """

    def __init__(self, port: int) -> None:
        import socket
        import threading

        self._target = port
        self._cut = False
        self._socks: list[socket.socket] = []
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        import socket
        import threading

        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if self._cut:
                client.close()
                return
            upstream = socket.create_connection(("127.0.0.1", self._target))
            with self._lock:
                self._socks += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(src: Any, dst: Any) -> None:
        try:
            while chunk := src.recv(65536):
                dst.sendall(chunk)
        except OSError:
            pass

    def cut(self) -> None:
        import socket

        self._cut = True
        with self._lock:
            # shutdown() first: a close() alone leaves a blocked accept() listening.
            for s in [self._listener, *self._socks]:
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()
