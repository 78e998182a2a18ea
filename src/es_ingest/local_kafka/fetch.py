"""Fetch the Kafka server jars from Maven Central, once, with Maven.

A throw-away POM that depends on `org.apache.kafka:kafka_2.13:<version>` is
written to the cache, and `mvn dependency:copy-dependencies` copies the jar
and its runtime dependencies next to it. A stamp file marks a complete copy,
so an interrupted download is redone rather than half-used.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from ..cache import cache_dir
from ..errors import LocalKafkaError

KAFKA_VERSION = "4.1.1"
_POM = """<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.es-ingest</groupId>
  <artifactId>kafka-broker-libs</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.apache.kafka</groupId>
      <artifactId>kafka_2.13</artifactId>
      <version>{version}</version>
    </dependency>
  </dependencies>
</project>
"""


def libs_dir(version: str = KAFKA_VERSION) -> Path:
    return cache_dir() / "kafka-libs" / version


def fetch_libs(version: str = KAFKA_VERSION, timeout: float = 900.0) -> Path:
    """The folder of jars for Kafka `version` (downloaded on first use).

    Raises `LocalKafkaError` when Maven is missing or the download fails.
    """
    root = libs_dir(version)
    libs = root / "libs"
    stamp = root / ".complete"
    if stamp.exists():
        return libs
    mvn = shutil.which("mvn")
    if mvn is None:
        raise LocalKafkaError("Maven (mvn) is needed once to fetch the Kafka jars; install it")
    root.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(libs, ignore_errors=True)
    (root / "pom.xml").write_text(_POM.format(version=version), encoding="utf-8")
    cmd = [
        mvn,
        "-q",
        "-B",
        "-f",
        str(root / "pom.xml"),
        "dependency:copy-dependencies",
        "-DincludeScope=runtime",
        f"-DoutputDirectory={libs}",
    ]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise LocalKafkaError(f"fetching Kafka {version} took more than {timeout:.0f}s") from None
    if done.returncode != 0 or not any(libs.glob("kafka_2.13-*.jar")):
        last = (done.stdout + done.stderr).strip().splitlines()[-1:] or ["no output"]
        raise LocalKafkaError(f"cannot fetch Kafka {version} with Maven: {last[0][:300]}")
    stamp.touch()
    return libs
