"""Which contact a typed name means: the same person, a near one, several, or nobody yet.

``--with Teresa`` used to create a second person called "Teresa" beside
"Teresa Chinn", and the journal then counted two relationships where there
was one. :func:`match_name` reads a name the way a person means it, and says
how sure the answer is, so the edge can link, ask or create:

* **same**: the name is exactly a contact's, after folding case, accents,
  spacing, titles and post-nominals (``dr zoë  adams`` is ``Zoë Adams``);
* **near**: no exact name, but exactly one contact whose name the typed
  words pick out: a first name, a surname, word prefixes (``ter chi``), the
  words in another order, or one typo (``Teresa Chimn``, ``Tresa``);
* **ambiguous**: two or more contacts fit equally well (refuse and list them);
* **new**: nothing is close, so a new contact is the right thing.

Stdlib only (:mod:`difflib` is imported on first fuzzy comparison, so
``netjournal log`` without ``--with`` never pays for it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from netjournal.domain.names import name_tokens

#: Whole names this similar (difflib ratio of their word-sorted forms) are one
#: typo apart; the same threshold as the duplicate finder's
#: (:data:`netjournal.domain.contacts.NAME_SIMILARITY_THRESHOLD`), so a name
#: that ``contact dupes`` would flag is never silently made a new contact.
NEAR_NAME_RATIO = 0.9
#: Names shorter than this (letters and spaces) are never compared fuzzily.
MIN_FUZZY_LENGTH = 5
#: A single typed word must be this long to be read as a misspelling of a
#: name word: "Tresa" is Teresa, but "Mark" is not "Mary".
MIN_TYPO_WORD = 5


class MatchKind(Enum):
    """How a typed name relates to the contacts."""

    SAME = "same"
    NEAR = "near"
    AMBIGUOUS = "ambiguous"
    NEW = "new"


@dataclass(frozen=True, slots=True)
class KnownName:
    """A contact as far as matching a name needs: its id and its name."""

    id: str
    name: str


@dataclass(frozen=True, slots=True)
class NameMatch:
    """The answer for one typed name; ``candidates`` are best first.

    ``same`` and ``near`` carry exactly one candidate, ``ambiguous`` two or
    more, ``new`` none.
    """

    query: str
    kind: MatchKind
    candidates: tuple[KnownName, ...] = ()

    @property
    def person(self) -> KnownName | None:
        """The contact meant, when the answer is certain enough to link."""
        if self.kind in (MatchKind.SAME, MatchKind.NEAR):
            return self.candidates[0]
        return None


def match_name(query: str, people: Iterable[KnownName]) -> NameMatch:
    """Which of ``people`` the typed ``query`` names (see the module's docstring)."""
    wanted = name_tokens(query)
    if not wanted:
        return NameMatch(query, MatchKind.NEW)
    pool = [(person, name_tokens(person.name)) for person in people]

    exact = [p for p, words in pool if words == wanted]
    if exact:
        return _answer(query, exact, MatchKind.SAME)

    by_words = [p for p, words in pool if _words_pick_out(wanted, words, typos=0)]
    if by_words:
        return _answer(query, by_words, MatchKind.NEAR)

    near = [p for p, words in pool if _near_spelling(wanted, words)]
    return _answer(query, near, MatchKind.NEAR)


def _answer(query: str, found: list[KnownName], kind: MatchKind) -> NameMatch:
    unique = tuple(dict.fromkeys(found))
    if not unique:
        return NameMatch(query, MatchKind.NEW)
    if len(unique) == 1:
        return NameMatch(query, kind, unique)
    ordered = tuple(sorted(unique, key=lambda p: (" ".join(name_tokens(p.name)), p.id)))
    return NameMatch(query, MatchKind.AMBIGUOUS, ordered)


def _words_pick_out(wanted: list[str], words: list[str], *, typos: int) -> bool:
    """Every typed word starts (or, ``typos`` times, misspells) a distinct name word, in order."""
    if len(wanted) > len(words):
        return False
    position = 0
    left = typos
    for typed in wanted:
        while position < len(words):
            word = words[position]
            position += 1
            if word.startswith(typed):
                break
            if left and len(typed) >= MIN_TYPO_WORD and _one_edit_apart(typed, word):
                left -= 1
                break
        else:
            return False
    return True


def _near_spelling(wanted: list[str], words: list[str]) -> bool:
    """One typo in one word, or the whole name a typo (or a reordering) away."""
    if _words_pick_out(wanted, words, typos=1):
        return True
    typed, known = " ".join(sorted(wanted)), " ".join(sorted(words))
    if typed == known:
        return True
    shorter, longer = sorted((len(typed), len(known)))
    # difflib's own cheapest bound, without building a matcher for every contact.
    if shorter < MIN_FUZZY_LENGTH or 2 * shorter < NEAR_NAME_RATIO * (shorter + longer):
        return False
    from difflib import SequenceMatcher

    matcher = SequenceMatcher(None, typed, known)
    return (
        matcher.real_quick_ratio() >= NEAR_NAME_RATIO
        and matcher.quick_ratio() >= NEAR_NAME_RATIO
        and matcher.ratio() >= NEAR_NAME_RATIO
    )


def _one_edit_apart(a: str, b: str) -> bool:
    """``a`` and ``b`` differ by one inserted, deleted, replaced or swapped letter."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and a[diffs[0]] == b[diffs[1]]
            and a[diffs[1]] == b[diffs[0]]
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long[i]:
        i += 1
    return short[i:] == long[i + 1 :]


def describe_candidates(match: NameMatch, limit: int = 5) -> str:
    """``Teresa Chinn (a1b2c3d4), Teresa Lee (e5f6a7b8)`` for an error message."""
    shown = ", ".join(f"{p.name} ({p.id[:8]})" for p in match.candidates[:limit])
    more = len(match.candidates) - limit
    return f"{shown} and {more} more" if more > 0 else shown
