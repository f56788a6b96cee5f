"""The phrase-pack loader and matcher (newslint.packs) and the rules' use of user packs."""

from __future__ import annotations

import pickle
import time
from pathlib import Path

import pytest

from newslint import Document, RunContext
from newslint.config import ConfigError
from newslint.packs import MATCH_MODES, PackSet, load_packs, read_pack_file
from newslint.packs.keys import line_key
from newslint.plugins import load_registry
from newslint.rules.boilerplate import NavigationText, ShareButtons
from newslint.rules.error_pages import ErrorPageDocument, ErrorPageFragment
from newslint.testing import lint_document, make_document, positions
from newslint.text.sentences import sentence_span

RULES = load_registry(autoload=False).rules
ARTICLE = (
    "Officials said on Tuesday that the new bridge would open next spring after years of delays and rising costs. "
    "The project was first proposed in 2009 by the regional government.\n\n"
    "Engineers completed the final load tests last week, according to a statement released on Monday."
)


def write_pack(folder: Path, name: str, body: str) -> Path:
    path = folder / name
    path.write_text(body, encoding="utf-8")
    return path


# -- built-in packs ---------------------------------------------------------------------
def test_builtin_packs_load_and_cover_every_rule_code():
    packs = load_packs(())
    codes = {pack.code for pack in packs}
    # The line classifier's rules (NL111-NL117, rules/boilerplate/lines) have weights and shapes, no packs.
    classifier = {
        code for code, rule in RULES.items() if rule.__module__.startswith("newslint.rules.boilerplate.lines")
    }
    mine = {code for code in RULES if code.startswith(("NL1", "NL2")) and code not in ("NL150", "NL201", *classifier)}
    assert mine - {"NL108"} <= codes  # NL108 reuses every NL1xx label; NL201 every NL2xx phrase
    assert len({pack.id for pack in packs}) == len(packs)
    for pack in packs:
        assert pack.match in MATCH_MODES
        assert pack.source.startswith("newslint.packs.builtin/")
        assert pack.literals or pack.patterns, pack.id
        pack.core.search("warm-up")  # every alternation compiles with RE2


def test_builtin_packs_cover_the_issue_languages():
    packs = load_packs(())
    languages = " ".join(pack.language for pack in packs if pack.code.startswith("NL2"))
    for language in ("en", "de", "fr", "es", "it", "pt", "nl", "ru", "pl", "zh", "ja"):
        assert language in languages or "*" in languages


def test_load_packs_is_cached_per_paths():
    assert load_packs(()) is load_packs(())


# -- user packs ---------------------------------------------------------------------------
def test_user_pack_extends_a_builtin_rule(tmp_path):
    write_pack(
        tmp_path,
        "mine.toml",
        """
[[pack]]
id = "acme.share"
code = "NL103"
kind = "share button"
language = "en"
literals = ["Toot this story"]
""",
    )
    doc = make_document(ARTICLE + "\n\nToot this story")
    assert positions(lint_document(ShareButtons, doc)) == []
    context = RunContext(data={"phrase-packs": (str(tmp_path),)})
    findings = lint_document(ShareButtons, doc, context=context)
    assert positions(findings) == [(5, 1, "NL103")]
    assert "Toot this story" in findings[0].message


def test_user_pack_with_a_builtin_id_replaces_it(tmp_path):
    path = write_pack(
        tmp_path,
        "quiet.toml",
        """
[[pack]]
id = "navigation.skip-link"
code = "NL101"
kind = "skip link"
literals = []
""",
    )
    doc = make_document("Skip to main content\n\n" + ARTICLE)
    assert positions(lint_document(NavigationText, doc)) == [(1, 1, "NL101")]
    assert positions(lint_document(NavigationText, doc, context=RunContext(data={"phrase-packs": (str(path),)}))) == []


def test_user_regex_pack_for_an_error_rule(tmp_path):
    path = write_pack(
        tmp_path,
        "errors.toml",
        r"""
[[pack]]
id = "acme.maintenance"
code = "NL202"
kind = "maintenance page"
match = "line"
patterns = ['acme cms is down \(code \d+\)']
""",
    )
    text = ARTICLE + "\n\nACME CMS is down (code 17)\n\nThe ministry said the ceremony would be held in April."
    doc = make_document(text)
    findings = lint_document(ErrorPageFragment, doc, context=RunContext(data={"phrase-packs": (str(path),)}))
    assert positions(findings) == [(5, 1, "NL202")]
    assert "maintenance page" in findings[0].message


# -- validation: ConfigError names the file and the problem --------------------------------
def test_invalid_regex_is_a_config_error_naming_file_and_pattern(tmp_path):
    path = write_pack(
        tmp_path,
        "bad.toml",
        """
[[pack]]
id = "acme.bad"
code = "NL101"
kind = "skip link"
patterns = ['skip (to']
""",
    )
    with pytest.raises(ConfigError) as info:
        load_packs((str(path),))
    message = str(info.value)
    assert str(path) in message and "'skip (to'" in message and "acme.bad" in message


@pytest.mark.parametrize("pattern", ["(?=lookahead)", r"(a)\1"])
def test_patterns_re2_cannot_run_in_linear_time_are_rejected(pattern):
    text = f"[[pack]]\nid = 'x'\ncode = 'NL101'\nkind = 'k'\npatterns = ['{pattern}']\n"
    with pytest.raises(ConfigError, match="RE2 syntax"):
        read_pack_file(text, "user.toml")


HEAD = "[[pack]]\nid = 'x'\ncode = 'NL101'\nkind = 'k'\n"


@pytest.mark.parametrize(
    "body, expected",
    [
        (HEAD + "literal = ['a']\n", "unknown key 'literal' (did you mean 'literals'?)"),
        ("[[pack]]\nid = 'x'\ncode = 'nl101'\nkind = 'k'\n", "is not like 'NL201'"),
        (HEAD + "match = 'regex'\n", "'match' must be one of line, prefix, contains"),
        (HEAD + "patterns = ['a*']\n", "matches the empty string"),
        (HEAD + "min-coverage = 2\n", "fraction"),
        (HEAD + HEAD, "appears twice"),
        ("pack = 3\n", "array of tables"),
        ("[[pack]\n", "invalid TOML"),
        (HEAD + "name = 'Not Kebab'\n", "kebab-case"),
    ],
)
def test_malformed_packs_are_config_errors(body, expected):
    with pytest.raises(ConfigError) as info:
        read_pack_file(body, "user.toml")
    assert "user.toml" in str(info.value) and expected in str(info.value)


def test_missing_pack_path_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_packs((str(tmp_path / "nope.toml"),))


def test_invalid_user_pack_makes_the_cli_exit_2(tmp_path, monkeypatch, capsys):
    from newslint.cli import main

    bad = "[[pack]]\nid = 'acme.bad'\ncode = 'NL103'\nkind = 'k'\npatterns = ['[unclosed']\n"
    write_pack(tmp_path, "bad.toml", bad)
    (tmp_path / "newslint.toml").write_text('extend-rule-packs = ["bad.toml"]\n', encoding="utf-8")
    (tmp_path / "doc.txt").write_text(ARTICLE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEWSLINT_DISABLE_PLUGIN_AUTOLOAD", "1")
    code = main(["doc.txt", "--select", "NL103"])
    err = capsys.readouterr().err
    assert code == 2
    assert "bad.toml" in err and "[unclosed" in err


# -- linear time --------------------------------------------------------------------------
def test_catastrophic_backtracking_pattern_runs_in_linear_time(tmp_path):
    path = write_pack(
        tmp_path,
        "evil.toml",
        """
[[pack]]
id = "acme.evil"
code = "NL103"
kind = "evil"
match = "contains"
patterns = ['(a+)+$']
""",
    )
    # With a backtracking engine (a+)+$ on "aaa...ab" takes exponential time; RE2 is linear.
    doc = make_document(ARTICLE + "\n\n" + "a" * 200_000 + "b\n\n" + "a" * 5000)
    context = RunContext(data={"phrase-packs": (str(path),)})
    start = time.perf_counter()
    findings = lint_document(ShareButtons, doc, context=context)
    assert time.perf_counter() - start < 5.0
    # The last line matches (it ends in a's); the long line ending in "b" does not.
    assert [f.line for f in findings] == [7]


# -- multilingual ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Seite nicht gefunden",
        "Page introuvable",
        "Página no encontrada",
        "Pagina non trovata",
        "Página não encontrada",
        "Pagina niet gevonden",
        "Страница не найдена",
        "Nie znaleziono strony",
        "页面不存在",
        "ページが見つかりません",
        "Page not found",
    ],
)
def test_not_found_pages_in_eleven_languages(text):
    findings = lint_document(ErrorPageDocument, make_document(text))
    assert positions(findings) == [(0, 0, "NL201")]


@pytest.mark.parametrize(
    "line",
    [
        "Zum Inhalt springen",
        "Aller au contenu",
        "Saltar al contenido",
        "Vai al contenuto",
        "Pular para o conteúdo",
        "Naar de inhoud springen",
        "Перейти к содержимому",
        "Przejdź do treści",
        "跳到主要内容",
        "本文へスキップ",
    ],
)
def test_skip_links_in_ten_languages(line):
    assert positions(lint_document(NavigationText, make_document(line + "\n\n" + ARTICLE))) == [(1, 1, "NL101")]


# -- matching details --------------------------------------------------------------------------
def test_line_keys_ignore_case_blanks_apostrophes_and_edge_punctuation():
    assert line_key("  [ Don’t\u00a0 MISS ]: ") == line_key("Don't miss") == "don't miss"


def test_coverage_is_measured_on_the_sentence_that_holds_the_match():
    text = "Sorry, the page you are looking for does not exist. It may have been moved."
    start, end = sentence_span(text, 7, 20)
    assert text[start:end] == "Sorry, the page you are looking for does not exist."


def test_a_pattern_crossing_a_newline_checks_each_line_on_its_own(tmp_path):
    path = write_pack(
        tmp_path,
        "wide.toml",
        r"""
[[pack]]
id = "acme.wide"
code = "NL103"
kind = "wide"
match = "contains"
patterns = ['share\s+now']
""",
    )
    # \s matches "\n" in RE2: "share\nnow" spans two lines and must not be reported,
    # nor hide the real match on the next line.
    doc = make_document(ARTICLE + "\n\nplease share\nnow, or share now")
    findings = lint_document(ShareButtons, doc, context=RunContext(data={"phrase-packs": (str(path),)}))
    assert positions(findings) == [(6, 1, "NL103")]


def test_rules_and_packs_survive_pickling():
    """-j N with the spawn start method pickles the linter and its rules."""
    rule = NavigationText()
    clone = pickle.loads(pickle.dumps(rule))
    doc = Document(text="Skip to main content\n\n" + ARTICLE)
    assert [h.message for h in clone.check(doc)] == [h.message for h in rule.check(doc)]
    assert isinstance(pickle.loads(pickle.dumps(load_packs(()))), PackSet)
