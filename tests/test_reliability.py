"""Hostile and broken corpora, end to end through the CLI (issue 9).

Every case builds its corpus in ``tmp_path`` and runs ``newslint.cli.main``
(in-process, or as a subprocess for Ctrl-C and memory), checking that each
problem is an ``NL9xx`` finding at its location, that every other document is
still linted, and that ``-j 1`` and ``-j 2`` agree.

The test plugin ``REL`` below misbehaves on purpose when a document contains
one of its trigger words; conftest's ``TST101`` (a line saying "Skip to main
content") shows which documents were linted.
"""

from __future__ import annotations

import builtins
import bz2
import ctypes
import gzip
import io
import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import time
import zlib
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator, Optional

import pytest

from newslint import Hit, Rule, hookimpl

from .conftest import ROOT, TestPlugin

SKIP = "Skip to main content"
SELECT = ("--select", "TST,REL,NL9", "--output-format", "json-lines")


# -- a misbehaving third-party plugin ----------------------------------------------------------
def _documented(summary: str) -> str:
    return f"""{summary}

    Why is this bad?
        It is a test double.

    Example:
        A document holding the trigger word.

    Use instead:
        Nothing.

    Options:
        None.
    """


class HangingRule(Rule):
    __doc__ = _documented("Never returns on a document saying REL-HANG.")
    code = "REL101"
    name = "test-hang"

    def check(self, doc):
        while "REL-HANG" in doc.text:
            time.sleep(0.01)
        return ()


class StubbornRule(Rule):
    __doc__ = _documented("Never returns on REL-STUBBORN, and swallows every Exception on the way.")
    code = "REL102"
    name = "test-stubborn-hang"

    def check(self, doc):
        while "REL-STUBBORN" in doc.text:
            try:
                time.sleep(0.01)
            except Exception:  # noqa: BLE001 - the sloppy plugin code the time budget must survive
                continue
        return ()


class WrongTypeRule(Rule):
    __doc__ = _documented("Returns what is not a sequence of hits.")
    code = "REL103"
    name = "test-wrong-type"

    def check(self, doc):
        if "REL-WRONG-STR" in doc.text:
            return ["a string, not a Hit"]
        if "REL-WRONG-INT" in doc.text:
            return 42
        if "REL-WRONG-NONE" in doc.text:
            return None  # accepted: no hits
        if "REL-FAR-OFFSETS" in doc.text:
            return [Hit("offsets outside the text", -5, 10**9)]
        if "REL-BAD-HIT-TYPE" in doc.text:
            return [Hit("a start that is not an int", "3", None)]  # type: ignore[arg-type]
        if "REL-BAD-MESSAGE" in doc.text:
            return [Hit(None, 0, 1)]  # type: ignore[arg-type]
        return ()


class DyingRule(Rule):
    __doc__ = _documented("Kills the process it runs in (only ever run with -j 2 in these tests).")
    code = "REL104"
    name = "test-die"

    def check(self, doc):
        if "REL-DIE-EXIT" in doc.text:
            os._exit(1)
        if "REL-DIE-SEGV" in doc.text:
            ctypes.string_at(0)  # a NULL dereference: SIGSEGV
        if "REL-DIE-KILL" in doc.text:
            os.kill(os.getpid(), signal.SIGKILL)  # what the OOM killer does
        if "REL-DIE-ONCE" in doc.text:
            marker = Path(os.environ["RELIABILITY_DIE_ONCE_MARKER"])
            if not marker.exists():
                marker.touch()
                os._exit(1)
        return ()


class ReliabilityPlugin:
    @hookimpl
    def newslint_rules(self):
        return [HangingRule, StubbornRule, WrongTypeRule, DyingRule]


# -- running the CLI -------------------------------------------------------------------------------
@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def findings(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.out.splitlines()]

    def at(self, name: str) -> list[tuple[Optional[int], int, int, str]]:
        """(record, line, column, code) of the findings in the file called ``name``."""
        return [(f["record"], f["line"], f["column"], f["code"]) for f in self.findings if Path(f["path"]).name == name]

    def codes(self, name: str) -> list[str]:
        return [code for *_, code in self.at(name)]

    def messages(self, name: str, code: str) -> list[str]:
        return [f["message"] for f in self.findings if Path(f["path"]).name == name and f["code"] == code]

    @property
    def documents(self) -> int:
        match = re.search(r"Checked (\d+) documents?", self.err)
        assert match, self.err
        return int(match.group(1))


@pytest.fixture
def lint(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Run]:
    """``lint(*argv)``: newslint's main() in-process with the TST and REL test plugins."""
    from newslint import app, plugins
    from newslint import cli as cli_module

    real_load = plugins.load_registry

    def load_with_test_plugins(**kwargs: Any):
        kwargs["extra"] = [
            *kwargs.get("extra", ()),
            (TestPlugin(), plugins.PluginInfo("TST", "newslint-tests", "0.0", "TST")),
            (ReliabilityPlugin(), plugins.PluginInfo("REL", "newslint-reliability-tests", "0.0", "REL")),
        ]
        return real_load(**kwargs)

    monkeypatch.setattr(app, "load_registry", load_with_test_plugins)

    def run(*argv: str) -> Run:
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            code = cli_module.main(list(argv))
        return Run(code, out.getvalue(), err.getvalue())

    return run


def lint_both(lint: Callable[..., Run], *argv: str) -> Run:
    """Lint with -j 1 and -j 2, check that both agree, return the -j 1 run."""
    serial = lint(*argv, *SELECT, "-j", "1")
    parallel = lint(*argv, *SELECT, "-j", "2")
    assert (parallel.code, parallel.out, parallel.err) == (serial.code, serial.out, serial.err)
    assert serial.code in (0, 1), serial.err
    return serial


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def jsonl(*records: Any) -> bytes:
    return b"".join((r if isinstance(r, bytes) else json.dumps(r).encode()) + b"\n" for r in records)


def config(tmp_path: Path, **settings: Any) -> Path:
    """A newslint.toml above the corpus folder (found from the linted path upwards)."""
    lines = [f"{key.replace('_', '-')} = {json.dumps(value)}" for key, value in settings.items()]
    write(tmp_path / "newslint.toml", "\n".join(lines) + "\n")
    corpus = tmp_path / "corpus"
    corpus.mkdir(exist_ok=True)
    return corpus


# -- encodings and odd bytes --------------------------------------------------------------------
def test_invalid_utf8_in_a_text_file_is_reported_and_the_text_still_linted(lint, tmp_path):
    write(tmp_path / "bad.txt", f"{SKIP}\nLe caf\xe9 est ferm\xe9.\n".encode("latin-1"))
    run = lint_both(lint, str(tmp_path))
    assert run.at("bad.txt") == [(None, 1, 1, "TST101"), (None, 2, 7, "NL902")]
    assert "byte 0xE9" in run.messages("bad.txt", "NL902")[0]


def test_invalid_utf8_in_record_5_loses_no_other_record(lint, tmp_path):
    records = [json.dumps({"id": f"r{i}", "text": f"{SKIP}\nRecord {i}."}).encode() for i in range(1, 10)]
    records[4] = b'{"id": "r5", "text": "' + SKIP.encode() + b'\\nbad \xff\xfe byte"}'
    write(tmp_path / "part.jsonl", b"\n".join(records) + b"\n")
    run = lint_both(lint, str(tmp_path))
    assert [record for record, *_ in run.at("part.jsonl") if record != 5] == [1, 2, 3, 4, 6, 7, 8, 9]
    # Record 5 itself is decoded with replacement characters and still linted.
    assert sorted(code for record, *_, code in run.at("part.jsonl") if record == 5) == ["NL902", "TST101"]
    assert run.documents == 9


def test_windows_1252_file_is_reported_not_fatal(lint, tmp_path):
    text = f"{SKIP}\n\u201cQuoted\u201d \u2013 na\u00efve caf\u00e9 \u20ac5\n"
    write(tmp_path / "cp1252.txt", text.encode("cp1252"))
    run = lint_both(lint, str(tmp_path))
    assert run.at("cp1252.txt") == [(None, 1, 1, "TST101"), (None, 2, 1, "NL902")]


def test_mostly_foreign_single_byte_encoding_is_reported_and_not_linted(lint, tmp_path):
    # Cyrillic in Windows-1251: almost every byte is invalid UTF-8.
    write(tmp_path / "cp1251.txt", ("Новости дня: правительство приняло бюджет.\n" * 5).encode("cp1251"))
    write(tmp_path / "ok.txt", SKIP)
    run = lint_both(lint, str(tmp_path))
    assert run.codes("cp1251.txt") == ["NL902"] and "not linted" in run.messages("cp1251.txt", "NL902")[0]
    assert run.codes("ok.txt") == ["TST101"] and run.documents == 1


def test_utf8_bom_is_dropped_in_text_and_jsonl(lint, tmp_path):
    write(tmp_path / "bom.txt", b"\xef\xbb\xbf" + SKIP.encode())
    write(tmp_path / "bom.jsonl", b"\xef\xbb\xbf" + jsonl({"text": SKIP}, {"text": SKIP}))
    run = lint_both(lint, str(tmp_path))
    assert run.at("bom.txt") == [(None, 1, 1, "TST101")]
    assert run.at("bom.jsonl") == [(1, 1, 1, "TST101"), (2, 1, 1, "TST101")]


def test_nul_bytes(lint, tmp_path):
    write(tmp_path / "nul.txt", b"A story\x00 with a NUL byte.\n")
    # A raw NUL inside a JSON string is invalid JSON; the escaped form is a character.
    write(tmp_path / "nul.jsonl", jsonl(b'{"text": "raw \x00 NUL"}', {"text": f"{SKIP}\u0000"}, {"text": SKIP}))
    run = lint_both(lint, str(tmp_path))
    assert run.codes("nul.txt") == ["NL901"] and "NUL byte at offset 7" in run.messages("nul.txt", "NL901")[0]
    assert run.at("nul.jsonl") == [(1, 0, 0, "NL903"), (2, 1, 1, "TST101"), (3, 1, 1, "TST101")]


def test_binary_files_named_txt_are_not_linted(lint, tmp_path):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
    pdf = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length 5120 >>\nstream\n" + bytes(range(128, 256)) * 40
    write(tmp_path / "image.txt", png)
    write(tmp_path / "report.txt", pdf)  # no NUL in its first 8 KB: caught by its undecodable share
    write(tmp_path / "ok.txt", SKIP)
    run = lint_both(lint, str(tmp_path))
    assert run.codes("image.txt") == ["NL901"] and "binary data" in run.messages("image.txt", "NL901")[0]
    assert run.codes("report.txt") == ["NL902"] and "not linted" in run.messages("report.txt", "NL902")[0]
    assert run.documents == 1


def test_empty_and_whitespace_only_documents(lint, tmp_path):
    write(tmp_path / "empty.txt", b"")
    write(tmp_path / "blank.txt", b" \n\t\r\n  \n")
    write(tmp_path / "r.jsonl", jsonl({"text": ""}, {"text": " \n "}, {"text": SKIP}))
    run = lint_both(lint, str(tmp_path))
    assert run.at("empty.txt") == run.at("blank.txt") == [(None, 0, 0, "NL907")]
    assert run.at("r.jsonl") == [(1, 0, 0, "NL907"), (2, 0, 0, "NL907"), (3, 1, 1, "TST101")]


# -- malformed JSON lines -----------------------------------------------------------------------
MALFORMED_LINES = {
    "truncated JSON": (b'{"text": "' + SKIP.encode() + b" and then the line en", "NL903"),
    "a string": (b'"just a string"', "NL903"),
    "an array": (b"[1]", "NL903"),
    "NaN": (b"NaN", "NL903"),
    "NaN inside": (b'{"text": "x", "score": NaN}', "NL903"),
    "nested 5000 deep": (b"[" * 5000 + b"]" * 5000, "NL903"),
    "objects nested 5000 deep": (b'{"a":' * 5000 + b"1" + b"}" * 5000, "NL903"),
    "no text field": (b'{"id": "x", "title": "No body"}', "NL904"),
    "text is a number": (b'{"text": 3}', "NL904"),
    "text is a list": (b'{"text": ["a", "b"]}', "NL904"),
    "lone surrogate escape": (b'{"text": "\\ud800"}', "NL903"),
}


@pytest.mark.parametrize("json_library", ["orjson", "stdlib"])
def test_each_malformed_jsonl_line_is_a_finding_at_its_record(lint, tmp_path, monkeypatch, json_library):
    if json_library == "stdlib":
        from newslint.readers import _io

        monkeypatch.setattr(_io, "_orjson", None)
    # Every bad line is followed by a good one, and blank lines are skipped but counted.
    lines: list[bytes] = []
    expected: list[tuple[int, str]] = []
    for bad, code in MALFORMED_LINES.values():
        lines.append(bad)
        expected.append((len(lines), code))
        lines.append(json.dumps({"text": SKIP}).encode())
        expected.append((len(lines), "TST101"))
        lines.append(b"   " if len(lines) % 4 else b"")
    write(tmp_path / "mixed.jsonl", b"\n".join(lines) + b"\n")
    run = lint_both(lint, str(tmp_path))
    assert [(record, code) for record, _, _, code in run.at("mixed.jsonl")] == expected
    assert run.documents == len(MALFORMED_LINES)  # the good lines only


# -- compression: truncation and bombs ----------------------------------------------------------
def _zstd(data: bytes) -> bytes:
    import zstandard

    return zstandard.ZstdCompressor().compress(data)


def _bz2(data: bytes) -> bytes:
    return bz2.compress(data, compresslevel=1)  # 100 KB blocks: the cut falls after several of them


@pytest.mark.parametrize("suffix, compress", [(".gz", gzip.compress), (".zst", _zstd), (".bz2", _bz2)])
def test_truncated_compressed_file_keeps_what_was_read_and_reports_the_break(lint, tmp_path, suffix, compress):
    records = [{"id": f"d{i}", "text": f"{SKIP}\n{i:06d} " + "filler text " * 20} for i in range(4_000)]
    data = compress(jsonl(*records))
    write(tmp_path / f"cut.jsonl{suffix}", data[: len(data) // 2])
    write(tmp_path / "ok.txt", SKIP)
    run = lint_both(lint, str(tmp_path), "--select", "TST,NL9")
    found = run.at(f"cut.jsonl{suffix}")
    linted = [record for record, *_, code in found if code == "TST101"]
    assert linted == list(range(1, len(linted) + 1))  # no gap before the break
    # The break is reported at the record being read, after the documents before it (a
    # decompressor that hands over the cut line first gives that line an NL903 too).
    rest = [(record, code) for record, *_, code in found if code != "TST101"]
    assert rest in ([(len(linted) + 1, "NL901")], [(len(linted) + 1, "NL903"), (len(linted) + 2, "NL901")])
    assert 500 < len(linted) < 3500
    assert run.codes("ok.txt") == ["TST101"]


def _bomb(path: Path, compression: str, unit: int = 16 << 20, copies: int = 256) -> Path:
    """``unit * copies`` zero bytes (4 GiB by default), compressed once and repeated as
    concatenated members/streams/frames: the zeros are never held in memory."""
    if compression == "gz":
        packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    elif compression == "bz2":
        packer = bz2.BZ2Compressor(9)
    else:
        import zstandard

        packer = zstandard.ZstdCompressor(level=19).compressobj()
    chunk = bytes(1 << 20)
    member = b"".join(packer.compress(chunk) for _ in range(unit >> 20)) + packer.flush()
    with open(path, "wb") as handle:
        for _ in range(copies):
            handle.write(member)
    return path


@pytest.mark.parametrize("compression", ["gz", "bz2", "zst"])
def test_decompression_bomb_stops_at_the_file_budget(lint, tmp_path, compression):
    corpus = config(tmp_path, max_file_bytes=32 << 20, max_record_bytes=1 << 20)
    bomb = _bomb(corpus / f"bomb.jsonl.{compression}", compression)
    assert bomb.stat().st_size < 5 << 20  # 4 GiB once decompressed
    write(corpus / "ok.txt", SKIP)
    started = time.monotonic()
    run = lint_both(lint, str(corpus))
    assert time.monotonic() - started < 30
    # One line of zeros, over max-record-bytes: skipped while reading on, until the file budget ends it.
    assert run.at(bomb.name) == [(None, 0, 0, "NL906")]
    assert "max-file-bytes (more than 33554432 bytes after decompression)" in run.messages(bomb.name, "NL906")[0]
    assert run.codes("ok.txt") == ["TST101"]


@pytest.mark.parametrize("compression", ["gz", "bz2"])
def test_decompression_bomb_as_a_single_document_stops_at_the_record_budget(lint, tmp_path, compression):
    corpus = config(tmp_path, max_record_bytes=4 << 20)
    bomb = _bomb(corpus / f"bomb.txt.{compression}", compression)
    run = lint_both(lint, str(corpus))
    assert run.codes(bomb.name) == ["NL906"] and "max-record-bytes" in run.messages(bomb.name, "NL906")[0]


def test_bomb_in_a_subprocess_keeps_memory_bounded(tmp_path):
    """The default budgets on a 4 GiB gzip bomb: reported, and peak RSS stays far below it."""
    bomb = _bomb(tmp_path / "bomb.txt.gz", "gz")
    probe = textwrap.dedent(f"""
        import resource, subprocess, sys
        done = subprocess.run([sys.executable, "-m", "newslint", {str(bomb)!r}, "--select", "NL9",
                               "--output-format", "json-lines", "--isolated", "-q"], capture_output=True, text=True)
        print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, done.stdout, sep="\\n")
    """)
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    code, max_rss_kib, finding = out.stdout.splitlines()[:3]
    assert code == "1" and json.loads(finding)["code"] == "NL906"
    assert int(max_rss_kib) < 400 * 1024  # the default 8 MiB record budget, plus the interpreter


# -- size budgets through configuration ------------------------------------------------------------
@pytest.mark.parametrize("via", ["config file", "environment"])
def test_byte_budgets_reach_the_readers(lint, tmp_path, monkeypatch, via):
    settings = {"max_record_bytes": 1000, "max_file_bytes": 200_000}
    if via == "config file":
        corpus = config(tmp_path, **settings)
    else:
        corpus = tmp_path / "corpus"
        for key, value in settings.items():
            monkeypatch.setenv(f"NEWSLINT_{key.upper()}", str(value))
    write(corpus / "r.jsonl", jsonl({"text": SKIP}, {"text": "x" * 2000}, {"text": SKIP}))
    write(corpus / "big.txt", SKIP + "\n" + "y" * 2000)
    many = [{"text": f"{SKIP} {i:05d}" + " " * 60} for i in range(3000)]  # ~270 KB
    write(corpus / "many.jsonl", jsonl(*many))
    run = lint_both(lint, str(corpus))
    assert run.at("r.jsonl") == [(1, 1, 1, "TST101"), (2, 0, 0, "NL906"), (3, 1, 1, "TST101")]
    assert run.codes("big.txt") == ["NL906"]
    linted = [record for record, *_, code in run.at("many.jsonl") if code == "TST101"]
    assert 1000 < len(linted) < 3000 and run.at("many.jsonl")[-1] == (len(linted) + 1, 0, 0, "NL906")


def test_long_line_over_a_configured_record_budget(lint, tmp_path):
    corpus = config(tmp_path, max_record_bytes=1 << 20)
    line = b'{"text": "' + b"word " * (1 << 20) + b'"}'  # 5 MiB
    write(corpus / "long.jsonl", jsonl({"text": SKIP}, line, {"text": SKIP}))
    run = lint_both(lint, str(corpus))
    assert run.at("long.jsonl") == [(1, 1, 1, "TST101"), (2, 0, 0, "NL906"), (3, 1, 1, "TST101")]


def test_a_real_100_mb_line_with_the_default_budget(lint, tmp_path):
    path = tmp_path / "huge.jsonl"
    with open(path, "wb") as handle:
        handle.write(jsonl({"text": SKIP}))
        handle.write(b'{"text": "')
        block = b"a" * (1 << 20)
        for _ in range(100):
            handle.write(block)
        handle.write(b'"}\n')
        handle.write(jsonl({"text": SKIP}))
    started = time.monotonic()
    run = lint(str(path), *SELECT, "-j", "1")
    assert time.monotonic() - started < 10
    assert run.at("huge.jsonl") == [(1, 1, 1, "TST101"), (2, 0, 0, "NL906"), (3, 1, 1, "TST101")]
    assert "8388608 bytes" in run.messages("huge.jsonl", "NL906")[0]


# -- file-system trouble ------------------------------------------------------------------------------
@pytest.fixture
def denied(monkeypatch):
    """Opening any file whose name is in the returned set fails with EACCES (we run as root)."""
    from newslint.readers import base

    names: set[str] = set()

    def open_or_deny(file, *args, **kwargs):
        if Path(file).name in names:
            raise PermissionError(13, "Permission denied", str(file))
        return builtins.open(file, *args, **kwargs)

    monkeypatch.setattr(base, "open", open_or_deny, raising=False)
    return names


def test_permission_denied_file(lint, tmp_path, denied):
    write(tmp_path / "a.txt", SKIP)
    write(tmp_path / "locked.jsonl", jsonl({"text": SKIP}))
    write(tmp_path / "z.txt", SKIP)
    denied.add("locked.jsonl")
    run = lint_both(lint, str(tmp_path))
    assert run.at("locked.jsonl") == [(None, 0, 0, "NL901")]
    assert run.messages("locked.jsonl", "NL901") == ["Cannot read file: Permission denied"]
    assert run.codes("a.txt") == run.codes("z.txt") == ["TST101"]


def test_permission_denied_folder(lint, tmp_path, monkeypatch):
    from newslint.engine import discovery

    write(tmp_path / "a.txt", SKIP)
    write(tmp_path / "private" / "b.txt", SKIP)
    write(tmp_path / "z.txt", SKIP)
    real_scandir = os.scandir

    def scandir(path=".", *args):
        if Path(path).name == "private":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path, *args)

    monkeypatch.setattr(discovery.os, "scandir", scandir)
    run = lint_both(lint, str(tmp_path))
    assert run.at("private") == [(None, 0, 0, "NL901")]
    assert "Permission denied" in run.messages("private", "NL901")[0]
    assert run.codes("a.txt") == run.codes("z.txt") == ["TST101"]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads files whatever their mode")
def test_permission_denied_for_real(lint, tmp_path):
    locked = write(tmp_path / "locked.txt", SKIP)
    write(tmp_path / "ok.txt", SKIP)
    locked.chmod(0)
    try:
        run = lint_both(lint, str(tmp_path))
    finally:
        locked.chmod(0o600)
    assert run.messages("locked.txt", "NL901") == ["Cannot read file: Permission denied"]
    assert run.codes("ok.txt") == ["TST101"]


def test_dangling_symlink(lint, tmp_path):
    os.symlink(tmp_path / "nowhere.txt", tmp_path / "dangling.txt")
    write(tmp_path / "ok.txt", SKIP)
    run = lint_both(lint, str(tmp_path))
    assert run.messages("dangling.txt", "NL901") == ["Cannot read file: No such file or directory"]
    assert run.codes("ok.txt") == ["TST101"]
    named = lint(str(tmp_path / "dangling.txt"), *SELECT)
    assert named.code == 1 and named.codes("dangling.txt") == ["NL901"]


def test_symlink_loop_inside_a_walked_folder(lint, tmp_path):
    write(tmp_path / "corpus" / "ok.txt", SKIP)
    os.symlink("loop-b.txt", tmp_path / "corpus" / "loop-a.txt")
    os.symlink("loop-a.txt", tmp_path / "corpus" / "loop-b.txt")
    run = lint_both(lint, str(tmp_path / "corpus"))
    assert run.codes("loop-a.txt") == run.codes("loop-b.txt") == ["NL901"]
    assert "Too many levels of symbolic links" in run.messages("loop-a.txt", "NL901")[0]
    assert run.codes("ok.txt") == ["TST101"]


def test_symlink_loop_named_on_the_command_line(lint, tmp_path):
    os.symlink("loop-b.txt", tmp_path / "loop-a.txt")
    os.symlink("loop-a.txt", tmp_path / "loop-b.txt")
    write(tmp_path / "ok.txt", SKIP)
    run = lint(str(tmp_path / "loop-a.txt"), str(tmp_path / "ok.txt"), *SELECT, "-j", "1")
    assert run.code == 1 and run.codes("loop-a.txt") == ["NL901"] and run.codes("ok.txt") == ["TST101"]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_file_deleted_between_discovery_and_reading(lint, tmp_path, monkeypatch, jobs):
    from newslint.engine import discovery

    for name in ("a.txt", "gone.jsonl", "z.txt"):
        write(tmp_path / name, jsonl({"text": SKIP}) if name.endswith(".jsonl") else SKIP.encode())
    real_walk = discovery.Walker.walk

    def walk_then_delete(self, paths):
        for source in real_walk(self, paths):
            if source.path.endswith("gone.jsonl"):
                os.unlink(source.path)  # found, then gone before any reader opens it
            yield source

    monkeypatch.setattr(discovery.Walker, "walk", walk_then_delete)
    run = lint(str(tmp_path), *SELECT, "-j", jobs)
    assert run.messages("gone.jsonl", "NL901") == ["Cannot read file: No such file or directory"]
    assert run.codes("a.txt") == run.codes("z.txt") == ["TST101"] and run.code == 1


def test_folder_named_like_a_jsonl_file_is_walked_as_a_folder(lint, tmp_path):
    write(tmp_path / "x.jsonl" / "inside.txt", SKIP)
    write(tmp_path / "y.jsonl", jsonl({"text": SKIP}))
    walked = lint_both(lint, str(tmp_path))
    assert walked.at("inside.txt") == [(None, 1, 1, "TST101")] and walked.at("x.jsonl") == []
    named = lint(str(tmp_path / "x.jsonl"), *SELECT)
    assert named.code == 1 and named.at("inside.txt") == [(None, 1, 1, "TST101")]
    empty = tmp_path / "empty.jsonl"
    empty.mkdir()
    assert lint(str(empty), *SELECT).code == 0


# -- third-party rules that misbehave -----------------------------------------------------------------
def test_rule_that_raises_is_reported_and_everything_else_linted(lint, tmp_path):
    write(tmp_path / "a.jsonl", jsonl({"text": SKIP}, {"text": f"{SKIP}\nboom"}, {"text": SKIP}))
    run = lint_both(lint, str(tmp_path))
    assert run.at("a.jsonl") == [(1, 1, 1, "TST101"), (2, 0, 0, "NL905"), (2, 1, 1, "TST101"), (3, 1, 1, "TST101")]
    assert run.messages("a.jsonl", "NL905") == ["Rule TST102 (test-crash) crashed: RuntimeError: boom happened"]


def test_rule_returning_the_wrong_type_is_reported(lint, tmp_path):
    write(
        tmp_path / "r.jsonl",
        jsonl(
            *(
                {"text": f"{SKIP}\n{trigger}"}
                for trigger in ("REL-WRONG-STR", "REL-WRONG-INT", "REL-WRONG-NONE", "REL-FAR-OFFSETS", "plain")
            )
        ),
    )
    run = lint_both(lint, str(tmp_path))
    found = run.at("r.jsonl")
    assert [(record, code) for record, _, _, code in found] == [
        (1, "NL905"),
        (1, "TST101"),
        (2, "NL905"),
        (2, "TST101"),
        (3, "TST101"),
        (4, "REL103"),
        (4, "TST101"),
        (5, "TST101"),
    ]
    assert run.messages("r.jsonl", "NL905") == [
        "Rule REL103 (test-wrong-type) yielded str, not newslint.Hit",
        "Rule REL103 (test-wrong-type) crashed: TypeError: 'int' object is not iterable",
    ]
    far = next(f for f in run.findings if f["code"] == "REL103")
    # Offsets outside the text are clamped to it: from the start to the end of the text.
    assert (far["line"], far["column"], far["end_line"], far["end_column"]) == (1, 1, 2, 16)


def test_hit_with_a_wrong_offset_type_costs_only_that_rule_on_that_document(lint, tmp_path):
    write(tmp_path / "r.jsonl", jsonl({"text": SKIP}, {"text": "REL-BAD-HIT-TYPE"}, {"text": SKIP}))
    run = lint(str(tmp_path), *SELECT, "-j", "1")
    assert run.at("r.jsonl") == [(1, 1, 1, "TST101"), (2, 0, 0, "NL905"), (3, 1, 1, "TST101")]


def test_hit_with_a_message_that_is_not_a_string_is_reported(lint, tmp_path):
    write(tmp_path / "r.jsonl", jsonl({"text": "REL-BAD-MESSAGE"}, {"text": SKIP}))
    run = lint(str(tmp_path), "--select", "TST,REL,NL9", "-j", "1")
    assert run.code == 1 and " NL905 " in run.out


@pytest.fixture
def short_budget(tmp_path: Path) -> Path:
    return config(tmp_path, rule_timeout=0.3)


@pytest.mark.parametrize("trigger, code", [("REL-HANG", "REL101"), ("REL-STUBBORN", "REL102")])
def test_hanging_rule_is_stopped_by_the_time_budget(lint, short_budget, trigger, code):
    write(short_budget / "a.jsonl", jsonl({"text": SKIP}, {"text": f"{SKIP}\n{trigger}"}, {"text": SKIP}))
    write(short_budget / "b.txt", SKIP)
    started = time.monotonic()
    run = lint_both(lint, str(short_budget))
    assert time.monotonic() - started < 10
    # The slow rule costs its own verdict on that document only: the other rules still ran on it.
    assert run.at("a.jsonl") == [(1, 1, 1, "TST101"), (2, 0, 0, "NL909"), (2, 1, 1, "TST101"), (3, 1, 1, "TST101")]
    name = {"REL101": HangingRule.name, "REL102": StubbornRule.name}[code]
    assert run.messages("a.jsonl", "NL909") == [f"Rule {code} ({name}) took longer than 0.3 s on this document"]
    assert run.codes("b.txt") == ["TST101"]


# -- worker processes that die (-j 2 only: in-process, these rules would end pytest) ------------------
def _corpus_with(tmp_path: Path, culprit: Optional[str]) -> Path:
    corpus = tmp_path / "corpus"
    write(corpus / "a.txt", SKIP)
    write(corpus / "b.jsonl", jsonl({"text": SKIP}, {"text": "boom"}, {"text": "x\n" + SKIP}))
    if culprit is not None:
        write(corpus / "culprit.txt", f"{SKIP}\n{culprit}\n")
    for name in ("d.txt", "e.txt", "f.txt", "g.txt"):
        write(corpus / name, f"Header\n{SKIP}")
    return corpus


@pytest.mark.parametrize(
    "trigger, reason",
    [
        ("REL-DIE-EXIT", "exited with status 1"),
        ("REL-DIE-SEGV", "was killed by SIGSEGV"),
        ("REL-DIE-KILL", "was killed by SIGKILL (out of memory?)"),
    ],
)
def test_dying_worker_is_replaced_and_its_file_reported(lint, tmp_path, trigger, reason):
    corpus = _corpus_with(tmp_path, trigger)
    run = lint(str(corpus), *SELECT, "-j", "2")
    assert run.code == 1
    assert run.at("culprit.txt") == [(None, 0, 0, "NL911")]
    assert run.messages("culprit.txt", "NL911") == [
        f"Worker process {reason} while linting this file (also when retried alone); it was not linted"
    ]
    # Everything else, in order, exactly as a serial run without the culprit reports it.
    (corpus / "culprit.txt").unlink()
    clean = lint(str(corpus), *SELECT, "-j", "1")
    assert [line for line in run.out.splitlines() if "culprit.txt" not in line] == clean.out.splitlines()
    assert "Checked 8 documents in 7 files" in run.err


def test_worker_that_dies_once_is_retried_and_nothing_is_reported(lint, tmp_path, monkeypatch):
    marker = tmp_path / "died-once"
    monkeypatch.setenv("RELIABILITY_DIE_ONCE_MARKER", str(marker))
    corpus = _corpus_with(tmp_path, "REL-DIE-ONCE")
    run = lint(str(corpus), *SELECT, "-j", "2")
    assert marker.exists()  # it did die, the first time
    clean = lint(str(corpus), *SELECT, "-j", "1")  # the marker exists: no death in-process
    assert (run.code, run.out, run.err) == (clean.code, clean.out, clean.err)
    assert run.at("culprit.txt") == [(None, 1, 1, "TST101")]


def test_dying_worker_inside_a_container_file_reports_that_file(lint, tmp_path):
    corpus = _corpus_with(tmp_path, None)
    write(corpus / "c.jsonl", jsonl({"text": SKIP}, {"text": "REL-DIE-EXIT"}, {"text": SKIP}))
    run = lint(str(corpus), *SELECT, "-j", "2")
    # The granularity is the file: a worker lints whole files.
    assert run.at("c.jsonl") == [(None, 0, 0, "NL911")]
    assert run.codes("g.txt") == ["TST101"]


# -- HTML ----------------------------------------------------------------------------------------------
ARTICLE = (
    b"<html><head><title>Council budget</title></head><body><article><h1>Council approves budget</h1>"
    + b"<p>The city council voted on Tuesday to approve the new budget for the schools, officials said.</p>" * 4
    + b"</article></body></html>"
)


def test_html_that_cannot_be_parsed_or_holds_no_text(lint, tmp_path, monkeypatch):
    pages = {
        "random.html": bytes(range(256)) * 4,
        "nul.html": b"\x00" * 2000,
        "script.html": b"<html><body><script>app()</script></body></html>",
        "empty.html": b"",
        "tags.html": b"<html><body><div><span></span></div></body></html>",
        "deep.html": b"<html><body>" + b"<div>" * 20_000 + b"text" + b"</div>" * 20_000 + b"</body></html>",
        "xml-decl.html": b"<?xml version='1.0' encoding='utf-8'?><html><body></body></html>",
    }
    for name, data in pages.items():
        write(tmp_path / name, data)
    write(tmp_path / "article.html", ARTICLE)
    run = lint_both(lint, str(tmp_path), "--select", "NL9")
    for name in pages:
        assert run.codes(name) == ["NL908"], name
    assert run.at("article.html") == [] and run.documents == 1


def test_html_extractor_that_crashes(lint, tmp_path, monkeypatch):
    from newslint.readers import html

    def crash(*args: Any, **kwargs: Any) -> None:
        raise ValueError("lxml could not cope")

    monkeypatch.setattr(html, "_extractor", lambda: (crash, {}))
    write(tmp_path / "page.html", ARTICLE)
    write(tmp_path / "ok.txt", SKIP)
    run = lint_both(lint, str(tmp_path))
    assert run.messages("page.html", "NL908") == ["Text extraction failed: ValueError: lxml could not cope"]
    assert run.codes("ok.txt") == ["TST101"]


# -- Ctrl-C ------------------------------------------------------------------------------------------------
SLOW_PLUGIN = '''
import os, time
from pathlib import Path
from newslint import Rule, hookimpl


class SlowRule(Rule):
    """Sleeps on every document.

    Why is this bad?
        It is a test double for a slow corpus.

    Example:
        Any document.

    Use instead:
        Nothing.

    Options:
        None.
    """

    code = "SLW101"
    name = "test-slow"

    def check(self, doc):
        Path(os.environ["SLOW_RULE_MARKERS"], f"started-{os.getpid()}").touch()
        time.sleep(5)
        return ()


@hookimpl
def newslint_rules():
    return [SlowRule]
'''


def _alive(pid: int) -> bool:
    """Whether ``pid`` still runs (a zombie left to an init that does not reap it is dead)."""
    if not Path("/proc/self").exists():  # macOS: signal 0 tells, though not zombies apart
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] not in ("Z", "X")


@pytest.mark.skipif(os.name != "posix", reason="SIGINT to a child process")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_stops_promptly_with_one_line_and_no_output_file(tmp_path, jobs):
    rules, markers, corpus = tmp_path / "rules", tmp_path / "markers", tmp_path / "corpus"
    write(rules / "slow.py", SLOW_PLUGIN)
    markers.mkdir()
    for i in range(10):
        write(corpus / f"doc{i}.txt", f"Document {i}.")
    out = tmp_path / "out.jsonl"
    env = {**os.environ, "SLOW_RULE_MARKERS": str(markers)}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "newslint",
            str(corpus),
            "--rulepath",
            str(rules),
            "--select",
            "SLW",
            "--output-format",
            "json-lines",
            "-o",
            str(out),
            "-j",
            jobs,
            "--isolated",
        ],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # As at a terminal: a background job of a non-interactive shell (how CI may run us)
        # inherits SIGINT as ignored, and Python then never raises KeyboardInterrupt.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        deadline = time.monotonic() + 30
        while len(list(markers.iterdir())) < int(jobs):
            assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
            time.sleep(0.05)
        interrupted = time.monotonic()
        proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=15)
    finally:
        proc.kill()
    assert time.monotonic() - interrupted < 4
    assert proc.returncode == 130
    assert stderr.strip() == "newslint: interrupted" and "Traceback" not in stderr
    assert stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "markers", "rules"]  # no out.jsonl, no temp file
    workers = [int(p.name.split("-")[1]) for p in markers.iterdir()]
    assert not any(_alive(pid) for pid in workers)


def test_readme_documents_the_limits():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    limits = readme.split("## Limits", 1)[1].split("\n## ", 1)[0]
    for needle in ("max-record-bytes", "max-file-bytes", "rule-timeout", "NL906", "NL909", "NL911", "RSS"):
        assert needle in limits, needle


# -- the ordered parallel map itself -------------------------------------------------------------------
def _square_or_fail(n: int) -> int:
    if n == 5:
        raise ValueError("five")
    if n == 7:
        os._exit(3)
    return n * n


def _slow_identity(n: int) -> int:
    time.sleep(5)
    return n


def test_ordered_map_keeps_order_and_raises_at_the_items_place():
    from newslint.engine.parallel import ordered_map

    results = ordered_map(_square_or_fail, range(20), jobs=2)
    assert [next(results) for _ in range(5)] == [0, 1, 4, 9, 16]
    with pytest.raises(ValueError, match="five"):
        next(results)


def test_ordered_map_without_on_crash_raises_worker_crashed():
    from newslint.engine.parallel import WorkerCrashed, ordered_map

    with pytest.raises(WorkerCrashed) as crashed:
        list(ordered_map(_square_or_fail, [6, 7, 8], jobs=2))
    assert (crashed.value.item, crashed.value.reason) == (7, "exited with status 3")
    with_fallback = ordered_map(_square_or_fail, [6, 7, 8], jobs=2, on_crash=lambda item, reason: (item, reason))
    assert list(with_fallback) == [36, (7, "exited with status 3"), 64]


def test_ordered_map_reads_its_input_lazily():
    from newslint.engine.parallel import WINDOW_PER_WORKER, ordered_map

    pulled: list[int] = []

    def items() -> Iterator[int]:
        for n in range(10_000):
            pulled.append(n)
            yield n

    results = ordered_map(abs, items(), jobs=2)
    assert [next(results) for _ in range(10)] == list(range(10))
    assert len(pulled) <= 10 + 2 * WINDOW_PER_WORKER + 1  # a bounded window, not the whole corpus
    results.close()


def _collector_state(_: int) -> tuple[bool, int]:
    import gc

    return gc.isenabled(), gc.get_freeze_count()


def test_the_collector_pauses_only_while_a_reply_is_unpickled():
    """The parent unpickles replies with the cyclic collector paused (its collections walked every object
    the parent holds); it runs again between replies, and in the workers, which freeze what they inherit."""
    import gc

    from newslint.engine.parallel import gc_paused, ordered_map

    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # a caller that had it off keeps it off
    finally:
        gc.enable()
    states = list(ordered_map(_collector_state, range(4), jobs=2))
    assert gc.isenabled()
    assert all(enabled and frozen > 0 for enabled, frozen in states)


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="SIGALRM plays Ctrl-C")
def test_ordered_map_stops_its_workers_at_once_when_interrupted():
    import multiprocessing

    from newslint.engine.parallel import ordered_map

    class Interrupted(Exception):
        pass

    def interrupt(signum, frame):
        raise Interrupted

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, 0.5)  # while the workers sleep on their first items
    started = time.monotonic()
    try:
        with pytest.raises(Interrupted):
            list(ordered_map(_slow_identity, range(4), jobs=2))
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert time.monotonic() - started < 2.5  # not the 5 s the items would take
    assert not [child for child in multiprocessing.active_children() if child.name == "newslint-worker"]


def test_a_rule_calling_sys_exit_is_a_crash_finding_not_the_end_of_the_run(tmp_path):
    from newslint import Hit, Rule
    from newslint.testing import lint_text, positions

    class Exits(Rule):
        """x

        Why is this bad?
            x

        Example:
            x

        Use instead:
            x

        Options:
            x
        """

        code = "REL199"
        name = "test-exits"

        def check(self, doc):
            if "exit" in doc.text:
                raise SystemExit(3)
            yield Hit.on_line(doc, 1, "fine")

    assert positions(lint_text(Exits, "please exit")) == [(0, 0, "NL905")]
    assert positions(lint_text(Exits, "stay")) == [(1, 1, "REL199")]
