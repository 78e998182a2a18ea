"""Inflected forms of demonyms and adjectives, one function per language.

``demonyms.tsv`` lists base forms ("russe", "russisch", "ruso"); each
language's expander gives the forms a text may use ("russes", "russischen",
"rusas"). A language without an expander keeps its base forms only; to add
one, write ``_xx_forms`` and register it in `EXPANDERS`.
"""

from __future__ import annotations

import unicodedata


def _fr_forms(base: str) -> set[str]:
    forms = {base}
    if base.endswith("e"):
        fem = base
    elif base.endswith("en"):
        fem = base + "ne"
    elif base.endswith("c"):
        fem = base[:-1] + "que"
    else:
        fem = base + "e"
    forms.add(fem)
    for f in list(forms):
        forms.add(f if f.endswith(("s", "x")) else f + "s")
    return forms


def _es_forms(base: str) -> set[str]:
    b = base
    if b.endswith("o"):
        return {b, b[:-1] + "a", b + "s", b[:-1] + "as"}
    if b.endswith("és"):
        s = b[:-2] + "es"
        return {b, s + "a", s + "es", s + "as"}
    if b.endswith(("án", "ín", "ón")):
        s = b[:-2] + unicodedata.normalize("NFD", b[-2])[0] + "n"
        return {b, s + "a", s + "es", s + "as"}
    if b.endswith("l"):
        return {b, b + "a", b + "es", b + "as"}
    if b.endswith("í"):
        return {b, b + "es", b + "s"}
    return {b, b + "s"}


def _it_forms(base: str) -> set[str]:
    b = base
    if b.endswith("co") and not b.endswith("eco"):
        return {b, b[:-1] + "a", b[:-1] + "hi", b[:-1] + "he", b[:-1] + "i"}
    if b.endswith("o"):
        return {b, b[:-1] + "a", b[:-1] + "i", b[:-1] + "e"}
    if b.endswith("e"):
        return {b, b[:-1] + "i"}
    if b.endswith("a"):
        return {b, b[:-1] + "i", b[:-1] + "e"}
    return {b}


def _pt_forms(base: str) -> set[str]:
    b = base
    if b.endswith("o"):
        return {b, b[:-1] + "a", b + "s", b[:-1] + "as"}
    if b.endswith("ês"):
        s = b[:-2] + "es"
        return {b, s + "a", s + "es", s + "as"}
    if b.endswith("e"):
        return {b, b + "s"}
    return {b}


def _de_forms(base: str) -> set[str]:
    if base.endswith("isch") or base == "deutsch":
        return {base + e for e in ("", "e", "en", "er", "es", "em")}
    return {base}


def _en_forms(base: str) -> set[str]:
    if base.endswith(("an", "i")) and " " not in base:
        return {base, base + "s"}
    return {base}


EXPANDERS = {
    "fr": _fr_forms,
    "es": _es_forms,
    "it": _it_forms,
    "pt": _pt_forms,
    "de": _de_forms,
    "en": _en_forms,
}


def demonym_forms(lang: str, base: str) -> set[str]:
    """Inflected forms of a demonym base form (see ``demonyms.tsv``)."""
    return EXPANDERS.get(lang, lambda b: {b})(base)
