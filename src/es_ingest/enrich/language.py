"""Step "language": the article's language(s), and its text cut into NER segments.

The main language is detected on the text (with the title when the text is
short); a declared language is kept unless detection is confident and
disagrees (`choose_language`). Paragraphs confidently in another language get
segments of their own, so that each is read by its language's NER model.
What the step finds depends on the article's own fields only (`detect`), so
a parent process can find it ahead of the worker that writes it (`apply`).
"""

from __future__ import annotations

from typing import NamedTuple

from es_ingest.detect import (
    UNDETERMINED,
    Detection,
    count_letters,
    detect_language,
    detect_paragraphs,
    detect_table,
    is_table,
)
from es_ingest.enrich import ner as ner_mod
from es_ingest.enrich.ner import Segment
from es_ingest.enrich.state import ArticleState, inputs
from es_ingest.model import Article

#: A detection at least this confident overrides a declared language.
OVERRIDE_CONFIDENCE = 0.95
#: ...when the text has at least this many letters.
OVERRIDE_MIN_LETTERS = 150
#: A paragraph in another language than the article's starts its own segment
#: only when detected at least this confidently.
PARAGRAPH_CONFIDENCE = 0.90


class Found(NamedTuple):
    """What the step finds from the article's own fields, before it writes anything.

    `detect` computes it; `apply` writes it. A parent process can `detect`
    ahead of the workers (`es_ingest.parallel`): a tuple of plain values, cheap
    to send. `segments` are ``(start, end, lang)``.
    """

    language: str
    confidence: float
    languages: tuple[str, ...]
    segments: tuple[tuple[int, int, str], ...]


def run(state: ArticleState) -> None:
    """Set the article's language, confidence and languages; fill `state.segments`."""
    found = state.found_language
    if found is None:
        found = detect(state.article)
    apply(state, found)


def detect(article: Article) -> Found:
    """The step's findings for `article` (which it does not change)."""
    text, title = inputs(article)
    sample = text if len(text) >= 200 else f"{title}\n{text}"
    detection = _detect(sample, text, title)
    letters = count_letters(sample[:5000])
    language, confidence = choose_language(_declared(article), detection, letters)
    segments, shares = _paragraph_segments(text, language)
    return Found(
        language,
        confidence,
        tuple(_languages(language, shares)),
        tuple((s.start, s.end, s.lang) for s in _cut(text, segments)),
    )


def apply(state: ArticleState, found: Found) -> None:
    """Write `found` on the article and its state (notes included)."""
    article, language = state.article, found.language
    declared = _declared(article)  # before article.language is overwritten
    state.language = language
    article.language = language
    article.language_confidence = found.confidence
    if declared and language != declared:
        article.notes.append(f"declared language {declared!r} replaced by detected {language!r}")
    article.languages = list(found.languages)
    if len(state.text) > ner_mod.MAX_NER_CHARS and state.has_model:
        article.notes.append(
            f"named-entity recognition limited to the first {ner_mod.MAX_NER_CHARS} characters"
        )
    state.segments = [Segment(*s) for s in found.segments]


def _declared(article: Article) -> str | None:
    return (article.declared_language or article.language or "").strip().lower() or None


def _detect(sample: str, text: str, title: str) -> Detection:
    detection = detect_language(sample)
    if not is_table(text):
        return detection
    titled = detect_language(title)
    if titled.language != UNDETERMINED:
        # A table of figures: its title must agree (Reuters' earnings
        # tables are otherwise "Swedish"). The two detections made here are
        # not made again (a table's were 16 ms an article: four detections).
        detection = detect_table(title, text, known={sample: detection, title: titled})
    return detection


def choose_language(declared: str | None, detection: Detection, letters: int) -> tuple[str, float]:
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


def _paragraph_segments(text: str, language: str) -> tuple[list[Segment], dict[str, int]]:
    """Runs of paragraphs in one language, and the characters of each language."""
    segments: list[Segment] = []
    shares: dict[str, int] = {}
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
            segments.append(Segment(prev.start, para.end, lang))
        else:
            segments.append(Segment(para.start, para.end, lang))
    return segments, shares


def _languages(language: str, shares: dict[str, int]) -> list[str]:
    """The main language first, then the others by share ("und" is not a language)."""
    languages = sorted(shares, key=lambda k: -shares[k])
    if language in languages:
        languages.remove(language)
    if language != UNDETERMINED or not languages:
        languages.insert(0, language)
    return [lang for lang in languages if lang != UNDETERMINED]


def _cut(text: str, segments: list[Segment]) -> list[Segment]:
    """Segments within the NER limit, split to at most `ner.MAX_SEGMENT_CHARS`."""
    limit = min(len(text), ner_mod.MAX_NER_CHARS)
    cut: list[Segment] = []
    for seg in segments:
        if seg.start >= limit:
            break
        for s, e in ner_mod.split_long(text, seg.start, min(seg.end, limit)):
            cut.append(Segment(s, e, seg.lang))
    return cut
