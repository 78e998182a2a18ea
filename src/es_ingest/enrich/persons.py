"""Person names: cleaning, filtering and merging of NER PER mentions in one article.

`clean_person(text)` strips titles and honorifics (``titles.txt``), elided
articles ("d'Hitler" -> "Hitler"), possessive 's and stray punctuation, and
returns None when nothing name-like is left. `is_plausible_person` rejects
all-caps headline noise, single common words, and names the gazetteer knows as
places or organisations. `merge_persons` maps every mention to the fullest form
the article uses for that person ("M. Kerry", "Kerry" -> "John Kerry").
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from es_ingest.enrich.gazetteer import data_lines, fold

logger = logging.getLogger(__name__)

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
    "école",
    "ecole",
    "maternelle",
    "school",
    "schule",
    "église",
    "church",
    "kirche",
    "cathédrale",
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
    # Named things: platforms, brands, media, works, diseases, storms
    # ("la plateforme Leetchi", "l'épidémie de Covid", "l'ouragan Irma").
    "plateforme",
    "platform",
    "plattform",
    "site",
    "website",
    "application",
    "appli",
    "app",
    "marque",
    "brand",
    "marke",
    "maison",
    "magazine",
    "magazin",
    "journal",
    "newspaper",
    "zeitung",
    "émission",
    "show",
    "sendung",
    "film",
    "movie",
    "série",
    "series",
    "serie",
    "album",
    "chanson",
    "song",
    "livre",
    "book",
    "buch",
    "roman",
    "novel",
    "épidémie",
    "epidemie",
    "epidemic",
    "virus",
    "maladie",
    "disease",
    "ouragan",
    "hurricane",
    "hurrikan",
    "tempête",
    "storm",
    "sturm",
    "typhon",
    "typhoon",
    "taifun",
    "cyclone",
    "zyklon",
}
_DISEASES = {
    "épidémie",
    "epidemie",
    "pandémie",
    "pandemie",
    "epidemic",
    "pandemic",
    "maladie",
    "disease",
    "syndrome",
    "virus",
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
    # Organisations, not people ("Budget Committee", "Reagan Administration").
    "committee",
    "ministry",
    "administration",
    "administrations",
    "department",
    "commission",
    "council",
    "association",
    "agency",
    "bancorp",
    "venture",
    "exchange",
    "ministère",
    "ministerium",
    # Reuters' abbreviations of figures ("U.S. Dlrs", "Avg").
    "dlr",
    "dlrs",
    "avg",
    "revs",
    "shr",
    "shrs",
    "cts",
    "mln",
}
# Month abbreviations: a "name" made only of them is a table's header ("Jul
# Jun/Aug"); "Jan" alone may be a first name.
_MONTHS = {
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
}

# Last words of names of seas, rivers and landforms ("North Sea", "Pearl River").
_GEO_LAST = {"sea", "ocean", "river", "gulf", "valley", "islands", "mountains", "meer", "ozean"}

# A sentence end ("LREM.Selon") or an all-caps headline ("COMPLOTCelle") glued
# to the next sentence's capitalised word.
_GLUE_RE = re.compile(
    r"(?<=[^\W_]{2}\.)(?=[A-ZÀ-Þ][a-zà-ÿ])|(?<=[A-ZÀ-Þ]{2})(?=[A-ZÀ-Þ][a-zà-ÿ]{2})"
)

# Lower-case words that end a name inside a NER span.
_NAME_BREAKS = {
    "à",
    "au",
    "aux",
    "en",
    "et",
    "chez",
    "dans",
    "sur",
    "pour",
    "in",
    "at",
    "from",
    "and",
    "und",
    "im",
    "aus",
    "nach",
    "bei",
}

# Generational suffixes: not a surname, ignored when merging ("Andres Soriano III").
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}

# Capitalised function words that open a sentence before a name ("Besides
# Vaskevitch", "Without Challenger"): stripped from the start of a name.
_LEADING_WORDS = {
    "besides",
    "without",
    "with",
    "after",
    "before",
    "under",
    "since",
    "although",
    "while",
    "when",
    "if",
    "but",
    "and",
    "also",
    "meanwhile",
    "however",
    "despite",
    "during",
    "according",
    "unlike",
    "like",
    "for",
    "from",
    "by",
    "to",
    "as",
    "at",
    "in",
    "on",
    "of",
    "selon",
    "pour",
    "avec",
    "sans",
    "après",
    "avant",
    "mais",
    "et",
    "dans",
    "chez",
    "pendant",
    "contre",
    "quand",
    "lorsque",
    "laut",
    "nach",
    "mit",
    "ohne",
    "für",
    "bei",
    "und",
    "aber",
    "auch",
    "wie",
}


@lru_cache(maxsize=1)
def titles() -> frozenset[str]:
    """Folded titles and role words (from ``titles.txt``)."""
    return frozenset(fold(fields[0]).rstrip(".") for fields in data_lines("titles.txt"))


def _strip_titles(tokens: list[str]) -> list[str]:
    known = titles()
    while tokens and (
        fold(tokens[0]).rstrip(".") in known
        or tokens[0] in ("M.", "Mme.")
        or (len(tokens) > 1 and fold(tokens[0]) in _LEADING_WORDS)
    ):
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
    # Sentences glued by a lost line break ("LREM.Selon", "DU COMPLOTCelle"):
    # the name ends at the glue.
    glue = _GLUE_RE.search(name)
    if glue:
        name = name[: glue.start()].strip(_EDGE_PUNCT)
    # "Édouard Philippe à Matignon", "Alain Juppé et François Fillon": the
    # name ends before a lower-case preposition or conjunction.
    tokens = name.split()
    for k, tok in enumerate(tokens[1:], 1):
        if tok in _NAME_BREAKS:
            name = " ".join(tokens[:k]).strip(_EDGE_PUNCT)
            break
    if not name or not name[0].isupper():
        return None
    if re.search(r"(?:^|\s)[A-ZÀ-Þ]$", name) and text.rstrip().endswith("."):
        name += "."  # "Hasan E." keeps the period of its initial
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
    # Company words inside the name ("Arcalex B.V", "American Bank", "U.S. Dlrs").
    parts = [fold(p).rstrip(".") for t in name.split() for p in t.split("/")]
    if any(p in _COMPANY_WORDS for p in parts) or all(p in _MONTHS for p in parts):
        return False
    if len(tokens) > 1 and fold(tokens[-1]) in _GEO_LAST:
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
    # Only the word right before or after counts: punctuation in between (a
    # sentence that ends with "centre." or "plan.") cuts the context.
    before = re.findall(r"[\w'-]+(?=\s*$)", text[max(0, start - 40) : start])
    after = re.findall(r"^\s*([\w'-]+)", text[end : end + 30])
    if before and re.sub(r"^[ldLD]['’]", "", before[-1]).casefold() in _THING_BEFORE:
        return True  # "la loi César", "l'ouragan Irma"
    # "l'épidémie de Covid" (diseases only: "le film de Luc Besson" names him)
    words = re.findall(r"[\w'-]+", text[max(0, start - 40) : start])
    if (
        len(words) >= 2
        and words[-1].casefold() in ("de", "du", "of", "von")
        and re.sub(r"^[ldLD]'", "", words[-2]).casefold() in _DISEASES
        and re.search(r"\w\s+$", text[max(0, start - 5) : start])
    ):
        return True
    if after and (after[0].casefold() in _THING_AFTER) and after[0][:1].isupper():
        return True
    if after and after[0] in ("Co", "Corp", "Inc", "Ltd", "GmbH", "AG", "SA"):
        return True
    if after and after[0].casefold() in ("index", "indices", "average", "indexes"):
        return True  # "the Hang Seng index", "the Dow Jones average"
    # "C. Itoh and Co Ltd", "Smith & Sons"
    if re.match(r"\s*(?:and|&|et|und)\s+(?:Co\b|Cie\b|Sons\b|Söhne\b)", text[end : end + 20]):
        return True
    # "Covid-19", "Dallas Stars 3:2", « Viral 50 »: a name glued to a number, a
    # score, or a quoted name with a number is a thing's name ("led by Mark
    # Hammer 200,000 shares", "Alfred Stingl 2003" are people).
    after_text = text[end : end + 8]
    quoted = re.search(r"[«“\"„]\s?$", text[max(0, start - 2) : start]) is not None
    if (
        re.match(r"-\d", after_text)
        or re.match(r"\s\d{1,2}:\d", after_text)
        or (quoted and re.match(r"\s\d", after_text))
    ):
        return True
    # A name alone in quotes is a title or a nickname ("le rôle du « Narrateur »").
    if re.search(r"[«“\"„]\s?$", text[max(0, start - 2) : start]) and re.match(
        r"\s?[»”\"“]", text[end : end + 2]
    ):
        return True
    # "the Haj Omran border area": a person's name does not follow a bare "the".
    return bool(before and before[-1] == "the")


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


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """Folded first names of many locales (Faker's person providers).

    Empty (and a log line) when Faker is not installed. Names that are stop
    words ("Will", "Guy", "Pierre" stay: only stop words are dropped) are left out.
    """
    try:
        import importlib
        import pkgutil

        from faker.providers import person
    except ImportError:  # pragma: no cover - faker is a declared dependency
        logger.info("faker not installed: no first-name lexicon")
        return frozenset()
    from es_ingest.enrich.gazetteer import stop_words

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
    return frozenset(n for n in names if len(n) >= 3 and n not in stop)


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


def lexicon_persons(text: str, is_known_name: Callable[[str], bool]) -> list[tuple[int, int, str]]:
    """ "First Last" names whose first word is a known first name, as ``(start, end, name)``.

    For text without a NER model. One or two capitalised words follow the
    first name ("Mehmet Şimşek", "Hasan E."); words the gazetteer knows as
    places or stop words end the name.
    """
    names = first_names()
    if not names:
        return []
    stop = _stop()
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
        parts = [(start, start + len(word), word)]
        if tok.endswith("."):  # "Mehmet." ends a sentence
            i += 1
            continue
        j = i + 1
        while j < len(toks) and len(parts) < 4:
            s2, e2, t2 = toks[j]
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
                    or is_known_name(core)
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
        if len(parts) >= 2:
            s, e = parts[0][0], parts[-1][1]
            out.append((s, e, text[s:e]))
            i = j
        else:
            i += 1
    return out


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


@lru_cache(maxsize=1)
def _common_nouns() -> frozenset[str]:
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
    stop = _stop()
    toks = [(m.start(), m.end(), m.group()) for m in _WORD_TOKEN_RE.finditer(text)]
    folded = [fold(t) for _, _, t in toks]
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
        if not text[:s1].rstrip() or text[:s1].rstrip()[-1] in '.!?:"“”„«»':
            continue  # "Tritt Schaden … zurück": a verb opens the sentence
        key = folded[i + 1]
        if key in first_names() or key in after_article or folded[i] in after_article:
            continue
        if folded[i] not in first_names() and (
            folded[i].endswith(_DE_NOUN_ENDINGS) or folded[i] in _common_nouns()
        ):
            continue  # "Stadt Sabratha", "Millionen Bewohner", "Gefolgsmann Yıldırım"
        if key not in surnames or alone.get(folded[i], 0) > alone.get(key, 0):
            continue
        if is_known_name(f"{toks[i][2]} {last}"):
            continue
        out.append((s1, e2, text[s1:e2]))
    return out


def _stop() -> frozenset[str]:
    from es_ingest.enrich.gazetteer import stop_words

    return stop_words()


def name_key(name: str) -> tuple[str, ...]:
    """Folded tokens of a name without particles, for comparing mentions."""
    toks = fold(name).replace("-", " ").replace("'", " ").replace("\u2019", " ").split()
    toks = [t.rstrip(".") for t in toks if t not in _PARTICLES]
    while len(toks) > 1 and toks[-1] in _SUFFIXES:
        toks.pop()  # "Andres Soriano III" and "Soriano" are one person
    return tuple(toks)


def merge_persons(names: Iterable[str]) -> dict[str, str]:
    """Map each name to the fullest form used in the article for that person.

    A name merges into a longer one when its tokens (folded, particles such as
    "al-" ignored) all occur in the longer one and its last token is the
    longer one's last token, or when it is a single token equal to the longer
    one's last token ("Kerry" -> "John Kerry"). Among several candidates the
    longest wins, then the most frequent. Names equal after folding (and a
    German genitive "Kemlers" next to "Kemler") merge into the form with the
    most words ("Muammar al-Gaddafi"), then the most frequent, then the shortest.
    """
    order: list[str] = []
    counts: dict[str, int] = {}
    for n in names:
        if n not in counts:
            order.append(n)
            counts[n] = 0
        counts[n] += 1
    keys = {n: name_key(n) for n in order}
    # German genitive: "Rudolf Kemlers" is "Rudolf Kemler" when both occur.
    all_keys = set(keys.values())
    for n, k in keys.items():
        if k and k[-1].endswith("s") and (*k[:-1], k[-1][:-1]) in all_keys:
            keys[n] = (*k[:-1], k[-1][:-1])
    mapping: dict[str, str] = {}
    for n in order:
        k = keys[n]
        best = n
        best_score = (len(k), _parts(n), counts[n], -len(n))
        for m in order:
            km = keys[m]
            if m == n or len(km) < len(k) or not k or not km:
                continue
            if km == k or (len(km) > len(k) and _contained(k, km)) or _first_name_of(k, km, keys):
                score = (len(km), _parts(m), counts[m], -len(m))
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


def _parts(name: str) -> int:
    """Words of a name, particles included ("Muammar al-Gaddafi": 3)."""
    return len(name.replace("-", " ").split())


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
