"""Step "rule_ner": person spans for articles whose language has no NER model.

Names after role nouns ("Regierungschef Aleksandar Vucic") stand in for the
model's PER spans, so that "Hulusi Akra" is not the city of Accra; then
"First Last" names whose first word is a known first name; then full names of
people a role noun introduced by their surname ("Premier Yıldırım" ->
"Binali Yıldırım"). The rules are German-minded today (role nouns, capitalised
nouns); rules for another language go in a module of their own, registered as
a step with ``languages=`` in `es_ingest.enrich.pipeline`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from es_ingest.enrich.lexicons import common_nouns, first_names
from es_ingest.enrich.name_recogniser import TITLE_LANGUAGES
from es_ingest.enrich.spans import NerSpan, SpanIndex
from es_ingest.enrich.state import ArticleState
from es_ingest.gazetteer import DEMONYM
from es_ingest.stopwords import stop_words
from es_ingest.text import fold

_CJK_RE = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


def applies(state: ArticleState) -> bool:
    """Only for articles whose main language has no spaCy model."""
    return not state.has_model


def run(state: ArticleState) -> None:
    """Append rule-based PER spans to `state.ner`."""
    text, gazetteer = state.text, state.gazetteer
    if state.language in ("zh", "ja"):
        # Latin names run into the Han text ("Goffredo Petrassi的兩個學生"): the
        # CJK characters become spaces (offsets kept), so the rules see the words.
        text = _CJK_RE.sub(" ", text)
    # German role nouns; languages with titles of their own get them from the
    # "names_multilingual" step ("Premier Polski" is not a name).
    if state.language not in TITLE_LANGUAGES:
        state.ner.extend(NerSpan(s, e, "PER", text[s:e]) for s, e, _ in role_persons(text))
    roles = SpanIndex((sp.start, sp.end, None) for sp in state.ner)

    def place_or_org(word: str) -> bool:
        return any(en.kind != DEMONYM for en in gazetteer.lookup(word))

    for s, e, _ in lexicon_persons(text, place_or_org):
        if not roles.overlapping(s, e):
            state.ner.append(NerSpan(s, e, "PER", text[s:e]))
            roles.add(s, e)
    # Surnames that a role noun introduced ("Premier Yıldırım") find
    # their first names ("Binali Yıldırım") outside the lexicon.
    surnames = {fold(sp.text) for sp in state.ner if sp.label == "PER" and " " not in sp.text}
    for s, e, _ in full_names_of(text, surnames, place_or_org, state.lowercase_words):
        if not roles.overlapping(s, e):
            state.ner.append(NerSpan(s, e, "PER", text[s:e]))


# German role nouns that introduce a name ("Außenminister Lubomír Zaorálek",
# "Russlands Präsident Wladimir Putin"); used where no NER model exists.
_DE_ROLE_RE = re.compile(
    r"^(?:[\w-]*(?:minister|präsident|premier|chef|sprecher|sprecherin|kanzler|sekretär|botschafter"
    r"|politiker|abgeordnete|vorsitzende|gouverneur|bürgermeister|kommissar|diplomat"
    r"|staatssekretär|oberhaupt|führer|anführer|richter|anwalt|autor|trainer|sozialdemokrat"
    r"|konservative|rechtspopulist|oppositionelle|präsidentschaftskandidat|kandidat|machthaber"
    r"|milizenführer|chefdiplomat|publizist|ökonom|experte|analyst|politologe))(?:in|en|n|s|es)?$",
    re.IGNORECASE,
)
_NAME_TOKEN_RE = re.compile(r"^(?:[A-ZÀ-ÖØ-ÞŁŚŻŹĆŃŞŠŽČŘ][\w'’-]*\.?|[A-Z]\.)$")
_DE_STOP_NAME = {"der", "die", "das", "des", "dem", "den", "und", "von", "zu"}


# Offices that make a following single word a surname ("Premier Yıldırım",
# "Bürgermeister Schaden"); a subset of the role nouns ("Marktführer Spotify",
# "Ökonomen Kunst" are not).
_DE_OFFICE_RE = re.compile(
    r"^[\w-]*(?:minister|präsident|premier|kanzler|regierungschef|staatschef|parteichef"
    r"|sekretär|botschafter|bürgermeister|gouverneur|kommissar)(?:in|s)?$",
    re.IGNORECASE,
)


def is_role_noun(word: str) -> bool:
    """A German office that introduces a surname ("Außenminister", "Premier")."""
    return not word.endswith(".") and _DE_OFFICE_RE.match(word) is not None


def role_persons(text: str) -> list[tuple[int, int, str]]:
    """Names introduced by a German role noun, as ``(start, end, name)``.

    For text without a NER model: "Regierungschef Aleksandar Vucic sagte" gives
    "Aleksandar Vucic". At most three capitalised tokens follow the role; the
    name stops at a lower-case word or punctuation.
    """
    out = []
    tokens = [(m.start(), m.end(), m.group()) for m in re.finditer(r"[\w'’.-]+|[^\w\s]", text)]
    for i, (_, _, tok) in enumerate(tokens):
        if not tok[:1].isupper() or tok.endswith(".") or not _DE_ROLE_RE.match(tok):
            continue
        name_toks = []
        for start, end, t in tokens[i + 1 : i + 4]:
            if t.casefold() in _DE_STOP_NAME or not _NAME_TOKEN_RE.match(t):
                break
            if t.endswith(".") and len(t) > 2:
                name_toks.append((start, end - 1, t[:-1]))
                break  # end of the sentence
            name_toks.append((start, end, t))
        if not name_toks:
            continue
        name_toks = _trim_name(name_toks, tokens, text)
        if len(name_toks) == 1 and fold(name_toks[0][2]) in first_names():
            after = text[name_toks[0][1] : name_toks[0][1] + 2].strip()
            if after[:1].isalpha():
                continue  # "Generalsekretär Thor bjorn Jagland": a first name cut short
        start, end = name_toks[0][0], name_toks[-1][1]
        out.append((start, end, text[start:end]))
    return out


def _trim_name(
    name_toks: list[tuple[int, int, str]], tokens: list[tuple[int, int, str]], text: str
) -> list[tuple[int, int, str]]:
    """Keep only the words that are likely the name (German nouns are capitalised).

    A first word that is a known first name may take one more word, and a third
    only when the second is a first name too ("Hans Peter Doskozil"). Otherwise
    the second word is kept only when the name ends cleanly after it (a
    lower-case word or punctuation follows), else the first word stands alone
    ("Premier Yıldırım", not "Badawi Anfang Jänner").
    """
    names = first_names()
    first = fold(name_toks[0][2])
    if first in names:
        keep = 2
        if len(name_toks) >= 3 and fold(name_toks[1][2]) in names:
            keep = 3
        return name_toks[:keep]
    if len(name_toks) >= 2:
        after = text[name_toks[1][1] : name_toks[1][1] + 3].lstrip()
        if not after or not after[:1].isupper():
            return name_toks[:2]
    return name_toks[:1]


_CAP_TOKEN_RE = re.compile(r"[\w'’.-]+")
_NAME_PARTICLES = {"von", "van", "de", "da", "di", "del", "al", "el", "bin", "ibn"}
_DETERMINERS = {
    "der",
    "die",
    "das",
    "den",
    "dem",
    "des",
    "ein",
    "eine",
    "einen",
    "einem",
    "einer",
    "eines",
    "im",
    "am",
    "zum",
    "zur",
    "vom",
    "beim",
    "ins",
    "diese",
    "dieser",
    "diesem",
    "jede",
    "jeder",
    "kein",
    "keine",
}
_PARTICLE_HYPHEN_RE = re.compile(r"^(?:al|el|ad|as|ash|bin|ibn|abu|abou)-[A-ZÀ-Þ]")


def _city_surname(text: str, toks: list[tuple[int, int, str]], i: int, j: int) -> bool:
    """A place name as the surname of a first name that opens a sentence, before a verb.

    "Christopher Columbus segelte …": in subject position a first name is not
    followed by a place, so the place is the surname. The pair must open the
    sentence (or follow a comma) and a lower-case word must follow it.
    """
    if j != i + 1 or j + 1 >= len(toks) or toks[j][2] != toks[j][2].rstrip(".,"):
        return False
    nxt = toks[j + 1][2]
    if text[toks[j][1] : toks[j + 1][0]].strip() or not nxt[:1].islower():
        return False
    return _char_before(text, toks[i][0]) in (*_SENTENCE_OPENERS, ",")


def lexicon_persons(text: str, is_known_name: Callable[[str], bool]) -> list[tuple[int, int, str]]:
    """ "First Last" names whose first word is a known first name, as ``(start, end, name)``.

    For text without a NER model. One or two capitalised words follow the
    first name ("Mehmet Şimşek", "Hasan E."); words the gazetteer knows as
    places or stop words end the name.
    """
    names = first_names()
    if not names:
        return []
    toks = [(m.start(), m.end(), m.group()) for m in _CAP_TOKEN_RE.finditer(text)]
    out = []
    i = 0
    while i < len(toks):
        start, end, tok = toks[i]
        word = tok.rstrip(".")
        if not word[:1].isupper() or fold(word) not in names or word.isupper():
            i += 1
            continue
        if i and fold(toks[i - 1][2]) in _DETERMINERS:
            i += 1  # "die Art von …", "im Sommer": a noun, not a first name
            continue
        if tok.endswith("."):  # "Mehmet." ends a sentence
            i += 1
            continue
        parts, j = _name_after_first(text, toks, i, is_known_name)
        if len(parts) >= 2:
            s, e = parts[0][0], parts[-1][1]
            out.append((s, e, text[s:e]))
            i = j
        else:
            i += 1
    return out


def _name_after_first(
    text: str, toks: list[tuple[int, int, str]], i: int, is_known_name: Callable[[str], bool]
) -> tuple[list[tuple[int, int, str]], int]:
    """The words of the name that first name `toks[i]` opens, and the next token's index."""
    names, stop = first_names(), stop_words()
    start, _, tok = toks[i]
    word = tok.rstrip(".")
    parts = [(start, start + len(word), word)]
    j = i + 1
    while j < len(toks) and len(parts) < 4:
        s2, _, t2 = toks[j]
        if text[parts[-1][1] : s2].strip():
            break  # punctuation between the words
        core = t2.rstrip(".")
        initial = re.fullmatch(r"[A-ZÀ-Þ]\.", t2) is not None
        particle = j + 1 < len(toks) and (
            core in _NAME_PARTICLES
            or (core in ("der", "den") and parts[-1][2] in ("von", "van", "Van"))
        )
        if (
            not initial
            and not particle
            and (
                not (core[:1].isupper() or _PARTICLE_HYPHEN_RE.match(core))
                or core.isupper()
                or fold(core) in stop
                or (is_known_name(core) and not _city_surname(text, toks, i, j))
                or _DE_ROLE_RE.match(core)
                or len(core) < 2
            )
        ):
            break
        parts.append((s2, s2 + (len(t2) if initial else len(core)), t2 if initial else core))
        j += 1
        real = [p for p in parts if p[2] not in _NAME_PARTICLES and p[2] not in ("der", "den")]
        if len(real) >= 2 and fold(real[-1][2]) not in names:
            break  # "Sonja Wehsely", not "Sonja Wehsely Empörung"
        if t2 != core or initial:
            break  # punctuation or an initial ends the name
    while parts and parts[-1][2] in (*_NAME_PARTICLES, "der", "den"):
        parts.pop()  # "Alexander Van" of "Alexander Van der Bellen" stays whole
    return parts, j


_WORD_TOKEN_RE = re.compile(r"[^\W\d_][\w'’-]*")
_CAP_NAME_RE = re.compile(r"[A-ZÀ-ÖØ-ÞŁŚŻŹĆŃŞŠŽČŘ][a-zß-ÿğışžčćřěůłńśźżő'’-]+")
_AFTER_DETERMINER = _DETERMINERS | {"ihr", "ihre", "sein", "seine", "unser", "unsere", "diesen"}


# Endings of German nouns and plurals: a first word with one of them, unless it
# is a known first name, is not a first name.
_DE_NOUN_ENDINGS = (
    "ung",
    "heit",
    "keit",
    "schaft",
    "tion",
    "sion",
    "tat",
    "ismus",
    "chen",
    "nis",
    "tum",
    "mann",
    "leute",
    "en",
    "er",
    "ern",
    "el",
)


def full_names_of(
    text: str,
    surnames: set[str],
    is_known_name: Callable[[str], bool],
    lowercase_words: set[str],
) -> list[tuple[int, int, str]]:
    """ "First Last" names of people known by their surname, as ``(start, end, name)``.

    For German text without a NER model, where nouns are capitalised too:
    "Premier Yıldırım" (a role noun gave the surname) makes "Binali Yıldırım"
    the full name, though "Binali" is not in the first-name lexicon. `surnames`
    are folded surnames already known as persons. The first word is
    capitalised, not a stop word, a place, a role noun, a word the text also
    writes in lower case, a common noun or one with a German noun ending, and
    neither opens a sentence nor follows an article; the surname never follows
    an article ("die Bank").
    """
    stop = stop_words()
    toks = [(m.start(), m.end(), m.group()) for m in _WORD_TOKEN_RE.finditer(text)]
    folded = [fold(t) for _, _, t in toks]
    after_article, alone = _capitalised_words(toks, folded)

    def wordish(i: int) -> bool:
        t, key = toks[i][2], folded[i]
        return (
            _CAP_NAME_RE.fullmatch(t) is not None
            and len(key) >= 3
            and key not in stop
            and key not in lowercase_words
            and not _DE_ROLE_RE.match(t)
            and not is_known_name(t)
        )

    out = []
    for i in range(len(toks) - 1):
        (s1, e1, _), (s2, e2, last) = toks[i], toks[i + 1]
        if text[e1:s2] != " " or not wordish(i) or not wordish(i + 1):
            continue
        if i and folded[i - 1] in _AFTER_DETERMINER:
            continue
        if _char_before(text, s1) in _SENTENCE_OPENERS:
            continue  # "Tritt Schaden … zurück": a verb opens the sentence
        key = folded[i + 1]
        if key in first_names() or key in after_article or folded[i] in after_article:
            continue
        if folded[i] not in first_names() and (
            folded[i].endswith(_DE_NOUN_ENDINGS) or folded[i] in common_nouns()
        ):
            continue  # "Stadt Sabratha", "Millionen Bewohner", "Gefolgsmann Yıldırım"
        if key not in surnames or alone.get(folded[i], 0) > alone.get(key, 0):
            continue
        if is_known_name(f"{toks[i][2]} {last}"):
            continue
        out.append((s1, e2, text[s1:e2]))
    return out


#: What may precede a sentence's first word ("" = the start of the text).
_SENTENCE_OPENERS = frozenset(("", *'.!?:"“”„«»'))


def _char_before(text: str, pos: int) -> str:
    """The last non-space character before `pos` ("" if none).

    Scans back over the spaces only: ``text[:pos].rstrip()[-1:]`` copied the
    text before every candidate pair, quadratic in the article's length
    (seconds on a long German article).
    """
    i = pos - 1
    while i >= 0 and text[i].isspace():
        i -= 1
    return text[i] if i >= 0 else ""


def _capitalised_words(
    toks: list[tuple[int, int, str]], folded: list[str]
) -> tuple[set[str], dict[str, int]]:
    """Capitalised words seen after an article, and how often each occurs (genitive -s too)."""
    after_article: set[str] = set()
    alone: dict[str, int] = {}
    for i, (_, _, t) in enumerate(toks):
        if not _CAP_NAME_RE.fullmatch(t):
            continue
        key = folded[i]
        if i and folded[i - 1] in _AFTER_DETERMINER:
            after_article.add(key)
            after_article.add(key[:-1] if key.endswith("s") else key)
        alone[key] = alone.get(key, 0) + 1
        if key.endswith("s"):
            alone[key[:-1]] = alone.get(key[:-1], 0) + 1
    return after_article, alone
