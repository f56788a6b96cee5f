"""Issue 21: what a hostile user broke, each case through the CLI in a subprocess.

Data lost silently (sidecars, truncated WARC, a plugin ending the process, Parquet,
empty compressed files), code run or files written on a corpus's word (the trust
model of configuration files, ``-o``), hangs and unbounded memory (FIFOs, HTML
extraction, a flood of findings), crashes with a traceback (exit 2 with a clear
message instead), and paths that break the one-line-per-finding formats.

The plugin below is loaded with ``--rulepath`` (the command line is trusted); it
misbehaves when a document holds one of its trigger words.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Optional

import pytest

from .conftest import ROOT

SKIP = "Skip to main content"
JOBS = pytest.mark.parametrize("jobs", ["1", "2"])

PLUGIN = '''
import ctypes, os, time
from pathlib import Path
from newslint import CorpusRule, Hit, Reporter, Rule, hookimpl

if os.environ.get("PLUGIN_MARKER"):
    Path(os.environ["PLUGIN_MARKER"]).touch()  # proof that this module was imported


class Odd(BaseException):
    pass


SECTIONS = """

    Why is this bad?
        It is a test double.

    Example:
        A trigger word.

    Use instead:
        Nothing.

    Options:
        None.
    """


class HostileRule(Rule):
    __doc__ = 'Misbehaves on its trigger words; flags "Skip to main content" otherwise.' + SECTIONS

    code = "HOS101"
    name = "test-hostile"

    def check(self, doc):
        if "DIE-EXIT0" in doc.text:
            os._exit(0)
        if "DIE-SEGV" in doc.text:
            ctypes.string_at(0)
        if "RAISE-KBI" in doc.text:
            raise KeyboardInterrupt
        if "RAISE-ODD" in doc.text:
            raise Odd("a BaseException of its own")
        if "SLEEP" in doc.text:
            Path(os.environ["SLEEP_MARKERS"], str(os.getpid())).touch()
            time.sleep(30)
        if "FLOOD" in doc.text:
            for i in range(len(doc.text)):
                yield Hit("flood", i, i + 1)
        index = doc.text.find("Skip to main content")
        if index >= 0:
            yield Hit("skip link", index, index + 4)


class ObservingRule(CorpusRule):
    __doc__ = "Ends its process while observing a document saying OBSERVE-EXIT (pass 1)." + SECTIONS

    code = "HOS201"
    name = "test-hostile-observer"

    def observe(self, doc):
        if "OBSERVE-EXIT" in doc.text:
            os._exit(0)
        return len(doc.text)

    def new_state(self):
        return []

    def absorb(self, state, observation, ref, source):
        state.append(observation)

    def finalize(self, state):
        return len(state)

    def check_corpus(self, doc, summary, source):
        yield Hit(f"observed {summary} documents")


class BrokenReporter(Reporter):
    name = "broken"

    def report(self, finding):
        raise RuntimeError("a reporter bug")


@hookimpl
def newslint_rules():
    return [HostileRule, ObservingRule]


@hookimpl
def newslint_reporters():
    return [BrokenReporter]
'''


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


@pytest.fixture
def plugin(tmp_path: Path) -> Path:
    """A folder holding the hostile plugin module (for ``--rulepath``)."""
    return write(tmp_path / "plugin" / "hostile.py", PLUGIN).parent


def newslint(
    *args: str, cwd: Path, timeout: float = 60, env: Optional[dict[str, str]] = None, **kwargs: Any
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newslint", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        **kwargs,
    )


def lines(proc: subprocess.CompletedProcess[str]) -> list[dict[str, Any]]:
    return [json.loads(line) for line in proc.stdout.splitlines()]


def at(proc: subprocess.CompletedProcess[str], name: str) -> list[tuple[Optional[int], str]]:
    return [(f["record"], f["code"]) for f in lines(proc) if Path(f["path"]).name == name]


HOSTILE = ("--select", "HOS1,NL9", "--output-format", "json-lines")


# -- 1. a .json beside a same-stem page --------------------------------------------------------------
def test_a_json_of_documents_beside_a_same_stem_page_is_linted(tmp_path):
    write(tmp_path / "s" / "data.json", json.dumps([{"text": "Page not found"}] * 3))
    write(tmp_path / "s" / "data.md", "hi")
    named = newslint("--isolated", "-j", "1", "s/data.json", "--select", "NL201,NL9", cwd=tmp_path)
    assert "Checked 3 documents in 1 file" in named.stdout and named.returncode == 1
    walked = newslint("--isolated", "-j", "1", "s", "--select", "NL9", cwd=tmp_path)
    assert "Checked 4 documents in 2 files" in walked.stdout


def test_a_metadata_sidecar_is_still_not_a_document(tmp_path):
    write(tmp_path / "s" / "page.txt", "A story.")
    write(tmp_path / "s" / "page.json", json.dumps({"url": "https://example.com/a", "title": "A"}))
    write(tmp_path / "s" / "other.txt", "Another story.")
    write(tmp_path / "s" / "other.json", "{broken")  # reported once, by the owner's reader
    proc = newslint("--isolated", "-j", "2", "s", "--select", "NL9", "--output-format", "json-lines", cwd=tmp_path)
    assert "Checked 2 documents in 4 files" in proc.stderr
    assert at(proc, "other.txt") == [(None, "NL903")] and at(proc, "other.json") == at(proc, "page.json") == []


# -- 2. truncated WARC ----------------------------------------------------------------------------------
ARTICLE = (
    b"<html><head><title>Council budget</title></head><body><article><h1>Council approves budget</h1>"
    + b"<p>The city council voted on Tuesday to approve the new budget for the schools, officials said.</p>" * 4
    + b"</article></body></html>"
)


def _warc(gz: bool, records: int = 3) -> bytes:
    import io

    pytest.importorskip("warcio")
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gz)
    for i in range(records):
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.0")
        page = ARTICLE.replace(b"Council approves", f"Council {i} approves".encode())
        writer.write_record(
            writer.create_warc_record(
                f"https://example.com/{i}", "response", payload=io.BytesIO(page), http_headers=http
            )
        )
    return buffer.getvalue()


def _longer_content_length(data: bytes, extra: int) -> bytes:
    at = data.rfind(b"Content-Length: ")
    end = data.index(b"\r\n", at)
    return data[:at] + b"Content-Length: " + str(int(data[at + 16 : end]) + extra).encode() + data[end:]


@JOBS
@pytest.mark.parametrize("case", ["cut payload", "cut header", "cut gzip member", "long Content-Length"])
def test_a_truncated_warc_is_nl901_at_the_record_that_was_cut(tmp_path, jobs, case):
    plain, gz = _warc(False), _warc(True)
    third = plain.rfind(b"WARC/1.0")  # where record 3 starts
    data, name = {
        "cut payload": (plain[: len(plain) - 300], "c.warc"),
        "cut header": (plain[: third + 40], "c.warc"),
        "cut gzip member": (gz[: len(gz) - 150], "c.warc.gz"),
        "long Content-Length": (_longer_content_length(plain, 500), "c.warc"),
    }[case]
    write(tmp_path / name, data)
    proc = newslint("--isolated", "-j", jobs, name, "--select", "NL9", "--output-format", "json-lines", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert at(proc, name) == [(3, "NL901")]
    assert "Checked 2 documents in 1 file" in proc.stderr  # the records before the cut were linted


# -- 4. Parquet and empty compressed files ----------------------------------------------------------------
def test_a_corrupt_parquet_page_costs_its_row_group_only(tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    rows = [{"text": f"{SKIP} {i}", "id": i} for i in range(9)]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "ok.parquet", row_group_size=3, compression="none")
    data = bytearray((tmp_path / "ok.parquet").read_bytes())
    offset = pq.ParquetFile(tmp_path / "ok.parquet").metadata.row_group(1).column(0).data_page_offset
    data[offset : offset + 8] = b"\xff" * 8
    write(tmp_path / "bad.parquet", bytes(data))
    proc = newslint("--isolated", "bad.parquet", "--select", "NL9", "--output-format", "json-lines", cwd=tmp_path)
    assert at(proc, "bad.parquet") == [(4, "NL901")] and "(rows 4-6 not linted)" in lines(proc)[0]["message"]
    assert "Checked 6 documents in 1 file" in proc.stderr  # rows 1-3 and 7-9


def test_parquet_rows_count_against_the_byte_budgets(tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    rows = [{"text": "x" * 200_000} for _ in range(6)]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "bomb.parquet", row_group_size=2)
    assert (tmp_path / "bomb.parquet").stat().st_size < 50_000  # 1.2 MB of text compressed
    proc = newslint(
        "--isolated",
        "bomb.parquet",
        "--select",
        "NL9",
        "--output-format",
        "json-lines",
        cwd=tmp_path,
        env={"NEWSLINT_MAX_FILE_BYTES": "700000"},
    )
    assert at(proc, "bomb.parquet") == [(4, "NL906")] and "Checked 3 documents" in proc.stderr
    proc = newslint(
        "--isolated",
        "bomb.parquet",
        "--select",
        "NL9",
        "--output-format",
        "json-lines",
        cwd=tmp_path,
        env={"NEWSLINT_MAX_RECORD_BYTES": "100000"},
    )
    assert at(proc, "bomb.parquet") == [(i, "NL906") for i in range(1, 7)]


@pytest.mark.parametrize("name", ["a.jsonl.gz", "b.txt.zst", "c.jsonl.bz2", "d.jsonl.xz", "e.parquet.gz"])
def test_a_zero_byte_compressed_file_is_not_an_empty_corpus(tmp_path, name):
    write(tmp_path / name, b"")
    proc = newslint("--isolated", name, "--select", "NL9", "--output-format", "json-lines", cwd=tmp_path)
    assert proc.returncode == 1 and at(proc, name) == [(None, "NL901")]
    assert "Compressed file is empty" in lines(proc)[0]["message"]


# -- 3. a plugin that ends its process, at every -j ---------------------------------------------------
@JOBS
@pytest.mark.parametrize("trigger, reason", [("DIE-EXIT0", "exited with status 0"), ("DIE-SEGV", "SIGSEGV")])
def test_a_plugin_ending_its_process_is_nl911_at_every_jobs(tmp_path, plugin, jobs, trigger, reason):
    write(tmp_path / "c" / "a.txt", SKIP)
    write(tmp_path / "c" / "culprit.txt", f"{SKIP}\n{trigger}")
    write(tmp_path / "c" / "z.txt", SKIP)
    proc = newslint("--isolated", "--rulepath", str(plugin), *HOSTILE, "-j", jobs, "c", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert at(proc, "culprit.txt") == [(None, "NL911")] and reason in lines(proc)[1]["message"]
    assert at(proc, "a.txt") == at(proc, "z.txt") == [(None, "HOS101")]
    assert "Checked 2 documents in 3 files" in proc.stderr
    # pre-commit's case: one file named on the command line.
    single = newslint("--isolated", "--rulepath", str(plugin), *HOSTILE, "-j", jobs, "c/culprit.txt", cwd=tmp_path)
    assert single.returncode == 1 and at(single, "culprit.txt") == [(None, "NL911")]


@JOBS
def test_a_plugin_ending_its_process_in_pass_1_does_not_end_the_run(tmp_path, plugin, jobs):
    write(tmp_path / "c" / "a.txt", "A story.")
    write(tmp_path / "c" / "culprit.txt", "OBSERVE-EXIT")
    write(tmp_path / "c" / "z.txt", "Another story.")
    proc = newslint(
        "--isolated",
        "--rulepath",
        str(plugin),
        "--select",
        "HOS201",
        "--output-format",
        "json-lines",
        "-j",
        jobs,
        "c",
        cwd=tmp_path,
    )
    assert proc.returncode == 1 and "Checked 3 documents in 3 files" in proc.stderr, proc.stderr
    # The culprit's observation is lost (its worker died twice); the other two were observed.
    assert [f["message"] for f in lines(proc)] == ["observed 2 documents"] * 3


def test_output_is_byte_identical_for_any_jobs(tmp_path, plugin):
    for i in range(6):
        write(tmp_path / "c" / f"d{i}.jsonl", "\n".join(json.dumps({"text": f"{SKIP} {j}"}) for j in range(i + 1)))
    serial = newslint("--isolated", "--rulepath", str(plugin), *HOSTILE, "-j", "1", "c", cwd=tmp_path)
    parallel = newslint("--isolated", "--rulepath", str(plugin), *HOSTILE, "-j", "2", "c", cwd=tmp_path)
    assert (parallel.returncode, parallel.stdout, parallel.stderr) == (serial.returncode, serial.stdout, serial.stderr)
    assert len(lines(serial)) == 21


# -- 5. the trust model of configuration files ---------------------------------------------------------
def _dataset(tmp_path: Path, config: str) -> Path:
    """A cloned dataset repository with its own newslint.toml, linted from its parent folder."""
    write(tmp_path / "dataset" / "newslint.toml", config)
    write(tmp_path / "dataset" / "a.txt", SKIP)
    return tmp_path / "dataset"


@pytest.mark.parametrize(
    "setting, what",
    [
        ('rulepath = ["plugin"]', "rulepath"),
        ('output-file = "../victim.txt"', "output-file"),
        ('scheduler = "tcp://attacker.example:8786"', "scheduler"),
    ],
)
def test_a_corpus_config_may_not_run_code_write_files_or_connect(tmp_path, setting, what):
    dataset = _dataset(tmp_path, setting + "\n")
    write(dataset / "plugin" / "evil.py", PLUGIN)
    victim = write(tmp_path / "victim.txt", "precious")
    marker = tmp_path / "imported"
    proc = newslint("dataset", cwd=tmp_path, env={"PLUGIN_MARKER": str(marker)})
    assert proc.returncode == 2
    assert f"configuration error: {dataset / 'newslint.toml'}: {what!r}" in proc.stderr
    assert f"--config {dataset / 'newslint.toml'}" in proc.stderr and "Traceback" not in proc.stderr
    assert not marker.exists() and victim.read_text() == "precious" and proc.stdout == ""


def test_a_trusted_config_may_load_code(tmp_path):
    dataset = _dataset(tmp_path, 'rulepath = ["plugin"]\nselect = ["HOS1"]\n')
    write(dataset / "plugin" / "evil.py", PLUGIN)
    marker = tmp_path / "imported"
    given = newslint("--config", "dataset/newslint.toml", "dataset", cwd=tmp_path, env={"PLUGIN_MARKER": str(marker)})
    assert given.returncode == 1 and "HOS101" in given.stdout and marker.exists()
    marker.unlink()
    # The configuration of the working directory (or one above it) is the user's own.
    in_cwd = newslint(".", cwd=dataset, env={"PLUGIN_MARKER": str(marker)})
    assert in_cwd.returncode == 1 and marker.exists()
    write(dataset / "sub" / "b.txt", SKIP)
    below = newslint(".", cwd=dataset / "sub")
    assert below.returncode == 1 and "HOS101" in below.stdout


@pytest.mark.parametrize(
    "setting",
    [
        'knowledge-base = ["{secret}"]',
        'data-files = {{ phrase-packs = ["../secret.csv"] }}',
        'declarative-rules = ["{secret}"]',
        'baseline = "../secret.csv"',
        'data-files = {{ knowledge-base = ["link.csv"] }}',  # a symlink inside, pointing outside
    ],
)
def test_paths_in_a_config_stay_inside_its_folder_and_secrets_are_never_echoed(tmp_path, setting):
    secret = write(tmp_path / "secret.csv", "root:SECRET-HASH:19000:0:99999:7:::\n")
    dataset = _dataset(tmp_path, setting.format(secret=secret) + "\n")
    (dataset / "link.csv").symlink_to(secret)
    for argv, cwd in ((["dataset"], tmp_path), (["."], dataset)):  # untrusted and trusted alike
        proc = newslint(*argv, cwd=cwd)
        assert proc.returncode == 2 and "outside the configuration file's folder" in proc.stderr, proc.stderr
        assert "SECRET" not in proc.stderr + proc.stdout


def test_a_broken_data_file_inside_the_folder_is_named_not_quoted(tmp_path):
    dataset = _dataset(tmp_path, 'knowledge-base = ["kb.csv"]\n')
    write(dataset / "kb.csv", "SECRET-COLUMN,other\n1,2\n")
    proc = newslint("dataset", cwd=tmp_path)
    assert proc.returncode == 2 and "kb.csv" in proc.stderr and "SECRET" not in proc.stderr
    assert "configuration error" in proc.stderr and "Traceback" not in proc.stderr


def test_readme_has_a_security_section():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    security = readme.split("## Security", 1)[1].split("\n## ", 1)[0]
    for needle in ("rulepath", "output-file", "scheduler", "--config", "data-files", "baseline", "declarative-rules"):
        assert needle in security, needle
    exit_codes = readme.split("### Exit codes", 1)[1].split("\n## ", 1)[0]
    for needle in ("internal error", "143", "--verbose"):
        assert needle in exit_codes, needle


# -- 6. -o ------------------------------------------------------------------------------------------------
def test_output_file_never_follows_a_planted_temporary_name(tmp_path, monkeypatch):
    from newslint.reporters.output import OutputFile

    victim = write(tmp_path / "victim", "precious")
    monkeypatch.setattr(os, "getpid", lambda: 4242)
    for name in (".out.txt.4242.tmp", ".out.txt.tmp"):  # the names the old code would have used
        (tmp_path / name).symlink_to(victim)
    with OutputFile(str(tmp_path / "out.txt")) as stream:
        stream.write("report\n")
    assert victim.read_text() == "precious" and (tmp_path / "out.txt").read_text() == "report\n"
    assert not (tmp_path / "out.txt").is_symlink()


def test_a_full_disk_while_writing_leaves_no_temporary_file(tmp_path):
    import errno

    from newslint.reporters.output import OutputError, OutputFile

    with pytest.raises(OutputError, match="No space left on device"), OutputFile(str(tmp_path / "out.txt")) as stream:
        stream.write("partial\n")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs")
def test_output_into_a_fifo_writes_into_it(tmp_path):
    write(tmp_path / "a.txt", SKIP)
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    proc = newslint("--isolated", "a.txt", "--select", "NL9,NL1", "-o", str(fifo), cwd=tmp_path)
    reader.join(30)
    assert proc.returncode in (0, 1) and fifo.is_fifo()
    assert received[0].startswith(b"a.txt:1:1: NL101")


@pytest.mark.parametrize(
    "target, reason",
    [
        ("missing/out.txt", "No such file or directory"),
        ("folder", "it is a folder"),
        ("/dev/full", "No space left on device"),
    ],
)
def test_output_that_cannot_be_written_is_a_clear_error_and_leaves_nothing(tmp_path, target, reason):
    if target == "/dev/full" and not Path(target).is_char_device():
        pytest.skip("no /dev/full")  # (code without the fix replaced it with a regular file)
    write(tmp_path / "c" / "a.txt", SKIP)
    (tmp_path / "folder").mkdir()
    proc = newslint("--isolated", "c", "--select", "NL101", "-o", target, cwd=tmp_path)
    assert proc.returncode == 2 and reason in proc.stderr and "Traceback" not in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c", "folder"]
    assert list((tmp_path / "folder").iterdir()) == []


# -- 7. FIFOs ------------------------------------------------------------------------------------------
@JOBS
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs")
def test_a_fifo_named_like_a_corpus_file_is_reported_not_read(tmp_path, jobs):
    write(tmp_path / "c" / "a.txt", SKIP)
    os.mkfifo(tmp_path / "c" / "x.txt")
    os.mkfifo(tmp_path / "c" / ".hidden.jsonl")  # hidden: skipped when walking, like every hidden entry
    for argv in (["c"], ["c/x.txt", "c/a.txt"], ["c/.hidden.jsonl"]):
        proc = newslint(
            "--isolated",
            "-j",
            jobs,
            *argv,
            "--select",
            "NL9",
            "--output-format",
            "json-lines",
            cwd=tmp_path,
            timeout=30,
        )
        name = Path(argv[0]).name if argv != ["c"] else "x.txt"
        assert at(proc, name) == [(None, "NL901")], proc.stderr
        assert "Not a regular file (a FIFO)" in lines(proc)[0]["message"]


@pytest.mark.parametrize(
    "page",
    [
        b"<html><body>" + b"<p>Para graph text here.</p>" * 20_000 + b"</body></html>",
        b"<html><body><div " + b" ".join(b'a%d="1"' % i for i in range(20_000)) + b">Text</div></body></html>",
    ],
    ids=["20k paragraphs", "20k attributes"],
)
def test_html_extraction_has_a_time_budget(tmp_path, page):
    write(tmp_path / "slow.html", page)
    write(tmp_path / "ok.txt", "A story.")
    started = time.monotonic()
    proc = newslint(
        "--isolated",
        "-j",
        "2",
        ".",
        "--select",
        "NL9",
        "--output-format",
        "json-lines",
        cwd=tmp_path,
        env={"NEWSLINT_READ_TIMEOUT": "0.3"},
    )
    assert time.monotonic() - started < 8  # 4 s and 10 s without the budget
    assert at(proc, "slow.html") == [(None, "NL901")] and "read-timeout (0.3 s)" in lines(proc)[0]["message"]
    assert "Checked 1 document in 2 files" in proc.stderr


# -- 8. findings of one file are bounded ----------------------------------------------------------------
def test_the_findings_of_one_file_are_capped_with_one_nl912(tmp_path):
    import lzma

    write(tmp_path / "empty.jsonl.xz", lzma.compress(b'{"text": ""}\n' * 5000))
    write(tmp_path / "ok.jsonl", json.dumps({"text": ""}) + "\n")
    proc = newslint(
        "--isolated",
        "-j",
        "2",
        ".",
        "--select",
        "NL9",
        "--output-format",
        "json-lines",
        cwd=tmp_path,
        env={"NEWSLINT_MAX_FINDINGS_PER_FILE": "100"},
    )
    found = at(proc, "empty.jsonl.xz")
    assert found == [(None, "NL912")] + [(record, "NL907") for record in range(1, 101)]
    assert (
        lines(proc)[0]["message"] == "4900 more findings in this file were not reported (max-findings-per-file is 100)"
    )
    assert at(proc, "ok.jsonl") == [(1, "NL907")] and "Checked 5001 documents in 2 files" in proc.stderr


def test_the_findings_cap_can_be_lifted(tmp_path):
    write(tmp_path / "e.jsonl", json.dumps({"text": ""}) + "\n" * 1 + json.dumps({"text": " "}) + "\n")
    proc = newslint(
        "--isolated",
        ".",
        "--select",
        "NL9",
        "--output-format",
        "json-lines",
        cwd=tmp_path,
        env={"NEWSLINT_MAX_FINDINGS_PER_FILE": "0"},
    )
    assert at(proc, "e.jsonl") == [(1, "NL907"), (2, "NL907")]


# -- 9. crashes become exit 2 with a clear message --------------------------------------------------------
def test_an_internal_error_is_exit_2_with_please_report_and_a_traceback_only_when_verbose(tmp_path, plugin):
    write(tmp_path / "a.txt", SKIP)
    args = ("--isolated", "--rulepath", str(plugin), "--select", "HOS1", "--output-format", "broken", "a.txt")
    proc = newslint(*args, cwd=tmp_path)
    assert proc.returncode == 2
    assert "newslint: internal error: RuntimeError: a reporter bug" in proc.stderr
    assert "please report" in proc.stderr and "Traceback" not in proc.stderr
    verbose = newslint(*args, "--verbose", cwd=tmp_path)
    assert verbose.returncode == 2 and "Traceback" in verbose.stderr


@JOBS
@pytest.mark.parametrize("trigger, name", [("RAISE-KBI", "KeyboardInterrupt"), ("RAISE-ODD", "Odd")])
def test_a_rule_raising_a_base_exception_is_nl905(tmp_path, plugin, jobs, trigger, name):
    write(tmp_path / "c" / "a.txt", f"{SKIP}\n{trigger}")
    write(tmp_path / "c" / "b.txt", SKIP)
    proc = newslint("--isolated", "--rulepath", str(plugin), *HOSTILE, "-j", jobs, "c", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert at(proc, "a.txt") == [(None, "NL905")] and f"crashed: {name}" in lines(proc)[0]["message"]
    assert at(proc, "b.txt") == [(None, "HOS101")]


def test_a_tree_thousands_of_levels_deep(tmp_path):
    folder = tmp_path / "deep"
    folder.mkdir()
    relative = Path("deep")
    os.chdir(folder)  # short relative names: the whole path stays under PATH_MAX
    try:
        for _ in range(1000):
            os.mkdir("d")
            os.chdir("d")
            relative /= "d"
        Path("a.txt").write_text(SKIP)
    finally:
        os.chdir(ROOT)
    try:
        proc = newslint("--isolated", "deep", "--select", "NL9", cwd=tmp_path)
    finally:  # shutil.rmtree (pytest's clean-up) recurses: remove the tree here
        subprocess.run(["rm", "-rf", str(folder)], check=False)
    assert proc.returncode in (0, 1) and "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert "Checked 1 document in 1 file" in proc.stdout


@pytest.mark.parametrize(
    "toml, message",
    [
        ("a = " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply"),
        ("rule-timeout = inf\n", "rule-timeout"),
        ("rule-timeout = nan\n", "rule-timeout"),
        ("rule-timeout = 1e-9\n", "rule-timeout"),
    ],
)
def test_configuration_values_that_used_to_crash(tmp_path, toml, message):
    write(tmp_path / "newslint.toml", toml)
    write(tmp_path / "a.txt", SKIP)
    proc = newslint("a.txt", cwd=tmp_path)
    assert proc.returncode == 2 and "configuration error" in proc.stderr and message in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("fmt", ["concise", "full", "json", "json-lines", "github", "sarif", "junit", "gitlab"])
def test_a_file_name_that_is_not_utf8_in_every_format(tmp_path, fmt):
    write(Path(os.fsdecode(bytes(tmp_path) + b"/bad\xff.txt")), "Page not found")
    for output in ((), ("-o", "out")):
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "newslint",
                "--isolated",
                ".",
                "--select",
                "NL201",
                "-j",
                "1",
                "--output-format",
                fmt,
                *output,
            ],
            cwd=tmp_path,
            capture_output=True,
            timeout=60,
        )
        assert proc.returncode == 1, proc.stderr
        report = (tmp_path / "out").read_bytes() if output else proc.stdout
        report.decode("utf-8")  # valid UTF-8: the byte is escaped
        if fmt in ("json", "json-lines"):
            record = json.loads(report.splitlines()[0] if fmt == "json-lines" else report)
            first = record if fmt == "json-lines" else record[0]
            assert os.fsencode(first["path"]) == b"bad\xff.txt"  # the file can be found again


@pytest.mark.skipif(os.name != "posix", reason="SIGTERM")
@JOBS
def test_sigterm_stops_the_run_and_leaves_no_output_file(tmp_path, plugin, jobs):
    markers = tmp_path / "markers"
    markers.mkdir()
    for i in range(4):
        write(tmp_path / "c" / f"d{i}.txt", "SLEEP")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "newslint",
            "--isolated",
            "--rulepath",
            str(plugin),
            "--select",
            "HOS1",
            "-j",
            jobs,
            "c",
            "-o",
            "out.txt",
        ],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "SLEEP_MARKERS": str(markers)},
    )
    try:
        deadline = time.monotonic() + 30
        while not list(markers.iterdir()):
            assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
            time.sleep(0.05)
        proc.send_signal(signal.SIGTERM)
        _, stderr = proc.communicate(timeout=15)
    finally:
        proc.kill()
    assert proc.returncode == 143 and stderr.strip() == "newslint: terminated"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c", "markers", "plugin"]


# -- 10. control characters in paths ------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["concise", "full"])
def test_control_characters_in_a_path_never_split_a_finding(tmp_path, plugin, fmt):
    name = "a\nb\rc\x1b[31md.txt"
    write(tmp_path / "c" / name, SKIP)
    proc = newslint(
        "--isolated", "--rulepath", str(plugin), "--select", "HOS1", "--output-format", fmt, "-q", "c", cwd=tmp_path
    )
    assert proc.returncode == 1
    assert "\x1b" not in proc.stdout and "\r" not in proc.stdout
    first = proc.stdout.splitlines()[0]
    assert first == "c/a\u240ab\u240dc\u241b[31md.txt:1:1: HOS101 skip link"
