"""EXM101: the Associated Press trailer left under a syndicated story.

Newspapers that run AP copy end the story with AP's own links, set off by a
``___`` rule. The rule looks only at the last few lines, with ``str.startswith``
on a tuple (a C loop), so it costs next to nothing on documents without a
trailer: it runs on every document of the corpus.
"""

from __future__ import annotations

from typing import Iterable

from newslint import Document, Fix, Hit, Line, Rule, RuleOptions, Severity

# Apostrophes a scraper may leave in "AP's": all compared as "'".
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})


class WireTrailerOptions(RuleOptions):
    prefixes: tuple[str, ...] = ("Follow AP's ", "More AP ")
    tail_lines: int = 6
    separator: bool = True


def _is_separator(text: str) -> bool:
    """A line of three or more underscores and nothing else (AP's ``___``)."""
    stripped = text.strip()
    return len(stripped) >= 3 and stripped.strip("_") == ""


def _delete(doc: Document, line: Line, what: str) -> Fix:
    """A fix deleting ``line`` and its line break."""
    end = line.start + len(line.text)
    if end < len(doc.text):  # take the newline too, so no blank line is left behind
        end += 1
    return Fix(f"Delete the {what}", line.start, end)


class WireTrailer(Rule):
    """The Associated Press trailer left under a syndicated story.

    Why is this bad?
        Newspapers that run AP stories end them with AP's own links, set off
        by a ``___`` rule: "Follow AP's full coverage of Brexit at
        https://www.apnews.com/Brexit", "More AP NBA: https://apnews.com/NBA".
        The lines send the reader to another site; they are not the article.
        A corpus holds thousands of AP stories, and a model trained on it
        learns to end a news story with a link to apnews.com.

    Example:
        ```
        Lakers: Visit the Thunder on Friday.

        ___

        More AP NBA: https://apnews.com/NBA and https://twitter.com/AP_Sports
        ```

    Use instead:
        End the text with the story's last line:

        ```
        Lakers: Visit the Thunder on Friday.
        ```

    Options:
        ``prefixes`` (default ``["Follow AP's ", "More AP "]``): how a trailer
        line begins, case-sensitive (any apostrophe matches ``'``). Replace
        them to catch another publisher's trailer, e.g. ``["(Reporting by "]``
        for Reuters. ``tail-lines`` (default 6): how many lines at the end of
        the text are searched; a sentence beginning "More AP " in the middle
        of a story is left alone. ``separator`` (default true): also report
        the ``___`` line directly above the first trailer line (AP also uses
        ``___`` between the sections of a story, so a rule line alone is never
        reported).
    """

    code = "EXM101"
    name = "ap-trailer"
    default_severity = Severity.WARNING
    Options = WireTrailerOptions

    def __init__(self, options=None, context=None) -> None:
        super().__init__(options, context)
        # Built once per run, not once per document.
        self._prefixes = tuple(p.translate(_APOSTROPHES) for p in self.options.prefixes if p.strip())

    def check(self, doc: Document) -> Iterable[Hit]:
        if not self._prefixes or self.options.tail_lines <= 0:
            return
        tail = doc.lines[-self.options.tail_lines :]
        trailer = [line for line in tail if line.text.lstrip().translate(_APOSTROPHES).startswith(self._prefixes)]
        if not trailer:
            return
        if self.options.separator:
            above = self._line_above(doc, trailer[0])
            if above is not None and _is_separator(above.text):
                yield Hit.on_line(doc, above.number, "AP trailer separator '___'", fix=_delete(doc, above, "separator"))
        for line in trailer:
            text = line.text.strip()
            shown = text if len(text) <= 60 else text[:57] + "..."
            yield Hit.on_line(doc, line.number, f"AP trailer line: {shown!r}", fix=_delete(doc, line, "trailer line"))

    @staticmethod
    def _line_above(doc: Document, line: Line) -> Line | None:
        """The nearest non-blank line above ``line``."""
        for number in range(line.number - 1, 0, -1):
            candidate = doc.lines[number - 1]
            if candidate.text.strip():
                return candidate
        return None
