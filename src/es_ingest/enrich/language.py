"""Step "language": the article's language(s), and its text cut into NER segments.

The main language is detected on the text (with the title when the text is
short); a declared language is kept unless detection is confident and
disagrees (`choose_language`). Paragraphs confidently in another language get
segments of their own, so that each is read by its language's NER model.
"""

from __future__ import annotations

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
from es_ingest.enrich.state import ArticleState

#: A detection at least this confident overrides a declared language.
OVERRIDE_CONFIDENCE = 0.95
#: ...when the text has at least this many letters.
OVERRIDE_MIN_LETTERS = 150
#: A paragraph in another language than the article's starts its own segment
#: only when detected at least this confidently.
PARAGRAPH_CONFIDENCE = 0.90


def run(state: ArticleState) -> None:
    """Set the article's language, confidence and languages; fill `state.segments`."""
    article, text = state.article, state.text
    declared = (article.declared_language or article.language or "").strip().lower() or None
    sample = text if len(text) >= 200 else f"{state.title}\n{text}"
    detection = _detect(sample, text, state.title)
    letters = count_letters(sample[:5000])
    language, confidence = choose_language(declared, detection, letters)
    state.language = language
    article.language = language
    article.language_confidence = confidence
    if declared and language != declared:
        article.notes.append(f"declared language {declared!r} replaced by detected {language!r}")
    segments, shares = _paragraph_segments(text, language)
    article.languages = _languages(language, shares)
    if len(text) > ner_mod.MAX_NER_CHARS and state.has_model:
        article.notes.append(
            f"named-entity recognition limited to the first {ner_mod.MAX_NER_CHARS} characters"
        )
    state.segments = _cut(text, segments)


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
