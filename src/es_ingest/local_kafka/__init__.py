"""A real Kafka broker for development and CI, without Docker.

`start(port)` fetches (once) `org.apache.kafka:kafka_2.13` and its runtime
dependencies from Maven Central (`fetch.py`), writes a KRaft configuration
for one combined broker+controller bound to 127.0.0.1 and formats its
storage (`config.py`), then runs `kafka.Kafka` with a Java 21+ runtime and
waits until the broker accepts connections (`process.py`). Everything lives
under the cache directory (`$ES_INGEST_CACHE`, else `~/.cache/es-ingest`):
`kafka-libs/<version>/` for the jars, `kafka-<port>/` for one broker's
configuration, data, log and pid file. The controller listens on
`port + 1` unless told otherwise.

Every failure raises `LocalKafkaError` with a one-line message.
"""

from .config import DEFAULT_PORT, broker_dir
from .fetch import KAFKA_VERSION, fetch_libs
from .java import find_java
from .process import BrokerStatus, kill, start, status, stop

__all__ = [
    "DEFAULT_PORT",
    "KAFKA_VERSION",
    "BrokerStatus",
    "broker_dir",
    "fetch_libs",
    "find_java",
    "kill",
    "start",
    "status",
    "stop",
]
