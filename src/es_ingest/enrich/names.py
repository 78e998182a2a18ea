"""Rules about person names: cleaning, plausibility, things named after people, merging.

`clean_person(text)` strips titles and honorifics (``titles.txt``), elided
articles ("d'Hitler" -> "Hitler"), possessive 's and stray punctuation, and
returns None when nothing name-like is left. `is_plausible_person` rejects
all-caps headline noise, single common words, and names the gazetteer knows as
places or organisations. `is_thing_context` tells a name that is part of a
thing's name ("loi César"). `merge_persons` maps every mention to the fullest
form the article uses for that person ("M. Kerry", "Kerry" -> "John Kerry").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from es_ingest.enrich.lexicons import titles
from es_ingest.text import fold

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
# Words right after a name that make it part of the name of a thing
# ("Nobel Prize", "Hilton Foundation").
_THING_WORDS_AFTER = {
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

# "Martin Marietta Corp", "Buitoni SpA": capitalised words before a company word.
COMPANY_NAME_RE = re.compile(
    r"((?:[A-Z][\w&'’.-]*\s+){1,4}?)(?:Inc|Corp|Corporation|Co|Cos|Ltd|Plc|PLC|SA|AG|SpA|Spa"
    r"|NV|N\.V|BV|B\.V|GmbH|Group|Holdings|Industries|Bancorp|Banks?|Airlines|Motors)\b"
)


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
    if not name or not _capital(name[0]):
        return None
    if re.search(r"(?:^|\s)[A-ZÀ-Þ]$", name) and text.rstrip().endswith("."):
        name += "."  # "Hasan E." keeps the period of its initial
    return name


def _capital(ch: str) -> bool:
    """An upper-case letter, or a letter of a script without case (Chinese, Arabic)."""
    return ch.isupper() or (ch.isalpha() and not ch.islower())


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
    if not tokens or not any(t[:1] and _capital(t[0]) for t in tokens):
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
        # "la loi César", "l'ouragan Irma"; but a thing word that completes a
        # noun before it names nothing ("testa di serie Sara Errani", the seed).
        two = re.findall(r"[\w'-]+", text[max(0, start - 40) : start])[-2:]
        if not (len(two) == 2 and two[0].casefold() in ("di", "de")):
            return True
    # "l'épidémie de Covid" (diseases only: "le film de Luc Besson" names him)
    words = re.findall(r"[\w'-]+", text[max(0, start - 40) : start])
    if (
        len(words) >= 2
        and words[-1].casefold() in ("de", "du", "of", "von")
        and re.sub(r"^[ldLD]'", "", words[-2]).casefold() in _DISEASES
        and re.search(r"\w\s+$", text[max(0, start - 5) : start])
    ):
        return True
    if after and (after[0].casefold() in _THING_WORDS_AFTER) and after[0][:1].isupper():
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
            # A regnal or generational name is not a lone first name: "Richard
            # III" is not "Richard Plantagenet", his father.
            lone_first = _first_name_of(k, km, keys) and len(n.split()) == len(k)
            if km == k or (len(km) > len(k) and _contained(k, km)) or lone_first:
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
