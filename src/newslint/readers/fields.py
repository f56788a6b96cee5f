"""Mapping a JSON-like record (a JSONL line, a Parquet row, a sidecar) to a Document.

Corpora disagree on field names, so a *preset* lists, for each Document
attribute, the candidate fields in the order they are tried. A dotted name
(``metadata.url``) looks inside a nested object, as datatrove and Dolma store
metadata. The first candidate holding a usable value wins.

Presets (``--preset``):

``auto`` (default)
    Tries the text fields in this fixed order, taking the first that holds a
    string: ``text``, ``maintext``, ``content``, ``article``, ``body``,
    ``articleBody``. A ``null`` field is skipped, so a news-please record with
    ``"text": null`` and a ``maintext`` still reads.
``text``
    ``text``: FineWeb, cc_news, datatrove, RealNews, Dolma, RedPajama.
``news-please``
    ``maintext``, with ``title``, ``date_publish``, ``url``, ``language``,
    ``source_domain``.
``content``, ``article``, ``body``
    Scrapers and datasets that name the text so (CNN/DailyMail uses ``article``).
``schema.org``
    ``articleBody``: schema.org NewsArticle JSON-LD and the AEB benchmark dumps.

Every preset maps the same metadata candidates (listed in ``_METADATA``),
preset-specific ones first. ``InputOptions.text_field``/``id_field`` replace the
text/id candidates. Fields not mapped go to ``Document.extra`` (top-level keys;
a nested ``metadata`` object is kept whole there).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any, Mapping, Optional, Union
from urllib.parse import urlsplit

from ..diagnostics import MALFORMED_RECORD, MISSING_TEXT_FIELD, OVERSIZED_INPUT
from ..model import Document
from ._io import json_kind, normalise_newlines
from .base import InputOptions, ReadProblem

# The metadata every preset understands, in the order tried.
_METADATA: dict[str, tuple[str, ...]] = {
    "doc_id": ("id", "doc_id", "docid", "_id", "uuid", "warc_record_id", "WARC-Record-ID", "metadata.id"),
    "url": ("url", "source_url", "link", "metadata.url", "WARC-Target-URI"),
    "title": ("title", "headline", "metadata.title"),
    "date": (
        "date",
        "date_publish",
        "published",
        "publish_date",
        "published_at",
        "datePublished",
        "pubdate",
        "metadata.date",
        "WARC-Date",
        "created",
    ),
    "language": ("language", "lang", "inLanguage", "metadata.language"),
    "host": ("host", "source_domain", "domain", "hostname", "metadata.host"),
}


@dataclass(frozen=True)
class Preset:
    """Candidate fields, in order, for the text and each metadata attribute."""

    name: str
    text: tuple[str, ...]
    doc_id: tuple[str, ...] = _METADATA["doc_id"]
    url: tuple[str, ...] = _METADATA["url"]
    title: tuple[str, ...] = _METADATA["title"]
    date: tuple[str, ...] = _METADATA["date"]
    language: tuple[str, ...] = _METADATA["language"]
    host: tuple[str, ...] = _METADATA["host"]


def _first(preferred: tuple[str, ...], common: tuple[str, ...]) -> tuple[str, ...]:
    return preferred + tuple(name for name in common if name not in preferred)


AUTO_TEXT_FIELDS = ("text", "maintext", "content", "article", "body", "articleBody")

PRESETS: dict[str, Preset] = {
    "auto": Preset("auto", AUTO_TEXT_FIELDS),
    "text": Preset("text", ("text",)),
    "news-please": Preset(
        "news-please",
        ("maintext",),
        date=_first(("date_publish",), _METADATA["date"]),
        host=_first(("source_domain",), _METADATA["host"]),
    ),
    "content": Preset("content", ("content",)),
    "article": Preset("article", ("article",)),
    "body": Preset("body", ("body",)),
    "schema.org": Preset(
        "schema.org",
        ("articleBody",),
        title=_first(("headline",), _METADATA["title"]),
        date=_first(("datePublished",), _METADATA["date"]),
    ),
}

_MISSING = object()


def get_preset(name: str) -> Preset:
    """The preset called ``name``; ``ValueError`` naming the known ones otherwise."""
    try:
        return PRESETS[name]
    except KeyError:
        raise ValueError(f"unknown preset {name!r}; known: {', '.join(PRESETS)}") from None


def lookup(obj: Mapping[str, Any], name: str) -> Any:
    """``obj[name]``, or for ``a.b`` ``obj["a"]["b"]``; ``_MISSING`` when absent.

    A literal key containing a dot wins over the nested reading.
    """
    value = obj.get(name, _MISSING)
    if value is not _MISSING or "." not in name:
        return value
    head, _, rest = name.partition(".")
    inner = obj.get(head)
    # dict, not typing.Mapping: this runs ~40 times a record and JSON gives dicts.
    return lookup(inner, rest) if isinstance(inner, dict) else _MISSING


def _as_str(value: Any) -> Optional[str]:
    """A metadata value as text: strings as-is, numbers and datetimes converted, else None."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, _dt.date):  # Parquet dates and timestamps (datetime is a date)
        return value.isoformat()
    return None


def host_of(url: Optional[str]) -> Optional[str]:
    """The lower-cased host of ``url`` (``None`` for a relative or garbled URL)."""
    if not url:
        return None
    try:
        return urlsplit(url.strip()).hostname or None
    except ValueError:  # e.g. an invalid IPv6 literal
        return None


def map_metadata(
    obj: Mapping[str, Any],
    options: InputOptions,
    *,
    used: Optional[set[str]] = None,
) -> dict[str, Any]:
    """Document keyword arguments other than text/path/record, from ``obj``.

    ``used`` holds top-level keys already consumed (the text field); the
    top-level keys consumed here are added to it and the rest goes to ``extra``.
    """
    preset = get_preset(options.preset)
    used = set() if used is None else used
    out: dict[str, Any] = {}
    for attr in ("doc_id", "url", "title", "date", "language", "host"):
        candidates: tuple[str, ...] = getattr(preset, attr)
        if attr == "doc_id" and options.id_field:
            candidates = (options.id_field,)
        out[attr] = None
        for name in candidates:
            raw = lookup(obj, name)
            if raw is _MISSING or raw is None:  # the common case: skip the conversion
                continue
            value = _as_str(raw)
            if value is not None:
                out[attr] = value
                if name in obj:
                    used.add(name)
                break
    if out["host"] is None:
        out["host"] = host_of(out["url"])
    out["extra"] = {key: value for key, value in obj.items() if key not in used}
    return out


def text_candidates(options: InputOptions) -> tuple[str, ...]:
    return (options.text_field,) if options.text_field else get_preset(options.preset).text


def find_text(obj: Mapping[str, Any], options: InputOptions) -> tuple[Optional[str], Optional[str]]:
    """``(field, text)`` of the first candidate holding a string, or ``(None, None)``."""
    for name in text_candidates(options):
        value = lookup(obj, name)
        if isinstance(value, str):
            return name, value
    return None, None


def record_to_document(
    obj: Mapping[str, Any],
    *,
    path: str,
    record: Optional[int],
    options: InputOptions,
) -> Union[Document, ReadProblem]:
    """Turn one parsed record into a Document, or an ``NL904``/``NL906`` problem.

    Raises ``ValueError`` only for an unknown ``options.preset`` (a
    configuration error the caller validates up front, not bad input).
    """
    if not isinstance(obj, Mapping):
        return MALFORMED_RECORD.problem(f"Record is {json_kind(obj)}, not a JSON object", record)
    name, text = find_text(obj, options)
    if name is None or text is None:
        return MISSING_TEXT_FIELD.problem(_missing_text_message(obj, options), record)
    # Characters never outnumber UTF-8 bytes, so this O(1) test is a lower bound.
    if len(text) > options.max_record_bytes:
        return OVERSIZED_INPUT.problem(
            f"Text is larger than max-record-bytes ({options.max_record_bytes} bytes); skipped",
            record,
        )
    used = {name} if name in obj else set()
    meta = map_metadata(obj, options, used=used)
    return Document(text=normalise_newlines(text), path=path, record=record, **meta)


def _missing_text_message(obj: Mapping[str, Any], options: InputOptions) -> str:
    tried = text_candidates(options)
    wrong = [f"{name} is {json_kind(lookup(obj, name))}" for name in tried if lookup(obj, name) is not _MISSING]
    fields = ", ".join(tried)
    if wrong:
        return f"No string text field (tried: {fields}; {'; '.join(wrong)})"
    return f"No text field (tried: {fields})"
