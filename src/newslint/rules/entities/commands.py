"""``newslint kb``: build and inspect the entity knowledge base of the NL5xx rules.

::

    newslint kb build --from-csv DIR -o kb.json.gz
    newslint kb build --from-wikidata latest-all.json.bz2 -o officeholders.csv
    newslint kb build --from-wikidata latest-all.json.bz2 -o mykb.json.gz
    newslint kb info [--knowledge-base FILE ...] [--knowledge-base-mode replace]

``--from-csv`` reads ``officeholders.csv``, ``demonyms.csv`` and
``role_aliases.csv`` (the schema in :mod:`newslint.rules.entities.store`) and
writes the compact artefact the rules load; this is how the bundled
``newslint/rules/entities/data/kb.json.gz`` is made. ``--from-wikidata`` streams a Wikidata JSON
dump (see :mod:`newslint.rules.entities.wikidata`) into an office-holders table
(``.csv``/``.jsonl``) or into a complete artefact (``.json.gz``, with the
bundled demonyms and role titles). Either output can be named in
``knowledge-base = [...]``; use ``knowledge-base-mode = "replace"`` to drop the
bundled office holders (for example to use a CC0-only base).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from .kb import OFFICES, OPEN_END
from .store import (
    BUNDLED_NAME,
    OFFICEHOLDER_COLUMNS,
    Tables,
    bundled_bytes,
    load_knowledge_base,
    read_artefact,
    tables_from_csv_dir,
    write_artefact,
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newslint kb", description="Build and inspect the NL5xx knowledge base.")
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="build a knowledge base from CSV tables or a Wikidata dump")
    source = build.add_mutually_exclusive_group(required=True)
    source.add_argument("--from-csv", metavar="DIR", type=Path, help="folder with the three CSV tables")
    source.add_argument("--from-wikidata", metavar="DUMP", type=Path, help="Wikidata JSON dump (.json, .gz, .bz2)")
    build.add_argument(
        "-o",
        "--output",
        required=True,
        type=Path,
        help="output: .json.gz (artefact), or .csv/.jsonl (office holders, --from-wikidata only)",
    )
    build.add_argument("--data-until", metavar="YYYY-MM", help="when the data was taken (default: latest date seen)")
    info = commands.add_parser("info", help="counts, sources and licence of the knowledge base in use")
    info.add_argument("--knowledge-base", metavar="FILE", action="append", default=[], help="extra or replacement file")
    info.add_argument("--knowledge-base-mode", choices=("extend", "replace"), default="extend")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``newslint kb``; returns the exit code."""
    parser = _parser()
    try:
        args = parser.parse_args(list(argv) if argv is not None else None)
    except SystemExit as exc:  # argparse exits 2 on bad usage, 0 on --help
        return int(exc.code or 0)
    try:
        if args.command == "build":
            return _build(args)
        return _info(args)
    except (OSError, ValueError, KeyError) as exc:
        print(f"newslint kb: error: {exc}", file=sys.stderr)
        return 2


# -- build -------------------------------------------------------------------
def _attribution(directory: Path) -> str:
    """The "Provenance and licence" section of the data folder's README, if there is one."""
    readme = directory / "README.md"
    if not readme.exists():
        return ""
    text = readme.read_text(encoding="utf-8")
    match = re.search(r"^## Provenance and licence\s*\n(.*?)(?=^## |\Z)", text, re.MULTILINE | re.DOTALL)
    return match.group(1).strip() if match else ""


def _data_until(tables: Tables, given: str | None) -> str:
    if given:
        return given
    days = [t.hi for t in tables.terms if t.hi != OPEN_END] + [t.lo for t in tables.terms]
    return date.fromordinal(max(days)).isoformat()[:7] if days else ""


def _build(args: argparse.Namespace) -> int:
    output: Path = args.output
    if args.from_csv is not None:
        if not output.name.endswith(".json.gz"):
            raise ValueError("--from-csv writes an artefact: name the output *.json.gz")
        tables = tables_from_csv_dir(args.from_csv)
        tables.meta = {
            "built_from": args.from_csv.name,
            "data_until": _data_until(tables, args.data_until),
            "attribution": _attribution(args.from_csv),
        }
        size = write_artefact(tables, output)
        print(f"wrote {output} ({size:,} bytes): {len(tables.persons):,} people, {len(tables.terms):,} rows")
        return 0
    return _build_from_wikidata(args.from_wikidata, output, args.data_until)


def _build_from_wikidata(dump: Path, output: Path, data_until: str | None) -> int:
    from .wikidata import officeholder_rows

    if not dump.exists():
        raise OSError(f"{dump}: no such file")
    # The role titles and place names come from the bundled base.
    bundled = read_artefact(bundled_bytes())
    kb = Tables(countries=bundled.countries, role_aliases=bundled.role_aliases).knowledge_base()
    rows = officeholder_rows(dump, kb)
    name = output.name
    output.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    if name.endswith(".csv"):
        with open(output, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(OFFICEHOLDER_COLUMNS)
            for row in rows:
                writer.writerow([row.person, "|".join(row.aliases), *row[2:]])
                count += 1
    elif name.endswith(".jsonl"):
        with open(output, "w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(
                    json.dumps(
                        dict(zip(OFFICEHOLDER_COLUMNS, (row.person, list(row.aliases), *row[2:]))), ensure_ascii=False
                    )
                    + "\n"
                )
                count += 1
    elif name.endswith(".json.gz"):
        tables = Tables(countries=bundled.countries, role_aliases=bundled.role_aliases)
        count = tables.add_rows(rows)
        tables.meta = {
            "built_from": f"Wikidata dump {dump.name}",
            "data_until": _data_until(tables, data_until),
            "attribution": "Office holders: Wikidata (CC0). Demonyms and country names: mledoze/countries "
            "(ODbL 1.0). Role aliases: newslint.",
        }
        write_artefact(tables, output)
    else:
        raise ValueError("name the output *.csv, *.jsonl or *.json.gz")
    print(f"wrote {output}: {count:,} office-holding rows from {dump}")
    return 0


# -- info --------------------------------------------------------------------
def _info(args: argparse.Namespace) -> int:
    paths = tuple(str(Path(p).resolve()) for p in args.knowledge_base)
    replaced = bool(paths) and args.knowledge_base_mode == "replace"
    started = time.perf_counter()
    kb = load_knowledge_base(paths, args.knowledge_base_mode)
    elapsed = time.perf_counter() - started
    offices = Counter(t.office for t in kb.terms)
    print(
        f"bundled artefact: newslint/rules/entities/data/{BUNDLED_NAME} ({len(bundled_bytes()):,} bytes)"
        + (", office holders replaced" if replaced else "")
    )
    for path in paths:
        print(f"{args.knowledge_base_mode}: {path}")
    print(
        f"people: {len(kb.persons):,}  office-holding rows: {len(kb.terms):,}  "
        f"countries with rows: {len(kb.countries_with_terms):,}"
    )
    print("rows by office: " + ", ".join(f"{o} {offices.get(o, 0):,}" for o in OFFICES))
    print(f"place names: {len(kb.places):,} ({len(kb.country_name):,} countries)  role titles: {len(kb.aliases):,}")
    print(f"data until: {kb.meta.get('data_until') or date.fromordinal(max(kb.data_until, 1)).isoformat()}")
    print(f"load time: {elapsed:.2f} s")
    attribution = read_artefact(bundled_bytes()).meta.get("attribution", "")
    if attribution:
        print(
            "provenance and licence of the bundled data"
            + (" (demonyms and role titles still used)" if replaced else "")
            + ":"
        )
        for line in attribution.splitlines():
            print(f"  {line}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
