"""The one place that pins the Elasticsearch version.

`docker-compose.yml`, `local_es` and the tests all read this value (the compose
file through `.env.example`/its default, checked by `tests/unit/test_compose.py`).
"""

ES_VERSION = "9.2.4"
__version__ = "0.1.0"
