"""Person names: cleaning, filtering and merging of NER PER mentions in one article.

`clean_person(text)` strips titles and honorifics (``titles.txt``), elided
articles ("d'Hitler" -> "Hitler"), possessive 's and stray punctuation, and
returns None when nothing name-like is left. `is_plausible_person` rejects
all-caps headline noise, single common words, and names the gazetteer knows as
places or organisations. `merge_persons` maps every mention to the fullest form
the article uses for that person ("M. Kerry", "Kerry" -> "John Kerry").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from es_ingest.enrich.gazetteer import data_lines, fold

_APOSTROPHES = "'\u2019`\u00b4"
_ELISION_RE = re.compile(r"^(?:[dDlL]|qu|Qu)[" + _APOSTROPHES + r"]\s*(?=\w)")
_POSSESSIVE_RE = re.compile(r"[" + _APOSTROPHES + r"]s?$")
_EDGE_PUNCT = " \t\n\"«»“”„‘’'`()[]{}.,;:!?-–—/\\|*+_"
_PARTICLES = {"al", "el", "ben", "bin", "ibn", "abu", "abou"}

# Words right before a name that make it part of the name of a thing
# ("loi César", "porte-avions Charles-de-Gaulle", "Nobel Prize").
_THING_BEFORE = {
    "loi",
    "law",
    "gesetz",
    "porte-avions",
    "prix",
    "rue",
    "avenue",
    "boulevard",
    "place",
    "quai",
    "aéroport",
    "aeroport",
    "airport",
    "lycée",
    "collège",
    "université",
    "hôpital",
    "stade",
    "fondation",
    "institut",
    "musée",
    "gare",
    "pont",
    "station",
    "opération",
    "operation",
    "plan",
    "affaire",
    "doctrine",
    "fort",
    "navire",
    "frégate",
    "sous-marin",
    "avenida",
    "straße",
    "strasse",
    "platz",
    "flughafen",
    "hotel",
    "hôtel",
    "centre",
    "center",
    "club",
    "groupe",
    "group",
    "société",
    "company",
    "compagnie",
    "banque",
    "bank",
}
_THING_AFTER = {
    "act",
    "prize",
    "award",
    "street",
    "avenue",
    "airport",
    "foundation",
    "university",
    "institute",
    "center",
    "centre",
    "company",
    "co",
    "corp",
    "corporation",
    "inc",
    "ltd",
    "plc",
    "group",
    "bank",
    "hospital",
    "school",
    "college",
    "doctrine",
    "plan",
    "trophy",
    "cup",
    "stiftung",
    "preis",
    "straße",
    "and",
}


_COMPANY_WORDS = {
    "b.v",
    "bv",
    "n.v",
    "nv",
    "ltd",
    "inc",
    "corp",
    "co",
    "plc",
    "gmbh",
    "ag",
    "sa",
    "s.a",
    "bank",
    "group",
    "holdings",
    "airlines",
    "motors",
    "international",
    "partners",
}


@lru_cache(maxsize=1)
def titles() -> frozenset[str]:
    """Folded titles and role words (from ``titles.txt``)."""
    return frozenset(fold(fields[0]).rstrip(".") for fields in data_lines("titles.txt"))


def _strip_titles(tokens: list[str]) -> list[str]:
    known = titles()
    while tokens and (fold(tokens[0]).rstrip(".") in known or tokens[0] in ("M.", "Mme.")):
        tokens = tokens[1:]
    # Role words with elision ("l'ayatollah") are removed by the elision rule first.
    return tokens


def clean_person(text: str) -> str | None:
    """The name inside a PER mention, or None if nothing name-like remains."""
    name = " ".join(text.replace("\u00a0", " ").split())
    name = name.strip(_EDGE_PUNCT)
    for _ in range(3):
        before = name
        name = _ELISION_RE.sub("", name)
        tokens = _strip_titles(name.split())
        name = " ".join(tokens)
        name = _POSSESSIVE_RE.sub("", name).strip(_EDGE_PUNCT)
        if name == before:
            break
    if not name or not name[0].isupper():
        return None
    return name


def is_all_caps(name: str) -> bool:
    """True for headline-style names ("JOHN KERRY"); initials are allowed."""
    words = [w for w in re.findall(r"[^\W\d_]+", name) if len(w) > 1]
    return bool(words) and all(w.isupper() for w in words)


def is_plausible_person(
    name: str,
    *,
    lowercase_words: set[str],
    is_known_name: Callable[[str], bool],
) -> bool:
    """Reject headline noise, common words and names of places or organisations.

    `lowercase_words` are the folded words that the article writes in lower
    case (a single-token "name" that also occurs as a common word is not a
    name); `is_known_name(name)` tells whether the gazetteer knows `name` as a
    place, country, demonym or organisation.
    """
    if is_all_caps(name):
        return False
    tokens = name.replace("-", " ").split()
    if not tokens or not any(t[:1].isupper() for t in tokens):
        return False
    if any(ch.isdigit() for ch in name):
        return False
    # Company words inside the name ("Arcalex B.V", "American Bank").
    if any(fold(t).rstrip(".") in _COMPANY_WORDS for t in name.split()):
        return False
    if is_known_name(name):
        return False
    if len(tokens) == 1:
        word = fold(tokens[0])
        if word in lowercase_words or word in titles() or len(word) < 2:
            return False
    # A French-style place or thing name: "Charles-de-Gaulle", "Jean-de-la-Fontaine".
    return not re.search(r"\w-(?:de|du|des|la|le|d'|sur|en)-\w", name)


def is_thing_context(text: str, start: int, end: int) -> bool:
    """True when the words around `text[start:end]` make it part of a thing's name."""
    before = re.findall(r"[\w'-]+", text[max(0, start - 40) : start])
    after = re.findall(r"[\w'-]+", text[end : end + 30])
    if before and before[-1].casefold() in _THING_BEFORE:
        return True
    if after and (after[0].casefold() in _THING_AFTER) and after[0][:1].isupper():
        return True
    if after and after[0] in ("Co", "Corp", "Inc", "Ltd", "GmbH", "AG", "SA"):
        return True
    # "C. Itoh and Co Ltd", "Smith & Sons"
    if re.match(r"\s*(?:and|&|et|und)\s+(?:Co\b|Cie\b|Sons\b|Söhne\b)", text[end : end + 20]):
        return True
    # "the Haj Omran border area": a person's name does not follow a bare "the".
    return bool(before and before[-1] == "the")


# German role nouns that introduce a name ("Außenminister Lubomír Zaorálek",
# "Russlands Präsident Wladimir Putin"); used where no NER model exists.
_DE_ROLE_RE = re.compile(
    r"^(?:\w*(?:minister|präsident|premier|chef|sprecher|sprecherin|kanzler|sekretär|botschafter"
    r"|politiker|abgeordnete|vorsitzende|gouverneur|bürgermeister|kommissar|diplomat"
    r"|staatssekretär|oberhaupt|führer|anführer|richter|anwalt|autor|trainer|sozialdemokrat"
    r"|konservative|rechtspopulist|oppositionelle|präsidentschaftskandidat|kandidat|machthaber"
    r"|milizenführer|chefdiplomat|publizist|ökonom|experte|analyst|politologe))(?:in|en|n|s|es)?$",
    re.IGNORECASE,
)
_NAME_TOKEN_RE = re.compile(r"^(?:[A-ZÀ-ÖØ-ÞŁŚŻŹĆŃŞŠŽČŘ][\w'’-]*\.?|[A-Z]\.)$")
_DE_STOP_NAME = {"der", "die", "das", "des", "dem", "den", "und", "von", "zu"}


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
        start, end = name_toks[0][0], name_toks[-1][1]
        out.append((start, end, text[start:end]))
    return out


def name_key(name: str) -> tuple[str, ...]:
    """Folded tokens of a name without particles, for comparing mentions."""
    toks = fold(name).replace("-", " ").replace("'", " ").replace("\u2019", " ").split()
    return tuple(t.rstrip(".") for t in toks if t not in _PARTICLES)


def merge_persons(names: Iterable[str]) -> dict[str, str]:
    """Map each name to the fullest form used in the article for that person.

    A name merges into a longer one when its tokens (folded, particles such as
    "al-" ignored) all occur in the longer one and its last token is the
    longer one's last token, or when it is a single token equal to the longer
    one's last token ("Kerry" -> "John Kerry"). Among several candidates the
    longest wins, then the most frequent. Names equal after folding merge into
    the first form seen with the most tokens.
    """
    order: list[str] = []
    counts: dict[str, int] = {}
    for n in names:
        if n not in counts:
            order.append(n)
            counts[n] = 0
        counts[n] += 1
    keys = {n: name_key(n) for n in order}
    mapping: dict[str, str] = {}
    for n in order:
        k = keys[n]
        best = n
        best_score = (len(k), counts[n], len(n))
        for m in order:
            km = keys[m]
            if m == n or len(km) < len(k) or not k or not km:
                continue
            if km == k or (len(km) > len(k) and _contained(k, km)) or _first_name_of(k, km, keys):
                score = (len(km), counts[m], len(m))
                if score > best_score:
                    best, best_score = m, score
        mapping[n] = best
    # Follow chains (A -> B -> C).
    for n in order:
        seen = {n}
        target = mapping[n]
        while mapping.get(target, target) != target and target not in seen:
            seen.add(target)
            target = mapping[target]
        mapping[n] = target
    return mapping


def _first_name_of(
    short: tuple[str, ...], long: tuple[str, ...], keys: dict[str, tuple[str, ...]]
) -> bool:
    """A lone first name ("Grégory") of exactly one fuller name in the article."""
    if len(short) != 1 or len(long) < 2 or long[0] != short[0]:
        return False
    if any(k and k[-1] == short[0] and len(k) > 1 for k in keys.values()):
        return False
    # Only one fuller name may start with it ("Steve" -> "Steve Maia Caniço").
    fuller = {k for k in keys.values() if len(k) >= 2 and k[0] == short[0]}
    return len(fuller) == 1


def _contained(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    if short[-1] != long[-1]:
        return False
    it = iter(long)
    return all(any(tok == x for x in it) for tok in short)
