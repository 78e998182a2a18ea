"""Organisation names in languages without a NER model, for the countries step.

FACETS.md: a country or place named only inside the name of an organisation
does not count ("the University of North Carolina", "the Real Estate Council
of Ontario"). In English and French the NER model tags such names ORG and the
countries step hides the place inside them; without a model nothing did, so
"Universidad de Carolina del Norte" gave US. `organisation_spans` finds such
names from their head noun and gives them as ORG spans, which the countries
step reads like the model's (the place counts when it is the name's first
word; a capitalised demonym inside the name does not count). The spans go
to the countries step only: they are not the organisations facet.

Three shapes, each a named function:

- `head_chains` (Latin script): a capitalised head noun of the language or of
  English ("Universidad", "Conselho", "Radzie", "University") and the words
  after it that are capitalised or connectors ("de", "del", "do", "of", "i"):
  "Universidad de Carolina del Norte", "Conselho Imobiliário de Ontario",
  "Federação Alemã de Futebol". A lower-case word other than a connector ends
  the name: "el Banco Mundial en Colombia" keeps CO.
- `cyrillic_chains` (ru, uk): a capitalised head, then either capitalised words
  ("Университете Северной Каролины") or "по" and a few lower-case words before
  them ("Совет по недвижимости Онтарио"); and a capitalised adjective inside a
  sentence before up to two lower-case ones and a head ("Немецкого футбольного
  союза"): Russian capitalises only a proper name's first word.
- `acronym_names`: an all-caps acronym followed by a capitalised name
  ("CTV Montreal", a broadcaster; "BBC Scotland"); an acronym that is itself a
  country or alliance ("EU", "USA") is not one.
"""

from __future__ import annotations

import re
from functools import lru_cache

from es_ingest.enrich.spans import NerSpan
from es_ingest.gazetteer import Match
from es_ingest.text import fold

#: Head nouns of organisation names (folded, space-separated). English ones
#: count in every language: names of foreign bodies are often kept in English.
_HEADS = {
    "en": "university bank council commission association federation institute "
    "foundation alliance academy society",
    "es": "universidad banco consejo comision asociacion federacion instituto "
    "fundacion alianza academia sociedad confederacion",
    "pt": "universidade banco conselho comissao associacao federacao instituto "
    "fundacao alianca academia sociedade confederacao",
    "it": "universita banca banco consiglio commissione associazione federazione "
    "istituto fondazione alleanza accademia societa confederazione",
    "de": "universitat kommission institut stiftung allianz akademie",
    "pl": "uniwersytet uniwersytetu uniwersytecie rada rady radzie rade rada "
    "komisja komisji komisje bank banku stowarzyszenie stowarzyszenia "
    "federacja federacji instytut instytutu fundacja fundacji sojusz sojuszu "
    "akademia akademii",
}
#: Heads that also name states ("Federación de Rusia", "Federazione Russa",
#: "Confederación Suiza", "Союз Советских…"): a name needs two capitalised
#: words after them ("Federação Alemã de Futebol").
_STATE_HEADS = (
    "federation",
    "federacion",
    "federacao",
    "federazione",
    "federacja",
    "federacji",
    "confederation",
    "confederacion",
    "confederacao",
    "confederazione",
    "федерац",
    "союз",
)
#: Words that make a name a state or one of its organs, which name the
#: country (FACETS.md): "Rada Najwyższa Ukrainy", "Совет Федерации России",
#: "Consejo de Ministros de España" (folded prefixes).
_STATE_WORDS = (
    "republic",
    "republik",
    "repubblic",
    "rzeczpospolit",
    "республик",
    "федерац",
    "minist",
    "министр",
    "supreme",
    "suprem",
    "najwyzsz",
    "верховн",
    "security",
    "segur",
    "sicurezz",
    "bezpieczenstw",
    "безопасност",
    "estado",
    "state",
    "stato",
    "panstw",
    "государств",
)
#: Tokens a name may run over after its head; German capitalises every noun,
#: so its names stop sooner ("an der Universität Bonn Studenten der Türkei").
_MAX_AFTER_HEAD = {"de": 4}

#: Lower-case words that may sit inside a name (folded).
_CONNECTORS = {
    "en": "of for the and on",
    "es": "de del la las los el y e para por sobre",
    "pt": "de do da dos das e para por sobre",
    "it": "di del della dello dei degli delle dell d e per",
    "de": "der des von fur und zur zum",
    "pl": "i do spraw ds rzecz",
}
#: Cyrillic heads, as folded stems (any case ending).
_CYRILLIC_HEADS = (
    "университет",
    "совет",
    "комисси",
    "банк",
    "ассоциаци",
    "федераци",
    "институт",
    "фонд",
    "альянс",
    "академи",
    "комитет",
    "агентств",
    "союз",
    "університет",
    "комісі",
    "асоціаці",
    "федераці",
    "інститут",
    "академі",
    "спілк",
)
#: Endings of Russian and Ukrainian adjectives (a head is a noun: "Советской" is not "Совет").
_ADJECTIVE_END = re.compile(
    r"(?:[иыо]й|[ое]го|[ое]му|[иы]ми?|[ое]м|[ая]я|[ую]ю|[ое]е|[иы][ех]|ій|ої|ім|іх)$"
)
_TOKEN_RE = re.compile(r"\w+(?:[-'’]\w+)*|\S")

CYRILLIC_LANGUAGES = frozenset({"ru", "uk"})
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def organisation_spans(text: str, lang: str | None, matches: list[Match]) -> list[NerSpan]:
    """ORG spans of the organisation names of `text` (see the module docstring)."""
    toks = [(m.start(), m.end(), m.group()) for m in _TOKEN_RE.finditer(text)]
    spans = acronym_names(text, toks, matches)
    if lang in CYRILLIC_LANGUAGES:
        spans += cyrillic_chains(text, toks)
    spans += head_chains(text, toks, lang)
    return spans


@lru_cache(maxsize=64)
def _words(table: str, lang: str | None) -> frozenset[str]:
    """The words of `table` ("heads" or "connectors") for English and `lang`."""
    words = {"heads": _HEADS, "connectors": _CONNECTORS}[table]
    return frozenset(words["en"].split() + words.get(lang or "", "").split())


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and word[:1].isalpha()


def _span(text: str, toks: list[tuple[int, int, str]], i: int, j: int) -> NerSpan:
    start, end = toks[i][0], toks[j][1]
    return NerSpan(start, end, "ORG", text[start:end])


def _key(word: str) -> str:
    """Folded word; Cyrillic only case-folded (`fold` strips the breve of "й":
    "Советской" would become "советскои", no longer an adjective)."""
    low = word.casefold()
    return low.replace("ё", "е") if _CYRILLIC.search(low) else fold(low)


def is_organisation_name(toks: list[tuple[int, int, str]], head: int, last: int) -> bool:
    """Whether tokens `head`..`last` name an organisation rather than a state
    or a state organ (`_STATE_HEADS`, `_STATE_WORDS`; the capitalised word
    before the head counts too: "Верховный Совет Украины")."""
    after = [_key(w) for _, _, w in toks[head + 1 : last + 1] if _capitalised(w)]
    before = [_key(toks[head - 1][2])] if head and _capitalised(toks[head - 1][2]) else []
    if not after or any(w.startswith(_STATE_WORDS) for w in before + after):
        return False
    return len(after) >= 2 or not _key(toks[head][2]).startswith(_STATE_HEADS)


def head_chains(text: str, toks: list[tuple[int, int, str]], lang: str | None) -> list[NerSpan]:
    """ "Universidad de Carolina del Norte", "Radzie Nieruchomości Ontario": a
    capitalised head and its capitalised words and connectors."""
    heads = _words("heads", lang)
    connectors = _words("connectors", lang)
    out = []
    for i, (_, _, word) in enumerate(toks):
        if not _capitalised(word) or fold(word) not in heads:
            continue
        last = i
        for j in range(i + 1, min(len(toks), i + 1 + _MAX_AFTER_HEAD.get(lang or "", 12))):
            w = toks[j][2]
            if _capitalised(w):
                last = j
            elif fold(w) in connectors or (w == "." and fold(toks[j - 1][2]) == "ds"):
                continue
            elif not (w == "na" and j + 1 < len(toks) and fold(toks[j + 1][2]) == "rzecz"):
                break  # Polish "na Rzecz" (for) belongs to the name; "na" (on) does not
        if last > i and is_organisation_name(toks, i, last):
            out.append(_span(text, toks, i, last))
    return out


def _capitalised_run(toks: list[tuple[int, int, str]], j: int) -> int:
    """Index of the last capitalised word from `j` on (hyphenated names one token), or j - 1."""
    while j < len(toks) and _capitalised(toks[j][2]):
        j += 1
    return j - 1


def cyrillic_chains(text: str, toks: list[tuple[int, int, str]]) -> list[NerSpan]:
    """ "Университете Северной Каролины", "Совет по недвижимости Онтарио",
    "Немецкого футбольного союза" (see the module docstring)."""
    out = []
    for i, (_, _, word) in enumerate(toks):
        folded = _key(word)
        if not folded.startswith(_CYRILLIC_HEADS) or _ADJECTIVE_END.search(folded):
            continue
        if _capitalised(word):
            j = i + 1
            if j < len(toks) and toks[j][2] == "по":
                j += 1
                while j < min(len(toks), i + 9) and (toks[j][2].islower() or toks[j][2] == ","):
                    j += 1
            last = _capitalised_run(toks, j)
            if last >= j and is_organisation_name(toks, i, last):
                out.append(_span(text, toks, i, last))
        first = _adjectives_before(toks, i)
        if first is not None:
            out.append(_span(text, toks, first, i))
    return out


def _adjectives_before(toks: list[tuple[int, int, str]], head: int) -> int | None:
    """The capitalised adjective inside a sentence that opens a name ending at
    `head`, with at most two lower-case adjectives between ("Немецкого
    футбольного союза"), or None."""
    for k in range(head - 1, max(-1, head - 4), -1):
        word = toks[k][2]
        if not _ADJECTIVE_END.search(word):
            return None
        if _capitalised(word):
            before = toks[k - 1][2] if k else "."
            return k if before not in '.!?…«"“' else None
    return None


def acronym_names(
    text: str, toks: list[tuple[int, int, str]], matches: list[Match]
) -> list[NerSpan]:
    """ "CTV Montreal", "BBC Scotland": an acronym of 2 to 5 capitals that is
    no gazetteer name, then a place in its base form. A declined place is
    the acronym's complement and counts: "МИД России", "MSZ Rosji" (the
    foreign ministry of Russia)."""
    starts = {m.start: m for m in matches}
    out = []
    for i, (start, end, word) in enumerate(toks[:-1]):
        if not (2 <= len(word) <= 5 and word.isalpha() and word.isupper()) or start in starts:
            continue
        m = starts.get(toks[i + 1][0])
        if (
            m is not None
            and text[end : m.start] == " "
            and not m.text.isupper()
            and fold(m.text) == fold(m.entry.name)
        ):
            out.append(NerSpan(start, m.end, "ORG", text[start : m.end]))
    return out
