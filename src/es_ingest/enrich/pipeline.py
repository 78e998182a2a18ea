"""The enrichment steps, in the order they run (the registry).

A step is a function of one `ArticleState` (or, for a batch step, of the list
of states of a batch), registered here as a `Step`. To add one: write a module
``enrich/<step>.py`` with a ``run(state)`` function (its rules as named
functions beside it), and insert ``Step("<step>", <module>.run)`` where its
inputs are ready: after "ner"/"rule_ner" to read `state.ner`, after "places"
to read `state.matches`, before "countries" to add candidates it should weigh.
``languages=`` limits a step to articles in those main languages; ``when=``
takes any other condition of the state.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from es_ingest.enrich import (
    countries,
    language,
    name_recogniser,
    ner,
    organisations,
    persons,
    places,
    relabel,
    rule_ner,
    title,
)
from es_ingest.enrich.state import ArticleState


@dataclass(frozen=True)
class Step:
    """One enrichment step: `run(state)`, or `batch(states)` for a whole batch."""

    name: str
    run: Callable[[ArticleState], None] | None = None
    batch: Callable[[list[ArticleState]], None] | None = None
    #: Main languages (ISO 639-1) the step is for; None: all.
    languages: frozenset[str] | None = None
    #: Any other condition on the state; None: always.
    when: Callable[[ArticleState], bool] | None = None

    def applies(self, state: ArticleState) -> bool:
        """True when this step is to run on `state`."""
        if self.languages is not None and state.language not in self.languages:
            return False
        return self.when is None or self.when(state)


PIPELINE: tuple[Step, ...] = (
    Step("language", language.run),
    Step("ner", batch=ner.run_batch),
    Step("places", places.run),
    Step("rule_ner", rule_ner.run, when=rule_ner.applies),
    Step("names_multilingual", name_recogniser.run, when=name_recogniser.applies),
    Step("persons_in_orgs", relabel.persons_in_orgs),
    Step("countries", countries.run),
    Step("title", title.run),
    Step("persons_in_places", relabel.persons_in_places),
    Step("persons", persons.run),
    Step("organisations", organisations.run),
)
