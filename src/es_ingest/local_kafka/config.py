"""One combined KRaft broker+controller: its configuration and formatted storage.

The broker listens on 127.0.0.1:`port`, its controller on 127.0.0.1:
`controller_port` (default `port + 1`); `controller.quorum.voters` names that
single voter, so the storage is formatted without `--standalone`. Internal
topics get a replication factor of 1 (there is one broker) and the first
consumer-group rebalance is not delayed (tests and demos start consumers at
once).
"""

from __future__ import annotations

import subprocess
import uuid
from pathlib import Path

from ..cache import cache_dir
from ..errors import LocalKafkaError

DEFAULT_PORT = 9092
HOST = "127.0.0.1"


def broker_dir(port: int) -> Path:
    return cache_dir() / f"kafka-{port}"


def server_properties(port: int, controller_port: int, data: Path, partitions: int = 1) -> str:
    """The `server.properties` text for one local broker+controller."""
    values = {
        "process.roles": "broker,controller",
        "node.id": "1",
        "controller.quorum.voters": f"1@{HOST}:{controller_port}",
        "listeners": f"PLAINTEXT://{HOST}:{port},CONTROLLER://{HOST}:{controller_port}",
        "advertised.listeners": f"PLAINTEXT://{HOST}:{port}",
        "controller.listener.names": "CONTROLLER",
        "inter.broker.listener.name": "PLAINTEXT",
        "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "log.dirs": str(data),
        "num.partitions": str(partitions),
        "offsets.topic.replication.factor": "1",
        "offsets.topic.num.partitions": "4",
        "transaction.state.log.replication.factor": "1",
        "transaction.state.log.min.isr": "1",
        "share.coordinator.state.topic.replication.factor": "1",
        "group.initial.rebalance.delay.ms": "0",
    }
    return "".join(f"{k}={v}\n" for k, v in values.items())


def prepare(bdir: Path, port: int, controller_port: int, java: Path, libs: Path) -> Path:
    """Write `server.properties` and format the storage once; return the properties file.

    A storage directory formatted earlier is kept (topics and committed
    offsets survive a restart); a changed configuration is rewritten.
    Raises `LocalKafkaError` when formatting fails.
    """
    data = bdir / "data"
    props = bdir / "server.properties"
    bdir.mkdir(parents=True, exist_ok=True)
    props.write_text(server_properties(port, controller_port, data), encoding="utf-8")
    if (data / "meta.properties").exists():
        return props
    cluster_id = _cluster_id()
    cmd = [
        str(java / "bin" / "java"),
        "-cp",
        f"{libs}/*",
        "kafka.tools.StorageTool",
        "format",
        "-t",
        cluster_id,
        "-c",
        str(props),
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if done.returncode != 0 or not (data / "meta.properties").exists():
        lines = [ln for ln in (done.stdout + done.stderr).splitlines() if "SLF4J" not in ln]
        raise LocalKafkaError(f"cannot format the Kafka storage: {(lines or ['?'])[-1][:300]}")
    return props


def _cluster_id() -> str:
    # What `StorageTool random-uuid` prints: 16 random bytes, URL-safe base64,
    # no padding, and (like Kafka's own Uuid) never starting with "-", which
    # the tool's argument parser would take for an option.
    import base64

    while True:
        cid = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
        if not cid.startswith("-"):
            return cid
