"""Step "names_multilingual": person spans in languages without a NER model.

Runs after "rule_ner" (German-minded role nouns and Latin first names) on
Spanish, Italian, Portuguese, Polish, Russian, Ukrainian, Turkish, Chinese,
Arabic and German articles, and adds PER spans to `state.ner`:

- a title, honorific or role of the article's language before a name
  (`person_titles.tsv`: "el presidente Mauricio Macri", "prezydentem Andrzejem
  Dudą", "президент России Владимир Путин" (a place between the role and the
  name is skipped), "Cumhurbaşkanı Erdoğan'ın");
- in Cyrillic, a known first name and the capitalised words after it
  ("Майкл Фэллон", "Дональду Трампу"): a first name is one whose
  transliteration (through the person-name lexicon) is in the first-name
  lexicon, after undoing the Russian case endings; the span's name is the
  nominative ("Дональд Трамп"), the mention keeps the article's form;
- in Chinese, a transcribed foreign name: known name parts joined by a
  middle dot ("唐纳德·特朗普").

Context cues (`name_cues`: regnal numerals, verbs of saying, "named",
apposition after a title) add names in the same languages, Arabic has rules
of its own (`arabic_names`), and Turkish names lose their case suffix
("Richard Plantagenet'le").

It also drops one-word PER spans that are an inflected place name ("Premier
Polski spotkał…": "Polski" is Poland in the genitive). The lexicons load once
per process, and each language's titles only when an article of that
language arrives.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from es_ingest.enrich.han_script import simplified
from es_ingest.enrich.lexicons import first_name_locales, polish_first_names
from es_ingest.enrich.name_lexicons import is_first_name_form, is_title
from es_ingest.enrich.spans import NerSpan, SpanIndex
from es_ingest.enrich.state import ArticleState
from es_ingest.gazetteer import Gazetteer
from es_ingest.person_identity import canonical_part, known_form, lexicon
from es_ingest.stopwords import stop_words
from es_ingest.text import fold

#: Main languages this step runs for (no spaCy model for them).
LANGUAGES = frozenset({"de", "es", "it", "pt", "pl", "ru", "uk", "tr", "zh", "ar"})
#: Languages whose titles come from `person_titles.tsv` instead of rule_ner's
#: German role nouns (German has both).
TITLE_LANGUAGES = frozenset({"es", "it", "pt", "pl", "ru", "uk", "tr", "ar"})

_TOKEN_RE = re.compile(r"[^\W\d_][\w'’.-]*")
_ROMAN_RE = re.compile(r"^(?:I|II|III|IV|V|VI|VII|VIII|IX|X|XI|XII|XIII|XIV|XV|XVI)$")
_INITIAL_RE = re.compile(r"^[A-ZÀ-ÞА-ЯЁ]\.$")
# Russian and Ukrainian case endings, longest first, with the nominative
# ending they replace: "Трампу" -> "Трамп", "Саре" -> "Сара".
_CYRILLIC_ENDINGS = (
    ("ого", ""),
    ("ому", ""),
    ("ым", ""),
    ("ом", ""),
    ("ем", ""),
    ("ой", "а"),
    ("ей", "я"),
    ("у", ""),
    ("а", ""),
    ("е", ""),
    ("ю", "я"),
    ("у", "а"),
    ("ы", "а"),
    ("и", "я"),
    ("е", "а"),
)
_HAN_NAME_RE = re.compile(r"[\u4e00-\u9fff]{1,6}(?:[·•・][\u4e00-\u9fff]{1,6})+")

Token = tuple[int, int, str]


def applies(state: ArticleState) -> bool:
    """Articles in `LANGUAGES` whose main language has no spaCy model."""
    return not state.has_model and state.language in LANGUAGES


def run(state: ArticleState) -> None:
    """Add PER spans to `state.ner`; drop one-word PER spans that are places."""
    text, lang = state.text, state.language
    state.ner[:] = [
        sp
        for sp in state.ner
        if not _inflected_place(sp, lang, state.gazetteer)
        and not (sp.label == "PER" and " " in sp.text and state.gazetteer.lookup(sp.text))
    ]  # "Monte Carlo" (Monte is a first name) is a place
    from es_ingest.enrich.name_cues import cue_names  # name_cues uses this module's helpers

    cued = cue_names(text, lang, state.gazetteer) if lang not in ("zh", "ar") else []
    if lang == "ar":
        from es_ingest.enrich.arabic_names import arabic_names

        cued = arabic_names(text, state.gazetteer)
    # A cue's span wins over a shorter PER span inside it ("Richard" of "Richard III").
    state.ner[:] = [sp for sp in state.ner if not _inside_longer(sp, cued)]
    taken = SpanIndex((sp.start, sp.end, None) for sp in state.ner if sp.label == "PER")
    found: list[NerSpan] = [*cued]
    if (lang in TITLE_LANGUAGES and lang != "ar") or lang == "de":
        # German also keeps rule_ner's role nouns; these are its other titles
        # ("Kaiser Caracalla", "Papst Paul VI.").
        found += _titled_names(text, lang, state.gazetteer)
    if lang in ("ru", "uk", "pl"):
        found += _declined_names(text, state.gazetteer, lang)
    if lang == "zh":
        found += _han_names(text)
        state.ner[:] = [_latin_part(sp) for sp in state.ner]
    for span in found:
        if not taken.overlapping(span.start, span.end):
            state.ner.append(span)
            taken.add(span.start, span.end)
    state.ner[:] = [_after_initial(sp, text, state.gazetteer) for sp in state.ner]
    if lang == "tr":
        state.ner[:] = [
            cut for sp in state.ner if (cut := _without_suffix(sp, state.gazetteer)) is not None
        ]
    if lang in ("pl", "ru", "uk"):
        state.ner[:] = [_in_nominative(sp, lang) for sp in state.ner if _maybe_name(sp, lang)]


def _tokens(text: str) -> list[Token]:
    out = []
    for m in _TOKEN_RE.finditer(text):
        tok = m.group()
        core = tok if re.fullmatch(r"[^\W\d_]\.", tok) else tok.rstrip(".")  # "Z." stays
        out.append((m.start(), m.start() + len(core), core))
    return out


def _glued(text: str, a: Token, b: Token) -> bool:
    """True when only spaces separate tokens `a` and `b`."""
    return not text[a[1] : b[0]].strip()


def _is_place(word: str, gazetteer: Gazetteer, lang: str) -> bool:
    """A place, country or demonym, also inflected ("России", "Polski", "Niemiec")."""
    return any(gazetteer.lookup(form) for form in lemmas(word, lang))


def lemmas(word: str, lang: str) -> Iterator[str]:
    """`word`, then its likely base forms in inflected languages (Polish, Russian…)."""
    yield word
    if lang in ("ru", "uk"):
        for ending, base in _CYRILLIC_ENDINGS:
            if word.endswith(ending) and len(word) > len(ending) + 2:
                yield word[: -len(ending)] + base
    elif lang == "pl":
        # "Polski" (Polska), "Niemiec" (Niemcy)
        for ending, base in (
            ("i", "a"),
            ("y", "a"),
            ("ie", "a"),
            ("ą", "a"),
            ("ę", "a"),
            ("iec", "cy"),
            ("ec", "cy"),
            ("ii", "ia"),
        ):
            if word.endswith(ending) and len(word) > len(ending) + 2:
                yield word[: -len(ending)] + base
    elif lang == "tr":
        head = re.split(r"['’]", word, maxsplit=1)[0]
        if head != word:
            yield head  # "Erdoğan'ın" -> "Erdoğan"


def _name_token(tok: str, lang: str, gazetteer: Gazetteer) -> bool:
    core = re.split(r"['’]", tok, maxsplit=1)[0] if lang == "tr" else tok
    return (
        core[:1].isupper()
        and not core.isupper()
        and len(core) >= 2
        and fold(core) not in stop_words()
        and not is_title(core, lang)
        and not _is_place(core, gazetteer, lang)
    ) or _INITIAL_RE.match(tok) is not None


def _titled_names(text: str, lang: str, gazetteer: Gazetteer) -> list[NerSpan]:
    """Names right after a title or role of `lang` ("el doctor Lee", "президент … Путин")."""
    toks = _tokens(text)
    out: list[NerSpan] = []
    for i, (_, _, tok) in enumerate(toks):
        if not is_title(tok, lang, cues=False):
            continue
        j = i + 1
        # One place or demonym may stand between ("президент России Владимир
        # Путин", "el presidente estadounidense Donald Trump").
        if (
            j < len(toks)
            and _glued(text, toks[i], toks[j])
            and _is_place(toks[j][2], gazetteer, lang)
        ):
            j += 1
        name: list[Token] = []
        prev = toks[j - 1]
        while (
            j < len(toks)
            and len(name) < 3
            and (
                _glued(text, prev, toks[j])
                # an abbreviated title keeps its full stop ("el sr. Gillard")
                or (
                    not name
                    and j == i + 1
                    and len(prev[2]) <= 4
                    and text[prev[1] : toks[j][0]].strip() == "."
                )
            )
        ):
            if not _name_token(toks[j][2], lang, gazetteer):
                break
            name.append(toks[j])
            prev = toks[j]
            j += 1
        if j < len(toks) and name and _ROMAN_RE.match(toks[j][2]) and _glued(text, prev, toks[j]):
            name.append(toks[j])  # "el Papa Pablo VI"
        if name:
            out.append(_span(text, name, lang))
    return out


def _span(text: str, name: list[Token], lang: str) -> NerSpan:
    start, end = name[0][0], name[-1][1]
    if lang == "tr":
        words = [re.split(r"['’]", t, maxsplit=1)[0] for _, _, t in name]
        end = name[-1][0] + len(words[-1])
    else:
        words = [t for _, _, t in name]
    return NerSpan(start, end, "PER", " ".join(words))


#: A regnal numeral ("III"): it does not decline (`nominative`).
_REGNAL = re.compile(r"[IVXL]{1,6}")

#: Polish case endings of names, with the nominative ending they replace
#: ("Oscara" -> "Oscar", "Angelą" -> "Angela", "Petrassiego" -> "Petrassi").
_POLISH_ENDINGS = (
    ("iego", "i"),
    ("ego", ""),
    ("owi", ""),
    ("em", ""),
    ("a", ""),
    ("u", ""),
    ("ą", "a"),
    ("ę", "a"),
    ("y", "a"),
    ("ie", "a"),
)
# Russian words that are not names though capitalised after a title:
# adjectives and abstract nouns in the genitive ("директор Международного
# агентства", "Президент Сообщества Мадрида").
_RU_NOT_NAME_RE = re.compile(r"(?:ого|его|ому|ему|ых|их|ая|ое|ства|ния|ции|ости)$")


def nominative(words: list[str], lang: str = "ru") -> list[str]:
    """Name words in the nominative ("Дональду Трампу" -> "Дональд Трамп").

    The first name shows the case: of the endings whose removal makes it a
    known first name, the one giving the longest base form is undone on it
    ("Саре" -> "Сара", not "Сар"), and the same ending on the surname when
    the first name is masculine ("Трампу" -> "Трамп"). A first name that is
    known as it stands is left alone ("Тина"), and so is its surname. A lone
    Cyrillic surname takes the base form that the name lexicon knows
    ("Трампа" -> "Трамп").
    """
    if not words:
        return words
    if len(words) > 1 and _REGNAL.fullmatch(words[-1]):
        # A regnal numeral does not decline: the case is on the name alone
        # ("Тутмоса III" -> "Тутмос III", like the lone "Тутмоса").
        return [*nominative(words[:-1], lang), words[-1]]
    endings = _POLISH_ENDINGS if lang == "pl" else _CYRILLIC_ENDINGS
    first = words[0]
    if len(words) == 1:
        # A lone word: the base form the lexicons know ("Трампа" -> "Трамп",
        # "Oscara" -> "Oscar"), unless the word is known as it stands.
        def known(w: str) -> bool:
            return known_form(w) if lang in ("ru", "uk") else is_first_name_form(w)

        if not known(first):
            for ending, base in endings:
                stem = first[: -len(ending)] + base
                if first.endswith(ending) and len(stem) > 2 and known(stem):
                    return [stem]
        return words
    if lang == "pl" and _masculine_genitive_pl(words):
        return [words[0][:-1], *words[1:-1], words[-1][:-1]]
    if lang in ("ru", "uk") and len(words) > 2 and _indeclinable(first, endings):
        # "Джеффри Дина Моргана": an indeclinable first name ("Джеффри")
        # leaves the case to a second given name and the surname. With two
        # words nothing shows the case ("Коррадо Пассера" is Corrado Passera).
        return [first, *nominative(words[1:], lang)]
    if lang in ("ru", "uk") and _masculine_genitive_ru(words):
        middle = [
            w[:-1] if w.endswith("а") and is_first_name_form(w[:-1]) else w for w in words[1:-1]
        ]
        return [first[:-1], *middle, words[-1][:-1]]
    if is_first_name_form(first) and not _declined_pair(words, endings):
        return words
    first_endings = endings + _SOFT_ENDINGS if lang in ("ru", "uk") else endings
    fits = [
        (len(first) - len(e) + len(b), e, b)
        for e, b in first_endings
        if first.endswith(e)
        and len(first) > len(e) + 1
        and _soft_base_fits(first[: -len(e)], b)
        and is_first_name_form(first[: -len(e)] + b)
    ]
    if not fits:
        return words
    _, ending, base = max(fits)
    out = [first[: -len(ending)] + base]
    for w in words[1:]:
        if base == "" and w.endswith(ending) and len(w) > len(ending) + 2:
            w = w[: -len(ending)]
        elif lang == "pl" and ending == "iego" and w.endswith("iego"):
            w = w[:-3]
        elif base == "а" and ending == "ой" and w.endswith("ой"):
            w = w[:-2] + "а"  # "Анной Ивановой" -> "Анна Иванова"
        elif base in ("ь", "й"):
            w = _surname_after_soft_name(w, ending)
        out.append(w)
    return out


# Russian cases of a first name ending in a soft sign or "й" ("Эмманюэль",
# "Андрей"): genitive, dative, instrumental, prepositional.
_SOFT_ENDINGS = tuple((e, b) for e in ("ем", "я", "ю", "е") for b in ("ь", "й"))
# The same case on a surname: the hard ending, then the soft one.
_SURNAME_CASE = {"я": ("а", "я"), "ю": ("у", "ю"), "ем": ("ым", "ом", "ем"), "е": ("е",)}
_VOWELS = "аеёиоуыэюя"


def _soft_base_fits(stem: str, base: str) -> bool:
    """ "й" follows a vowel ("Андре-й"), a soft sign a consonant ("Игор-ь")."""
    if base == "й":
        return stem[-1:] in tuple(_VOWELS)
    if base == "ь":
        return stem[-1:] not in tuple(_VOWELS)
    return True


def _surname_after_soft_name(word: str, ending: str) -> str:
    """The nominative of a surname in the case of a soft first name's `ending`.

    "Эмманюэлем Макроном" -> "Макрон" (instrumental "-ом"; "Сергеем
    Лавровым" -> "Лавров"), "Андрея
    Гайдая" -> "Гайдай", "Игоря Гоголя" -> "Гоголь" (a soft ending gives
    back "й" after a vowel, "ь" after a consonant); a surname in no such
    case stays ("Андрея Громыко").
    """
    for case in _SURNAME_CASE[ending]:
        stem = word[: -len(case)]
        if not word.endswith(case) or len(stem) < 3:
            continue
        if case in ("а", "у", "ом", "ым", "е"):
            return stem
        return stem + ("й" if stem[-1] in _VOWELS else "ь")
    return word


# Polish women's surnames end so in the nominative: never a man's genitive.
_PL_FEMININE_SURNAME = ("ska", "cka", "dzka", "owa", "ewa", "ina", "yna")


def _masculine_genitive_pl(words: list[str]) -> bool:
    """A Polish genitive of a foreign man's name: "Josepha Branta" (Joseph Brant).

    Both words end in "-a"; without it the first name is a man's in several
    locales and never a woman's, while with it the form is a woman's name in
    at most one locale ("Josepha") and not a Polish one; the surname is no
    Polish woman's ("-ska", "-owa"...). "Roberta Vinci", "Krystyna Janda",
    "Aleksandra Kowalska" stay.
    """
    first, last = words[0], words[-1]
    if not (first.endswith("a") and last.endswith("a") and len(last) > 4):
        return False
    if last.lower().endswith(_PL_FEMININE_SURNAME):
        return False
    locales = first_name_locales()
    male, female = locales.get(fold(first[:-1]), (0, 0))
    as_is_male, as_is_female = locales.get(fold(first), (0, 0))
    if male < 3 or female or as_is_male or as_is_female > 1:
        return False
    return fold(first) not in polish_first_names()


# Russian women's surnames end so in the nominative: never a man's genitive.
_RU_FEMININE_SURNAME = ("ова", "ева", "ёва", "ина", "ына", "ая", "яя")


def _indeclinable(first: str, endings: tuple[tuple[str, str], ...]) -> bool:
    """A known first name that no case ending fits ("Джеффри", "Хосе", "Тони")."""
    if not is_first_name_form(first):
        return False
    return not any(
        first.endswith(e) and is_first_name_form(first[: -len(e)] + b) for e, b in endings
    )


def _masculine_genitive_ru(words: list[str]) -> bool:
    """A Russian genitive of a foreign man's name: "Джона Бергойна" (John Burgoyne).

    Both words end in "-а" after a consonant, and the first is a name both as
    it stands and without the "-а": the genitive reading wins when the man's
    name without it is given in 5 locales or more and in 3 times as many as
    the name as it stands ("Джон", John: 21 Faker locales; "Джона", Jonah: 3).
    "Александра Бергойна" stays (Alexandra: 25 locales, Alexander 26), and so
    do Russian women's surnames ("Ивана Петрова", "Дина Рубина").
    """
    first, last = words[0], words[-1]
    if not (first.endswith("а") and last.endswith("а") and len(last) > 4):
        return False
    if last[-2] in "аеёиоуыэюяйь" or last.lower().endswith(_RU_FEMININE_SURNAME):
        return False
    locales = first_name_locales()
    male, _ = locales.get(fold(canonical_part(first[:-1])), (0, 0))
    as_is = sum(locales.get(fold(canonical_part(first)), (0, 0)))
    return male >= 5 and male >= 3 * as_is


def _declined_pair(words: list[str], endings: tuple[tuple[str, str], ...]) -> bool:
    """A known first name that is also a case of another, and a surname in that case.

    "Эрнеста Шеклтона": "Эрнеста" is a name as it stands, but "Эрнест" is one
    too, and only "Шеклтон" is a known surname: the pair is in the genitive.
    "Анна Каренина" stays ("Анн" is no first name).
    """
    first, last = words[0], words[-1]
    for ending, base in endings:
        if base or not (first.endswith(ending) and last.endswith(ending)):
            continue
        stem, last_stem = first[: -len(ending)], last[: -len(ending)]
        if len(stem) > 2 and is_first_name_form(stem) and not known_form(last):
            return known_form(last_stem)
    return False


def _declined_names(text: str, gazetteer: Gazetteer, lang: str) -> list[NerSpan]:
    """A known first name, maybe declined, and one or two capitalised words.

    Russian and Ukrainian ("Майкл Фэллон", "Дональду Трампу") and Polish
    ("Donaldowi Trumpowi", "Sarą Errani"), where the first-name lexicon only
    has the nominative. Uncapitalised scripts' Latin names come from rule_ner.
    """
    toks = _tokens(text)
    out: list[NerSpan] = []
    i = 0
    while i < len(toks):
        tok = toks[i][2]
        if not (tok[:1].isupper() and not tok.isupper() and _is_first_name(tok, lang)):
            i += 1
            continue
        name = [toks[i]]
        j = i + 1
        while j < len(toks) and len(name) < 3 and _glued(text, name[-1], toks[j]):
            if not _name_token(toks[j][2], lang, gazetteer):
                break
            name.append(toks[j])
            j += 1
        if len(name) >= 2:
            out.append(_span(text, name, lang))
            i = j
        else:
            i += 1
    return out


def _is_first_name(word: str, lang: str) -> bool:
    if is_first_name_form(word):
        return True
    endings = _POLISH_ENDINGS if lang == "pl" else _CYRILLIC_ENDINGS
    return any(
        word.endswith(e) and len(word) > len(e) + 2 and is_first_name_form(word[: -len(e)] + b)
        for e, b in endings
    )


def _han_names(text: str) -> list[NerSpan]:
    """Chinese transcriptions of foreign names: parts joined by a middle dot."""
    table = lexicon("CJK")
    out = []
    for m in _HAN_NAME_RE.finditer(text):
        # Looked up, and named, in Simplified characters: the lexicon's keys are.
        match = simplified(m.group())
        parts = re.split(r"[·•・]", match)
        # The outer parts run into the words around them ("总统唐纳德",
        # "特朗普在北京"): keep their longest known end, else three characters.
        first, last = parts[0], parts[-1]
        heads = [first[k:] for k in range(len(first)) if first[k:] in table]
        tails = [last[:k] for k in range(len(last), 0, -1) if last[:k] in table]
        # A middle dot between Han characters marks a transcribed foreign
        # name; an unknown outer part keeps at most three characters.
        head = heads[0] if heads else first[-3:]
        tail = tails[0] if tails else last[:3]
        start = m.start() + len(first) - len(head)
        end = m.end() - len(last) + len(tail)
        # The name's parts are words ("唐纳德 特朗普"); the mention keeps the dot.
        name = match[start - m.start() : end - m.start()]
        out.append(NerSpan(start, end, "PER", re.sub(r"[·•・]", " ", name)))
    return out


def _in_nominative(span: NerSpan, lang: str) -> NerSpan:
    if span.label != "PER":
        return span
    return NerSpan(span.start, span.end, "PER", " ".join(nominative(span.text.split(), lang)))


def _maybe_name(span: NerSpan, lang: str) -> bool:
    """False for a one-word Russian "name" that is an adjective or abstract noun."""
    if span.label != "PER" or lang == "pl" or " " in span.text.strip():
        return True
    return _RU_NOT_NAME_RE.search(span.text.strip().lower()) is None


def _latin_part(span: NerSpan) -> NerSpan:
    """A Latin name glued to the Chinese text after it ends there ("Ángel Pintado擔任…")."""
    m = re.match(r"[^\u3000-\u9fff\uff00-\uffef]+", span.text)
    if span.label != "PER" or m is None or m.end() == len(span.text):
        return span
    cut = m.group().rstrip()
    return NerSpan(span.start, span.start + len(cut), "PER", cut)


def _after_initial(span: NerSpan, text: str, gazetteer: Gazetteer) -> NerSpan:
    """A name cut at a middle initial takes the surname after it ("Adnan Z. Amin")."""
    if span.label != "PER" or not re.search(r"\s[A-ZÀ-Þ]\.?$", span.text):
        return span
    m = re.match(r"\.?\s([A-ZÀ-ÖØ-Þ][\w'’-]+)", text[span.end : span.end + 40])
    if m is None or gazetteer.lookup(m.group(1)) or fold(m.group(1)) in stop_words():
        return span
    end = span.end + m.end()
    return NerSpan(span.start, end, "PER", text[span.start : end])


def _inflected_place(span: NerSpan, lang: str, gazetteer: Gazetteer) -> bool:
    """A one-word PER span that is a place in another case ("Polski": Poland)."""
    if span.label != "PER" or " " in span.text.strip():
        return False
    word = span.text.strip(" .,;:")
    return any(gazetteer.lookup(form) for form in list(lemmas(word, lang))[1:])


def _inside_longer(span: NerSpan, spans: list[NerSpan]) -> bool:
    """A PER span strictly inside one of `spans`."""
    return span.label == "PER" and any(
        o.start <= span.start and span.end <= o.end and o.end - o.start > span.end - span.start
        for o in spans
    )


def _without_suffix(span: NerSpan, gazetteer: Gazetteer) -> NerSpan | None:
    """A Turkish PER span without the case suffix after its apostrophe, None if a place.

    "Richard Plantagenet'le" -> "Richard Plantagenet"; a word whose head is a
    place ends the name before it ("Joan İngiltere'deki" -> "Joan"); "Monte
    Carlo'da" is a place, not a person.
    """
    if span.label != "PER" or not re.search(r"['’]", span.text):
        return span
    words: list[str] = []
    end = span.start
    for m in re.finditer(r"\S+", span.text):
        head = re.split(r"['’]", m.group(), maxsplit=1)[0]
        if words and gazetteer.lookup(head):
            break
        words.append(head)
        end = span.start + m.start() + len(head)
        if head != m.group():
            break  # the suffix ends the name
    name = " ".join(words)
    if not name or gazetteer.lookup(name):
        return None
    return NerSpan(span.start, end, "PER", name)
