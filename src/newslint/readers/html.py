"""``.html`` and ``.htm``: one page per file, article text extracted with trafilatura.

trafilatura is imported lazily, inside :func:`extract_document`, so runs over
text corpora never pay its (large) import cost. It gets the raw bytes and
decodes them itself, honouring the page's declared charset. Comments are
dropped, tables kept. A sidecar ``NAME.json`` gives metadata (its ``url`` is
also passed to the extractor); sidecar values win over extracted ones.

:func:`extract_document` is shared with the WARC reader.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
from typing import Any, Iterator, Optional, Union

from ..model import Document
from .base import ReadProblem, Source
from ._io import Item, normalise_newlines, sniff_format
from .fields import host_of
from .single import SingleDocumentReader
from ..diagnostics import NO_EXTRACTABLE_TEXT


@functools.lru_cache(maxsize=1)
def _extractor() -> tuple[Any, dict[str, Any]]:
    """``trafilatura.bare_extraction`` and the keyword arguments it accepts.

    trafilatura 1.x always extracted metadata and has no ``with_metadata``;
    2.x needs it (and returns a Document object instead of a dict).
    """
    import trafilatura

    kwargs: dict[str, Any] = {"include_comments": False, "include_tables": True}
    if "with_metadata" in inspect.signature(trafilatura.bare_extraction).parameters:
        kwargs["with_metadata"] = True
    return trafilatura.bare_extraction, kwargs


def _field(result: Any, name: str) -> Optional[str]:
    value = result.get(name) if isinstance(result, dict) else getattr(result, name, None)
    return value if isinstance(value, str) and value else None


def extract_document(
    data: bytes,
    *,
    path: str,
    record: Optional[int],
    url: Optional[str] = None,
    metadata: Optional[dict[str, Any]] = None,
) -> Union[Document, ReadProblem]:
    """The article in the HTML ``data`` as a Document, or an ``NL908`` problem.

    ``metadata`` (Document keyword arguments, e.g. from a sidecar or WARC
    headers) overrides what trafilatura found; ``None`` values are ignored.
    """
    try:
        extract, kwargs = _extractor()
        result = extract(data, url=url, **kwargs)
    except Exception as exc:  # lxml/trafilatura bugs on odd pages must not end the run
        return NO_EXTRACTABLE_TEXT.problem( f"Text extraction failed: {type(exc).__name__}: {exc}", record)
    text = _field(result, "text") if result is not None else None
    if text is None or not text.strip():
        return NO_EXTRACTABLE_TEXT.problem( "No article text could be extracted from the HTML", record)
    fields: dict[str, Any] = {
        "url": _field(result, "url") or url,
        "title": _field(result, "title"),
        "date": _field(result, "date"),
        "language": _field(result, "language"),
    }
    fields.update({key: value for key, value in (metadata or {}).items() if value is not None})
    if fields.get("host") is None:  # from the final url, which a sidecar or WARC header may set
        fields["host"] = host_of(fields["url"]) or _field(result, "hostname")
    return Document(text=normalise_newlines(text), path=path, record=record, **fields)


class HtmlReader(SingleDocumentReader):
    name = "html"
    extensions = (".html", ".htm")

    def document(self, data: bytes, source: Source, metadata: dict[str, Any]) -> Iterator[Item]:
        yield extract_document(data, path=source.path, record=None, url=metadata.get("url"), metadata=metadata)

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        return sniff_format(head) == "html"

    @classmethod
    def prepare(cls) -> None:
        with contextlib.suppress(ImportError):  # reported per file by extract_document
            _extractor()
