"""Corpus-wide rules: site boilerplate learned from repetition (NL150), duplicate documents (NL351/NL352)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from newslint.app import make_linter
from newslint.config import Settings
from newslint.engine import run
from newslint.engine.discovery import Walker
from newslint.plugins import load_registry
from newslint.rules.corpus.sketch import CountMinSketch, hash64
from newslint.selection import select_rules

from .conftest import ROOT

FOOTER = "Daily newsletterReceive essential international news every morning"
RELATED = ["Related stories", "Mayor opens the new bridge", "Council votes on the budget again"]
WORDS = [
    "council",
    "mayor",
    "river",
    "budget",
    "school",
    "police",
    "storm",
    "market",
    "court",
    "hospital",
    "farmers",
    "election",
    "bridge",
    "harbour",
    "festival",
    "museum",
    "library",
    "tram",
    "airport",
    "station",
]


def article(rng: random.Random, sentences: int = 6) -> list[str]:
    """Distinct prose paragraphs: random sentences from a small vocabulary."""
    return [" ".join(rng.choice(WORDS) for _ in range(14)).capitalize() + "." for _ in range(sentences)]


def site_documents(host: str, n: int, rng: random.Random) -> list[dict]:
    docs = []
    for i in range(n):
        lines = [
            "WASHINGTON (Reuters) -",
            *article(rng),
            "Reporting by Jane Doe; Editing by John Roe",
            *RELATED,
            FOOTER,
        ]
        docs.append({"id": f"{host}-{i}", "url": f"https://{host}/news/{i}", "text": "\n".join(lines)})
    return docs


@pytest.fixture
def multisite(tmp_path) -> Path:
    rng = random.Random(3)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for host, n in (("example.com", 8), ("news.example.org", 6)):
        records = site_documents(host, n, rng)
        (corpus / f"{host}.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    # A third site with only three documents: enough for short chrome (few pages of a site in a corpus).
    small = site_documents("small.example.net", 3, rng)
    (corpus / "small.jsonl").write_text("\n".join(json.dumps(r) for r in small) + "\n", encoding="utf-8")
    return corpus


def lint(paths: list[Path], settings: Settings, jobs: int = 1) -> list:
    registry = load_registry(autoload=False)
    linter = make_linter(settings, select_rules(registry.rules, settings), registry.readers, None, ROOT)
    walker = Walker(linter.table, [], ROOT)
    return [f for result in run(linter, lambda: walker.walk([str(p) for p in paths]), jobs) for f in result.findings]


def test_repeated_lines_are_reported_per_site_with_counts(multisite):
    findings = lint([multisite], Settings(select=["NL150"]))
    by_site: dict[str, set[str]] = {}
    for f in findings:
        by_site.setdefault(Path(f.path).stem, set()).add(f.line_text)
    assert by_site["example.com"] == {FOOTER, *RELATED}
    assert by_site["news.example.org"] == {FOOTER, *RELATED}
    # Three documents of a site sharing a menu line are evidence enough (a site with few pages in the corpus).
    assert by_site["small"] == {FOOTER, *RELATED}
    footer = [f for f in findings if f.line_text == FOOTER and f.path.endswith("example.com.jsonl")]
    assert len(footer) == 8
    assert footer[0].message == (
        f"Line '{FOOTER}' appears in 8 of 8 distinct documents from example.com: likely site boilerplate"
    )  # the message quotes the line: a reader sees it without --output-format full


def test_datelines_bylines_and_prose_are_not_reported(multisite):
    findings = lint([multisite], Settings(select=["NL150"]))
    texts = {f.line_text for f in findings}
    assert "WASHINGTON (Reuters) -" not in texts
    assert "Reporting by Jane Doe; Editing by John Roe" not in texts
    assert all(t in {FOOTER, *RELATED} for t in texts)


def test_thresholds_are_options(multisite):
    strict = lint([multisite], Settings(select=["NL150"], rules={"NL150": {"min-documents": 7}}))
    assert {Path(f.path).stem for f in strict} == {"example.com"}
    four = lint([multisite], Settings(select=["NL150"], rules={"NL150": {"min-documents": 4}}))
    assert "small" not in {Path(f.path).stem for f in four}
    assert {Path(f.path).stem for f in four} == {"example.com", "news.example.org"}


def write_site(path: Path, texts: list[str], host: str = "blog.example.com") -> Path:
    records = [{"id": str(i), "url": f"https://{host}/{i}", "text": text} for i, text in enumerate(texts)]
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


MENU = "Home | World | Sport | Contact"


def test_copies_of_a_syndicated_article_count_once(tmp_path):
    """Ten copies of one wire story (exact, and with another headline and footer) do not make its sentences chrome."""
    rng = random.Random(11)
    story = article(rng, sentences=8)
    copies = [
        "\n".join([MENU, f"Headline variant {'abcdefghij'[i % 10]}", *story, f"Filed under topic {'klmnopqrst'[i]}"])
        for i in range(10)
    ]
    copies[3] = copies[2]  # and an exact copy among them
    others = ["\n".join([MENU, *article(rng)]) for _ in range(2)]
    path = write_site(tmp_path / "site.jsonl", [*copies, *others])
    findings = lint([path], Settings(select=["NL150"]))
    assert {f.line_text for f in findings} == {MENU}  # three distinct documents: the story once, and two others
    assert findings[0].message.endswith(
        "appears in 3 of 3 distinct documents from blog.example.com: likely site boilerplate"
    )


def test_a_prose_line_needs_more_documents_than_chrome(tmp_path):
    rng = random.Random(13)
    disclaimer = "The views expressed in this column are the author's own and not those of the paper."

    def site(n: int) -> list:
        texts = ["\n".join([MENU, *article(rng), disclaimer]) for _ in range(n)]
        return lint([write_site(tmp_path / f"site{n}.jsonl", texts)], Settings(select=["NL150"]))

    assert {f.line_text for f in site(3)} == {MENU}  # a sentence in three documents may be the site's own prose
    assert {f.line_text for f in site(6)} == {MENU, disclaimer}  # in six (min-prose-documents) it is a fixture
    texts = ["\n".join([MENU, *article(rng), disclaimer]) for _ in range(3)]
    settings = Settings(select=["NL150"], rules={"NL150": {"min-prose-documents": 3}})
    assert {f.line_text for f in lint([write_site(tmp_path / "opt.jsonl", texts)], settings)} == {MENU, disclaimer}


def test_article_metadata_is_not_chrome(tmp_path):
    """Bylines, stamps, agency credits and sign-offs recur on every post of a site: they belong to the article."""
    metadata = [
        "Posted by Jane Doe at 2:12 PM",
        "Published: July 23, 2012",
        "Knight Ridder/Tribune News Service",
        "The Canadian Press",
        "– Marcas Grant",
        "Written By: Jason Shafrin - Nov• 06•12",
        "Best,",
    ]
    rng = random.Random(17)
    texts = [
        "\n".join(
            [
                MENU,
                *metadata[:3],
                *article(rng),
                *metadata[3:],
                "Posted by",
                "Becky |",
                "abigail",  # a regular commenter's name over her homepage and her comment's date
                "http://abigail.example.com",
                "July 10th, 2012 at 1:06 pm",
                *article(rng, 1),
            ]
        )
        for _ in range(6)
    ]
    findings = lint([write_site(tmp_path / "site.jsonl", texts)], Settings(select=["NL150"]))
    assert {f.line_text for f in findings} == {MENU}
    # Near-misses: a dated teaser line and an archive month are still chrome when they repeat.
    chrome = ["- New videos on the eShop this week for everyone - November 1, 2012 Download now", "November 2010"]
    texts = ["\n".join([*article(rng), *chrome]) for _ in range(3)]
    findings = lint([write_site(tmp_path / "near.jsonl", texts)], Settings(select=["NL150"]))
    assert {f.line_text for f in findings} == set(chrome)


def test_a_repeated_empty_table_row_is_layout(tmp_path):
    """An empty table row ("|  |  |") recurs on every page of a site; it is layout, not a line of text."""
    rng = random.Random(19)
    texts = ["\n".join(["|  |  |", MENU, *article(rng)]) for _ in range(4)]
    findings = lint([write_site(tmp_path / "site.jsonl", texts)], Settings(select=["NL150"]))
    assert {f.line_text for f in findings} == {MENU}


def test_a_repeated_line_another_rule_also_reports_is_reported_once(tmp_path):
    """NL150 defers to every NL1 code; NL115 deferred to NL150, so the two cancelled out and the line was
    reported by neither."""
    rng = random.Random(23)
    debris = "&nbsp; Notify me when there are more comments"
    texts = ["\n".join([MENU, *article(rng), debris]) for _ in range(4)]
    findings = lint([write_site(tmp_path / "site.jsonl", texts)], Settings(select=["NL115", "NL150"]))
    on_debris = [f.code for f in findings if f.line_text == debris]
    assert on_debris == ["NL115"] * 4


def test_the_seed_alone_triggers_no_corpus_rule():
    assert lint([ROOT / "seeds"], Settings(select=["NL15", "NL35"])) == []


def test_same_output_for_any_number_of_jobs(multisite, tmp_path):
    extra = tmp_path / "more"
    extra.mkdir()
    for i in range(4):  # several files, so that jobs really split the work
        (extra / f"copy{i}.txt").write_text(
            (multisite / "example.com.jsonl").read_text().splitlines()[i], encoding="utf-8"
        )
    settings = Settings(select=["NL150", "NL351", "NL352"], rules={"NL150": {"min-documents": 2}})
    one = lint([multisite, extra], settings, jobs=1)
    two = lint([multisite, extra], settings, jobs=2)
    assert one and one == two


def test_exact_and_near_duplicates_name_the_first_copy(tmp_path):
    rng = random.Random(5)
    body = article(rng, sentences=12)
    first = {"id": "a", "text": "\n".join(["Skip to main content", *body, "© 2019 Site A"])}
    exact = {"id": "b", "text": "\n".join(["skip to main   content", *body, "© 2019 site a"])}  # case/space only
    rescraped = {"id": "c", "text": "\n".join(["Home | World", "Menu", *body, "Share this article", "Subscribe"])}
    different = {"id": "d", "text": "\n".join(article(rng, sentences=12))}
    path = tmp_path / "docs.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in (first, exact, rescraped, different)) + "\n", encoding="utf-8")
    findings = lint([path], Settings(select=["NL351", "NL352"], preview=True))  # NL352 is a preview rule
    got = [(f.record, f.code, f.message.split(" (")[0].split(" of ")[0]) for f in findings]
    assert got == [(2, "NL351", "Exact duplicate"), (3, "NL352", "Near-duplicate")]
    similar = int(findings[1].message.split("(")[1].split("%")[0])
    assert 80 <= similar <= 100  # different chrome around the same body (compared on content lines: the same)
    assert all(f.message.endswith("docs.jsonl:record 1 (id a)") for f in findings)
    assert all(f.line == 0 for f in findings)


def test_corpus_rules_defer_to_phrase_rules_on_the_same_line(multisite):
    """One defect, one report: NL150 stays silent on lines an NL1xx/NL2xx rule reports."""
    from newslint import Hit, Rule
    from newslint.rules.corpus.repeated_lines import RepeatedBoilerplateLine

    class Newsletter(Rule):
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

        code = "NL199"
        name = "test-newsletter"

        def check(self, doc):
            for line in doc.lines:
                if line.text.startswith("Daily newsletter"):
                    yield Hit.on_line(doc, line.number, "newsletter")

    registry = load_registry(autoload=False)
    rules = {"NL150": RepeatedBoilerplateLine, "NL199": Newsletter}
    linter = make_linter(Settings(), select_rules(rules, Settings()), registry.readers, None, ROOT)
    walker = Walker(linter.table, [], ROOT)
    findings = [f for r in run(linter, lambda: walker.walk([str(multisite)])) for f in r.findings]
    on_footer = {f.code for f in findings if f.line_text == FOOTER}
    assert on_footer == {"NL199"}
    assert any(f.code == "NL150" and f.line_text == "Related stories" for f in findings)


def test_count_min_sketch_never_underestimates_and_is_fixed_size():
    sketch = CountMinSketch(width=1 << 10, depth=4)
    truth: dict[int, int] = {}
    rng = random.Random(1)
    for _ in range(20_000):
        key = hash64(str(rng.randrange(3000)))
        truth[key] = truth.get(key, 0) + 1
        sketch.add(key)
    assert all(sketch.estimate(k) >= v for k, v in truth.items())
    assert sketch.nbytes == 4 * 4 * (1 << 10)
    with pytest.raises(ValueError):
        CountMinSketch(width=1000)


def test_count_present_is_membership_by_estimate():
    sketch = CountMinSketch(width=1 << 8, depth=4)
    rng = random.Random(2)
    added = [hash64(str(i)) for i in range(100)]
    sketch.add_all(added)
    probes = added[:40] + [hash64(f"other {rng.random()}") for _ in range(400)]
    assert sketch.count_present(probes) == sum(sketch.estimate(k) > 0 for k in probes)
    assert sketch.count_present(added) == len(added)  # never a false "absent"
    weights = list(range(len(probes)))
    assert sketch.count_present(probes, weights) == sum(w for k, w in zip(probes, weights) if sketch.estimate(k))


def test_a_template_heading_above_prose_needs_prose_evidence(tmp_path):
    """A site's article template ("What's the Big Idea?" over a paragraph) is the article's, until more documents."""
    rng = random.Random(19)
    heading = "What's the Big Idea?"

    def site(n: int) -> set:
        texts = ["\n".join([*article(rng, 2), heading, *article(rng, 2), MENU]) for _ in range(n)]
        return {f.line_text for f in lint([write_site(tmp_path / f"site{n}.jsonl", texts)], Settings(select=["NL150"]))}

    assert site(3) == {MENU}  # the menu line at the end is chrome from three documents
    assert site(6) == {MENU, heading}


@pytest.mark.parametrize("depth", [4, 3])
def test_a_sparse_sketch_counts_exactly_as_a_dense_one(depth):
    """The counters start in dicts and move into arrays past ``sparse_cells``: the same estimates all along."""
    rng = random.Random(3)
    dense = CountMinSketch(width=1 << 12, depth=depth, sparse_cells=-1)
    sparse = CountMinSketch(width=1 << 12, depth=depth, sparse_cells=400)
    assert not dense.sparse and sparse.sparse
    keys = [hash64(str(rng.randrange(5000))) for _ in range(3000)]
    probes = keys[:500] + [hash64(f"absent {i}") for i in range(500)]
    was_sparse = []
    for start in range(0, len(keys), 50):  # documents of 50 lines, then one of 1,500 at once
        batch = keys[start : start + 50] if start < 1500 else keys[1500:]
        dense.add_all(batch)
        sparse.add_all(batch)
        was_sparse.append(sparse.sparse)
        assert [sparse.estimate(k) for k in probes] == [dense.estimate(k) for k in probes]
        assert sparse.count_present(probes) == dense.count_present(probes)
        if start >= 1500:
            break
    assert was_sparse[0] and not was_sparse[-1]  # both states were compared
    sparse.add(keys[0])
    dense.add(keys[0])
    assert sparse.estimate(keys[0]) == dense.estimate(keys[0])
