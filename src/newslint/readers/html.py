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

from ..diagnostics import NO_EXTRACTABLE_TEXT
from ..model import Document
from ._io import Item, normalise_newlines, sniff_format
from .base import ReadProblem, Source
from .fields import host_of
from .single import SingleDocumentReader


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
        return NO_EXTRACTABLE_TEXT.problem(f"Text extraction failed: {type(exc).__name__}: {exc}", record)
    text = _field(result, "text") if result is not None else None
    if text is None or not text.strip():
        return NO_EXTRACTABLE_TEXT.problem("No article text could be extracted from the HTML", record)
    fields: dict[str, Any] = {
        "url": _field(result, "url") or url,
        "title": _field(result, "title"),
        "date": _field(result, "date"),
        "language": _field(result, "language"),
    }
    fields.update({key: value for key, value in (metadata or {}).items() if value is not None})
    if fields.get("host") is None:  # from the final url, which a sidecar or WARC header may set
        fields["host"] = host_of(fields["url"]) or _field(result, "hostname")
    return Document(
        text=normalise_newlines(text), path=path, record=record, locate_element=ElementMap(data).locate, **fields
    )


# Elements whose text is never article text.
_SKIPPED_TAGS = {"head", "script", "style", "noscript", "template", "svg", "math"}


def _normalised(text: str) -> str:
    return " ".join(text.split())


def _element_path(tree: Any, element: Any, ids: dict[str, int]) -> str:
    """``html/body/div[2]/article/p[3]``, or from the nearest ancestor with an id unique in the page
    (``//div[@id="story"]/p[3]``: shorter, and stable when the page's header changes). Both are XPath."""
    full = tree.getpath(element)
    for anchor in (element, *element.iterancestors()):
        anchor_id = anchor.get("id") if isinstance(anchor.tag, str) else None
        if anchor_id and ids.get(anchor_id) == 1 and '"' not in anchor_id:
            rest = full[len(tree.getpath(anchor)) :]
            return f'//{anchor.tag}[@id="{anchor_id}"]{rest}'
    return full.lstrip("/")


class ElementMap:
    """Where a line of the extracted text came from in the page: an element path like ``html/body/article/p[3]``
    (from the nearest ancestor with a unique id when there is one: ``//div[@id="story"]/p[3]``).

    trafilatura's output lines are the texts of block elements (a paragraph, a
    heading, a list item, a table cell). A line is matched to the deepest element
    whose whole text is that line (whitespace normalised), else to the smallest
    element whose text contains it. The page is parsed (with lxml, as trafilatura
    does) only when a finding asks: documents without findings pay nothing.
    """

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._texts: Optional[list[tuple[str, str]]] = None  # (normalised text, path), document order
        self._exact: dict[str, str] = {}

    def _index(self) -> list[tuple[str, str]]:
        if self._texts is None:
            self._texts = []
            try:
                import lxml.html

                root = lxml.html.document_fromstring(self._data)
            except Exception:  # unparsable page: no element paths
                return self._texts
            tree = root.getroottree()
            ids: dict[str, int] = {}
            for element in root.iter():
                if isinstance(element.tag, str) and element.get("id"):
                    ids[element.get("id")] = ids.get(element.get("id"), 0) + 1
            for element in root.iter():
                if not isinstance(element.tag, str) or element.tag in _SKIPPED_TAGS:
                    continue
                if any(a.tag in _SKIPPED_TAGS for a in element.iterancestors()):
                    continue
                text = _normalised(element.text_content())
                if not text:
                    continue
                path = _element_path(tree, element, ids)
                self._texts.append((text, path))
                known = self._exact.get(text)
                # The deepest element with this text wins (a <p> inside a <div> holding only it),
                # the first one in the page otherwise.
                if known is None or path.startswith(known + "/"):
                    self._exact[text] = path
        return self._texts

    def locate(self, line: str) -> Optional[str]:
        """The path of the element ``line`` (a line of the extracted text) came from, or None."""
        wanted = _normalised(line)
        if not wanted:
            return None
        texts = self._index()
        if wanted in self._exact:
            return self._exact[wanted]
        # The smallest text containing the line; among equal ones, the deepest element.
        containing = [(len(text), -path.count("/"), path) for text, path in texts if wanted in text]
        return min(containing)[2] if containing else None


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
