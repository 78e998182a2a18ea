"""Which languages an input seems to have, from its first articles: a cheap guess.

The CLI passes the guess to the forkserver (`parallel.prestart`), which loads
those languages' resources (`enrich.loaders`: the NER models) once, before
the workers fork, so that they share one copy instead of each loading its
own: `fr_core_news_md` is about 0.8 CPU s and 250 MiB, `en_core_web_sm` 0.2
CPU s. The guess reads the first `HINT_ARTICLES` articles of the files
named and takes each one's language to be the one of `stopwords.MAIN_LANGUAGES`
whose stop words are the largest share of its words, if at least
`MIN_SHARE` (no langdetect: a few ms; a Spanish text is about a third French
stop words, more Spanish ones). It never
reads stdin, a FIFO or a pipe (what it read would be gone). A wrong guess
costs only time: a model not preloaded is loaded by each worker that needs
it, and one preloaded for nothing costs its load once.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from itertools import islice
from pathlib import Path

from es_ingest.model import Article
from es_ingest.readers import is_stream, read_paths
from es_ingest.stopwords import MAIN_LANGUAGES, screen_words, spacy_stop_words

log = logging.getLogger(__name__)

#: Articles read (one worker chunk at the default batch size)...
HINT_ARTICLES = 64
#: ...among at most this many records (an input of bad lines is not read to its end).
HINT_RECORDS = 2 * HINT_ARTICLES
#: An article counts for the language whose stop words are at least this share of its words.
MIN_SHARE = 0.30


def guess_languages(paths: Iterable[str]) -> list[str]:
    """Languages that the first articles of `paths` are in (see the module docstring).

    A language counts when one article is in it by its stop words, or
    declares it. Empty for stdin (``-``), a FIFO or a pipe. Never raises.
    """
    paths = list(paths)
    try:
        if any(p == "-" or is_stream(Path(p)) for p in paths):
            return []
        found: set[str] = set()
        articles = 0
        for item in islice(iter(read_paths(paths)), HINT_RECORDS):
            if isinstance(item, Article):
                found.update(_languages_of(item))
                articles += 1
                if articles >= HINT_ARTICLES:
                    break
        return sorted(found)
    except Exception:  # a hint must never stop the run: the real read reports any error
        log.debug("no language hint", exc_info=True)
        return []


def _languages_of(article: Article) -> set[str]:
    out = {lang} if (lang := (article.declared_language or "").lower()) else set()
    words = screen_words(article.text)
    if words:
        stops = {lang: spacy_stop_words(lang) for lang in MAIN_LANGUAGES}
        shares = {lang: sum(w in stop for w in words) / len(words) for lang, stop in stops.items()}
        best = max(shares, key=shares.__getitem__)
        if shares[best] >= MIN_SHARE:
            out.add(best)
    return out
