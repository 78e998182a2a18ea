"""Find a Java runtime recent enough for the Kafka broker (21+)."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from ..errors import LocalKafkaError

MIN_JAVA = 21
KNOWN_HOMES = (
    "/usr/lib/jvm/temurin-25-jdk-amd64",
    "/usr/lib/jvm/temurin-21-jdk-amd64",
    "/usr/lib/jvm/java-21-openjdk-amd64",
)
_VERSION = re.compile(r'version "(\d+)')


def java_version(home: Path) -> int | None:
    """The major version of `home/bin/java` (from `java -version`), or None."""
    try:
        done = subprocess.run(
            [str(home / "bin" / "java"), "-version"], capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    found = _VERSION.search(done.stderr)
    return int(found.group(1)) if found else None


def find_java(java_home: str | None = None) -> Path:
    """A Java home of version 21 or later.

    Looks at `java_home`, then $KAFKA_JAVA_HOME, $JAVA_HOME and the usual JDK
    paths. Raises `LocalKafkaError` naming what it tried when none fits.
    """
    tried = []
    for cand in (java_home, os.environ.get("KAFKA_JAVA_HOME"), os.environ.get("JAVA_HOME")):
        if cand:
            tried.append(cand)
    tried += [h for h in KNOWN_HOMES if h not in tried]
    seen = []
    for cand in tried:
        version = java_version(Path(cand))
        if version is not None and version >= MIN_JAVA:
            return Path(cand)
        seen.append(f"{cand} ({'no java' if version is None else f'Java {version}'})")
    raise LocalKafkaError(
        f"the Kafka broker needs Java {MIN_JAVA}+; set KAFKA_JAVA_HOME. Tried: " + ", ".join(seen)
    )
