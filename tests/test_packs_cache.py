"""The built-in packs' validated fields cached on disk: same packs, any bad file parsed again."""

from __future__ import annotations

import dataclasses

from newslint.packs.loader import _builtin_files, read_pack_file
from newslint.packs.parsed import _path, builtin_groups


def _fields(groups):
    return [[dataclasses.asdict(p) for p in group] for group in groups]


def test_cached_packs_equal_parsed_packs(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    files = _builtin_files()
    parsed = [read_pack_file(text, name) for name, text in files]
    calls = []

    def parse(text, name):
        calls.append(name)
        return read_pack_file(text, name)

    first = builtin_groups(files, parse)
    assert len(calls) == len(files) and _path(files).exists()
    second = builtin_groups(files, parse)
    assert len(calls) == len(files)  # read from the cache, not parsed
    assert _fields(first) == _fields(second) == _fields(parsed)
    assert all(type(p.literals) is tuple and type(p.keys) is tuple for group in second for p in group)


def test_an_edited_pack_is_parsed_again(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    files = _builtin_files()
    builtin_groups(files, read_pack_file)
    name, text = files[0]
    edited = [(name, text + "\n"), *files[1:]]
    assert _path(edited) != _path(files)


def test_corrupt_or_unwritable_cache_is_parsed_again(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    files = _builtin_files()
    path = _path(files)
    path.parent.mkdir(parents=True)
    path.write_bytes(b'[[{"id": "truncated')
    assert _fields(builtin_groups(files, read_pack_file)) == _fields([read_pack_file(t, n) for n, t in files])
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert len(builtin_groups(files, read_pack_file)) == len(files)


def test_cache_files_are_written_whole_and_old_ones_pruned(tmp_path):
    """One writer for every cache (patterns, packs, knowledge-base index): atomic, and bounded per kind."""
    import os

    import pytest

    from newslint.packs.dbcache import cache_file

    for n in range(6):
        path = tmp_path / f"packs-0.{n}-abc.json"
        with cache_file(path, keep=4) as temporary:
            temporary.write_text(str(n))
        os.utime(path, (n, n))  # written in this order, whatever the file system's clock resolution
    (tmp_path / "kb-0.1-x.sqlite").write_text("another kind")
    with cache_file(tmp_path / "packs-0.9-abc.json", keep=4) as temporary:
        temporary.write_text("9")
    kept = sorted(p.name for p in tmp_path.iterdir())
    assert kept == ["kb-0.1-x.sqlite", "packs-0.3-abc.json", "packs-0.4-abc.json", "packs-0.5-abc.json",
                    "packs-0.9-abc.json"]  # fmt: skip
    with pytest.raises(RuntimeError), cache_file(tmp_path / "packs-1.0-abc.json", keep=4) as temporary:
        temporary.write_text("half")
        raise RuntimeError("disk full")
    assert not (tmp_path / "packs-1.0-abc.json").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary left behind


def test_the_label_vocabulary_read_from_the_cache_equals_the_one_built(tmp_path, monkeypatch):
    """ChromeIndex (NL1xx labels): built on the first run, read afterwards, rebuilt from a bad file; always the same."""
    from newslint.packs import load_packs
    from newslint.rules.boilerplate.structure import ChromeIndex, _decode_vocabulary, _vocabulary

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    packs = load_packs(())
    labels = packs.select(("NL1",), modes=("line",))

    def vocabulary(index):
        return index.table, index.prefixes, index.firsts, index.lasts

    expected = _decode_vocabulary(_vocabulary(labels), labels)
    assert len(expected[0]) > 1000 and all(pack in labels for pack in expected[0].values())
    built = ChromeIndex(packs)
    (cached_file,) = (tmp_path / "newslint").glob("chrome-*.json")
    cached = ChromeIndex(packs)
    assert vocabulary(built) == vocabulary(cached) == expected
    assert list(cached.table) == list(expected[0])  # and in the same order
    for damage in (b'{"table": [["home", 99999]], "prefixes": [], "firsts": [], "lasts": []}', b"{", b"[]"):
        cached_file.write_bytes(damage)
        assert vocabulary(ChromeIndex(packs)) == expected


def test_the_label_vocabulary_file_is_named_by_the_literals(tmp_path, monkeypatch):
    import dataclasses

    from newslint.packs import PackSet, load_packs
    from newslint.rules.boilerplate.structure import ChromeIndex

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    packs = load_packs(())
    ChromeIndex(packs)
    position = next(i for i, p in enumerate(packs.packs) if p.code.startswith("NL1") and p.match == "line")
    pack = packs.packs[position]
    edited = [
        *packs.packs[:position],
        dataclasses.replace(pack, literals=(*pack.literals, "Zzz label")),
        *packs.packs[position + 1 :],
    ]
    index = ChromeIndex(PackSet(edited))
    assert "zzz label" in index.table and "zzz label" not in ChromeIndex(packs).table
    assert len(list((tmp_path / "newslint").glob("chrome-*.json"))) == 2


def test_the_stoplist_index_read_from_the_cache_equals_the_one_built(tmp_path, monkeypatch):
    """jusText's stoplists, indexed once into the cache folder; read back, or rebuilt from a bad file, the same."""
    import justext

    from newslint.rules.boilerplate.lines import stopwords

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    stopwords.stoplists.cache_clear()
    stopwords.language_stopwords.cache_clear()
    try:
        built = stopwords.stoplists()
        (cached_file,) = (tmp_path / "newslint").glob("stoplists-*.json")
        stopwords.stoplists.cache_clear()
        assert stopwords.stoplists() == built
        names, index, _ = built
        english = names.index("English")
        assert stopwords.language_stopwords(english) == {w.casefold() for w in justext.get_stoplist("English")}
        assert str(english) in index["the"].split(",")
        for damage in (b'[["English"], {}, []]', b"{", b"[]"):
            cached_file.write_bytes(damage)
            stopwords.stoplists.cache_clear()
            assert stopwords.stoplists() == built
    finally:
        stopwords.stoplists.cache_clear()
        stopwords.language_stopwords.cache_clear()
