"""Spotting the names of known contacts in free text, for the confidentiality scan.

A name has no shape a pattern could find, so :class:`NameSpotter` matches
text against the contact list instead: token by token, against an index from
each folded name token to the contacts that have it (not a regex alternation
of thousands of names), so scanning ten years of notes against a large
address book stays linear in the text.

A run of adjacent tokens is a name when every token belongs to one contact and
it holds two different parts of that name ("Priya Patel", "Patel, Priya",
"Lloyd-Webb"), a capitalised title and a part ("Dr Okafor"), a capitalised
initial and a part ("J. Smith"), or one capitalised part on its own
("Priya's"), with the exceptions in ``_NEVER_ALONE`` and ``_COMMON_WORDS``.
The rules are written out for users in ``docs/cpd.md`` section 6. Names of
people who are not contacts are *not* found. Stdlib only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from netjournal.domain.folded_text import FoldedText
from netjournal.domain.identifiers import FindingKind, Span

_TITLES = frozenset(
    {"dr", "prof", "professor", "mr", "mrs", "ms", "miss", "mx", "sister", "sr", "matron"}
)
#: Name particles: part of a name when next to it, never a name on their own.
_PARTICLES = frozenset(
    {"de", "da", "di", "del", "della", "der", "den", "van", "von", "le", "la", "du", "dos"}
    | {"das", "al", "el", "bin", "ibn", "ben", "o", "mac", "mc", "st"}
)
#: Words that are names and also dates: matched only next to another part of
#: the name or a title ("June Brown", "Ms May"), never alone ("in June").
_NEVER_ALONE = frozenset(
    {"january", "february", "march", "april", "may", "june", "july", "august", "september"}
    | {"october", "november", "december", "monday", "tuesday", "wednesday", "thursday"}
    | {"friday", "saturday", "sunday"}
)
#: Names that are also common words: alone, they count only when capitalised
#: inside a sentence ("ask Will"), not at its start ("Will you…").
_COMMON_WORDS = frozenset(
    {"will", "mark", "bill", "pat", "sue", "hope", "grace", "joy", "faith", "art", "dean"}
    | {"guy", "frank", "ray", "rob", "jack", "sky", "summer", "rich", "chase", "hunter"}
    | {"king", "long", "young", "white", "black", "green", "brown", "gray", "grey", "hall"}
    | {"wood", "hill", "moore", "rose", "lily", "ivy", "holly", "amber", "ruby", "dawn"}
    | {"faye", "penny", "gene", "bishop", "cook", "baker", "page", "read", "price", "best"}
)

_TOKEN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*'?")
_NAME_GAP = re.compile(r" *[-,.]? *")
_SENTENCE_END = frozenset(".!?:;\"'(")


def _key(token: str) -> str:
    """A name token as the index keys it: any case, no possessive, no apostrophes."""
    folded = token.casefold()
    if folded.endswith("'s") and len(folded) > 3:
        folded = folded[:-2]
    return folded.replace("'", "")


def _token_end(token: re.Match[str]) -> int:
    """Where the name in ``token`` ends: before a possessive ``'s`` or a closing ``'``."""
    word = token.group()
    if word.casefold().endswith("'s") and len(word) > 3:
        return token.end() - 2
    return token.end() - 1 if word.endswith("'") else token.end()


def initials(name: str) -> str:
    """``Jane O'Neill-Smith`` → ``J.O.``; titles such as ``Dr`` are skipped."""
    words = [w for w in name.split() if w.strip(".").casefold() not in _TITLES]
    letters = [_TOKEN.search(FoldedText.of(w).text) for w in words]
    return "".join(f"{m.group()[0].upper()}." for m in letters if m) or "a contact"


class NameSpotter:
    """Finds the names of known people in folded text; built once per export.

    Built from ``(name, label)`` pairs: a found name is replaced by
    ``[label]`` of the contact it names, or ``[a contact]`` when the words
    found could name several contacts with different labels.
    """

    def __init__(self, people: Iterable[tuple[str, str]]) -> None:
        self._labels: list[str] = []
        self._keys: list[frozenset[str]] = []
        by_key: dict[str, set[int]] = {}
        by_initial: dict[str, set[int]] = {}
        for name, label in people:
            keys = {
                _key(t) for t in _TOKEN.findall(FoldedText.of(name).text) if _key(t) not in _TITLES
            }
            keys.discard("")
            if not keys:
                continue
            number = len(self._labels)
            self._labels.append(label)
            self._keys.append(frozenset(keys))
            for key in keys:
                if len(key) >= 2:
                    by_key.setdefault(key, set()).add(number)
                by_initial.setdefault(key[0], set()).add(number)
        self._by_key = {k: frozenset(v) for k, v in by_key.items()}
        self._by_initial = {k: frozenset(v) for k, v in by_initial.items()}
        self._folded: dict[str, str] = {}  # notes reuse a small vocabulary: key each word once

    def _label(self, candidates: frozenset[int], keys: set[str]) -> str:
        """The label of the contact a run names; a neutral one when it could be several."""
        exact = [c for c in candidates if self._keys[c] == keys]
        labels = {self._labels[c] for c in (exact or candidates)}
        return f"[{labels.pop()}]" if len(labels) == 1 else "[a contact]"

    def spans(self, text: str) -> Iterator[Span]:
        """The names of contacts in ``text`` (folded), longest first at each place."""
        if not self._by_key:
            return
        tokens = list(_TOKEN.finditer(text))
        cache = self._folded
        keys: list[str] = []
        for token in tokens:
            word = token.group()
            key = cache.get(word)
            if key is None:
                key = cache[word] = _key(word)
            keys.append(key)
        by_key = self._by_key
        index = 0
        while index < len(tokens):
            key = keys[index]
            if key not in by_key and len(key) > 1 and key not in _TITLES:
                index += 1  # most words start no name: skip them cheaply
                continue
            found = self._run_at(text, tokens, keys, index)
            if found is None:
                index += 1
                continue
            index, span = found
            yield span

    def _contacts_of(self, token: re.Match[str], key: str) -> frozenset[int] | None:
        if len(key) == 1:  # an initial counts only in capitals: "J. Smith", not "a smith"
            return self._by_initial.get(key) if token.group().isupper() else None
        return self._by_key.get(key)

    def _run_at(
        self, text: str, tokens: list[re.Match[str]], keys: list[str], index: int
    ) -> tuple[int, Span] | None:
        """The longest name starting at token ``index``: (next token index, span), or None."""
        first = index
        titled = keys[index] in _TITLES and tokens[index].group()[0].isupper()
        if titled:
            index += 1
        candidates: frozenset[int] | None = None
        full: set[str] = set()
        capital_initials = 0
        best: tuple[int, Span] | None = None
        position = index
        while position < len(tokens):
            token, key = tokens[position], keys[position]
            if position > first and not _NAME_GAP.fullmatch(
                text, tokens[position - 1].end(), token.start()
            ):
                break
            owners = self._contacts_of(token, key)
            if owners is None:
                break
            joined = owners if candidates is None else candidates & owners
            if not joined:
                break
            candidates = joined
            if len(key) == 1:
                capital_initials += 1
            else:
                full.add(key)
            position += 1
            named = full - _PARTICLES
            if key in _PARTICLES or not named:
                continue
            if not (
                len(named) >= 2
                or titled
                or (capital_initials and token.group()[0].isupper())
                or self._alone_is_a_name(text, token, key, candidates)
            ):
                continue
            start = tokens[first].start()
            best = (
                position,
                Span(
                    FindingKind.CONTACT_NAME,
                    start,
                    _token_end(token),
                    self._label(candidates, full),
                ),
            )
        return best

    def _alone_is_a_name(
        self, text: str, token: re.Match[str], key: str, candidates: frozenset[int]
    ) -> bool:
        """Whether one name part, with no other part beside it, is taken for the name.

        It must be capitalised; a date word never is; a common word ("Will") is not
        at the start of a sentence, unless it is a contact's whole name ("Rose").
        """
        if not token.group()[0].isupper() or key in _NEVER_ALONE:
            return False
        if key in _COMMON_WORDS and all(self._keys[c] != {key} for c in candidates):
            before = text[: token.start()].rstrip()
            return bool(before) and before[-1] not in _SENTENCE_END
        return True
