"""Context cues for person names, beside titles (step "names_multilingual").

Rules of `name_recogniser` for languages without a NER model, each on the
article's own words (``person_cues.tsv`` for the cue words):

- `regnal_names`: a given name and a Roman numeral ("Ricardo III",
  "Эдварда IV", "Papa VI. Paul");
- `said_names`: a name right after a verb of saying, the inverted attribution
  of news ("dijo Gillard", "powiedziała Gillard", "заявил Песков");
- `named_names`: a name beside a word meaning "named" ("ein Bruder namens
  Oskar", "Oscar adlı bir kardeşi");
- `apposed_names`: a name between commas after a title or kinship noun
  ("un hermano, Oscar, quien", "a sua mulher, Alice.");
- `paired_names`: two names after a word meaning "between" ("entre Aoun y
  Hariri", "между Ауном и Харири"), one of them a known name;
- `repeated_names`: a lone known name written twice in the article inside a
  sentence ("con Trix en Southsea (donde Trix había regresado)"; in Cyrillic
  also a name heard like a lexicon one, `heard_known`: "с Трикс … куда
  Трикс").

The name itself is one to three capitalised words that are not places,
stop words or titles (`name_recogniser._name_token`).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from es_ingest import cache as pickle_cache
from es_ingest.enrich import name_recogniser as nr
from es_ingest.enrich.name_lexicons import is_cue, is_first_name_form, is_title
from es_ingest.enrich.spans import NerSpan
from es_ingest.gazetteer import Gazetteer
from es_ingest.person_identity import (
    canonical_part,
    is_latin,
    known_form,
    lexicon_values,
    script_of,
)
from es_ingest.person_keys import name_key
from es_ingest.resources import data_dir

Token = tuple[int, int, str]

_ROMAN_RE = re.compile(r"^(?:I|II|III|IV|V|VI|VII|VIII|IX|X|XI|XII|XIII|XIV|XV|XVI|XVII|XVIII)$")


def cue_names(text: str, lang: str, gazetteer: Gazetteer) -> list[NerSpan]:
    """PER spans that a cue of the article's language points at (see the module docstring)."""
    toks = nr._tokens(text)
    return [
        *regnal_names(text, toks, lang, gazetteer),
        *said_names(text, toks, lang, gazetteer),
        *named_names(text, toks, lang, gazetteer),
        *apposed_names(text, toks, lang, gazetteer),
        *paired_names(text, toks, lang, gazetteer),
        *repeated_names(text, toks, lang, gazetteer),
    ]


def _run_after(text: str, toks: list[Token], j: int, lang: str, gz: Gazetteer) -> list[Token]:
    """The name tokens (at most three, only spaces between) from index `j`."""
    name: list[Token] = []
    while j < len(toks) and len(name) < 3:
        if name and not nr._glued(text, name[-1], toks[j]):
            break
        if not nr._name_token(toks[j][2], lang, gz) or nr._INITIAL_RE.match(toks[j][2]):
            break
        name.append(toks[j])
        j += 1
    more = j < len(toks) and bool(name) and nr._glued(text, name[-1], toks[j])
    if more and toks[j][2][:1].isupper() and not _ROMAN_RE.match(toks[j][2]):
        return []  # a fourth capitalised word: a title of a work or an organisation
    return name


def _given(word: str, lang: str) -> bool:
    """A given name, also declined ("Ryszarda", "Эдварда"), or a known name part."""
    return nr._is_first_name(word, lang) or (not word.isupper() and known_form(word))


def regnal_names(text: str, toks: list[Token], lang: str, gz: Gazetteer) -> list[NerSpan]:
    """A ruler's or pope's name: a given name and a Roman numeral ("Edward IV", "Ricardo III").

    The name is a known given name (or name part) that is not a place, and
    the numeral follows it with only a space between. Turkish puts the
    numeral first after a title ("Papa VI. Paul"); the span's name is then
    written in the usual order ("Paul VI").
    """
    out = []
    for k in range(1, len(toks)):
        prev, cur = toks[k - 1], toks[k]
        if not _ROMAN_RE.match(cur[2]) or not nr._glued(text, prev, cur):
            continue
        word = prev[2]
        if word[:1].isupper() and _given(word, lang) and nr._name_token(word, lang, gz):
            out.append(NerSpan(prev[0], cur[1], "PER", f"{word} {cur[2]}"))
        elif (
            is_title(word, lang, cues=False)
            and k + 1 < len(toks)
            and text[cur[1] : toks[k + 1][0]].strip() == "."
            and is_first_name_form(toks[k + 1][2])
        ):
            nxt = toks[k + 1]
            out.append(NerSpan(cur[0], nxt[1], "PER", f"{nxt[2]} {cur[2]}"))
    return out


def said_names(text: str, toks: list[Token], lang: str, gz: Gazetteer) -> list[NerSpan]:
    """The speaker named right after a verb of saying ("dijo Gillard", "сказал Песков")."""
    out = []
    for i, (_, _, tok) in enumerate(toks[:-1]):
        if not is_cue(tok, lang, "said") or not nr._glued(text, toks[i], toks[i + 1]):
            continue
        name = _run_after(text, toks, i + 1, lang, gz)
        if name:
            out.append(nr._span(text, name, lang))
    return out


def named_names(text: str, toks: list[Token], lang: str, gz: Gazetteer) -> list[NerSpan]:
    """A name that opens with a given name, beside a word meaning "named" ("namens Oskar")."""
    out = []
    for i, (_, _, tok) in enumerate(toks):
        if is_cue(tok, lang, "named") and i + 1 < len(toks):
            name = _run_after(text, toks, i + 1, lang, gz)
        elif is_cue(tok, lang, "named_after") and i:
            j = i - 1
            while j > 0 and i - j < 3 and nr._glued(text, toks[j - 1], toks[j]):
                if not nr._name_token(toks[j - 1][2], lang, gz):
                    break
                j -= 1
            name = [t for t in toks[j:i] if nr._name_token(t[2], lang, gz)]
            if len(name) != i - j or (name and not nr._glued(text, name[-1], toks[i])):
                name = []
        else:
            continue
        # Places and things are "named" too ("chiamata Transcaucasia", "The Wiz
        # adlı"): the name opens with a given name.
        if name and nr._is_first_name(name[0][2], lang):
            out.append(nr._span(text, name, lang))
    return out


def apposed_names(text: str, toks: list[Token], lang: str, gz: Gazetteer) -> list[NerSpan]:
    """A name set off by commas after a title or kinship noun ("un hermano, Oscar, que")."""
    out = []
    for i, (_, end, tok) in enumerate(toks[:-1]):
        if not is_title(tok, lang, cues=False) or text[end : toks[i + 1][0]].strip() != ",":
            continue
        name = _run_after(text, toks, i + 1, lang, gz)
        if not name:
            continue
        after = text[name[-1][1] : name[-1][1] + 2].strip()[:1]
        if after in ("", ",", ".", ";", ")"):
            out.append(nr._span(text, name, lang))
    return out


def paired_names(text: str, toks: list[Token], lang: str, gz: Gazetteer) -> list[NerSpan]:
    """Two names after "between" and around "and" ("zwischen Aoun und Hariri").

    Each name is one to three name tokens (`_run_after`); at least one of its
    words, in either name, is a known given name or name part, so that two
    organisations or works ("entre Apple y Google") need more than the cue.
    """
    out = []
    for i, (_, _, tok) in enumerate(toks[:-3]):
        if not is_cue(tok, lang, "between") or not nr._glued(text, toks[i], toks[i + 1]):
            continue
        first = _run_after(text, toks, i + 1, lang, gz)
        k = i + 1 + len(first)
        if not first or k + 1 >= len(toks) or not is_cue(toks[k][2], lang, "and"):
            continue
        if not (nr._glued(text, first[-1], toks[k]) and nr._glued(text, toks[k], toks[k + 1])):
            continue
        second = _run_after(text, toks, k + 1, lang, gz)
        if second and any(_known_word(t[2], lang) for t in [*first, *second]):
            out += [_instrumental_span(text, n, lang) for n in (first, second)]
    return out


# "Between" takes the instrumental in Polish, Russian and Ukrainian ("między
# Aounem a Haririm", "между Ауном и Харири"): endings of lone surnames, with the
# nominative ending they replace, longest first.
_INSTRUMENTAL = {
    "pl": (("em", ""), ("im", "i"), ("ym", "y"), ("ą", "a")),
    "ru": (("ом", ""), ("ем", ""), ("ым", ""), ("ой", "а"), ("ей", "я")),
    "uk": (("ом", ""), ("ем", ""), ("єм", "й"), ("им", ""), ("ою", "а"), ("ею", "я")),
}


def _instrumental_base(word: str, lang: str) -> str:
    """A lone surname after "between" in the nominative ("Ауном" -> "Аун"), else `word`."""
    if _given(word, lang):
        return word
    for ending, base in _INSTRUMENTAL.get(lang, ()):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)] + base
    return word


def _instrumental_span(text: str, name: list[Token], lang: str) -> NerSpan:
    """The span of a name after "between"; a lone one is named in the nominative."""
    span = nr._span(text, name, lang)
    if len(name) > 1:
        return span  # a full name's case is undone by the recogniser (`nominative`)
    return NerSpan(span.start, span.end, "PER", _instrumental_base(span.text, lang))


def _known_word(word: str, lang: str) -> bool:
    """`_given`, also of the word in the nominative ("Haririm" -> "Hariri")."""
    return _given(word, lang) or _given(_instrumental_base(word, lang), lang)


def repeated_names(text: str, toks: list[Token], lang: str, gz: Gazetteer) -> list[NerSpan]:
    """A lone capitalised word written twice inside sentences, when it is a known name part.

    "mieszkała z Trix w Southsea (gdzie Trix powróciła)": a word that opens no
    sentence and stands apart from other capitalised words (not part of a
    longer name or title) twice or more, and that the name lexicon knows.
    German capitalises its nouns: there a word that follows an article once
    ("im Land", "die Liebe", `_german_noun`) is no name in the article.
    """
    seen: dict[str, list[Token]] = {}
    nouns: set[str] = set()
    for i, t in enumerate(toks):
        if i == 0 or not nr._name_token(t[2], lang, gz) or nr._INITIAL_RE.match(t[2]):
            continue
        if lang == "de" and _german_noun(toks, i):
            nouns.add(t[2])
        if _opens_sentence(text, t[0]) or _capital_beside(text, toks, i):
            continue
        seen.setdefault(t[2], []).append(t)
    return [
        nr._span(text, [t], lang)
        for word, found in seen.items()
        if len(found) >= 2 and word not in nouns and (known_form(word) or heard_known(word))
        for t in found
    ]


@cache
def _heard_values() -> frozenset[str]:
    """The `name_key`s of the lexicon's Latin spellings ("trix" -> "triks").

    92,000 keys, about 0.9 s to compute in each worker that meets a Cyrillic
    word: built once per machine, then read from es-ingest's pickle cache.
    """
    package = Path(__file__).parent.parent
    inputs: list[Path | str] = [
        package / "person_consolidation.py",
        package / "person_identity.py",
        data_dir(),
        *pickle_cache.versions("anyascii", "rigour"),
    ]
    return pickle_cache.cached("heard-values", inputs, _build_heard_values)


def _build_heard_values() -> frozenset[str]:
    return frozenset(name_key(v) for v in lexicon_values())


def heard_known(word: str) -> bool:
    """A Cyrillic word the lexicon lacks whose transliteration sounds like a lexicon name.

    Russian writes a foreign name by its sounds: "Трикс" reads "Triks", which
    the lexicon does not hold, but its `name_key` ("triks") is that of the
    lexicon's "Trix". Only for `repeated_names`, where the second mention is
    the evidence; the facet value stays the transliteration ("Triks"), which
    corpus consolidation joins to "Trix" when the corpus writes it so.
    """
    if is_latin(word) or len(word) < 4 or script_of(word) != "CYRILLIC":
        return False
    return name_key(canonical_part(word)) in _heard_values()


# German articles and contractions that stand before a noun, not before a name.
_DE_ARTICLES = frozenset(
    {"der", "die", "das", "dem", "den", "des", "ein", "eine", "einem", "einen", "einer", "eines"}
    | {"im", "am", "vom", "zum", "zur", "beim", "ins", "ans", "kein", "keine", "keinen", "keinem"}
    | {"sein", "seine", "seinem", "seinen", "seiner", "ihr", "ihre", "ihrem", "ihren", "ihrer"}
    | {"unser", "unsere", "diese", "dieser", "dieses", "diesem", "diesen", "jede", "jeder"}
)


def _german_noun(toks: list[Token], i: int) -> bool:
    """Token `i` follows an article, maybe with one adjective between ("im neuen Land")."""
    before = [t[2].lower() for t in toks[max(0, i - 2) : i]]
    if before and before[-1] in _DE_ARTICLES:
        return True
    return len(before) == 2 and before[0] in _DE_ARTICLES and before[1][:1].islower()


def _opens_sentence(text: str, start: int) -> bool:
    """Only opening punctuation since the last full stop, question or exclamation mark."""
    before = text[max(0, start - 4) : start].rstrip(" \t\n\"'«“„(")
    return not before or before[-1:] in ".!?:"


_PARTICLES = frozenset({"de", "del", "della", "di", "da", "do", "dos", "das", "du", "van", "von"})


def _capital_beside(text: str, toks: list[Token], i: int) -> bool:
    """A capitalised word next to token `i`, maybe across a particle ("Costa del Sol")."""
    for step in (-1, 1):
        j = i + step
        a, b = (j, i) if step < 0 else (i, j)
        if not (0 <= j < len(toks) and nr._glued(text, toks[a], toks[b])):
            continue
        if toks[j][2][:1].isupper():
            return True
        k = j + step  # a particle of names between ("del"), not a preposition ("a Southsea")
        a, b = (k, j) if step < 0 else (j, k)
        if (
            toks[j][2] in _PARTICLES
            and 0 <= k < len(toks)
            and nr._glued(text, toks[a], toks[b])
            and toks[k][2][:1].isupper()
        ):
            return True
    return False
