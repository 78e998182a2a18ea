"""The consumer's view of the person registry: re-read on a clock, kept on failure."""

from __future__ import annotations

from typing import Any

from elasticsearch import Elasticsearch
from elasticsearch import exceptions as es_exc

from es_ingest.stream.registry import RegistryView


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _view(loads: list[Any], clock: Clock) -> RegistryView:
    calls = iter(loads)

    def load(_client: Elasticsearch, alias: str) -> dict[str, str]:
        assert alias == "news"
        item = next(calls)
        if isinstance(item, Exception):
            raise item
        return dict(item)

    return RegistryView(
        Elasticsearch("http://127.0.0.1:9"), "news", refresh=60, clock=clock, load=load
    )


def test_the_registry_is_read_at_first_use_and_again_after_refresh_seconds() -> None:
    clock = Clock()
    view = _view([{"Kristian Volmar": "Christian Wolmar"}, {"A B": "C D"}], clock)
    assert view.mapping() == {"Kristian Volmar": "Christian Wolmar"}
    clock.now += 59
    assert view.mapping() == {"Kristian Volmar": "Christian Wolmar"}  # not re-read yet
    clock.now += 1
    assert view.mapping() == {"A B": "C D"}


def test_a_failed_read_keeps_the_last_copy(caplog) -> None:  # noqa: ANN001
    clock = Clock()
    down = es_exc.ConnectionError("refused")
    view = _view([{"Kristian Volmar": "Christian Wolmar"}, down, {}], clock)
    assert view.mapping() == {"Kristian Volmar": "Christian Wolmar"}
    clock.now += 60
    assert view.mapping() == {"Kristian Volmar": "Christian Wolmar"}
    assert "person registry of news not re-read" in caplog.text
    clock.now += 60
    assert view.mapping() == {}  # the registry was emptied meanwhile: honoured
