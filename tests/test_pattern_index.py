"""The one-pass pattern index: Hyperscan and RE2 propose the same matches; the disk cache is only an accelerator."""

from __future__ import annotations

import os
import weakref
from pathlib import Path

import orjson
import pytest

from newslint import Document
from newslint.config import ConfigError
from newslint.packs import Scanner, load_packs, read_pack_file
from newslint.packs.index import PatternIndex, _strip_optional_tail, scan_phrases

FIXTURES = Path(__file__).parent / "fixtures"


def benchmark_texts() -> list[str]:
    """The AEB sample and gold texts shipped with the tests, plus made-up chrome and error lines."""
    texts = []
    for path in [*(FIXTURES / "aeb_sample").glob("*.jsonl"), FIXTURES / "aeb_gold" / "gold.jsonl"]:
        for line in path.read_bytes().splitlines():
            if line.strip():
                texts.append(orjson.loads(line)["text"])
    texts.append(
        "Skip to main content\nLog in or sign up\nwww.example.com needs to review the security of your "
        "connection before proceeding.\nSorry, the page you are looking for could not be found. Try the home page\n"
        "© 2024 Example Media. All rights reserved.\nHome » World » Europe\nSign up for our daily newsletter\n"
        "Bitte bestätigen Sie, dass Sie kein Roboter sind\nÜBER UNS\n"
    )
    return texts


def all_matches(index: PatternIndex, texts: list[str]) -> list[list[tuple[int, list[str]]]]:
    packs = load_packs()
    scanner = Scanner(packs.packs, index)
    return [[(line.number, [p.id for p in found]) for line, found in scanner.matches(Document(text))] for text in texts]


def test_hyperscan_and_re2_find_the_same_lines_and_packs():
    pytest.importorskip("hyperscan")
    packs = load_packs().packs
    fast = PatternIndex(packs)
    fast.compile_now()
    slow = PatternIndex(packs, use_hyperscan=False)
    assert fast.backend.startswith("hyperscan") and slow.backend == "re2"
    texts = benchmark_texts()
    found = all_matches(fast, texts)
    assert found == all_matches(slow, texts)
    assert sum(len(doc) for doc in found) > 100  # the texts do exercise the packs


def test_the_rule_findings_are_the_same_with_either_backend(monkeypatch):
    pytest.importorskip("hyperscan")
    from newslint.api import check_text

    texts = benchmark_texts()[:40]
    # Force the compile before the first document, then without Hyperscan at all.
    monkeypatch.setattr("newslint.packs.index.COMPILE_AFTER", 0)
    load_packs.cache_clear()
    with_hyperscan = [[(f.line, f.code, f.message) for f in check_text(t)] for t in texts]
    monkeypatch.setattr("newslint.packs.dbcache.hyperscan_available", lambda: False)
    load_packs.cache_clear()
    with_re2 = [[(f.line, f.code, f.message) for f in check_text(t)] for t in texts]
    load_packs.cache_clear()
    assert with_hyperscan == with_re2 and any(with_re2)


def test_without_hyperscan_the_index_runs_on_re2(monkeypatch):
    monkeypatch.setattr("newslint.packs.dbcache.hyperscan_available", lambda: False)
    index = PatternIndex(load_packs().packs)
    assert index.backend == "re2"
    found = all_matches(index, ["The minister spoke.\n© 2024 Example Media. All rights reserved."])[0]
    assert found == [(2, ["footer.copyright", "footer.rights"])]


@pytest.mark.parametrize("damage", ["unwritable", "corrupt"])
def test_an_unwritable_or_corrupt_cache_is_ignored(tmp_path, monkeypatch, damage):
    pytest.importorskip("hyperscan")
    cache = tmp_path / "newslint"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    packs = read_pack_file(
        "[[pack]]\nid = 'x.contains'\ncode = 'NL101'\nkind = 'k'\nmatch = 'contains'\npatterns = ['acme portal']\n",
        "user.toml",
    )
    if damage == "unwritable":
        cache.write_text("a file where the folder should be")
    else:
        PatternIndex(packs).compile_now()
        for file in cache.iterdir():
            file.write_bytes(b'{"good": [0], "bad": []}\nnot a database')
    index = PatternIndex(packs)
    index.compile_now()
    assert index.backend == "hyperscan"
    assert index.candidates(Document("one\nthe ACME Portal\n")) == {0: {2}}
    if damage == "corrupt":  # the bad file was replaced by a good one
        assert PatternIndex(packs).backend == "hyperscan"


def test_a_warm_cache_is_used_without_compiling(tmp_path, monkeypatch):
    pytest.importorskip("hyperscan")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    packs = load_packs().packs
    PatternIndex(packs).compile_now()
    assert len(os.listdir(tmp_path / "newslint")) == 1
    monkeypatch.setattr("newslint.packs.index.compile_hyperscan", lambda *a: pytest.fail("compiled again"))
    assert PatternIndex(packs).backend.startswith("hyperscan")


def test_the_scan_form_drops_optional_tails_and_what_only_narrows_a_match_inside_its_line():
    assert _strip_optional_tail(r"foo(?:[\t ][^\n.!?,;]{0,80})?") == "foo"
    assert _strip_optional_tail(r"the server (?:a|b)[^\n.!?]{0,80}") == "the server (?:a|b)"
    assert _strip_optional_tail(r"a\)?") == r"a\)?"
    assert _strip_optional_tail(r"(?:x)?") == "(?:x)?"
    line_pack = read_pack_file(
        "[[pack]]\nid = 'x'\ncode = 'NL101'\nkind = 'k'\npatterns = ['log ?in(?: or sign up)?']\n", "u.toml"
    )[0]
    (form,) = scan_phrases(line_pack)
    # No "$" follows any more: the optional tail and the line's end are the line Set's to check.
    assert form.startswith("^") and form.endswith("(?i:log ?in)")


def test_loosening_widens_property_classes_and_blanks_only():
    from newslint.packs.index import _loosen
    from newslint.packs.model import SPACE

    assert _loosen(r"[\p{Lu}\d][\pL\d&'+-]* news") == r"[^\n][^\n]* news"
    assert _loosen(r"\pL+ and \P{Han} [^\pL] [[:alpha:]\]x] [a-z]") == r"[^\n]+ and [^\n] [^\n] [[:alpha:]\]x] [a-z]"
    assert _loosen(f"a{SPACE}+b") == r"a(?:[\t ]|[^\x00-\x7f])+b"
    assert _loosen(r"\\p not a property") == r"\\p not a property"


def test_literal_keys_are_case_folded_pieces_long_enough_to_be_selective():
    from newslint.packs.index import literal_keys

    text = (
        "[[pack]]\nid = 'x'\ncode = 'NL202'\nkind = 'k'\nmatch = 'contains'\n"
        "literals = ['Seite nicht gefunden', 'STRASSE gesperrt', \"Don't go\", 'a b']\n"
    )
    pack = read_pack_file(text, "u.toml")[0]
    assert literal_keys(pack) == {"Seite nicht gefunden": "gefunden", "STRASSE gesperrt": "gesperrt"}
    assert [f for f in scan_phrases(pack) if "go" in f or "a" in f]  # keyless literals stay regex phrases
    sensitive = read_pack_file(
        text.replace("match = 'contains'", "match = 'contains'\ncase-sensitive = true"), "u.toml"
    )
    assert literal_keys(sensitive[0]) == {}


@pytest.mark.parametrize(
    "line, packs",
    [
        ("SEITE NICHT GEFUNDEN", {0}),  # upper case
        ("Seite  nicht\u00a0gefunden.", {0}),  # other blanks
        ("die seite nicht gefunden, leider", {0}),  # inside a line
        ("STRASSE GESPERRT", {1}),
        ("nothing here", set()),
    ],
)
def test_the_literal_database_proposes_every_line_a_literal_matches(tmp_path, monkeypatch, line, packs):
    pytest.importorskip("hyperscan")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    text = (
        "[[pack]]\nid = 'x'\ncode = 'NL202'\nkind = 'k'\nmatch = 'contains'\nliterals = ['Seite nicht gefunden']\n"
        "[[pack]]\nid = 'y'\ncode = 'NL202'\nkind = 'k'\nmatch = 'contains'\nliterals = ['Strasse gesperrt']\n"
    )
    index = PatternIndex(read_pack_file(text, "u.toml"))
    index.compile_now()
    assert index.backend == "hyperscan"
    found = index.candidates(Document(f"first line\n{line}\n"))
    assert {pack for pack, lines in found.items() if 2 in lines} == packs


def test_a_background_compile_is_adopted_by_the_run_and_cached_for_the_next(tmp_path, monkeypatch):
    pytest.importorskip("hyperscan")
    import threading

    from newslint.packs import index as index_module

    if threading.active_count() > 1:
        pytest.skip("another test left a thread running: forking is not attempted then")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(index_module, "COMPILE_AFTER", 10**12)  # never compiled in this process
    monkeypatch.setattr(index_module, "ADOPT_EVERY", 0.0)
    # Indexes earlier tests left uncompiled (the built-in packs', still cached) are not this test's.
    monkeypatch.setattr(index_module, "_UNCOMPILED", weakref.WeakSet())
    packs = read_pack_file(
        "[[pack]]\nid = 'x.contains'\ncode = 'NL101'\nkind = 'k'\nmatch = 'contains'\npatterns = ['acme portal']\n",
        "user.toml",
    )
    index = PatternIndex(packs)
    assert index.backend == "re2"
    background = index_module.compile_in_background()
    assert len(background.processes) == 1
    background.join()
    assert background.processes[0][0].exitcode == 0
    assert not list((tmp_path / "newslint").glob("*.lock"))  # released
    index.candidates(Document("the ACME Portal\n"))  # looks for the cached databases and adopts them
    assert index.backend == "hyperscan"
    assert PatternIndex(packs).backend == "hyperscan"  # the next run starts with them
    assert not index_module.compile_in_background().processes  # nothing left to compile


@pytest.mark.parametrize("pattern", [r"[^\n.!?]{0,60}needs to review", r".*foo", r"\S+ bar"])
def test_a_pattern_opening_with_a_broad_repeated_class_is_rejected(pattern):
    text = f"[[pack]]\nid = 'x'\ncode = 'NL203'\nkind = 'k'\nmatch = 'contains'\npatterns = ['{pattern}']\n"
    with pytest.raises(ConfigError, match="starts with a repeated class") as info:
        read_pack_file(text, "user.toml")
    assert "user.toml" in str(info.value)


@pytest.mark.parametrize("pattern", [r"\d+ min read", r"[a-z]+ newsletter"])
def test_a_narrow_leading_class_is_accepted(pattern):
    text = f"[[pack]]\nid = 'x'\ncode = 'NL101'\nkind = 'k'\nmatch = 'contains'\npatterns = ['{pattern}']\n"
    assert read_pack_file(text, "user.toml")[0].patterns == (pattern,)


def test_scans_in_threads_do_not_share_scratch_space():
    pytest.importorskip("hyperscan")
    from concurrent.futures import ThreadPoolExecutor

    index = PatternIndex(load_packs().packs)
    index.compile_now()
    text = "Sorry, the page you are looking for could not be found.\n© 2024 Example Media\n" * 300
    with ThreadPoolExecutor(8) as pool:
        found = list(pool.map(lambda _: index.candidates(Document(text)), range(32)))
    assert all(f == found[0] for f in found) and found[0]


def test_the_database_key_follows_every_input_of_the_scan_phrases():
    """The cached database is named by what scan_phrases reads: any change to it names another database."""
    import dataclasses

    packs = list(load_packs(()).packs)
    regex = next(i for i, p in enumerate(packs) if p.regex_body and p.patterns)
    key = PatternIndex(packs, use_hyperscan=False).digest
    assert PatternIndex(list(packs), use_hyperscan=False).digest == key
    pack = packs[regex]
    changes = {
        "patterns": pack.patterns[:-1] + (pack.patterns[-1] + "x",),
        "literals": (*pack.literals, "one more phrase"),
        "match": next(m for m in ("line", "prefix", "contains") if m != pack.match),
        "case_sensitive": not pack.case_sensitive,
    }
    for name, value in changes.items():
        changed = [*packs[:regex], dataclasses.replace(pack, **{name: value}), *packs[regex + 1 :]]
        assert PatternIndex(changed, use_hyperscan=False).digest != key, name


def test_one_run_compiles_a_database_while_others_wait_for_it(tmp_path, monkeypatch):
    pytest.importorskip("hyperscan")
    import time

    from newslint.packs import dbcache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert dbcache.claim("abc", stale_after=60)
    assert not dbcache.claim("abc", stale_after=60)  # another run is compiling it
    (lock,) = (tmp_path / "newslint").glob("*.lock")
    old = time.time() - 120
    os.utime(lock, (old, old))
    assert dbcache.claim("abc", stale_after=60)  # a killed compile's lock is taken over
    dbcache.release("abc")
    assert not list((tmp_path / "newslint").glob("*.lock"))
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert dbcache.claim("abc", stale_after=60) is None  # nothing could be handed over: compile in process
