"""The knowledge base's SQLite index gives the NL5xx rules exactly what the in-memory base gives."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from newslint.model import Document
from newslint.rules.entities import InconsistentRoles, OutOfTermRole, WrongCountryRole, WrongRoleForCountry
from newslint.rules.entities.kbindex import IndexedKnowledgeBase, index_path, indexed_knowledge_base, write_index
from newslint.rules.entities.store import bundled_bytes, load_knowledge_base

FIXTURES = Path(__file__).parent / "fixtures" / "entities"
RULES = (WrongCountryRole, WrongRoleForCountry, OutOfTermRole, InconsistentRoles)


@pytest.fixture(scope="module")
def indexed(tmp_path_factory):
    path = tmp_path_factory.mktemp("kb") / "kb.sqlite"
    write_index(path)
    return IndexedKnowledgeBase(path)


def _documents() -> list[Document]:
    lines = (FIXTURES / "labelled.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines if line.strip()]
    docs = [Document(text=r["text"], date=r.get("date")) for r in records]
    return [*docs, Document(text=(FIXTURES / "seed_000_8909fccca8fb692d.txt").read_text(encoding="utf-8"))]


def _hits(kb, docs: list[Document]) -> list[tuple]:
    out = []
    for rule_cls in RULES:
        rule = rule_cls()
        rule.__dict__["kb"] = kb  # the rule's cached knowledge base, set instead of loaded
        for n, doc in enumerate(docs):
            fresh = Document(text=doc.text, date=doc.date)  # no analysis memo shared between bases
            out.extend((rule.code, n, h.start, h.end, h.message) for h in rule.check(fresh))
    return out


def test_indexed_base_gives_the_same_findings_as_the_base_in_memory(indexed):
    docs = _documents()
    expected = _hits(load_knowledge_base(), docs)
    assert len(expected) > 100  # the labelled set exercises every verdict
    assert _hits(indexed, docs) == expected


def test_indexed_base_answers_the_same_lookups(indexed):
    memory = load_knowledge_base()
    assert indexed.meta == memory.meta and indexed.data_until == memory.data_until
    assert indexed.countries_with_terms == memory.countries_with_terms
    assert indexed.places == memory.places and indexed.aliases == memory.aliases
    for key in ("laurent fabius", "narendra modi", "nobody at all"):
        assert indexed.full_index.get(key) == memory.full_index.get(key)
    pid = memory.full_index["laurent fabius"][0]
    assert indexed.persons[pid] == memory.persons[pid] and indexed.by_person[pid] == memory.by_person[pid]
    assert indexed.by_office.get(("FRA", "foreign_minister")) == memory.by_office.get(("FRA", "foreign_minister"))
    assert indexed.by_office.get(("XXX", "foreign_minister"), ()) == ()


def test_index_is_written_on_first_use_in_the_cache_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    indexed_knowledge_base.cache_clear()
    try:
        kb = indexed_knowledge_base()
        assert isinstance(kb, IndexedKnowledgeBase)
        path = index_path(bundled_bytes())
        assert path.parent == tmp_path / "newslint" and path.exists()
        assert not [p for p in path.parent.iterdir() if p.name.startswith(".kb-")]  # no temporary left behind
    finally:
        indexed_knowledge_base.cache_clear()


def test_unwritable_cache_folder_falls_back_to_the_base_in_memory(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    indexed_knowledge_base.cache_clear()
    try:
        assert indexed_knowledge_base() is None
        seed = (FIXTURES / "seed_000_8909fccca8fb692d.txt").read_text(encoding="utf-8")
        rule = WrongCountryRole()
        assert not isinstance(rule.kb, IndexedKnowledgeBase)
        assert [h.message for h in rule.check(Document(text=seed))][0].startswith('"Russian Foreign Affairs')
    finally:
        indexed_knowledge_base.cache_clear()


def test_a_forked_process_opens_its_own_connection(indexed):
    if not hasattr(os, "fork"):
        pytest.skip("no fork")
    pid = next(iter(load_knowledge_base().full_index["laurent fabius"]))
    assert indexed.persons[pid].qid == "Q217070"  # the parent's connection is open
    indexed.persons.seen.clear()
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        os.write(write, pickle.dumps(indexed.persons[pid].qid))
        os._exit(0)
    os.waitpid(child, 0)
    assert pickle.loads(os.read(read, 1000)) == "Q217070"


def test_building_rules_and_checking_a_plain_document_loads_nothing_in_memory(tmp_path):
    script = (
        "from newslint.model import Document\n"
        "from newslint.plugins import load_registry\n"
        "from newslint.rules.entities.store import load_knowledge_base\n"
        "rule = load_registry(autoload=False).rules['NL501']()\n"
        "assert load_knowledge_base.cache_info().currsize == 0\n"
        "assert list(rule.check(Document(text='Rain is expected on Sunday.'))) == []\n"
        "assert type(rule.kb).__name__ == 'IndexedKnowledgeBase'\n"
        "assert load_knowledge_base.cache_info().currsize == 0\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    write_index(tmp_path / "newslint" / index_path(bundled_bytes()).name)
    subprocess.run([sys.executable, "-c", script], check=True, env=env)


def test_only_the_newest_indexes_are_kept(tmp_path):
    folder = tmp_path / "newslint"
    folder.mkdir()
    for n in range(3):
        stale = folder / f"kb-0.0.{n}-k1-s1-old.sqlite"
        stale.write_bytes(b"")
        os.utime(stale, (n, n))
    write_index(folder / "kb-new.sqlite")
    assert sorted(p.name for p in folder.glob("kb-*.sqlite")) == ["kb-0.0.2-k1-s1-old.sqlite", "kb-new.sqlite"]


def test_remembered_answers_are_bounded(indexed, monkeypatch):
    monkeypatch.setattr("newslint.rules.entities.kbindex._REMEMBERED", 3)
    index = indexed.full_index
    index.seen.clear()
    for n in range(10):
        assert index.get(f"nobody number {n}") is None
    assert len(index.seen) <= 3
    assert index.get("laurent fabius") == load_knowledge_base().full_index["laurent fabius"]


def test_countries_are_read_on_the_first_role_title_and_equal_the_base_in_memory(indexed):
    """A document without a role title never reads the countries; once one is found, the places are the same."""
    kb = IndexedKnowledgeBase(indexed.db.path)
    rule = WrongCountryRole()
    rule.__dict__["kb"] = kb
    assert list(rule.check(Document(text="Rain is expected on Sunday.\nRoads will be closed."))) == []
    assert "places" not in kb.__dict__ and "alias_places" not in kb.__dict__
    hits = list(rule.check(Document(text="Earlier Russian Foreign Affairs Minister Laurent Fabius told France Inter.")))
    assert [h.message for h in hits] and "places" in kb.__dict__
    memory = load_knowledge_base()
    for name in (
        "places",
        "place_ends",
        "country_names",
        "country_name",
        "demonyms",
        "max_place_words",
        "alias_places",
    ):
        assert getattr(kb, name) == getattr(memory, name), name
    with pytest.raises(AttributeError):
        kb.no_such_index  # noqa: B018 - only the place indexes are built on demand
