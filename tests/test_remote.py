"""Issue 19, feature 4: paths with a scheme are read through fsspec (memory://, and s3:// on a local moto server)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

fsspec = pytest.importorskip("fsspec")

SKIP = "Skip to main content"
RECORD = json.dumps({"id": "r1", "text": f"{SKIP}\nThe mayor opened the bridge."}) + "\n"
ARGS = ("--select", "NL101", "--isolated", "-j", "1")


@pytest.fixture
def memory():
    fs = fsspec.filesystem("memory")
    fs.pipe("/corpus/news.jsonl", RECORD.encode())
    fs.pipe("/corpus/2024/page.txt", f"{SKIP}\nA page.\n".encode())
    fs.pipe("/corpus/2024/page.txt.gz", __import__("gzip").compress(f"{SKIP}\nZipped.\n".encode()))
    fs.pipe("/corpus/.git/ignored.txt", SKIP.encode())
    fs.pipe("/corpus/drafts/wip.txt", SKIP.encode())
    fs.pipe("/corpus/table.csv", b"a,b\n")
    yield fs
    fs.rm("/corpus", recursive=True)


def test_a_memory_folder_is_walked_like_a_local_one(cli, memory):
    result = cli("memory://corpus", *ARGS, "--extend-exclude", "drafts/", "--output-format", "json-lines", "-q")
    assert result.code == 1, result.err
    found = [(f["path"], f["record"], f["doc_id"]) for f in map(json.loads, result.out.splitlines())]
    assert found == [
        ("memory:///corpus/2024/page.txt", None, "page"),
        ("memory:///corpus/2024/page.txt.gz", None, "page"),
        ("memory:///corpus/news.jsonl", 1, "r1"),
    ]


def test_a_memory_file_and_its_location(cli, memory):
    result = cli("memory://corpus/news.jsonl", *ARGS)
    assert result.code == 1
    assert result.out.startswith("memory://corpus/news.jsonl:record 1:1:1: NL101 ")


def test_a_missing_url_is_a_usage_error(cli, memory):
    result = cli("memory://corpus/nope.jsonl", *ARGS)
    assert result.code == 2 and "memory://corpus/nope.jsonl: no such file or directory" in result.err


def test_a_scheme_without_fsspec_says_which_extra_to_install(cli, monkeypatch):
    monkeypatch.setitem(sys.modules, "fsspec", None)
    monkeypatch.setitem(sys.modules, "fsspec.core", None)
    result = cli("s3://bucket/x.jsonl", *ARGS)
    assert result.code == 2
    assert "reading s3://bucket/x.jsonl needs the remote extra: pip install 'newslint[remote]'" in result.err
    assert "NL901" not in result.out


def test_an_unknown_scheme_is_a_usage_error(cli):
    result = cli("nosuchproto://bucket/x.jsonl", *ARGS)
    assert result.code == 2 and "nosuchproto://bucket/x.jsonl" in result.err


@pytest.mark.slow
def test_s3_through_a_local_moto_server_with_worker_processes(tmp_path):
    pytest.importorskip("s3fs")
    server_mod = pytest.importorskip("moto.server")
    server = server_mod.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "NEWSLINT_", "FSSPEC_"))}
        env.update(
            AWS_ACCESS_KEY_ID="testing",
            AWS_SECRET_ACCESS_KEY="testing",
            AWS_DEFAULT_REGION="us-east-1",
            FSSPEC_S3_ENDPOINT_URL=f"http://{host}:{port}",
        )
        import s3fs

        fs = s3fs.S3FileSystem(endpoint_url=f"http://{host}:{port}", key="testing", secret="testing")
        fs.mkdir("news-bucket")
        fs.pipe("news-bucket/crawl/a.jsonl", RECORD.encode())
        fs.pipe("news-bucket/crawl/b.jsonl", RECORD.replace("r1", "r2").encode())
        newslint = [sys.executable, "-m", "newslint", "--select", "NL101", "--isolated", "-j", "2"]
        result = subprocess.run(
            [*newslint, "s3://news-bucket/crawl"], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300
        )
        assert result.returncode == 1, result.stderr
        assert result.stdout.splitlines() == [
            "s3://news-bucket/crawl/a.jsonl:record 1:1:1: NL101 Navigation text 'Skip to main content' (skip link) "
            "at the top of the document",
            "s3://news-bucket/crawl/b.jsonl:record 1:1:1: NL101 Navigation text 'Skip to main content' (skip link) "
            "at the top of the document",
            "Checked 2 documents in 2 files: 0 errors, 2 warnings, 0 info.",
        ]
        # A mistyped bucket prefix is a usage error, as a local path is.
        typo = subprocess.run(
            [*newslint, "s3://news-bucket/crwal", "--exit-zero"],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=300,
        )
        assert typo.returncode == 2 and "s3://news-bucket/crwal: no such file or directory" in typo.stderr
    finally:
        server.stop()
