#!/usr/bin/env python3
"""Smoke-check a running node for the features this plugin provides (works against the
official image too, which is the point: same requests, same answers).

    python3 localnode-plugin/verify.py [http://127.0.0.1:9251]
"""
import json
import sys
import urllib.error
import urllib.request

BASE = (sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:9251").rstrip("/")
IDX = "localnode-verify"
failures = []


def call(method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(BASE + path, data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


def check(name, cond, detail=""):
    print(("PASS " if cond else "FAIL ") + name + ("" if cond else f"  -> {detail}"))
    if not cond:
        failures.append(name)


def tokens(body, index=None):
    status, r = call("POST", (f"/{index}" if index else "") + "/_analyze", body)
    return [t["token"] for t in r["tokens"]] if status == 200 else r


# (1) analysis ---------------------------------------------------------------
t = tokens({"tokenizer": "keyword", "filter": ["lowercase", "asciifolding"], "text": "Élysée Côte"})
check("keyword tokenizer + asciifolding", t == ["elysee cote"], t)
t = tokens({"tokenizer": "standard", "filter": [{"type": "asciifolding", "preserve_original": True}], "text": "Élysée"})
check("asciifolding preserve_original", t == ["Elysee", "Élysée"], t)
t = tokens({"tokenizer": "standard", "filter": ["elision", "lowercase"], "text": "l'Arménie d'Europe"})
check("elision (default French articles)", t == ["arménie", "europe"], t)
t = tokens({"tokenizer": "standard", "filter": [{"type": "elision", "articles": ["l"], "articles_case": True}], "text": "L'OSCE d'Europe"})
check("elision articles + articles_case", t == ["OSCE", "d'Europe"], t)
expected = {"english": "nation", "light_english": "nation", "possessive_english": "nations",
            "french": "nation", "light_french": "nation", "german": "nation", "light_german": "nation",
            "german2": "nation", "spanish": "nations", "light_spanish": "nations", "italian": "nations",
            "light_italian": "nations"}
for lang, want in expected.items():
    t = tokens({"tokenizer": "standard", "filter": [{"type": "stemmer", "language": lang}], "text": "nations"})
    check(f"stemmer {lang}", t == [want], t)
t = tokens({"tokenizer": "standard", "filter": ["lowercase", {"type": "stop", "stopwords": "_french_"}], "text": "Le chat et la souris"})
check("stop _french_ (core)", t == ["chat", "souris"], t)
t = tokens({"tokenizer": "standard", "filter": ["lowercase", {"type": "keyword_marker", "keywords": ["running"]}, "stemmer"], "text": "running jumping"})
check("keyword_marker", t == ["running", "jump"], t)
t = tokens({"tokenizer": "uax_url_email", "filter": [{"type": "pattern_capture", "patterns": ["([^@]+)"]}, "lowercase", "unique"],
            "text": "Mail Ann@Example.org or ann@example.org"})
check("uax_url_email + pattern_capture + unique (.security's email analyser)",
      t == ["mail", "ann@example.org", "ann", "example.org", "or"], t)
for analyzer, text, want in [("french", "Les négociations de l'OSCE", ["negoci", "osce"]),
                             ("english", "The nations' negotiations", ["nation", "negoti"]),
                             ("german", "Die Verhandlungen der Häuser", ["verhandlung", "haus"]),
                             ("spanish", "Las negociaciones", ["negociacion"]),
                             ("italian", "Le negoziazioni dell'OSCE", ["negoziazion", "osce"])]:
    t = tokens({"analyzer": analyzer, "text": text})
    check(f"analyzer {analyzer}", t == want, t)

call("DELETE", f"/{IDX}")
status, r = call("PUT", f"/{IDX}", {
    "settings": {"analysis": {
        "filter": {
            "fr_elision": {"type": "elision", "articles_case": True,
                           "articles": ["l", "d", "qu", "j", "n", "s", "t", "c", "m", "lorsqu", "puisqu", "jusqu"]},
            "fr_stop": {"type": "stop", "stopwords": "_french_"},
            "fr_stem": {"type": "stemmer", "language": "light_french"}},
        "analyzer": {"fr_text": {"type": "custom", "tokenizer": "standard",
                                 "filter": ["fr_elision", "lowercase", "fr_stop", "asciifolding", "fr_stem"]}},
        "normalizer": {"folded": {"type": "custom", "filter": ["lowercase", "asciifolding"]}}}},
    "mappings": {"properties": {
        "title": {"type": "text", "analyzer": "fr_text",
                  "fields": {"en": {"type": "text", "analyzer": "english"}}},
        "body": {"type": "text", "analyzer": "french"},
        "place": {"type": "keyword", "normalizer": "folded"},
        "tags": {"type": "keyword"},
        "lang": {"type": "keyword"},
        "ingested_at": {"type": "date"},
        "loc": {"type": "geo_point"}}}})
check("index with custom analyser + normalizer", status == 200, r)

# (2) ingest set -------------------------------------------------------------
status, r = call("PUT", "/_ingest/pipeline/localnode-verify", {"processors": [
    {"set": {"field": "ingested_at", "value": "{{{_ingest.timestamp}}}"}},
    {"set": {"field": "lang", "value": "fr", "override": False}},
    {"set": {"field": "source_name", "value": "es-ingest"}},
    {"set": {"field": "title_copy", "copy_from": "title"}},
    {"set": {"field": "empty", "value": "{{missing}}", "ignore_empty_value": True}},
    {"set": {"field": "meta.count", "value": 3}}]})
check("PUT pipeline with set processors", status == 200, r)
status, r = call("POST", "/_ingest/pipeline/localnode-verify/_simulate",
                 {"docs": [{"_source": {"title": "L'Arménie", "lang": "hy"}}, {"_source": {"title": "x"}}]})
src = [d["doc"]["_source"] for d in r.get("docs", [])] if status == 200 else r
ok = (status == 200 and src[0]["lang"] == "hy" and src[1]["lang"] == "fr"
      and src[0]["ingested_at"][:2] == "20" and "{{" not in src[0]["ingested_at"]
      and src[0]["title_copy"] == "L'Arménie" and "empty" not in src[0] and src[0]["meta"] == {"count": 3})
check("simulate set: timestamp/override/copy_from/ignore_empty_value/literal", ok, src)

docs = [
    {"title": "L'Arménie et l'Azerbaïdjan à l'OSCE", "body": "Les négociations reprennent à Vienne",
     "place": "Érevan", "tags": ["osce", "caucase"], "loc": [44.5, 40.2]},
    {"title": "Vienne accueille les négociations", "body": "Réunion de l'OSCE",
     "place": "Vienne", "tags": ["osce"], "lang": "de", "loc": [16.4, 48.2]},
    {"title": "Élections en Allemagne", "body": "Les électeurs votent", "place": "Berlin",
     "tags": ["elections"], "loc": [13.4, 52.5]},
]
for i, d in enumerate(docs, 1):
    call("PUT", f"/{IDX}/_doc/{i}?pipeline=localnode-verify", d)
call("POST", f"/{IDX}/_refresh")
status, r = call("GET", f"/{IDX}/_doc/1")
check("indexed through pipeline", status == 200 and r["_source"].get("lang") == "fr"
      and "ingested_at" in r["_source"], r)
status, r = call("POST", f"/{IDX}/_search", {"query": {"bool": {"must": [
    {"match": {"title": "armenie azerbaidjan"}}, {"match": {"body": "négociation"}},
    {"term": {"place": "EREVAN"}}]}}})
check("search: stemmed/folded French + normalized keyword", status == 200 and r["hits"]["total"]["value"] == 1, r)

# (3) mustache ---------------------------------------------------------------
template = {
    "size": "{{size}}{{^size}}10{{/size}}",
    "query": {"bool": {
        "must": [{"multi_match": {"query": "{{q}}", "fields": ["title", "body"]}}],
        "filter": [{"terms": {"tags": "{{#toJson}}tags{{/toJson}}"}}]}},
    "aggs": {"by_place": {"terms": {"field": "place"}}},
    "highlight": {"fields": {"title": {}}}}
source = json.dumps(template).replace('"{{#toJson}}tags{{/toJson}}"', "{{#toJson}}tags{{/toJson}}")
source = source.replace('"size": "{{size}}{{^size}}10{{/size}}"', '"size": {{size}}{{^size}}10{{/size}}')
source = source.replace('"filter": [', '"filter": [{{#place}}{"term": {"place": "{{place}}"}},{{/place}}')
status, r = call("PUT", "/_scripts/localnode-verify-search", {"script": {"lang": "mustache", "source": source}})
check("PUT stored mustache script (string source)", status == 200, r)
status, r = call("PUT", "/_scripts/localnode-verify-obj", {"script": {"lang": "mustache", "source": {
    "query": {"match": {"title": "{{q}}"}}, "size": "{{size}}"}}})
check("PUT stored mustache script (object source)", status == 200, r)
status, r = call("POST", "/_render/template/localnode-verify-search",
                 {"params": {"q": 'négociations "OSCE"', "tags": ["osce", "caucase"], "place": "érevan"}})
out = r.get("template_output", {}) if status == 200 else r
check("render stored template (toJson, sections, JSON escaping)",
      status == 200 and out["size"] == 10 and out["query"]["bool"]["filter"][1]["terms"]["tags"] == ["osce", "caucase"]
      and out["query"]["bool"]["filter"][0]["term"]["place"] == "érevan"
      and out["query"]["bool"]["must"][0]["multi_match"]["query"] == 'négociations "OSCE"', out)
status, r = call("POST", "/_render/template", {"source": '{"q":"{{#join}}tags{{/join}}","u":"{{#url}}{{q}}{{/url}}",'
                                                         '"m":{{#toJson}}m{{/toJson}},"n":{{#toJson}}n{{/toJson}},'
                                                         '"first":"{{tags.0}}"{{#tags.1}},"has_second":true{{/tags.1}}}',
                                               "params": {"tags": ["a", "b"], "q": "a b&c", "m": {"k": [1]}, "n": 7}})
check("render inline: join, url, toJson map/scalar, list index",
      status == 200 and r["template_output"] == {"q": "a,b", "u": "a+b%26c", "m": {"k": [1]}, "n": 7,
                                                 "first": "a", "has_second": True}, r)
status, r = call("POST", f"/{IDX}/_search/template", {"id": "localnode-verify-search",
                                                       "params": {"q": "négociation", "tags": ["osce"], "size": 5}})
ok = status == 200 and r["hits"]["total"]["value"] == 2 and len(r["aggregations"]["by_place"]["buckets"]) == 2
check("search template by id: hits + aggs", ok, r)
status, r = call("GET", f"/{IDX}/_search/template?typed_keys=true", {"source": source,
                                                                      "params": {"q": "armenie", "tags": ["osce"], "place": "EREVAN"}})
ok = status == 200 and r["hits"]["total"]["value"] == 1 and "sterms#by_place" in r["aggregations"] \
    and "highlight" in r["hits"]["hits"][0]
check("search template inline (GET, typed_keys, normalized term, highlight)", ok, r)
status, r = call("POST", "/_search/template", {"id": "localnode-verify-obj", "params": {"q": "élections", "size": 1}})
check("search template without index, object-source script", status == 200 and r["hits"]["total"]["value"] >= 1, r)
status, r = call("POST", "/_render/template", {"source": '{"query": {{q}} }', "params": {"q": "oops"}})
check("bad rendered JSON is a 400", status == 400, (status, r))

call("DELETE", f"/{IDX}")
call("DELETE", "/_ingest/pipeline/localnode-verify")
call("DELETE", "/_scripts/localnode-verify-search")
call("DELETE", "/_scripts/localnode-verify-obj")
print(f"\n{len(failures)} failure(s)" if failures else "\nall checks passed")
sys.exit(1 if failures else 0)
