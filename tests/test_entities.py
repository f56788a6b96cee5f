"""NL5xx: the knowledge base, mention finding, the labelled set and the seed."""

from __future__ import annotations

import bz2
import csv
import gzip
import importlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newslint.model import Document
from newslint.plugins import PluginInfo, load_registry
from newslint.rule import RunContext
from newslint.rules.entities import InconsistentRoles, OutOfTermRole, WrongCountryRole, WrongRoleForCountry
from newslint.rules.entities.commands import main as kb_main
from newslint.rules.entities.dates import dateline, parse_date
from newslint.rules.entities.mentions import find_mentions
from newslint.rules.entities.names import normalize
from newslint.rules.entities.store import bundled_bytes, load_knowledge_base, read_artefact
from newslint.testing import lint_document

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures" / "entities"
SEED = FIXTURES / "seed_000_8909fccca8fb692d.txt"
RULES = (WrongCountryRole, WrongRoleForCountry, OutOfTermRole, InconsistentRoles)
sys.path.insert(0, str(HERE.parent / "benchmarks"))
quality = importlib.import_module("quality_entities")


def all_findings(text: str, context: RunContext | None = None, **metadata):
    doc = Document(text=text, **metadata)
    return [f for rule in RULES for f in lint_document(rule, doc, context=context)]


@pytest.fixture(scope="module")
def kb():
    return load_knowledge_base()


# -- the knowledge base ------------------------------------------------------
def test_bundled_base_matches_its_csv_schema_and_readme(kb):
    offices = {t.office for t in kb.terms}
    assert offices <= {
        "head_of_state",
        "head_of_government",
        "foreign_minister",
        "defence_minister",
        "finance_minister",
        "interior_minister",
        "chief_of_staff",
        "other",
    }
    assert len(kb.terms) == 47020 and len(kb.persons) == 33034 and len(kb.countries_with_terms) == 210
    fabius = [kb.persons[p] for p in kb.full_index[normalize("Laurent Fabius")]]
    assert [p.qid for p in fabius] == ["Q217070"]
    assert kb.meta["data_until"] == "2023-01"
    assert "CC BY-NC 4.0" in kb.meta["attribution"] and "ODbL 1.0" in kb.meta["attribution"]


def test_attribution_ships_with_the_data():
    from importlib import resources

    folder = resources.files("newslint.rules.entities.data")
    licence = folder.joinpath("LICENSE").read_text(encoding="utf-8")
    assert "CC BY-NC 4.0" in licence and "ODbL" in licence and "CC0" in licence
    assert "Peppercat" in folder.joinpath("README.md").read_text(encoding="utf-8")
    assert len(bundled_bytes()) < 4_000_000  # compact: a few MB at most


def test_loading_is_fast_and_cached_per_file_list():
    load_knowledge_base.cache_clear()
    started = time.process_time()
    first = load_knowledge_base()
    assert time.process_time() - started < 1.0
    assert load_knowledge_base() is first
    assert load_knowledge_base((), "extend") is first


def test_knowledge_base_loads_only_when_an_nl5_rule_checks_a_document(tmp_path):
    # A fresh interpreter: importing or building the rules (as plugin loading does) must not load the data.
    # (An unwritable cache folder: the base is loaded in memory, not from its index.)
    script = (
        "from newslint.model import Document\n"
        "from newslint.plugins import load_registry\n"
        "from newslint.rules.entities.store import load_knowledge_base\n"
        "rules = load_registry(autoload=False).rules\n"
        "rule = rules['NL501']()\n"
        "assert load_knowledge_base.cache_info().currsize == 0\n"
        "list(rule.check(Document(text='Rain on Sunday.')))\n"
        "assert load_knowledge_base.cache_info().currsize == 1\n"
    )
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    subprocess.run(
        [sys.executable, "-c", script], check=True, env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "file")}
    )


def _write_csv_dir(folder: Path, rows: list[list[str]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "officeholders.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["person", "aliases", "country", "office", "title", "start", "end", "source"])
        writer.writerows(rows)
    (folder / "demonyms.csv").write_text(
        "country,name,demonyms,names\nFRA,France,French,France|French Republic\nRUS,Russia,Russian,Russia\n",
        encoding="utf-8",
    )
    (folder / "role_aliases.csv").write_text(
        "office,country,alias\nforeign_minister,,Foreign Minister\nhead_of_state,,President\n", encoding="utf-8"
    )
    return folder


def test_build_from_csv_gives_a_deterministic_artefact(tmp_path):
    folder = _write_csv_dir(
        tmp_path / "kb",
        [
            [
                "Zorblat Quenn",
                "Quenn|Zorblatt Quenn",
                "FRA",
                "foreign_minister",
                "Minister of Foreign Affairs",
                "2031-02",
                "2033",
                "test:Q99999901",
            ],
            ["Zorblat Quenn", "", "FRA", "other", "Mayor of Somewhere", "2020", "2030", "test:Q99999901;overlap"],
        ],
    )
    assert kb_main(["build", "--from-csv", str(folder), "-o", str(tmp_path / "a.json.gz")]) == 0
    assert kb_main(["build", "--from-csv", str(folder), "-o", str(tmp_path / "b.json.gz")]) == 0
    assert (tmp_path / "a.json.gz").read_bytes() == (tmp_path / "b.json.gz").read_bytes()
    tables = read_artefact((tmp_path / "a.json.gz").read_bytes())
    base = tables.knowledge_base()
    assert len(base.persons) == 1 and base.persons[0].qid == "Q99999901"
    foreign = [t for t in base.terms if t.office == "foreign_minister"][0]
    # Coarse dates are widened: "2031-02" starts on the 1st, "2033" ends on 31 December.
    assert (foreign.start, foreign.end) == ("2031-02", "2033")
    assert parse_date("2031-02-01")[0] == foreign.lo and parse_date("2033-12-31")[0] == foreign.hi
    assert [t.source for t in base.terms] == ["test:Q99999901", "test:Q99999901;overlap"]
    assert base.resolve("Zorblatt Quenn", lambda _: "", 92).people == (0,)


def test_build_rejects_an_unknown_office(tmp_path):
    folder = _write_csv_dir(tmp_path / "kb", [["A B", "", "FRA", "wizard", "Wizard", "2001", "", "x:Q1"]])
    assert kb_main(["build", "--from-csv", str(folder), "-o", str(tmp_path / "x.json.gz")]) == 2


def test_kb_info_prints_counts_sources_and_licence(capsys):
    assert kb_main(["info"]) == 0
    out = capsys.readouterr().out
    assert "people: 33,034" in out and "office-holding rows: 47,020" in out
    assert "CC BY-NC 4.0" in out and "data until: 2023-01" in out
    assert kb_main(["frobnicate"]) == 2


# -- Wikidata dumps ------------------------------------------------------------
@pytest.mark.parametrize("compression", ["", ".gz", ".bz2"])
def test_build_from_a_wikidata_dump(tmp_path, compression):
    raw = (FIXTURES / "wikidata-sample.json").read_bytes()
    dump = tmp_path / f"dump.json{compression}"
    dump.write_bytes({"": lambda b: b, ".gz": gzip.compress, ".bz2": bz2.compress}[compression](raw))
    out = tmp_path / "officeholders.csv"
    assert kb_main(["build", "--from-wikidata", str(dump), "-o", str(out)]) == 0
    rows = {
        (r["person"], r["country"], r["office"], r["title"], r["start"], r["end"])
        for r in csv.DictReader(out.open(encoding="utf-8"))
    }
    assert rows == {
        # Office from the position's class (P279 foreign minister), country from P1001.
        ("Laurent Fabius", "FRA", "foreign_minister", "Minister of Foreign Affairs", "2012-05-16", "2016-02-11"),
        # Office from the label (a known role title); the deprecated P39 statement is skipped.
        (
            "Laurent Fabius",
            "FRA",
            "finance_minister",
            "Minister of the Economy, Finances and Industry",
            "2000-03-28",
            "2002-05-06",
        ),
        ("Vladimir Putin", "RUS", "head_of_state", "President of Russia", "2000-05-07", "2008-05-07"),
        ("Vladimir Putin", "RUS", "head_of_state", "President of Russia", "2012-05-07", ""),
        # Month precision is kept.
        ("Vladimir Putin", "RUS", "head_of_government", "Prime Minister of Russia", "2008-05-08", "2012-05"),
        # "President of the United States": a role title "of <place>".
        ("Barack Obama", "USA", "head_of_state", "President of the United States", "2009-01-20", "2017-01-20"),
        ("George W. Bush", "USA", "head_of_state", "President of the United States", "2001-01-20", "2009-01-20"),
        # Jurisdiction is a state, not a country: the position's P17 decides.
        ("George W. Bush", "USA", "other", "Governor of Texas", "1995-01-17", "2000-12-21"),
        # No jurisdiction at all: the person's single citizenship (P27) decides; a deputy is "other".
        ("Ivan Testov", "RUS", "other", "Deputy Minister of Foreign Affairs", "2015", "2019"),
    }


def test_wikidata_artefact_replaces_the_bundled_base(tmp_path):
    out = tmp_path / "wd.json.gz"
    assert kb_main(["build", "--from-wikidata", str(FIXTURES / "wikidata-sample.json"), "-o", str(out)]) == 0
    context = RunContext(data={"knowledge-base": (str(out),)}, replace_bundled=frozenset({"knowledge-base"}))
    seed = SEED.read_text(encoding="utf-8")
    findings = all_findings(seed, context)
    assert [(f.code, f.line) for f in findings] == [("NL501", 13)]
    assert "wikidata:Q217070" in findings[0].message and "2016-02-11" in findings[0].message
    # Obama is known to this base too; Assad is not, so nothing is said about him.
    assert not all_findings("Syrian President Bashar al-Assad said.", context)
    assert [f.code for f in all_findings("French President Barack Obama said.", context)] == ["NL501"]


# -- extending and replacing --------------------------------------------------
EXTRA = [
    [
        "Zorblat Quenn",
        "Quenn",
        "FRA",
        "foreign_minister",
        "Minister of Foreign Affairs",
        "2030-01-01",
        "",
        "test:Q99999901",
    ],
    # Somebody in Russia, so that a replacement base knows the country at all.
    [
        "Ivan Testov",
        "Testov",
        "RUS",
        "foreign_minister",
        "Minister of Foreign Affairs",
        "2030-01-01",
        "",
        "test:Q99999902",
    ],
]
COLUMNS = ["person", "aliases", "country", "office", "title", "start", "end", "source"]


def _extra_rows(path: Path) -> Path:
    if path.suffix == ".jsonl":
        lines = [json.dumps({**dict(zip(COLUMNS, row)), "aliases": [row[1]]}) for row in EXTRA]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    else:
        with open(path, "w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows([COLUMNS, *EXTRA])
    return path


@pytest.mark.parametrize("name", ["extra.csv", "extra.jsonl"])
def test_extra_files_extend_the_bundled_base(tmp_path, name):
    context = RunContext(data={"knowledge-base": (str(_extra_rows(tmp_path / name)),)})
    findings = all_findings("Russian Foreign Minister Zorblat Quenn said.", context)
    assert [f.code for f in findings] == ["NL501"] and "test:Q99999901" in findings[0].message
    # The bundled people are still there.
    assert [f.code for f in all_findings(SEED.read_text(encoding="utf-8"), context)] == ["NL501"]


def test_replace_mode_drops_the_bundled_office_holders(tmp_path):
    context = RunContext(
        data={"knowledge-base": (str(_extra_rows(tmp_path / "extra.csv")),)},
        replace_bundled=frozenset({"knowledge-base"}),
    )
    assert [f.code for f in all_findings("Russian Foreign Minister Zorblat Quenn said.", context)] == ["NL501"]
    assert all_findings(SEED.read_text(encoding="utf-8"), context) == []


def test_plugins_provide_knowledge_base_files(tmp_path):
    extra = _extra_rows(tmp_path / "plugin.csv")

    class Plugin:
        from newslint import hookimpl

        @hookimpl
        def newslint_data_files(self):
            return {"knowledge-base": [str(extra)]}

    registry = load_registry(autoload=False, extra=[(Plugin(), PluginInfo("kb-plugin", "test", "0"))])
    assert registry.data_files == {"knowledge-base": [str(extra.resolve())]}
    context = RunContext(data={"knowledge-base": tuple(registry.data_files["knowledge-base"])})
    assert [f.code for f in all_findings("Russian Foreign Minister Zorblat Quenn said.", context)] == ["NL501"]


# -- mentions and names -------------------------------------------------------
@pytest.mark.parametrize(
    "text, mention, countries, qualifier",
    [
        ("Russian President Vladimir Putin said.", "Russian President Vladimir Putin", {"RUS"}, ""),
        ("France's foreign minister Laurent Fabius said.", "France's foreign minister Laurent Fabius", {"FRA"}, ""),
        ("Sergei Lavrov, Russia's foreign minister, said.", "Sergei Lavrov, Russia's foreign minister", {"RUS"}, ""),
        ("The Prime Minister of India, Narendra Modi, said.", "Prime Minister of India, Narendra Modi", {"IND"}, ""),
        ("President Xi Jinping of China said.", "President Xi Jinping", {"CHN"}, ""),
        ("U.S. Secretary of State John Kerry's plane landed.", "U.S. Secretary of State John Kerry", {"USA"}, ""),
        ("the late Venezuelan President Hugo Chavez", "late Venezuelan President Hugo Chavez", {"VEN"}, "past"),
        ("then-Secretary of State John Kerry said.", "then-Secretary of State John Kerry", set(), "past"),
        ("ex-President Barack Obama said.", "ex-President Barack Obama", set(), "past"),
        (
            "Acting US Defense Secretary Patrick Shanahan said.",
            "Acting US Defense Secretary Patrick Shanahan",
            {"USA"},
            "acting",
        ),
        (
            "Chairman of the Joint Chiefs of Staff Gen. Mark Milley said.",
            "Chairman of the Joint Chiefs of Staff Gen. Mark Milley",
            set(),
            "",
        ),
    ],
)
def test_role_mention_shapes(kb, text, mention, countries, qualifier):
    found = find_mentions(text, kb)
    assert len(found) == 1
    m = found[0]
    assert text[m.start : m.end] == mention
    assert set(m.countries) & {"RUS", "FRA", "IND", "CHN", "USA", "VEN"} == countries
    assert m.qualifier == qualifier


@pytest.mark.parametrize(
    "text",
    [
        "Russian Deputy Foreign Minister Sergei Ryabkov said.",
        "US Vice President Joe Biden arrived.",
        "Vice-President Joe Biden arrived.",
        "pro-Russian President Viktor Yanukovych fled.",
        "Senate President Bukola Saraki read the letters.",
        "President-elect Donald Trump spoke.",
        "Saudi Crown Prince Mohammed bin Salman met the president.",
        "Zippy Duvall, the president of the American Farm Bureau, said.",
        "Putin, Russia's foreign minister said nothing.",
    ],
)
def test_titles_that_are_not_role_mentions(kb, text):
    assert [text[m.start : m.end] for m in find_mentions(text, kb)] == []


@pytest.mark.parametrize(
    "written, expected",
    [
        ("Sergei Lavrov", "Sergey Lavrov"),  # transliteration
        ("Francois Hollande", "François Hollande"),  # accents
        ("Recep Tayyip Erdogan", "Recep Tayyip Erdoğan"),
        ("Ngo Xuan Lich", "Ngô Xuân Lịch"),
        ("Bashar Assad", "Bashar al-Assad"),  # a dropped article-like particle
        ("Gotabhaya Rajapaksa", "Gotabaya Rajapaksa"),  # a spelling variant, through rapidfuzz
        ("George W Bush", "George W. Bush"),
    ],
)
def test_name_resolution(kb, written, expected):
    found = kb.resolve(written, lambda _: "", 92)
    assert found is not None and [kb.persons[p].name for p in found.people] == [expected]


def test_fuzzy_matching_is_strict(kb):
    assert kb.resolve("Laurent Fabios", lambda _: "", 92) is not None
    assert kb.resolve("Laurent Fabrice", lambda _: "", 92) is None
    assert kb.resolve("Vladimir Putik", lambda _: "", 99) is None


def test_bare_surname_needs_the_full_name_in_the_document():
    assert all_findings("French Foreign Minister Lavrov said.") == []
    text = "Sergei Lavrov arrived.\nFrench Foreign Minister Lavrov said."
    assert [(f.code, f.line) for f in all_findings(text)] == [("NL501", 2)]


def test_dates_from_metadata_and_datelines():
    assert parse_date("2015-11-19T10:00:00Z") == parse_date("Thu, 19 Nov 2015 10:00:00 GMT")
    assert parse_date("1970-01-01") is None and parse_date("not a date") is None
    assert dateline("PARIS, Nov. 19, 2015 (AFP) - Laurent Fabius said")[0] == parse_date("2015-11-19")
    assert dateline("Published: 19 November 2015\nText") is not None
    assert dateline("On November 19, 2015, he said") is None  # a date in prose is no dateline


# -- the seed and the labelled set -----------------------------------------------
def test_seed_gives_exactly_the_fabius_finding():
    text = SEED.read_text(encoding="utf-8")
    findings = all_findings(text)
    assert len(findings) == 1
    finding = findings[0]
    assert finding.code == "NL501"
    line = finding.line_text
    assert line[finding.column - 1 : finding.end_column - 1] == "Russian Foreign Affairs Minister Laurent Fabius"
    for evidence in ("Q217070", "Minister of Foreign Affairs", "France", "2012-05-16", "2016-12-06", "Russia"):
        assert evidence in finding.message


@pytest.mark.parametrize(
    "sentence",
    [
        "Russian President Vladimir Putin has publicly acknowledged that IS bombed a Russian airliner over Sinai.",
        "Russia's chief of general staff talked to his French counterpart about combating the Islamic State.",
        "Russian chief of staff Valery Gerasimov spoke with his French counterpart Pierre de Villiers for an hour.",
        "Hollande is to go to Moscow to meet Putin after seeing US President Barack Obama in Washington.",
        "Up until now Paris has objected to Moscow's alliance with Syrian President Bashar al-Assad.",
        "President François Hollande's called this week for the bringing together of all those who can fight.",
    ],
)
@pytest.mark.parametrize("date", [None, "2015-11-19"])
def test_seed_correct_mentions_stay_silent(sentence, date):
    metadata = {"date": date} if date else {}
    assert all_findings(sentence, **metadata) == []


def test_labelled_set_precision_and_recall():
    scores = quality.labelled_scores(FIXTURES / "labelled.jsonl")
    assert scores["overall"]["precision"] >= 0.98
    for code in ("NL501", "NL502", "NL503", "NL504"):
        assert scores[code]["precision"] >= 0.98, (code, scores[code])
        assert scores[code]["recall"] >= 0.85, (code, scores[code])


def test_labelled_correct_sentences_never_fire():
    records = [json.loads(line) for line in (FIXTURES / "labelled.jsonl").read_text(encoding="utf-8").splitlines()]
    quiet = [r for r in records if r["kind"] in ("correct", "near-miss")]
    assert len(quiet) > 200
    for record in quiet:
        metadata = {"date": record["date"]} if record["date"] else {}
        assert all_findings(record["text"], **metadata) == [], record["id"]


def test_labelled_set_is_self_contained():
    records = [json.loads(line) for line in (FIXTURES / "labelled.jsonl").read_text(encoding="utf-8").splitlines()]
    kinds = {r["kind"] for r in records}
    assert {"correct", "near-miss", "swapped-country", "swapped-role", "date-outside-term", "conflict"} <= kinds
    assert sum(r["origin"].startswith("aeb") for r in records) > 40


def test_rules_are_documented():
    for rule in RULES:
        assert rule.documentation_problems() == []


def test_rules_pickle_without_the_data():
    import pickle

    rule = WrongCountryRole()
    payload = pickle.dumps(rule)
    assert len(payload) < 10_000  # the knowledge base is reloaded (from the cache) on the other side
    clone = pickle.loads(payload)
    assert clone.kb is rule.kb
    assert [h.start for h in clone.check(Document(text=SEED.read_text(encoding="utf-8")))] == [
        h.start for h in rule.check(Document(text=SEED.read_text(encoding="utf-8")))
    ]
