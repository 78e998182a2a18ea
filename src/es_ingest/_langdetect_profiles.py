"""langdetect's profiles, loaded in milliseconds from es-ingest's cache.

langdetect's ``init_factory`` parses its 55 JSON profiles and builds a dict of
88,000 n-grams, each a list of 55 floats: about 0.6 s of CPU in every process
that starts (the forkserver's preload waits for it before any worker forks).
`init_factory()` here gives langdetect's factory the same table, built once
per machine: the n-grams and one float64 matrix in es-ingest's pickle cache
(`es_ingest.cache`, keyed by langdetect's version and its profile files),
with each n-gram's row a view of that matrix. The floats are langdetect's
own (a float64 holds a Python float exactly), so detections do not change:
`tests/unit/test_startup_caches.py` compares the table with langdetect's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from langdetect import detector_factory
from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

from es_ingest import cache

_Table = tuple[list[str], list[str], np.ndarray]


def _build() -> _Table:
    """langdetect's own table as (languages, n-grams, matrix) (about 0.6 s)."""
    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    words = list(factory.word_lang_prob_map)
    matrix = np.array([factory.word_lang_prob_map[w] for w in words], dtype=np.float64)
    return list(factory.langlist), words, matrix


def init_factory(seed: int = 0) -> None:
    """Install langdetect's factory (its seed `seed`, default 0) unless one is installed.

    Raises langdetect's ``LangDetectException`` if its profiles cannot be read.
    """
    if detector_factory._factory is not None:
        return
    inputs: list[Path | str] = [Path(PROFILES_DIRECTORY), *cache.versions("langdetect", "numpy")]
    langlist, words, matrix = cache.cached("langdetect-profiles", inputs, _build)
    factory: Any = DetectorFactory()
    factory.langlist = langlist
    # Rows are read-only views: langdetect and `es_ingest._langdetect` only read them.
    matrix.setflags(write=False)
    factory.word_lang_prob_map = dict(zip(words, matrix, strict=True))
    DetectorFactory.seed = seed
    detector_factory._factory = factory
