"""A real Elasticsearch node for development and CI, without Docker.

`start()` fetches the server zip from Maven Central (`distribution`), builds
once and installs the `localnode-plugin` shipped inside this package
(`plugins`: the bare zip lacks the analysis, ingest and mustache modules our
mappings use), checks that the data directory was made by a compatible node
(`datadir`), and starts one node bound to 127.0.0.1 with a Java 21+ runtime
(`java`, `node`). Data, logs and the pid file live under the cache directory
(`$ES_INGEST_CACHE`, else `$XDG_CACHE_HOME/es-ingest`, else
`~/.cache/es-ingest`), never in the repository. `security` turns security
and HTTP TLS on (`start(secure=True, password=...)`).

Modules, one concern each:

    layout        where a node's files live (node_dir, DEFAULT_PORT)
    java          finding a Java 21+ home
    distribution  fetching and unpacking the server zip with Maven
    plugins       building the localnode-plugin (cached by source hash), installing zips
    datadir       which node made a data directory, and whether this one can open it
    process       spawning the node (as `nobody` when root), stopping it
    security      CA, certificates, keystore password, authenticated health
    node          start / stop / kill / status

Every failure raises `LocalEsError` with a one-line message.
"""

from __future__ import annotations

from .distribution import fetch_distribution
from .java import find_java
from .layout import DEFAULT_PORT, node_dir
from .node import NodeStatus, kill, start, status, stop
from .plugins import install_plugins, localnode_plugin
from .security import ca_file

__all__ = [
    "DEFAULT_PORT",
    "NodeStatus",
    "ca_file",
    "fetch_distribution",
    "find_java",
    "install_plugins",
    "kill",
    "localnode_plugin",
    "node_dir",
    "start",
    "status",
    "stop",
]
