"""EXM2xx: the metadata of a document disagrees with itself or is missing.

Both rules look only at the document's metadata (``doc.date``, ``doc.url``,
``doc.host``, ``doc.extra``), never at its text, and report the document as a
whole (a hit without offsets, shown at line 0).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterable, Mapping, Optional
from urllib.parse import urlsplit

from newslint import Document, Hit, Rule, RuleOptions, Severity

# ISO 8601 as corpora write it: a date, optionally a time (``T`` or a space)
# with seconds, fractions and a zone. The calendar is checked separately.
_ISO = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})"
    r"(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?"
)


def parse_iso(value: str) -> Optional[dt.date]:
    """The calendar date of an ISO 8601 date or date-time, or ``None`` if it is not one."""
    found = _ISO.fullmatch(value)
    if found is None:
        return None
    year, month, day, hour, minute, second, _ = found.groups()
    try:
        date = dt.date(int(year), int(month), int(day))
        if hour is not None:
            dt.time(int(hour), int(minute), min(int(second or 0), 59))  # a leap second is a valid time
    except ValueError:  # 2019-02-30, 25:00
        return None
    return date


class PublicationDateOptions(RuleOptions):
    required: bool = True
    formats: tuple[str, ...] = ()
    placeholders: tuple[str, ...] = ("1970-01-01", "1900-01-01", "0001-01-01")


class PublicationDate(Rule):
    """The publication date is missing, malformed or a placeholder.

    Why is this bad?
        A news corpus is split, deduplicated and weighted by date: a document
        without one falls out of every time-based selection, a date in a
        site's own format (``19/11/2019``: November or the 19th month?) is
        read differently by each tool, and ``1970-01-01`` is the Unix epoch a
        CMS or scraper writes when it has no date, not a publication date.

    Example:
        ```json
        {"url": "https://apnews.com/article/1", "date": "19/11/2019", "text": "..."}
        {"url": "https://apnews.com/article/2", "date": "1970-01-01T00:00:00Z", "text": "..."}
        ```

    Use instead:
        An ISO 8601 date or date-time, taken from the page's metadata
        (``article:published_time``, JSON-LD ``datePublished``):

        ```json
        {"url": "https://apnews.com/article/1", "date": "2019-11-19", "text": "..."}
        ```

    Options:
        ``required`` (default true): report documents without a date; set it
        to false for corpora whose sources have none. ``formats`` (default
        none): ``strptime`` formats accepted besides ISO 8601, for a source
        known to write e.g. ``%d.%m.%Y``. ``placeholders`` (default
        ``["1970-01-01", "1900-01-01", "0001-01-01"]``): calendar dates that
        stand for "no date".
    """

    code = "EXM201"
    name = "publication-date"
    default_severity = Severity.WARNING
    Options = PublicationDateOptions

    def __init__(self, options=None, context=None) -> None:
        super().__init__(options, context)
        placeholders = (parse_iso(p) for p in self.options.placeholders)
        self._placeholders = frozenset(p for p in placeholders if p is not None)

    def check(self, doc: Document) -> Iterable[Hit]:
        value = (doc.date or "").strip()
        if not value:
            if self.options.required:
                yield Hit("Publication date is missing")
            return
        date = parse_iso(value)
        if date is None:
            date = self._custom(value)
        if date is None:
            yield Hit(f"Publication date {value!r} is not an ISO 8601 date")
        elif date in self._placeholders:
            yield Hit(f"Publication date {value!r} is a placeholder, not a date")

    def _custom(self, value: str) -> Optional[dt.date]:
        for fmt in self.options.formats:
            try:
                return dt.datetime.strptime(value, fmt).date()
            except ValueError:
                continue
        return None


def normalise_host(value: str) -> Optional[str]:
    """``apnews.com`` from ``https://www.APNews.com/x``, ``www.apnews.com.`` or ``apnews.com``."""
    value = value.strip()
    if "://" in value:
        try:
            value = urlsplit(value).hostname or ""
        except ValueError:  # a garbled URL
            return None
    host = value.lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    return host or None


def belongs_to(host: str, owner: str) -> bool:
    """Whether ``host`` is ``owner`` or one of its subdomains."""
    return host == owner or host.endswith("." + owner)


class SourceHostMismatchOptions(RuleOptions):
    source_field: str = "source"
    aliases: Mapping[str, tuple[str, ...]] = {}


class SourceHostMismatch(Rule):
    """The URL's host is not the site the document is declared to come from.

    Why is this bad?
        Corpora are built per source ("every AP story", "the Guardian's
        archive") and each record says where it came from. When the URL
        points elsewhere, the crawler followed a redirect or the record was
        mixed up: the text is a consent or login page
        (``consent.google.com``), an aggregator's copy (``msn.com``) or
        another site's story, filed under the wrong source.

    Example:
        ```json
        {"source": "theguardian.com", "url": "https://consent.google.com/ml?continue=https://www.theguardian.com/...", "text": "..."}
        ```

    Use instead:
        Keep only records whose URL belongs to their source (subdomains such
        as ``www.`` or ``amp.`` do), or fix the source field:

        ```json
        {"source": "theguardian.com", "url": "https://www.theguardian.com/world/2019/nov/19/...", "text": "..."}
        ```

    Options:
        ``source-field`` (default ``"source"``): the record field that
        declares the source, a host (``apnews.com``), a URL or a name; when
        the record has no such field, the host newslint read from a host
        field (``source_domain``, ``domain``, ``host``) is the declared
        source. ``aliases`` (default none): a table from a declared source to
        the hosts that also belong to it, e.g. ``{"Associated Press" =
        ["apnews.com", "ap.org"]}``. A declared name that is not a host and
        has no alias is not judged.
    """

    code = "EXM202"
    name = "source-host-mismatch"
    default_severity = Severity.WARNING
    Options = SourceHostMismatchOptions

    def __init__(self, options=None, context=None) -> None:
        super().__init__(options, context)
        self._aliases = {
            key.strip().lower(): tuple(h for h in map(normalise_host, hosts) if h)
            for key, hosts in self.options.aliases.items()
        }

    def check(self, doc: Document) -> Iterable[Hit]:
        if not doc.url:
            return
        declared = doc.extra.get(self.options.source_field)
        if not isinstance(declared, str):
            declared = doc.host
        url_host = normalise_host(doc.url)
        if not declared or not declared.strip() or url_host is None:
            return
        owners = self._owners(declared)
        if owners and not any(belongs_to(url_host, owner) for owner in owners):
            yield Hit(f"URL host {url_host!r} does not belong to the declared source {declared.strip()!r}")

    def _owners(self, declared: str) -> tuple[str, ...]:
        """The hosts of a declared source: its aliases, and itself when it is host-shaped."""
        owners = self._aliases.get(declared.strip().lower(), ())
        host = normalise_host(declared)
        if host is not None and "." in host and " " not in host:
            owners = (*owners, host)
        return owners
