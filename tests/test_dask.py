"""newslint on a real Dask cluster (issue 11): the findings of a -j1 run, also when a worker dies."""

from __future__ import annotations

import io
import json
import os
import random
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

distributed = pytest.importorskip("dask.distributed")

from newslint import cli  # noqa: E402
from newslint.engine import dask as dask_runner  # noqa: E402
from newslint.engine.sharding import split  # noqa: E402
from newslint.readers.base import Source  # noqa: E402

from .conftest import ROOT  # noqa: E402
from .test_corpus_rules import article, site_documents  # noqa: E402

SMALL_SHARDS = 4096

CRASH_RULE = '''
import os
from newslint import Rule, RuleOptions, hookimpl


class CrashOnce(Rule):
    """A test rule that kills its process once, on the document saying "CRASH-HERE".

    Why is this bad?
        It is a test of worker loss.

    Example:
        ``CRASH-HERE``

    Use instead:
        Nothing.

    Options:
        ``marker``: file created before the crash; when it exists, no crash.
    """

    code = "TST901"
    name = "test-crash-once"

    class Options(RuleOptions):
        marker: str = ""

    def check(self, doc):
        if "CRASH-HERE" in doc.text and not os.path.exists(self.options.marker):
            with open(self.options.marker, "w") as f:
                f.write(str(os.getpid()))
            os._exit(1)
        return ()


@hookimpl
def newslint_rules():
    return [CrashOnce]
'''


@pytest.fixture(scope="module")
def scheduler():
    """Two worker processes, one thread each: shards really cross process boundaries."""
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cluster:
        yield cluster.scheduler_address


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Three sites (NL150 fires), exact and near duplicates across files (NL351/NL352), a large JSONL, the seed."""
    rng = random.Random(11)
    root = tmp_path_factory.mktemp("dask")
    corpus = root / "corpus"
    corpus.mkdir()
    for host, n in (("example.com", 8), ("news.example.org", 6)):
        records = site_documents(host, n, rng)
        (corpus / f"{host}.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    base = " ".join(article(rng, 8))
    big = []
    for i in range(60):
        text = "\n".join(article(rng, 5))
        if i % 15 == 3:
            text = base  # exact copies of one article
        elif i % 15 == 9:
            text = base.replace("council", "councillors", 1) + " Extra closing words."  # near copies
        # A line of this site's template that no phrase list knows: NL150's job.
        text += "\nThe Harbour Gazette weekend supplement, printed on recycled paper"
        big.append({"id": f"big-{i}", "url": f"https://big.example.net/{i}", "text": text})
    big.append({"id": "broken"})  # NL904 inside a shard
    (corpus / "big.jsonl").write_text("\n".join(json.dumps(r) for r in big) + "\n", encoding="utf-8")
    (corpus / "seed.txt").write_text((ROOT / "seeds" / "000_8909fccca8fb692d.txt").read_text(encoding="utf-8"))
    (corpus / "z-crash.txt").write_text("A short document that says CRASH-HERE and ends.\n", encoding="utf-8")
    (root / "newslint.toml").write_text(
        "preview = true\n[rules.NL150]\nmin-documents = 3\n[rules.NL352]\nmin-words = 10\n",  # NL352 is a preview rule
        encoding="utf-8",
    )
    return corpus


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = cli.main(list(argv))
    return code, out.getvalue(), err.getvalue()


def test_the_large_file_really_is_split(corpus):
    shards = split(Source.from_path(corpus / "big.jsonl"), SMALL_SHARDS)
    assert len(shards) >= 4


def test_same_json_lines_as_a_single_process_run(corpus, scheduler, monkeypatch):
    config = str(corpus.parent / "newslint.toml")
    code1, expected, _ = run_cli(str(corpus), "--config", config, "--output-format", "json-lines", "-j1")
    codes = {json.loads(line)["code"] for line in expected.splitlines()}
    assert {"NL150", "NL351", "NL352", "NL904"} <= codes  # the corpus rules and a read problem really fire
    monkeypatch.setattr(dask_runner, "SHARD_BYTES", SMALL_SHARDS)
    code2, got, _ = run_cli(str(corpus), "--config", config, "--output-format", "json-lines", "--scheduler", scheduler)
    assert (code2, got) == (code1, expected)


def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(corpus, scheduler, tmp_path, monkeypatch):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "crash_once.py").write_text(CRASH_RULE, encoding="utf-8")
    marker = tmp_path / "crashed"
    config = tmp_path / "newslint.toml"
    config.write_text(
        f'rulepath = ["{rules.as_posix()}"]\nextend-select = ["TST"]\n'
        f"[rules.NL150]\nmin-documents = 3\n[rules.NL352]\nmin-words = 10\n"
        f'[rules.TST901]\nmarker = "{marker.as_posix()}"\n',
        encoding="utf-8",
    )
    marker.write_text("reference run: no crash")
    args = (str(corpus), "--config", str(config), "--output-format", "json-lines")
    code1, expected, _ = run_cli(*args, "-j1")
    marker.unlink()
    monkeypatch.setattr(dask_runner, "SHARD_BYTES", SMALL_SHARDS)
    code2, got, _ = run_cli(*args, "--scheduler", scheduler)
    # The rule did kill a worker process (not this one) ...
    assert marker.read_text() != str(os.getpid())
    # ... and the scheduler re-ran its shard elsewhere: same findings, once each.
    assert (code2, got) == (code1, expected)
    assert len(got.splitlines()) == len(set(got.splitlines()))


def test_scheduler_without_dask_is_a_usage_error(corpus, monkeypatch):
    monkeypatch.setitem(sys.modules, "dask.distributed", None)  # what a missing extra looks like to import
    code, out, err = run_cli(str(corpus), "--isolated", "--scheduler", "local")
    assert code == 2 and out == ""
    assert "pip install 'newslint[dask]'" in err


def test_scheduler_is_a_setting(tmp_path):
    from newslint.config import build_settings

    settings, _ = build_settings({}, environ={"NEWSLINT_SCHEDULER": "tcp://10.0.0.1:8786"}, isolated=True)
    assert settings.scheduler == "tcp://10.0.0.1:8786"
