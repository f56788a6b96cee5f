"""newslint as datatrove pipeline steps (extra ``newslint[datatrove]``).

``NewslintTagger`` lints every document flowing through a pipeline and stores
its findings in ``doc.metadata["newslint"]``: a list of dicts in the json-lines
shape (:meth:`newslint.model.Finding.to_dict`). ``NewslintFilter`` drops the
documents with a finding at or above a severity, counts each dropping code
in its own stat (``dropped_newslint_NL201``) and stores the reason
(``newslint: NL201 error-page-document``) in ``metadata["filter_reason"]``,
where its ``exclusion_writer`` keeps it.
``NewslintCleaner`` is the cleaning mode (``newslint clean`` in a pipeline): it
deletes the lines and spans the safe fixes delete from ``doc.text``, drops the
documents a safe fix drops, and counts what it removed per code.

Only per-document rules run here: a pipeline step sees one document at a time
on one of many machines, so the corpus-wide rules (``NL150``, ``NL351``,
``NL352``), which need a pass over the whole corpus first, are left out. Run
them with the ``newslint`` command (``-j`` or ``--scheduler``).

The linter is built from newslint's settings (a ``newslint.toml`` or
``pyproject.toml``, ``NEWSLINT_*`` variables, and keyword overrides) lazily in
each worker, so the step itself pickles small.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping, Optional, Union

from datatrove.data import Document as DatatroveDocument
from datatrove.data import DocumentsPipeline
from datatrove.pipeline.base import PipelineStep
from datatrove.pipeline.filters.base_filter import BaseFilter
from datatrove.pipeline.writers.disk_base import DiskWriter

from ..clean.apply import apply_fixes
from ..engine import Linter
from ..model import Document, Finding, Severity
from ..readers.fields import map_metadata

METADATA_KEY = "newslint"


class _LinterSource:
    """Builds the newslint engine from settings once per process, never pickled."""

    def __init__(
        self, config: Optional[Union[str, Path]], settings: Optional[Mapping[str, Any]], isolated: bool
    ) -> None:
        self.config = None if config is None else str(config)
        self.settings = dict(settings or {})
        self.isolated = isolated
        self._linter: Optional[Linter] = None

    def linter(self) -> Linter:
        if self._linter is None:
            from ..app import from_settings  # the one wiring of a run, as the CLI builds it

            application = from_settings(
                self.settings, config_file=self.config, search_from=Path.cwd(), isolated=self.isolated
            )
            if application.errors:
                raise RuntimeError("newslint plugins failed to load: " + "; ".join(application.errors))
            self._linter = application.linter
        return self._linter

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_linter": None}

    def lint(self, doc: DatatroveDocument) -> list[Finding]:
        """Findings of the per-document rules for one datatrove document."""
        linter = self.linter()
        text = doc.text.replace("\r\n", "\n").replace("\r", "\n")
        record = {"id": doc.id, **(doc.metadata or {})}
        fields = map_metadata(record, linter.input_options, used={METADATA_KEY})
        path = str(doc.metadata.get("file_path") or "<datatrove>")
        return linter.lint_document(Document(text=text, path=path, **fields))


class NewslintTagger(PipelineStep):
    """Lints each document and stores its findings in ``doc.metadata["newslint"]``.

    Args:
        config: a ``newslint.toml``/``pyproject.toml`` to use (default: searched from the working directory).
        settings: setting overrides with the configuration keys (``{"select": ["NL2"], "ignore": ["NL402"]}``).
        isolated: ignore configuration files.
    """

    name = "newslint tagger"
    type = "🔎 - LINTER"

    def __init__(
        self,
        config: Optional[Union[str, Path]] = None,
        settings: Optional[Mapping[str, Any]] = None,
        isolated: bool = False,
    ) -> None:
        super().__init__()
        self.source = _LinterSource(config, settings, isolated)

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        for doc in data or ():
            with self.track_time():
                findings = self.source.lint(doc)
            doc.metadata[METADATA_KEY] = [f.to_dict() for f in findings]
            self.stat_update("documents")
            if findings:
                self.stat_update("with_findings")
                self.stat_update("findings", value=len(findings))
                for finding in findings:
                    self.stat_update(finding.code)
            yield doc


class NewslintFilter(BaseFilter):
    """Drops documents with a newslint finding at or above ``severity``.

    Uses the findings a :class:`NewslintTagger` earlier in the pipeline stored,
    else lints the document itself (and stores them). The reason of a drop
    names the codes: ``newslint: NL201 error-page-document``.

    Args:
        severity: the lowest severity that drops a document (``info``, ``warning``, ``error``).
        exclusion_writer: a datatrove writer that keeps the dropped documents, with the reason.
        config, settings, isolated: as for :class:`NewslintTagger`.
    """

    name = "newslint filter"

    def __init__(
        self,
        severity: Union[str, Severity] = Severity.ERROR,
        exclusion_writer: Optional[DiskWriter] = None,
        config: Optional[Union[str, Path]] = None,
        settings: Optional[Mapping[str, Any]] = None,
        isolated: bool = False,
    ) -> None:
        super().__init__(exclusion_writer)
        self.threshold = Severity(severity).rank
        self.source = _LinterSource(config, settings, isolated)

    def filter(self, doc: DatatroveDocument) -> Union[bool, tuple[bool, str]]:
        findings = doc.metadata.get(METADATA_KEY)
        if findings is None:
            findings = [f.to_dict() for f in self.source.lint(doc)]
            doc.metadata[METADATA_KEY] = findings
        failing = sorted({(f["code"], f["rule"]) for f in findings if Severity(f["severity"]).rank >= self.threshold})
        if not failing:
            return True
        # One counter per code (dropped_newslint_NL201), not one per combination of codes,
        # so the stats sum up across documents; the reason names them all.
        for code, _ in failing:
            self.stat_update(f"dropped_newslint_{code}")
        doc.metadata["filter_reason"] = "newslint: " + ", ".join(f"{code} {rule}" for code, rule in failing)
        return False  # no reason for BaseFilter: it would count "dropped_<all codes joined>"


class NewslintCleaner(BaseFilter):
    """Cleans ``doc.text`` by newslint's fixes and drops the documents a fix drops.

    Safe fixes only, unless ``unsafe_fixes``. Stats: one counter per code
    (pieces removed), ``<code>_bytes`` (UTF-8 bytes removed), ``cleaned``
    (documents changed); dropped documents go to the ``exclusion_writer`` with
    the reason ``newslint: NL201 ...``, as for :class:`NewslintFilter`.

    Args:
        unsafe_fixes: also apply unsafe fixes (low-confidence rules, near duplicates).
        exclusion_writer: a datatrove writer that keeps the dropped documents, with the reason.
        config, settings, isolated: as for :class:`NewslintTagger`.
    """

    name = "newslint cleaner"

    def __init__(
        self,
        unsafe_fixes: bool = False,
        exclusion_writer: Optional[DiskWriter] = None,
        config: Optional[Union[str, Path]] = None,
        settings: Optional[Mapping[str, Any]] = None,
        isolated: bool = False,
    ) -> None:
        super().__init__(exclusion_writer)
        self.unsafe_fixes = unsafe_fixes
        self.source = _LinterSource(config, settings, isolated)

    def filter(self, doc: DatatroveDocument) -> Union[bool, tuple[bool, str]]:
        findings = self.source.lint(doc)
        cleaned = apply_fixes(doc.text, findings, unsafe=self.unsafe_fixes)
        for piece in cleaned.removed:
            self.stat_update(piece.code)
            self.stat_update(f"{piece.code}_bytes", value=piece.bytes)
        if cleaned.text is None:
            rules = {f.code: f.rule for f in findings}
            codes = dict.fromkeys(p.code for p in cleaned.removed if p.kind == "drop-document")
            doc.metadata["filter_reason"] = "newslint: " + ", ".join(
                f"{code} {rules.get(code, 'empty-document')}" for code in codes
            )
            return False  # no reason for BaseFilter: it would count "dropped_<all codes joined>"
        if cleaned.changed:
            self.stat_update("cleaned")
            doc.text = cleaned.text
        return True
