"""Properties of whole runs (issue 9), end to end through the CLI.

* Whatever bytes a ``.txt``, ``.jsonl`` or ``.html`` file holds, no exception
  escapes, the exit code is 0 or 1, findings come out sorted, and a ``-j 1``
  run and a ``-j 2`` run agree (so runs are deterministic too); the other file
  of the corpus is still linted.
* newslint never writes into what it lints: every file's hash and mtime (and
  the folders' listings and mtimes) are unchanged after full runs.

Examples are drawn by hypothesis; with ``CI`` set, conftest loads a
derandomised profile, so CI always checks the same examples. Counts are
modest: every example is two full runs, one of them with worker processes.
"""

from __future__ import annotations

import bz2
import gzip
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SKIP = "Skip to main content"
# The default rules plus the test plugin's TST101 (which shows the companion file was linted).
RULES = ("--extend-select", "TST", "--output-format", "json-lines", "--isolated")
COMPANION = f"{SKIP}\nThe other document of the corpus, so that -j 2 really runs worker processes.\n"

EXAMPLES = settings(
    max_examples=25,
    deadline=None,
    # The cli fixture only patches plugin loading: sharing it between examples is harmless.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def sort_key(finding: dict[str, Any]) -> tuple:
    return (
        finding["path"],
        finding["record"] or 0,
        finding["line"],
        finding["column"],
        finding["code"],
        finding["message"],
    )


def check_any_bytes(cli, name: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, name).write_bytes(data)
        Path(folder, "zz-companion.txt").write_text(COMPANION, encoding="utf-8")
        serial = cli(folder, *RULES, "-j", "1")
        parallel = cli(folder, *RULES, "-j", "2")  # also a second, independent run: determinism
    assert serial.code in (0, 1), serial.err
    assert (parallel.code, parallel.out, parallel.err) == (serial.code, serial.out, serial.err)
    findings = [json.loads(line) for line in serial.out.splitlines()]
    assert findings == sorted(findings, key=sort_key)
    assert any(f["code"] == "TST101" and f["path"].endswith("zz-companion.txt") for f in findings)


# -- strategies: raw bytes, and bytes that are nearly what each reader expects ----------------------
SNIPPETS = [
    SKIP,
    "Advertisement",
    "Read more",
    "\u00e9",
    "\u2019",
    "\ufeff",
    "\x00",
    "\r\n",
    "\n\n",
    " ",
    "\t",
    "\ud7ff",
    "\U0001f600",
    "Photo: AP",
    "© 2019",
    "...",
    "Continue reading",
]
texty = st.lists(st.one_of(st.sampled_from(SNIPPETS), st.text(max_size=40)), max_size=30).map("".join)
encoded = texty.flatmap(
    lambda text: st.sampled_from(
        [
            text.encode("utf-8"),
            text.encode("utf-16"),
            text.encode("latin-1", "replace"),
            b"\xef\xbb\xbf" + text.encode(),
        ]
    )
)
any_bytes = st.one_of(st.binary(max_size=2000), encoded)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | texty,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
records = st.fixed_dictionaries(
    {"text": st.one_of(texty, json_values)},
    optional={"id": st.text(max_size=8), "url": st.text(max_size=30), "title": texty, "maintext": texty},
)
jsonl_line = st.one_of(
    records.map(lambda r: json.dumps(r).encode()),
    records.map(lambda r: json.dumps(r, ensure_ascii=False).encode("utf-8", "surrogatepass")),
    json_values.map(lambda v: json.dumps(v).encode()),
    st.binary(max_size=120),
    st.sampled_from([b"", b"   ", b"NaN", b'{"text": NaN}', b"[" * 3000, b'{"text": "cut', b"\x00"]),
)
jsonl_bytes = st.lists(jsonl_line, max_size=10).map(lambda lines: b"\n".join(lines))

TAGS = [
    "<html>",
    "</html>",
    "<head>",
    "<title>Title</title>",
    "<body>",
    "</body>",
    "<article>",
    "</article>",
    "<p>",
    "</p>",
    "<div>",
    "</div>",
    "<script>",
    "</script>",
    "<style>",
    "<!--",
    "-->",
    "&amp;",
    "&#0;",
    "<br>",
    "<meta charset='iso-8859-1'>",
    "<?xml version='1.0' encoding='utf-16'?>",
    "<![CDATA[",
    "<nav>",
]
html_bytes = st.one_of(
    st.binary(max_size=1500),
    st.lists(st.one_of(st.sampled_from(TAGS), texty), max_size=40).map(
        lambda parts: "".join(parts).encode("utf-8", "surrogatepass")
    ),
)


@EXAMPLES
@given(data=any_bytes)
def test_any_bytes_as_txt(cli, data):
    check_any_bytes(cli, "doc.txt", data)


@EXAMPLES
@given(data=st.one_of(jsonl_bytes, any_bytes))
def test_any_bytes_as_jsonl(cli, data):
    check_any_bytes(cli, "part.jsonl", data)


@EXAMPLES
@given(data=html_bytes)
def test_any_bytes_as_html(cli, data):
    check_any_bytes(cli, "page.html", data)


# -- newslint never writes into what it lints ---------------------------------------------------------
def build_corpus(root: Path) -> None:
    """Every format, compressed and not, with broken files, sidecars, folders and links."""
    (root / "sub" / "deeper").mkdir(parents=True)
    record = {"id": "r1", "url": "https://example.com/a", "text": f"{SKIP}\nBody text.\nAdvertisement\n"}
    lines = (json.dumps(record) + "\n{broken\n" + json.dumps({"text": "Second.", "id": "r2"}) + "\n").encode()
    (root / "story.txt").write_text(f"{SKIP}\nA story.\n", encoding="utf-8")
    (root / "story.json").write_text(json.dumps({"url": "https://example.com/story"}), encoding="utf-8")
    (root / "notes.md").write_text("# Notes\n\nRead more\n", encoding="utf-8")
    (root / "part.jsonl").write_bytes(lines)
    (root / "sub" / "part.jsonl.gz").write_bytes(gzip.compress(lines))
    (root / "sub" / "part.ndjson.bz2").write_bytes(bz2.compress(lines))
    (root / "sub" / "cut.jsonl.gz").write_bytes(gzip.compress(lines * 50)[:200])
    (root / "sub" / "array.json").write_text(json.dumps([record, record]), encoding="utf-8")
    (root / "sub" / "deeper" / "page.html").write_text(
        "<html><body><article><p>" + "A paragraph of news text. " * 20 + "</p></article></body></html>",
        encoding="utf-8",
    )
    (root / "sub" / "deeper" / "latin1.txt").write_bytes("Caf\u00e9 ferm\u00e9\n".encode("latin-1"))
    (root / "empty.txt").write_bytes(b"")
    (root / "binary.txt").write_bytes(bytes(range(256)))
    (root / ".hidden.txt").write_text("hidden", encoding="utf-8")
    (root / "data.csv").write_text("a,b\n", encoding="utf-8")
    os.symlink("missing.txt", root / "dangling.txt")
    os.symlink("story.txt", root / "link.txt")


def snapshot(root: Path) -> dict[str, tuple]:
    """Per path: kind, mode, mtime and content hash (symlinks not followed)."""
    state: dict[str, tuple] = {}
    for path in sorted([root, *root.rglob("*")]):
        info = path.lstat()
        if path.is_symlink():
            content: Any = os.readlink(path)
        elif path.is_dir():
            content = sorted(os.listdir(path))
        else:
            content = hashlib.sha256(path.read_bytes()).hexdigest()
        state[path.relative_to(root).as_posix()] = (info.st_mode, info.st_mtime_ns, info.st_size, content)
    return state


def test_newslint_never_writes_into_the_linted_paths(cli, tmp_path):
    corpus, elsewhere = tmp_path / "corpus", tmp_path / "reports"
    corpus.mkdir()
    elsewhere.mkdir()
    build_corpus(corpus)
    before = snapshot(corpus)
    runs = [
        cli(
            str(corpus),
            "--extend-select",
            "TST",
            "-j",
            "2",
            "-o",
            str(elsewhere / "findings.json"),
            "--output-format",
            "json",
            "--statistics",
        ),
        cli(str(corpus), "--extend-select", "TST", "-j", "1", "--output-format", "sarif"),
        cli(str(corpus / "story.txt"), str(corpus / "sub"), "-j", "2", "--output-format", "full"),
    ]
    assert [run.code for run in runs] == [1, 1, 1], [run.err for run in runs]
    assert snapshot(corpus) == before
    assert sorted(p.name for p in elsewhere.iterdir()) == ["findings.json"]  # no temporary file left either
    assert json.loads((elsewhere / "findings.json").read_text(encoding="utf-8"))
