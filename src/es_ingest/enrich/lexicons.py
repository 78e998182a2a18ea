"""Word lists for the person rules, loaded once per process (data loading only).

- `titles()`: titles and role words (``es_ingest/data/titles.txt``);
- `first_names()`: first names of many locales (Faker's person providers);
- `common_nouns()`: capitalised common words of German and English (Faker's
  lorem lists).

A new lexicon (per language or not) goes here, or in a module of its own beside
this one when it is large: a function cached with ``lru_cache`` that builds
folded entries from a packaged library or ``es_ingest/data``; never a download.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from es_ingest import cache
from es_ingest.resources import data_lines
from es_ingest.stopwords import stop_words
from es_ingest.text import fold

logger = logging.getLogger(__name__)

T = TypeVar("T")


@lru_cache(maxsize=1)
def titles() -> frozenset[str]:
    """Folded titles and role words (from ``titles.txt``)."""
    return frozenset(fold(fields[0]).rstrip(".") for fields in data_lines("titles.txt"))


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """Folded first names of many locales (Faker's person providers).

    Empty (and a log line) when Faker is not installed. Names that are stop
    words ("Will", "Guy", "Pierre" stay: only stop words are dropped) are left out.
    Built once per machine (about 0.3 s: Faker's 90 locale modules) and then
    read from es-ingest's pickle cache (`es_ingest.cache`).
    """
    return _cached_from_faker("first-names", _build_first_names)


def _cached_from_faker(name: str, build: Callable[[], T]) -> T:
    """`build()` (a table read from Faker's locale modules) through es-ingest's pickle cache."""
    package = Path(__file__).parent.parent
    inputs: list[Path | str] = [
        Path(__file__),
        package / "stopwords.py",
        package / "text.py",
        *cache.versions("faker", "spacy"),
    ]
    return cache.cached(name, inputs, build)


def _build_first_names() -> frozenset[str]:
    try:
        import importlib
        import pkgutil

        from faker.providers import person
    except ImportError:  # pragma: no cover - faker is a declared dependency
        logger.info("faker not installed: no first-name lexicon")
        return frozenset()
    names: set[str] = set()
    for info in pkgutil.iter_modules(person.__path__):
        try:
            provider = importlib.import_module(f"faker.providers.person.{info.name}").Provider
        except Exception:  # pragma: no cover - a broken locale module
            continue
        for attr in ("first_names", "first_names_male", "first_names_female"):
            value = getattr(provider, attr, None)
            if isinstance(value, dict):
                value = list(value)
            if isinstance(value, (list, tuple)):
                names.update(fold(n) for n in value if isinstance(n, str) and n[:1].isupper())
    stop = stop_words()
    return frozenset(n for n in names if len(n) >= 3 and (n not in stop or n in _NAMES_NOT_STOP))


# First names that are stop words only once accents are folded ("Sara" is not
# Italian "sarà") or in a language where they are rarely capitalised mid-text.
_NAMES_NOT_STOP = frozenset({"sara", "ali", "sean", "uwe", "elke", "mila", "ira", "ella", "mia"})


@lru_cache(maxsize=1)
def common_nouns() -> frozenset[str]:
    """Folded capitalised words of Faker's German and English lorem word lists."""
    words: set[str] = set()
    for locale in ("de_DE", "de_AT", "en_US"):
        try:
            import importlib

            provider = importlib.import_module(f"faker.providers.lorem.{locale}").Provider
        except Exception:  # pragma: no cover - faker is a declared dependency
            continue
        words.update(fold(w) for w in getattr(provider, "word_list", ()) if isinstance(w, str))
    return frozenset(words)


@lru_cache(maxsize=1)
def first_name_locales() -> dict[str, tuple[int, int]]:
    """Folded first name -> (locales listing it as male, locales listing it as female).

    From Faker's person providers' ``first_names_male`` / ``first_names_female``;
    how widely a form is given to each sex is the evidence for reading a
    Polish "-a" form as a man's genitive ("Josepha": female in one locale,
    "Joseph" male in many) or as a woman's name ("Roberta", "Krystyna").
    Empty when Faker is not installed. Built once per machine (about 0.6 s),
    then read from es-ingest's pickle cache.
    """
    return _cached_from_faker("first-name-locales", _build_first_name_locales)


def _build_first_name_locales() -> dict[str, tuple[int, int]]:
    try:
        import importlib
        import pkgutil

        from faker.providers import person
    except ImportError:  # pragma: no cover - faker is a declared dependency
        return {}
    male: dict[str, int] = {}
    female: dict[str, int] = {}
    for info in pkgutil.iter_modules(person.__path__):
        try:
            provider = importlib.import_module(f"faker.providers.person.{info.name}").Provider
        except Exception:  # pragma: no cover - a broken locale module
            continue
        for attr, counts in (("first_names_male", male), ("first_names_female", female)):
            value = getattr(provider, attr, None)
            if isinstance(value, dict):
                value = list(value)
            if isinstance(value, (list, tuple)):
                for n in {fold(n) for n in value if isinstance(n, str)}:
                    counts[n] = counts.get(n, 0) + 1
    return {n: (male.get(n, 0), female.get(n, 0)) for n in male.keys() | female.keys()}


@lru_cache(maxsize=1)
def polish_first_names() -> frozenset[str]:
    """Folded first names of Faker's Polish locale (empty without Faker)."""
    try:
        import importlib

        provider = importlib.import_module("faker.providers.person.pl_PL").Provider
    except Exception:  # pragma: no cover - faker is a declared dependency
        return frozenset()
    names: set[str] = set()
    for attr in ("first_names", "first_names_male", "first_names_female"):
        value = getattr(provider, attr, None)
        if isinstance(value, dict):
            value = list(value)
        if isinstance(value, (list, tuple)):
            names.update(fold(n) for n in value if isinstance(n, str))
    return frozenset(names)
