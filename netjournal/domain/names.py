"""How two spellings of a person's name are compared: folded, without titles or post-nominals.

Shared by the contact rules (:mod:`netjournal.domain.contacts`: search,
duplicates) and the keep-in-touch facts (:mod:`netjournal.domain.keep_in_touch`:
the order of who is due). Stdlib only.
"""

from __future__ import annotations

import re
import unicodedata

#: Words dropped from the start of a name: forms of address and academic titles.
NAME_TITLES = frozenset(
    {
        "dr",
        "doctor",
        "prof",
        "professor",
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "sir",
        "dame",
        "rev",
        "revd",
        "reverend",
        "cllr",
        "lord",
        "lady",
        "sister",
        "nurse",
    }
)
#: Post-nominals dropped from the end of a name (``Jane Smith RN PhD``).
POST_NOMINALS = frozenset(
    {
        "rn",
        "rgn",
        "rmn",
        "rnld",
        "rm",
        "rhv",
        "phd",
        "dphil",
        "md",
        "mbbs",
        "frcp",
        "frcn",
        "frcgp",
        "mrcp",
        "mbe",
        "obe",
        "cbe",
        "dbe",
        "msc",
        "bsc",
        "mba",
        "ma",
        "ba",
        "bschons",
        "pgcert",
        "pgdip",
        "fhea",
        "sfhea",
        "hcpc",
        "nmc",
        "jr",
        "sr",
        "jnr",
        "snr",
    }
)
_NAME_PUNCT = re.compile(r"[.,'’`\"()]")
_NAME_SEP = re.compile(r"[\s\-_/]+")


def fold_text(text: str) -> str:
    """Lower-case, accents removed: ``Zoë`` and ``zoe`` compare equal."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def name_tokens(name: str) -> list[str]:
    """The words of a name that identify the person: no titles, post-nominals or punctuation.

    ``Dr. Zoë O'Brien-Smith RN`` → ``['zoe', 'obrien', 'smith']``. A title
    is only dropped while something else remains, so a contact called just
    "Sister" keeps a name.
    """
    words = [w for w in _NAME_SEP.split(_NAME_PUNCT.sub("", fold_text(name))) if w]
    while len(words) > 1 and words[0] in NAME_TITLES:
        words.pop(0)
    while len(words) > 1 and words[-1] in POST_NOMINALS:
        words.pop()
    return words


def name_key(name: str) -> str:
    """A comparable form of a name (tokens joined by one space)."""
    return " ".join(name_tokens(name))
