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
  ("un hermano, Oscar, quien", "a sua mulher, Alice.").

The name itself is one to three capitalised words that are not places,
stop words or titles (`name_recogniser._name_token`).
"""

from __future__ import annotations

import re

from es_ingest.enrich import name_recogniser as nr
from es_ingest.enrich.name_lexicons import is_cue, is_first_name_form, is_title
from es_ingest.enrich.spans import NerSpan
from es_ingest.gazetteer import Gazetteer
from es_ingest.person_identity import known_form

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
