"""Phrase packs: the declarative data of the pack-driven families, loaded and matched for all of them.

The built-in packs are the repository's top-level ``rules/`` folder, shipped
as the data package ``newslint.packs.builtin``; users extend them with
``extend-rule-packs``, plugins with the ``newslint_data_files`` hook (kind
:data:`DATA_KIND`).

Modules, in import order (none imports a later one):

* :mod:`.keys`: line keys, the normalised form of a line for exact-line lookup;
* :mod:`.model`: :class:`Pack`, one validated ``[[pack]]`` table, and the RE2
  forms of its phrases;
* :mod:`.dbcache`: the compiled Hyperscan database of a run's phrases, cached on disk;
* :mod:`.parsed`: the built-in packs' validated fields, cached on disk as JSON;
* :mod:`.index`: :class:`~.index.PatternIndex`, one pass per document over every regex
  phrase of a run (Hyperscan, or RE2 without it), proposing candidate lines;
* :mod:`.matcher`: :class:`Scanner`, which finds the lines a group of packs match;
* :mod:`.loader`: reading and validating pack files, :class:`PackSet` and
  :func:`load_packs`;
* :mod:`.lines`: line shapes (label, headline, prose) and message quoting for
  the families built on packs (NL1xx, NL2xx);
* :mod:`.declarative`: user rules defined by a ``[[rule]]`` table alone.
"""

from .loader import BUILTIN_PACKAGE, DATA_KIND, PackSet, load_packs, read_pack_file
from .matcher import PackMatch, Scanner
from .model import MATCH_MODES, ROLES, Pack

__all__ = [
    "BUILTIN_PACKAGE",
    "DATA_KIND",
    "MATCH_MODES",
    "ROLES",
    "Pack",
    "PackMatch",
    "PackSet",
    "Scanner",
    "load_packs",
    "read_pack_file",
]
