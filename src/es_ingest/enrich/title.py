"""Step "title": the countries and alliances that the title adds to the text's.

The title has no offsets (no entities); a name in it counts unless the text
shows it is part of a longer name or a common word (`title_facets`). An
all-caps title tells nothing and is skipped.
"""

from __future__ import annotations

import re

from es_ingest.enrich.alliances import SEATS
from es_ingest.enrich.countries import Resolution, resolve
from es_ingest.enrich.names import COMPANY_NAME_RE, is_all_caps
from es_ingest.enrich.state import ArticleState, add_unique
from es_ingest.gazetteer import ALLIANCE, COUNTRY, DEMONYM, PLACE
from es_ingest.text import fold


def run(state: ArticleState) -> None:
    """Add the title's countries and alliances to the article's facets."""
    title, lang, gazetteer = state.title, state.lang, state.gazetteer
    if not title.strip() or is_all_caps(title):
        return
    tres = resolve(title, gazetteer.scan(title, lang), [], lang, gazetteer)
    longer = {
        " " + " ".join(fold(w) for w in _WORD_RE.findall(m.text)) + " "
        for m in state.matches
        if " " in m.text.strip() and m.entry.kind in (COUNTRY, PLACE)
    }
    countries, alliances = title_facets(title, state.text, tres, longer)
    article = state.article
    article.countries = sorted(set(article.countries) | set(countries))
    for a in alliances:
        if a not in article.alliances:
            article.alliances.append(a)


#: In a Title Case headline, places smaller than this only count when the text
#: names them too ("Stanley Interiors Says…" is not Stanley, Falklands).
TITLE_CASE_MIN_POPULATION = 100_000


def _is_title_case(title: str) -> bool:
    """A headline with Every Word Capitalised (Reuters), where case tells nothing."""
    words = [w for w in re.findall(r"[^\W\d_]+", title) if len(w) >= 4]
    return len(words) >= 3 and sum(w[:1].isupper() for w in words) >= 0.8 * len(words)


def title_facets(
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
    companies = [(m.start(1), m.end(1)) for m in COMPANY_NAME_RE.finditer(title)]
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
            add_unique(alliances, v)
        elif m.entry.kind in (COUNTRY, DEMONYM, PLACE):
            add_unique(countries, v)
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
