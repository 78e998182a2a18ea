"""Finding a Java home that can run Elasticsearch (Java 21+)."""

from __future__ import annotations

import contextlib
import os
import subprocess
from pathlib import Path

from ..errors import LocalEsError
from ..version import ES_VERSION

JAVA_CANDIDATES = (
    "/usr/lib/jvm/temurin-25-jdk-amd64",
    "/usr/lib/jvm/temurin-21-jdk-amd64",
    "/usr/lib/jvm/java-21-openjdk-amd64",
)
MIN_JAVA = 21


def find_java(java_home: str | None = None) -> Path:
    """A Java home with Java >= 21: `java_home`, $ES_JAVA_HOME, $JAVA_HOME, known paths.

    Raises `LocalEsError` when none is found (naming every candidate tried).
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
    """The major version of the `java` binary, or None when it cannot tell."""
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
