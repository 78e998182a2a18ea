"""`--person` filters find a person under any of its spellings (search side)."""

from __future__ import annotations

from es_ingest.search import build_request, template_params


def test_every_spelling_filters_on_the_canonical_value() -> None:
    for spelling in ("Vladimir Poutine", "Wladimir Putin", "Владимир Путин", "Vladimir Putin"):
        params = template_params(persons=spelling)
        assert "Vladimir Putin" in params["persons"]
        assert params["persons"][0] == spelling  # the name as given stays first


def test_the_filter_reaches_the_request() -> None:
    body = build_request(template_params(persons=["Erdoğan"]))
    assert '"Erdogan"' in str(body).replace("'", '"')


def test_two_people_with_one_surname_stay_two_filters() -> None:
    assert "Ivanka Trump" not in template_params(persons="Donald Trump")["persons"]
