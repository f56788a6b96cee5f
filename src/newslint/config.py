"""Typed, strict settings and where they come from.

Sources, highest first: command line, environment (``NEWSLINT_*``), then the
first configuration file found from the linted path upwards: ``newslint.toml``
(keys at the top level) or ``pyproject.toml`` (under ``[tool.newslint]``).
A key set in a higher source replaces the lower one's value, except the
``extend-*`` lists (``extend-select``, ``extend-ignore``, ``extend-exclude``),
which add up across all three, as ruff's do.
Every key is validated by :class:`Settings` (``extra="forbid"``); an unknown
key is a :class:`ConfigError` with a "did you mean" (exit 2). An unknown
``NEWSLINT_*`` environment variable is only warned about (once): the
environment is a namespace shared with other tools and scripts.

Trust (the README's *Security*): a configuration file is *trusted* when it was
given with ``--config`` or is the one that governs the working directory (found
from it upwards). A file found only from a linted path belongs to the corpus,
which may come from a stranger: it may select rules and tune them, but not load
code, write files or contact servers (:data:`UNTRUSTED_KEYS`): that is a
:class:`ConfigError` naming the setting, the file and how to trust it. In every
file, the paths it names (:data:`CONFINED_KEYS`) must stay inside its folder.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, Literal, Mapping, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .model import Severity

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

ENV_PREFIX = "NEWSLINT_"
# Environment variables that are not settings.
ENV_NOT_SETTINGS = {"NEWSLINT_DISABLE_PLUGIN_AUTOLOAD", "NEWSLINT_UPDATE_SNAPSHOTS"}
# removed.jsonl: the removal log `newslint clean` writes into its output folder, not a part of the corpus.
DEFAULT_EXCLUDE = (
    ".git",
    ".hg",
    ".svn",
    ".venv",
    "venv",
    "node_modules",
    "__pycache__",
    ".tox",
    ".nox",
    "removed.jsonl",
)


class ConfigError(Exception):
    """A configuration problem the user must fix (exit code 2)."""


def _kebab(name: str) -> str:
    return name.replace("_", "-")


class Settings(BaseModel):
    """Every setting newslint understands (see the README's *Configuration*)."""

    model_config = ConfigDict(extra="forbid", alias_generator=_kebab, populate_by_name=True, frozen=True)

    # Rule selection: code prefixes ("NL2", "NL201", "ALL").
    select: Optional[list[str]] = None
    extend_select: list[str] = Field(default_factory=list)
    ignore: list[str] = Field(default_factory=list)
    # Added to `ignore` (and to the extend-ignore of lower sources), as in ruff.
    extend_ignore: list[str] = Field(default_factory=list)
    # Glob (relative to the config file's folder) -> code prefixes ignored there.
    per_file_ignores: dict[str, list[str]] = Field(default_factory=dict)
    # Document host (from the URL metadata; "*.example.com" matches subdomains) -> prefixes.
    per_host_ignores: dict[str, list[str]] = Field(default_factory=dict)
    # Document id or URL (globs: "https://example.com/live/*") -> prefixes ignored in that document.
    per_document_ignores: dict[str, list[str]] = Field(default_factory=dict)
    # TOML files with a [per-document-ignores] table (as `--add-ignore FILE` writes),
    # relative to the configuration file's folder; added to per-document-ignores.
    ignore_files: list[str] = Field(default_factory=list)
    # The record field listing codes to ignore in that record (JSON/Parquet records, sidecars).
    ignore_field: Optional[str] = "newslint_ignore"
    # Run preview rules too, and the preview behaviour of stable rules (not yet right 9 times in 10 on real pages).
    preview: bool = False
    # Code or prefix -> severity, longest prefix wins.
    severity: dict[str, Severity] = Field(default_factory=dict)
    # Rule code or name -> that rule's options table.
    rules: dict[str, dict[str, Any]] = Field(default_factory=dict)

    # Data files rule families read, by kind ("phrase-packs", "knowledge-base":
    # the kinds are the families' own), relative to the configuration file's
    # folder; they extend the family's bundled data unless the kind is listed
    # in replace-bundled-data.
    data_files: dict[str, list[str]] = Field(default_factory=dict)
    replace_bundled_data: list[str] = Field(default_factory=list)

    # Files.
    exclude: list[str] = Field(default_factory=lambda: list(DEFAULT_EXCLUDE))
    extend_exclude: list[str] = Field(default_factory=list)
    force_exclude: bool = False
    # Known findings to leave out of reports (see newslint.baseline); relative
    # to the configuration file's folder. `--baseline FILE` overrides it.
    baseline: Optional[str] = None

    # Input mapping and budgets.
    text_field: Optional[str] = None
    id_field: Optional[str] = None
    preset: str = "auto"
    # A news article is kilobytes; a record of 8 MiB is no document a text rule can judge (a site
    # dump, a binary blob), and the rules' working memory grows with the text (about 30x).
    max_record_bytes: int = Field(8 * 1024 * 1024, gt=0)
    max_file_bytes: int = Field(16 * 1024**3, gt=0)
    # Seconds a reader may spend on one document (reading, decoding, HTML extraction); 0 = no limit.
    read_timeout: float = Field(60.0, ge=0, le=86400, allow_inf_nan=False)
    # Findings kept for one file (the rest are counted in one NL912); 0 = no limit.
    max_findings_per_file: int = Field(100_000, ge=0)
    # At least 10 ms (a shorter alarm races the engine between two rules), at most a day; finite.
    rule_timeout: float = Field(
        10.0, ge=0.01, le=86400, allow_inf_nan=False, description="seconds one rule may spend on one document"
    )

    # Output and exit status.
    output_format: str = "concise"
    output_file: Optional[str] = None
    fail_on: Severity = Severity.INFO
    exit_zero: bool = False
    statistics: bool = False
    quiet: bool = False
    show_progress: Optional[bool] = None
    # Colour on a terminal: auto (a TTY, not NO_COLOR, not CI, or FORCE_COLOR), always, never.
    color: Literal["auto", "always", "never"] = "auto"

    # Execution and plugins.
    jobs: int = Field(0, ge=0, description="worker processes; 0 = all cores")
    # A Dask scheduler address (tcp://host:8786) or "local" (a LocalCluster on
    # this machine); None = newslint's own worker processes (`jobs`).
    scheduler: Optional[str] = None
    disable_plugins: list[str] = Field(default_factory=list)
    rulepath: list[str] = Field(default_factory=list)
    # TOML files or folders of [[rule]] tables (newslint.declarative), relative
    # to the configuration file's folder.
    declarative_rules: list[str] = Field(default_factory=list)

    @field_validator("select", "extend_select", "ignore", "extend_ignore", mode="before")
    @classmethod
    def _split_codes(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("read_timeout")
    @classmethod
    def _no_tiny_budget(cls, value: float) -> float:
        if 0 < value < 0.01:
            raise ValueError("must be 0 (no limit) or at least 0.01 seconds")
        return value

    @field_validator("preset")
    @classmethod
    def _known_preset(cls, value: str) -> str:
        from .readers.fields import PRESETS  # the presets are data of the JSON readers

        if value != "auto" and value not in PRESETS:
            raise ValueError(
                f"unknown preset {value!r}{did_you_mean(value, PRESETS)}; known: auto, {', '.join(PRESETS)}"
            )
        return value

    def effective_jobs(self) -> int:
        return self.jobs or (os.cpu_count() or 1)

    @property
    def ignored(self) -> list[str]:
        """``ignore`` and ``extend-ignore`` together: the prefixes selection turns off."""
        return [*self.ignore, *self.extend_ignore]


SETTING_KEYS = sorted(field.alias or name for name, field in Settings.model_fields.items())

# Settings of 0.1 that moved into a generic table, kept working: old key ->
# (data kind, whether the value is a list of files or an extend/replace mode).
LEGACY_DATA_KEYS = {
    "extend-rule-packs": "phrase-packs",
    "knowledge-base": "knowledge-base",
}
LEGACY_MODE_KEYS = {"knowledge-base-mode": "knowledge-base"}


def migrate_legacy_keys(values: Mapping[str, Any]) -> dict[str, Any]:
    """Map the 0.1 data keys (``extend-rule-packs``, ``knowledge-base[-mode]``) onto ``data-files``."""
    out = dict(values)
    for key, kind in LEGACY_DATA_KEYS.items():
        for spelling in (key, key.replace("-", "_")):
            if spelling in out:
                files = out.pop(spelling)
                table = dict(out.get("data-files") or out.get("data_files") or {})
                out.pop("data_files", None)
                table[kind] = [*table.get(kind, []), *(files if isinstance(files, list) else [files])]
                out["data-files"] = table
    for key, kind in LEGACY_MODE_KEYS.items():
        for spelling in (key, key.replace("-", "_")):
            if spelling in out:
                mode = out.pop(spelling)
                if mode not in ("extend", "replace"):
                    raise ConfigError(f"{key}: must be 'extend' or 'replace', got {mode!r}")
                if mode == "replace":
                    out["replace-bundled-data"] = [*out.get("replace-bundled-data", []), kind]
    return out


# -- trust ----------------------------------------------------------------------
# Settings a configuration file found from a linted path (the corpus's own) may not set.
UNTRUSTED_KEYS = {
    "rulepath": "loads Python code",
    "output-file": "writes a file",
    "scheduler": "connects to a server",
}
# Settings naming files the run reads: they must stay inside the configuration file's folder.
CONFINED_KEYS = ("data-files", "declarative-rules", "baseline")


def is_trusted(path: Path, explicit: bool, cwd: Optional[Path] = None) -> bool:
    """Given with ``--config``, or the configuration governing the working directory."""
    if explicit:
        return True
    governing = find_config_file(cwd or Path.cwd())
    return governing is not None and _same_file(governing, path)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except (OSError, RuntimeError):
        return False


def check_trust(values: Mapping[str, Any], path: Path, trusted: bool) -> None:
    """Raise ConfigError for a setting this file may not set, or a path leaving its folder."""
    if not trusted:
        for key, what in UNTRUSTED_KEYS.items():
            if values.get(key) or values.get(key.replace("-", "_")):
                raise ConfigError(
                    f"{path}: {key!r} {what}, and this configuration file is not trusted: it was found from "
                    f"a linted path, not given with --config nor governing the working directory (a corpus's "
                    f"own configuration may not run code, write files or contact servers). If you trust it, "
                    f"run with --config {path}"
                )
    root = path.parent.resolve()
    for key in CONFINED_KEYS:
        value = values.get(key, values.get(key.replace("-", "_")))
        if value is None:
            continue
        if isinstance(value, Mapping):
            named = [item for items in value.values() for item in (items if isinstance(items, list) else [items])]
        else:
            named = value if isinstance(value, list) else [value]
        for item in named:
            if not isinstance(item, str):
                continue  # a type error, reported by validation
            if not _inside(root, item):
                raise ConfigError(
                    f"{path}: {key}: {item!r} is outside the configuration file's folder ({root}); "
                    "paths in a configuration file must stay inside its folder"
                )


def _inside(root: Path, item: str) -> bool:
    try:
        (root / item).resolve().relative_to(root)
    except (ValueError, OSError, RuntimeError):
        return False
    return True


# -- finding and reading files ------------------------------------------------
def find_config_file(start: Path) -> Optional[Path]:
    """The nearest ``newslint.toml`` or ``pyproject.toml`` with ``[tool.newslint]``, upwards from ``start``."""
    try:
        start = start.resolve()
    except (OSError, RuntimeError):  # a symlink loop (RuntimeError before Python 3.13)
        start = Path(os.path.abspath(start))
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        own = candidate / "newslint.toml"
        if own.is_file():
            return own
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file():
            try:
                data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
                continue
            if "newslint" in data.get("tool", {}):
                return pyproject
    return None


def read_config_file(path: Path) -> dict[str, Any]:
    """The settings table of a config file (raises ConfigError on broken TOML)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    except RecursionError:
        raise ConfigError(f"{path}: invalid TOML: nested too deeply") from None
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("newslint", {})
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.newslint] must be a table")
        return table
    return data


# Unknown NEWSLINT_* variables already warned about in this process (once each).
_WARNED_ENV: set[str] = set()


def warn_unknown_environment_variable(key: str, name: str) -> None:
    """One warning on standard error per unknown variable and process; never an error."""
    if key in _WARNED_ENV:
        return
    _WARNED_ENV.add(key)
    hint = did_you_mean(name, SETTING_KEYS)
    sys.stderr.write(f"newslint: warning: ignoring environment variable {key}: not a setting{hint}\n")


def environment_settings(environ: Mapping[str, str]) -> dict[str, Any]:
    """``NEWSLINT_SELECT=NL1,NL2`` and friends; lists are comma-separated.

    An unknown ``NEWSLINT_*`` variable is warned about once and ignored.
    """
    out: dict[str, Any] = {}
    for key, value in environ.items():
        if not key.startswith(ENV_PREFIX) or key in ENV_NOT_SETTINGS:
            continue
        name = key[len(ENV_PREFIX) :].lower().replace("_", "-")
        if name not in SETTING_KEYS and name not in LEGACY_DATA_KEYS and name not in LEGACY_MODE_KEYS:
            warn_unknown_environment_variable(key, name)
            continue
        field = Settings.model_fields.get(name.replace("-", "_"))
        annotation = str(field.annotation) if field is not None else "list"
        if name in LEGACY_MODE_KEYS:
            out[name] = value
        elif "dict" in annotation:
            raise ConfigError(f"environment variable {key}: {name!r} is a table; set it in a configuration file")
        elif "list" in annotation:
            out[name] = [part.strip() for part in value.split(",") if part.strip()]
        else:
            out[name] = value
    return out


def closest(word: str, candidates: Any, cutoff: float = 0.6) -> Optional[str]:
    """The candidate nearest to ``word`` by edit distance (case-insensitive), if near enough.

    Levenshtein distance counts a mistyped character as one edit, so
    ``NL1O1`` is nearest to ``NL101``, not to ``NL911`` (difflib's ratio, which
    counts matching blocks, ties them). Ties go to the candidate of the same
    length, then to the first in sorted order. rapidfuzz is imported only here,
    when a suggestion is needed: start-up never pays for it.
    """
    from rapidfuzz.distance import Levenshtein

    best: Optional[tuple[float, int, str]] = None
    lowered = word.lower()
    for candidate in sorted({str(c) for c in candidates}):
        score = Levenshtein.normalized_similarity(lowered, candidate.lower())
        key = (score, -abs(len(candidate) - len(word)), candidate)
        if score >= cutoff and (best is None or key[:2] > best[:2]):
            best = key
    return best[2] if best is not None else None


def did_you_mean(word: str, candidates: Any) -> str:
    """`` (did you mean 'X'?)`` for the nearest candidate, or an empty string."""
    close = closest(word, candidates)
    return f" (did you mean {close!r}?)" if close is not None else ""


# Settings whose values add up across file, environment and command line.
EXTEND_KEYS = ("extend-select", "extend-ignore", "extend-exclude")


def _extended(layers: tuple[Mapping[str, Any], ...]) -> dict[str, list[str]]:
    """The ``extend-*`` lists of every layer (file, environment, command line) joined in that order."""
    out: dict[str, list[str]] = {}
    for key in EXTEND_KEYS:
        spellings = (key, key.replace("-", "_"))
        values = [layer[s] for layer in layers for s in spellings if layer.get(s) is not None]
        if len(values) > 1:
            joined: list[str] = []
            for value in values:
                joined.extend([v.strip() for v in value.split(",") if v.strip()] if isinstance(value, str) else value)
            out[key] = joined
    return out


def _format_validation_error(exc: ValidationError, origin: str) -> str:
    lines = []
    for error in exc.errors():
        where = ".".join(str(part) for part in error["loc"])
        if error["type"] == "extra_forbidden":
            lines.append(f"{origin}: unknown setting {where!r}{did_you_mean(str(error['loc'][-1]), SETTING_KEYS)}")
        else:
            lines.append(f"{origin}: {where}: {error['msg']}")
    return "\n".join(lines)


def build_settings(
    cli: Mapping[str, Any],
    *,
    config_file: Optional[Path] = None,
    search_from: Optional[Path] = None,
    environ: Optional[Mapping[str, str]] = None,
    isolated: bool = False,
) -> tuple[Settings, Optional[Path]]:
    """Merge file < environment < command line and validate the result.

    Returns the settings and the config file used (``None`` when there is
    none). ``isolated`` ignores configuration files (not the environment).
    """
    environ = os.environ if environ is None else environ
    if isolated:
        path = None
    else:
        path = config_file if config_file is not None else find_config_file(search_from or Path.cwd())
    file_values: dict[str, Any] = {}
    if path is not None:
        file_values = migrate_legacy_keys(read_config_file(path))
        check_trust(file_values, path, is_trusted(path, explicit=config_file is not None))
        try:
            Settings.model_validate(file_values)
        except ValidationError as exc:
            raise ConfigError(_format_validation_error(exc, str(path))) from None
    env_values = migrate_legacy_keys(environment_settings(environ))
    cli_values = {k: v for k, v in cli.items() if v is not None}
    merged = {**file_values, **env_values, **cli_values}
    for key, joined in _extended((file_values, env_values, cli_values)).items():
        for spelling in (key, key.replace("-", "_")):
            merged.pop(spelling, None)
        merged[key] = joined
    if "data-files" in file_values and "data-files" in env_values:  # both add files: merge the tables
        merged["data-files"] = {
            kind: [*file_values["data-files"].get(kind, []), *env_values["data-files"].get(kind, [])]
            for kind in {*file_values["data-files"], *env_values["data-files"]}
        }
    try:
        settings = Settings.model_validate(merged)
    except ValidationError as exc:
        raise ConfigError(_format_validation_error(exc, "settings")) from None
    return settings, path
