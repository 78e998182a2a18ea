"""Corpus consolidation of the persons facet: the key, the choice rule, false merges.

Names are our own examples; the rule is docs/enrichment.md, "Corpus consolidation".
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from es_ingest.person_consolidation import (
    ValueEvidence,
    consolidate,
    gather,
    merges,
    one_edit_apart,
    relabelled,
)
from es_ingest.person_keys import (
    adaptation_key,
    cognate_given_name,
    heard_key,
    name_key,
    transliteration_key,
)
from es_ingest.search import resolve_persons


def latin(value: str, *languages: str, documents: int | None = None) -> ValueEvidence:
    """A value written in Latin script in one article per language."""
    n = len(languages)
    return ValueEvidence(value, documents or n, n, frozenset(languages))


def translit(value: str, documents: int = 1, *scripts: str) -> ValueEvidence:
    """A value written only in another script (a transliteration)."""
    return ValueEvidence(value, documents, scripts=frozenset(scripts))


def cyrillic(value: str) -> ValueEvidence:
    """A value written only in Cyrillic in one article (Russian writes foreign names by ear)."""
    return translit(value, 1, "CYRILLIC")


# --- the key ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Christian Wolmar", "Kristian Volmar"),  # ch/k, w/v
        ("Rocco Catalano", "Rocco Katalano"),  # c/k, doubled letters
        ("Ennio Morricone", "Ennio Morrikone"),
        ("Simon Kratschmer", "Simon Kratshmer"),  # sch/sh
        ("Ernest Shackleton", "Ernest Schackleton"),  # ck/k, sch/sh
        ("Sara Errani", "Sara Erani"),
        ("Caracalla", "Karakalla"),
        ("Philippa Thorne", "Filippa Torne"),  # ph/f, th/t
        ("Sarah Lyle", "Sara Lile"),  # a final h, y/i
    ],
)
def test_spellings_a_transliteration_cannot_tell_apart_share_a_key(a: str, b: str) -> None:
    assert name_key(a) == name_key(b) != ""


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Maria Rossi", "Mario Rossi"),  # a given name's vowel: two people
        ("Anna Novak", "Anno Novak"),
        ("Donald Trump", "Ivanka Trump"),  # one surname, two people
        ("Trump", "Donald Trump"),  # never on a surname alone
        ("Adnan Z. Amin", "Adnan Amin"),  # parts must match one for one
        ("Paul VI", "Pavel VI"),
    ],
)
def test_different_names_have_different_keys(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)


def test_the_adaptation_key_is_narrower_than_the_name_key() -> None:
    assert adaptation_key("Karl Meyer") != adaptation_key("Karl Meier")
    assert name_key("Karl Meyer") == name_key("Karl Meier")
    assert adaptation_key("Caracalla") == adaptation_key("Caracala") == "karakala"
    # c before e/i keeps its own sound: not a k
    assert adaptation_key("Cecilia Marco") == "cecilia marko"


# --- the choice rule ------------------------------------------------------------


def test_a_transliteration_takes_the_latin_written_value() -> None:
    mapping = consolidate([latin("Christian Wolmar", "en"), translit("Kristian Volmar", 3)])
    assert mapping == {"Kristian Volmar": "Christian Wolmar"}


def test_the_choice_depends_only_on_the_set() -> None:
    evidence = [
        latin("Sara Errani", "en", "it"),
        latin("Sara Erani", "es"),
        translit("Sara Errani"),
        translit("Sara Erani"),
    ]
    results = {
        tuple(sorted(consolidate(list(order)).items()))
        for order in itertools.permutations(evidence)
    }
    assert results == {(("Sara Erani", "Sara Errani"),)}


def test_latin_documents_then_documents_then_code_point_order() -> None:
    assert consolidate([latin("Rocco Catalano", "en"), latin("Rocco Katalano", "pl", "cs")]) == {
        "Rocco Catalano": "Rocco Katalano"
    }
    assert consolidate(
        [latin("Rocco Catalano", "en", documents=5), latin("Rocco Katalano", "pl", documents=2)]
    ) == {"Rocco Katalano": "Rocco Catalano"}
    assert consolidate([latin("Rocco Catalano", "en"), latin("Rocco Katalano", "pl")]) == {
        "Rocco Katalano": "Rocco Catalano"
    }


def test_transliterations_alone_never_merge() -> None:
    # No article writes either in Latin script: nothing ties them to one person
    # ("陈宁" and "陈颖" transliterate to Chenning and Chenying, one key).
    assert consolidate([translit("Kristian Volmar", 2), translit("Christian Volmar")]) == {}
    assert name_key("Chenning") == name_key("Chenying")
    assert consolidate([translit("Chenning"), translit("Chenying")]) == {}


def test_evidence_of_one_value_from_two_shards_adds_up() -> None:
    one = [latin("Ennio Morricone", "it"), translit("Ennio Morrikone", 2)]
    two = [*one, latin("Ennio Morrikone", "pl"), latin("Ennio Morrikone", "cs")]
    assert consolidate(one) == {"Ennio Morrikone": "Ennio Morricone"}
    assert consolidate(two) == {"Ennio Morricone": "Ennio Morrikone"}


# --- false merges ---------------------------------------------------------------


def test_one_surname_two_people_never_merge() -> None:
    evidence = [
        latin("Donald Trump", "en"),
        latin("Ivanka Trump", "en"),
        translit("Donald Tramp"),
        latin("Trump", "de"),
    ]
    assert consolidate(evidence) == {}


def test_maria_and_mario_are_two_people() -> None:
    assert consolidate([latin("Maria Rossi", "it"), latin("Mario Rossi", "en")]) == {}
    assert consolidate([latin("Maria Rossi", "it"), translit("Mario Rossi")]) == {}


def test_a_person_and_a_place_with_one_name_stay_apart() -> None:
    # "Washington" alone (the facet keeps a surname alone) is not George Washington;
    # a transliterated "Vashington" may join the lone name, never the person.
    evidence = [latin("George Washington", "en"), latin("Washington", "en"), translit("Vashington")]
    assert consolidate(evidence) == {"Vashington": "Washington"}
    assert consolidate([latin("Jordan Peres", "fr"), latin("Jordan", "fr")]) == {}


def test_one_press_does_not_spell_one_person_two_ways() -> None:
    # Both written in German articles: two families, not one person.
    assert consolidate([latin("Karl Meier", "de"), latin("Karl Meyer", "de")]) == {}
    # Latin spellings beyond a press's adaptation (y/i, w/v) never merge.
    assert consolidate([latin("Karl Meier", "de"), latin("Karl Meyer", "en")]) == {}
    assert consolidate([latin("Jan Nowak", "pl"), latin("Jan Novak", "cs")]) == {}


def test_latin_given_names_are_never_adapted() -> None:
    # Cognate given names are different names, so different people.
    assert consolidate([latin("Denis Martin", "fr"), latin("Dennis Martin", "en")]) == {}
    assert consolidate([latin("Joana Castro", "pt"), latin("Joanna Castro", "pl")]) == {}
    assert consolidate([latin("Carl Jansen", "en"), latin("Karl Jansen", "de")]) == {}
    # a transliteration may differ there ("Кристиан": Kristian)
    assert consolidate([latin("Carl Jansen", "en"), translit("Karl Jansen")]) == {
        "Karl Jansen": "Carl Jansen"
    }


def test_a_pair_written_by_one_press_keeps_its_whole_group_apart() -> None:
    evidence = [latin("Anna Carell", "en"), latin("Anna Karel", "cs"), latin("Anna Karell", "cs")]
    assert consolidate(evidence) == {}


def test_a_transliteration_between_two_latin_people_stays_as_it_is() -> None:
    evidence = [latin("Karl Meier", "de"), latin("Karl Meyer", "de"), translit("Karl Maier")]
    assert consolidate(evidence) == {}


# --- translated given names ------------------------------------------------------


def test_a_romance_form_of_a_mans_given_name_shares_its_key() -> None:
    assert cognate_given_name("ernesto") == cognate_given_name("ernest") == "ernest"
    assert cognate_given_name("roberto") == "robert"
    # spelling variants of one name
    assert cognate_given_name("jeffery") == cognate_given_name("jeffrey")
    assert cognate_given_name("alastair") == cognate_given_name("alistair")
    # other names, though alike
    assert cognate_given_name("brian") != cognate_given_name("byron")
    assert cognate_given_name("denis") != cognate_given_name("dennis")
    assert cognate_given_name("joana") != cognate_given_name("joanna")
    # a woman's name, or a name whose short form is a woman's, keeps its own key
    assert cognate_given_name("simone") == "simone"
    assert cognate_given_name("louise") == "louise"
    assert cognate_given_name("mario") == "mario"


def test_a_translated_given_name_joins_with_the_very_same_surname() -> None:
    evidence = [latin("Roberto Falconer", "es"), latin("Robert Falconer", "en", "de")]
    assert consolidate(evidence) == {"Roberto Falconer": "Robert Falconer"}
    # a transliteration of either form follows
    assert consolidate([*evidence, translit("Roberto Falkoner")]) == {
        "Roberto Falconer": "Robert Falconer",
        "Roberto Falkoner": "Robert Falconer",
    }


def test_a_name_of_antiquity_joins_its_translations_with_the_very_same_surname() -> None:
    # the French, German and Italian forms of Herod, which Faker does not know
    evidence = [latin("Herod Antipas", "en", "tr"), latin("Herode Antipas", "fr")]
    evidence += [latin("Herodes Antipas", "de"), latin("Erode Antipas", "it")]
    assert consolidate(evidence) == {
        "Herode Antipas": "Herod Antipas",
        "Herodes Antipas": "Herod Antipas",
        "Erode Antipas": "Herod Antipas",
    }
    # another surname, a lone name, or one press writing both: apart
    assert consolidate([latin("Herod Antipas", "en"), latin("Herode Agrippa", "fr")]) == {}
    assert consolidate([latin("Herod", "en"), latin("Herode", "fr")]) == {}
    assert consolidate([latin("Herod Antipas", "fr"), latin("Herode Antipas", "fr")]) == {}


def test_a_translated_given_name_never_joins_an_adapted_surname() -> None:
    # two differences at once (given name and surname): two people
    assert consolidate([latin("Roberto Falkoner", "es"), latin("Robert Falconer", "en")]) == {}


def test_a_translated_given_name_written_by_one_press_is_two_people() -> None:
    # one Spanish article names both: a father and a son, say
    evidence = [latin("Alberto Vance", "es"), latin("Albert Vance", "es", "en")]
    assert consolidate(evidence) == {}


def test_one_surname_with_other_given_names_or_sexes_stays_apart() -> None:
    assert consolidate([latin("Simone Vidal", "fr"), latin("Simon Vidal", "en")]) == {}
    assert consolidate([latin("Louise Harlow", "fr"), latin("Louis Harlow", "en")]) == {}
    assert consolidate([latin("Alberto Vance", "es"), latin("Alfredo Vance", "it")]) == {}
    # a lone name is never translated
    assert consolidate([latin("Ernesto", "es"), latin("Ernest", "en")]) == {}


# --- by ear -----------------------------------------------------------------------


def test_a_transliteration_joins_the_one_latin_value_russian_writes_so_by_ear() -> None:
    assert transliteration_key("Hugh Burgoyne") == transliteration_key("Hugh Bergoyn")
    assert transliteration_key("Anna Sternfeld") == transliteration_key("Anna Shternfeld")
    assert transliteration_key("Pierre Bernard") == transliteration_key("Pierre Bernar")
    assert transliteration_key("Stephen Ashby") == transliteration_key("Steven Ashby")
    assert consolidate([latin("Hugh Burgoyne", "en"), translit("Hugh Bergoyn")]) == {
        "Hugh Bergoyn": "Hugh Burgoyne"
    }


def test_translated_and_by_ear_merges_depend_only_on_the_set() -> None:
    evidence = [
        latin("Roberto Burgoyne", "es"),
        latin("Robert Burgoyne", "en", "fr"),
        translit("Robert Bergoyn"),
        translit("Roberto Burgoine"),
    ]
    results = {
        tuple(sorted(consolidate(list(order)).items()))
        for order in itertools.permutations(evidence)
    }
    assert results == {
        (
            ("Robert Bergoyn", "Robert Burgoyne"),
            ("Roberto Burgoine", "Robert Burgoyne"),
            ("Roberto Burgoyne", "Robert Burgoyne"),
        )
    }


def test_by_ear_never_joins_two_latin_values_nor_a_key_with_two_people() -> None:
    assert consolidate([latin("Hugh Burgoyne", "en"), latin("Hugh Bergoyn", "de")]) == {}
    evidence = [latin("John Burton", "en"), latin("John Birton", "fr"), translit("John Berton")]
    assert consolidate(evidence) == {}
    # other given names: another person
    assert consolidate([latin("Hugh Burgoyne", "en"), translit("Hanna Bergoyn")]) == {}


def test_a_spelling_heard_by_russian_joins_the_one_latin_value_spelled_so() -> None:
    # English "ee", French and Arabic "ou", French "ill" before a vowel
    assert heard_key("Kiki Dee") == transliteration_key("Kiki Di")
    assert heard_key("Aoun") == transliteration_key("Aun")
    assert heard_key("Gillard") == transliteration_key("Giyyar")
    assert heard_key("Lou Reed") == transliteration_key("Lu Rid")
    assert consolidate([latin("Kiki Dee", "en", "fr"), cyrillic("Kiki Di")]) == {
        "Kiki Di": "Kiki Dee"
    }
    assert consolidate([latin("Aoun", "en"), cyrillic("Aun"), translit("Aun", 1, "ARABIC")]) == {
        "Aun": "Aoun"
    }


def test_a_heard_spelling_never_joins_two_latin_values_nor_another_script() -> None:
    # two Latin values are two people's spellings, never joined by ear
    assert consolidate([latin("Kiki Dee", "en"), latin("Kiki Di", "it")]) == {}
    # Chinese reads back through pinyin: the "Li" of 李 is not Lee; nor is an unknown script
    assert consolidate([latin("Kiki Dee", "en"), translit("Kiki Di", 1, "CJK")]) == {}
    assert consolidate([latin("Kiki Dee", "en"), translit("Kiki Di")]) == {}
    assert consolidate([latin("Kiki Dee", "en"), translit("Kiki Di", 1, "CYRILLIC", "CJK")]) == {}
    # a short lone name is too common a sound to tell one person: "Ли" is Li or Lee
    assert heard_key("Lee") == ""
    assert consolidate([latin("Lee", "en"), cyrillic("Li")]) == {}


def test_a_heard_key_with_two_people_joins_neither() -> None:
    # two people of one press ("Aoun", "Aoune" in French) share the heard key "omar aun"
    evidence = [latin("Omar Aoun", "fr"), latin("Omar Aoune", "fr", "en"), cyrillic("Omar Aun")]
    assert heard_key("Omar Aoun") == heard_key("Omar Aoune") == transliteration_key("Omar Aun")
    assert consolidate(evidence) == {}
    # the plain key comes first: a Latin value spelled like the transliteration wins
    evidence = [latin("Anna Dulac", "fr"), latin("Anna Doulac", "en"), cyrillic("Anna Dulak")]
    assert consolidate(evidence)["Anna Dulak"] == "Anna Dulac"


# --- a translator's slip (rule 3c) ------------------------------------------------


def test_one_edit_apart() -> None:
    assert one_edit_apart("wolstenholme", "wolstenholne")  # one letter replaced
    assert one_edit_apart("wolstenholme", "wolstenholm")  # one deleted
    assert one_edit_apart("wolstenholm", "wolstenholme")  # one inserted
    assert not one_edit_apart("wolstenholme", "wolstenholme")
    assert not one_edit_apart("wolstenholme", "wolstnholne")  # two edits
    assert not one_edit_apart("abcdefgh", "abcdefghij")


def test_a_one_off_slip_joins_the_value_other_languages_write() -> None:
    evidence = [latin("Agnes Wolstenholme", "en", "fr", "de"), latin("Agnes Wolstenholm", "es")]
    assert consolidate(evidence) == {"Agnes Wolstenholm": "Agnes Wolstenholme"}
    evidence = [latin("Agnes Wolstenholme", "en", "it", "pl"), latin("Agnes Wolstenhulme", "pt")]
    assert consolidate(evidence) == {"Agnes Wolstenhulme": "Agnes Wolstenholme"}


def test_a_slip_needs_a_leader_written_in_three_other_languages() -> None:
    # one or two languages against one: too little tells which spelling is the slip
    assert consolidate([latin("Agnes Wolstenholme", "en"), latin("Agnes Wolstenholm", "es")]) == {}
    evidence = [latin("Agnes Wolstenholme", "en", "fr"), latin("Agnes Wolstenholm", "es")]
    assert consolidate(evidence) == {}
    # the same press writing both is two people (or its own style), never a slip
    evidence = [latin("Agnes Wolstenholme", "en", "fr", "es"), latin("Agnes Wolstenholm", "es")]
    assert consolidate(evidence) == {}
    # a spelling written in two articles is no one-off slip
    evidence = [
        latin("Agnes Wolstenholme", "en", "fr", "de"),
        latin("Agnes Wolstenholm", "es", documents=2),
    ]
    assert consolidate(evidence) == {}


def test_two_families_one_letter_apart_never_merge() -> None:
    # both surnames are real names (the lexicon knows them): two families
    evidence = [latin("Karin Andersen", "de", "fr", "da"), latin("Karin Anderson", "en")]
    assert consolidate(evidence) == {}
    evidence = [latin("Paul Schmidt", "de", "fr", "pl"), latin("Paul Schmitt", "en")]
    assert consolidate(evidence) == {}
    # short surnames are too close to tell a slip from a family ("Burton", "Barton")
    evidence = [latin("Ella Burton", "en", "fr", "de"), latin("Ella Burtin", "es")]
    assert consolidate(evidence) == {}
    # another first letter, or other given names: other people
    evidence = [latin("Agnes Wolstenholme", "en", "fr", "de"), latin("Agnes Volstenholme", "es")]
    assert consolidate(evidence) == {}
    evidence = [latin("Agnes Wolstenholme", "en", "fr", "de"), latin("Agatha Wolstenholm", "es")]
    assert consolidate(evidence) == {}


def test_a_slip_between_two_candidates_joins_neither() -> None:
    evidence = [
        latin("Anna Wolstenholme", "en", "fr", "pl"),
        latin("Anna Wolstenhulme", "de", "it", "pt"),
        latin("Anna Wolstenhalme", "es"),
    ]
    assert consolidate(evidence) == {}


def test_a_slip_joins_a_leader_that_other_spellings_join_too() -> None:
    evidence = [
        latin("Agnes Wolstenholme", "en", "fr", "de"),
        latin("Agnes Wolstenholm", "es"),
        cyrillic("Agnes Volstenkholm"),
    ]
    results = {
        tuple(sorted(consolidate(list(order)).items()))
        for order in itertools.permutations(evidence)
    }
    assert len(results) == 1
    assert dict(results.pop())["Agnes Wolstenholm"] == "Agnes Wolstenholme"


def test_gather_records_the_scripts_of_the_mentions_not_in_latin() -> None:
    docs = [_doc("ru", ("Кики Ди", "Kiki Di")), _doc("ar", ("كيكي دي", "Kiki Di"))]
    [evidence] = gather(docs)
    assert evidence.scripts == frozenset({"CYRILLIC", "ARABIC"})
    assert evidence.written_by_ear


# --- documents ------------------------------------------------------------------


def _doc(language: str, *mentions: tuple[str, str]) -> dict:
    persons: list[str] = []
    for _, value in mentions:
        if value not in persons:
            persons.append(value)
    entities = [{"text": t, "label": "PER", "canonical": v} for t, v in mentions]
    return {"language": language, "persons": persons, "entities": entities}


def test_gather_reads_scripts_and_languages_from_the_mentions() -> None:
    docs = [
        _doc("en", ("Christian Wolmar", "Christian Wolmar"), ("Wolmar", "Christian Wolmar")),
        _doc("ru", ("Кристиан Волмар", "Kristian Volmar")),
        _doc("uk", ("Кристіан Волмар", "Kristian Volmar")),
    ]
    evidence = {ev.value: ev for ev in gather(docs)}
    assert evidence["Christian Wolmar"] == latin("Christian Wolmar", "en")
    assert evidence["Kristian Volmar"] == translit("Kristian Volmar", 2, "CYRILLIC")
    found = merges(evidence.values())
    assert [(m.value, m.merged) for m in found] == [("Christian Wolmar", ("Kristian Volmar",))]


def test_relabelled_starts_from_the_mentions_so_a_second_run_changes_nothing() -> None:
    doc = _doc("ru", ("Кристиан Волмар", "Kristian Volmar"), ("Сара Олни", "Sara Olney"))
    mapping = {"Kristian Volmar": "Christian Wolmar"}
    new = relabelled(doc, mapping)
    assert new == ["Christian Wolmar", "Sara Olney"]
    doc["persons"] = new
    assert relabelled(doc, mapping) is None
    assert gather([doc])[0].value == "Kristian Volmar"  # the mention keeps its own value
    # a mapping that no longer holds gives the names' own values back
    assert relabelled(doc, {}, previous=mapping) == ["Kristian Volmar", "Sara Olney"]


def test_relabelled_keeps_a_value_without_a_mention() -> None:
    doc = _doc("ru", ("Кристиан Волмар", "Kristian Volmar"))
    doc["persons"] = ["Kristian Volmar", "Jane Roe"]  # "Jane Roe": no PER entity
    mapping = {"Kristian Volmar": "Christian Wolmar"}
    assert relabelled(doc, mapping) == ["Christian Wolmar", "Jane Roe"]
    # a value the previous registry gave is replaced, not kept beside the new one
    doc["persons"] = ["Christian Wolmar", "Jane Roe"]
    assert relabelled(doc, {}, previous=mapping) == ["Kristian Volmar", "Jane Roe"]
    assert relabelled(doc, mapping, previous=mapping) is None


def test_search_resolves_any_spelling_through_the_registry() -> None:
    registry = {"Christian Volmar": "Christian Wolmar"}
    assert "Christian Wolmar" in resolve_persons(["Кристиан Волмар"], registry)
    assert "Christian Volmar" in resolve_persons(["Christian Wolmar"], registry)
    assert resolve_persons(["Maria Rossi"], registry) == ["Maria Rossi"]


def test_file_mode_consolidates_dry_run_rows(tmp_path: Path) -> None:
    from es_ingest.person_registry import consolidate_file

    rows = [
        {"id": "en-1", **_doc("en", ("Rocco Catalano", "Rocco Catalano"))},
        {"id": "ru-1", **_doc("ru", ("Рокко Каталано", "Rocco Katalano"))},
    ]
    source = tmp_path / "pred.jsonl"
    source.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows) + "{oops\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    with out.open("w", encoding="utf-8") as f:
        report = consolidate_file(source, f)
    written = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["persons"] for r in written] == [["Rocco Catalano"], ["Rocco Catalano"]]
    assert written[1]["entities"][0]["canonical"] == "Rocco Katalano"
    assert report.relabelled == 1 and report.documents == 2
    assert report.bad_lines == [
        f"{source}:3: not JSON (Expecting property name enclosed in double quotes)"
    ]
