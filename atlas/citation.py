"""How the Atlas is cited and found: CITATION.cff, .zenodo.json, cite blocks, schema.org, DCAT.

Pure functions from the release record, the descriptor, `metadata/citation.yaml` and
`sources.yaml`: the release stage writes CITATION.cff and .zenodo.json with them, the render
stage the "Cite" blocks, the schema.org `Dataset` JSON-LD of indicator and download pages and the
DCAT catalogue (`catalog.jsonld`). No date here comes from the clock: the reader's access date is
filled in by the browser, so built pages stay byte-identical.
"""

from __future__ import annotations

import datetime as dt
import re

import yaml

SCHEMA_ORG = "https://schema.org/"
DCAT_CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


# --- the sources of a series ----------------------------------------------------------------------
def short_publisher(publisher: str) -> str:
    """'World Bank (World Development Indicators, …)' -> 'World Bank': the name readers cite."""
    return publisher.split(" (")[0].strip()


def publishers_of(source_ids: list[str], sources: dict[str, dict]) -> list[str]:
    return list(dict.fromkeys(short_publisher(sources[s]["publisher"]) for s in source_ids))


def license_of(source: dict) -> dict:
    """schema.org license: the license's URL where the publisher gives one, else its name."""
    if source.get("license_url"):
        return {"@type": "CreativeWork", "name": source["license"], "url": source["license_url"]}
    return {"@type": "CreativeWork", "name": source["license"]}


# --- cite blocks ----------------------------------------------------------------------------------
def apa_date(date: str) -> str:
    day = dt.date.fromisoformat(date)
    return f"{day.year}, {day.strftime('%B')} {day.day}"


def apa(
    title: str, publishers: list[str], record: dict, cite_meta: dict, words: dict | None = None
) -> str:
    """APA-style reference (7th ed., data set) up to "Retrieved": the page adds the access date
    (filled in by the browser) and the URL. `words`: the reference's own words in the page's
    language (date, version, "[Data set]", "Original data") — names and titles stay as given."""
    authors = ", ".join(a["name"] for a in cite_meta["authors"])
    original = "; ".join(publishers)
    if words is None:
        words = {
            "date": apa_date(record["date"]),
            "version": f"Version {record['version']}",
            "data_set": "[Data set]",
            "original": f"Original data: {original}.",
        }
    return (
        f"{authors}. ({words['date']}). {title} ({words['version']}) "
        f"{words['data_set']}. {cite_meta['publisher']}. {words['original']}"
    )


_BIBTEX_SPECIAL = re.compile(r"([&%$#_{}])")


def bibtex_escape(text: str) -> str:
    return _BIBTEX_SPECIAL.sub(r"\\\1", text).replace("~", r"\textasciitilde{}")


def bibtex_key(record: dict, slug: str) -> str:
    return "atlas" + record["version"].replace(".", "_") + "_" + re.sub(r"[^A-Za-z0-9]+", "_", slug)


def bibtex(
    key: str, title: str, publishers: list[str], record: dict, url: str, cite_meta: dict
) -> str:
    """A BibTeX @misc entry without its closing urldate line (the browser fills the date)."""
    day = dt.date.fromisoformat(record["date"])
    authors = " and ".join("{" + bibtex_escape(a["name"]) + "}" for a in cite_meta["authors"])
    fields = [
        ("author", authors),
        ("title", "{" + bibtex_escape(title) + "}"),
        ("howpublished", bibtex_escape(cite_meta["publisher"])),
        ("version", record["version"]),
        ("year", str(day.year)),
        ("month", day.strftime("%b").lower()),
        ("date", record["date"]),
        ("note", "Original data: " + bibtex_escape("; ".join(publishers))),
        ("url", url),
    ]
    return f"@misc{{{key},\n" + "".join(f"  {k} = {{{v}}},\n" for k, v in fields)


def cite(
    slug: str,
    title: str,
    publishers: list[str],
    record: dict,
    url: str,
    cite_meta: dict,
    words: dict | None = None,
) -> dict:
    """What a "Cite" block shows (templates/_macros.j2 `cite_block`); `words`: see `apa`."""
    return {
        "apa": apa(title, publishers, record, cite_meta, words),
        "url": url,
        "bibtex": bibtex(bibtex_key(record, slug), title, publishers, record, url, cite_meta),
        "version": record["version"],
        "date": record["date"],
        "publishers": publishers,
    }


# --- CITATION.cff and .zenodo.json ------------------------------------------------------------------
def cff_document(
    record: dict, descriptor: dict, cite_meta: dict, sources: list[dict], site_url: str
) -> dict:
    """CITATION.cff 1.2.0 for a release: the Atlas, its version and date, and every source."""
    names = [lic["name"] for lic in descriptor["licenses"]]
    spdx = [n for n in dict.fromkeys(names) if n in cite_meta["spdx_licenses"]]
    canonical = [s for s in sources if s["role"] == "canonical"]
    return {
        "cff-version": "1.2.0",
        "message": cite_meta["message"],
        "type": "dataset",
        "title": descriptor["title"],
        "abstract": descriptor["description"],
        "authors": [{"name": a["name"]} for a in cite_meta["authors"]],
        "version": record["version"],
        "date-released": record["date"],
        "license": spdx,
        "url": site_url,
        "keywords": list(descriptor["keywords"]),
        "references": [
            {
                "type": "data",  # a reference's type; the Atlas itself is a "dataset"
                "title": s["title"],
                "authors": [{"name": short_publisher(s["publisher"])}],
                "url": s["landing_url"],
                "repository": s["url"],
                "notes": f"{s['attribution']} Vintage: {s['vintage']}. License: {s['license']}.",
            }
            for s in canonical
        ],
    }


def cff_text(doc: dict) -> str:
    head = "# Written by the release stage (`make release`) from the release record; do not edit.\n"
    body = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)
    # CFF wants the release date as a date; quoted, YAML keeps it a string
    return head + body.replace(
        f"date-released: '{doc['date-released']}'", f"date-released: {doc['date-released']}"
    )


def zenodo_document(
    record: dict, descriptor: dict, cite_meta: dict, sources: list[dict], site_url: str
) -> dict:
    """The deposit metadata Zenodo reads from a tagged GitHub release."""
    canonical = [s for s in sources if s["role"] == "canonical"]
    related = [
        {
            "identifier": url,
            "relation": cite_meta["zenodo_relation"],
            "resource_type": "dataset",
            "scheme": "url",
        }
        for url in dict.fromkeys(s["url"] for s in canonical)
    ]
    related.append(
        {
            "identifier": site_url,
            "relation": "isDocumentedBy",
            "resource_type": "other",
            "scheme": "url",
        }
    )
    return {
        "title": f"{descriptor['title']} (version {record['version']})",
        "description": descriptor["description"],
        "upload_type": cite_meta["zenodo_upload_type"],
        "version": record["version"],
        "publication_date": record["date"],
        "creators": [{"name": a["name"]} for a in cite_meta["authors"]],
        "license": cite_meta["zenodo_license"],
        "keywords": list(descriptor["keywords"]),
        "notes": cite_meta["message"],
        "related_identifiers": related,
    }


# --- schema.org and DCAT ------------------------------------------------------------------------
def distribution(url: str, media_type: str, name: str) -> dict:
    return {"@type": "DataDownload", "name": name, "contentUrl": url, "encodingFormat": media_type}


def dataset_jsonld(
    *,
    name: str,
    description: str,
    url: str,
    record: dict,
    cite_meta: dict,
    sources: list[dict],
    years: tuple[int, int] | None,
    places: str,
    distributions: list[dict],
    keywords: list[str] | None = None,
) -> dict:
    """schema.org Dataset: what search engines and harvesters read from a page."""
    doc = {
        "@context": SCHEMA_ORG,
        "@type": "Dataset",
        "name": name,
        "description": description,
        "url": url,
        "version": record["version"],
        "datePublished": record["date"],
        "license": [license_of(s) for s in sources],
        "creator": [{"@type": "Organization", "name": a["name"]} for a in cite_meta["authors"]],
        "publisher": {"@type": "Organization", "name": cite_meta["publisher"]},
        "isBasedOn": [
            {
                "@type": "Dataset",
                "name": s["title"],
                "url": s["landing_url"],
                "creator": {"@type": "Organization", "name": short_publisher(s["publisher"])},
            }
            for s in sources
        ],
        "spatialCoverage": {"@type": "Place", "name": places},
        "distribution": distributions,
    }
    if years:
        doc["temporalCoverage"] = f"{years[0]}/{years[1]}"
    if keywords:
        doc["keywords"] = keywords
    return doc


def dcat_dataset(dataset: dict) -> dict:
    """The DCAT form of a schema.org Dataset built by `dataset_jsonld`."""
    out = {
        "@id": dataset["url"],
        "@type": "dcat:Dataset",
        "dct:title": dataset["name"],
        "dct:description": dataset["description"],
        "dct:issued": {"@value": dataset["datePublished"], "@type": "xsd:date"},
        "dcat:version": dataset["version"],
        "dct:publisher": {"@type": "foaf:Agent", "foaf:name": dataset["publisher"]["name"]},
        "dct:creator": [
            {"@type": "foaf:Agent", "foaf:name": c["name"]} for c in dataset["creator"]
        ],
        "dct:spatial": {"@type": "dct:Location", "dct:title": dataset["spatialCoverage"]["name"]},
        "dct:source": [{"@id": s["url"]} for s in dataset["isBasedOn"]],
        "dcat:landingPage": {"@id": dataset["url"]},
        "dcat:distribution": [
            {
                "@type": "dcat:Distribution",
                "dct:title": d["name"],
                "dcat:downloadURL": {"@id": d["contentUrl"]},
                "dcat:mediaType": d["encodingFormat"],
                "dct:license": [lic.get("url", lic["name"]) for lic in dataset["license"]],
            }
            for d in dataset["distribution"]
        ],
    }
    if "temporalCoverage" in dataset:
        start, end = dataset["temporalCoverage"].split("/")
        out["dct:temporal"] = {
            "@type": "dct:PeriodOfTime",
            "dcat:startDate": {"@value": start, "@type": "xsd:gYear"},
            "dcat:endDate": {"@value": end, "@type": "xsd:gYear"},
        }
    return out


def dcat_catalog(
    title: str, description: str, url: str, record: dict, datasets: list[dict]
) -> dict:
    return {
        "@context": DCAT_CONTEXT,
        "@id": url + "catalog.jsonld",
        "@type": "dcat:Catalog",
        "dct:title": title,
        "dct:description": description,
        "dcat:version": record["version"],
        "dct:issued": {"@value": record["date"], "@type": "xsd:date"},
        "foaf:homepage": {"@id": url},
        "dcat:dataset": [dcat_dataset(d) for d in datasets],
    }
