"""The built-in readers, registered as a plugin like any third-party reader.

Importing this module is cheap: trafilatura, warcio and pyarrow are imported
only when a file of their format is read, so the WARC and Parquet readers are
listed (and report a clear ``NL901``) even without their extras.
"""

from __future__ import annotations

from ..hookimpl import hookimpl
from .html import HtmlReader
from .json_doc import JsonReader
from .jsonl import JsonlReader
from .parquet import ParquetReader
from .text import TextReader
from .warc import WarcReader

BUILTIN_READERS = (TextReader, JsonlReader, JsonReader, HtmlReader, WarcReader, ParquetReader)


@hookimpl
def newslint_readers():
    return list(BUILTIN_READERS)
