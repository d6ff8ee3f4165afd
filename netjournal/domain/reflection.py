"""The NMC reflective account as a text file: a template out, the answers back in.

Long text is written in the editor people already use (jrnl's habit), not
in a one-line option. The file is Markdown: four headings with the NMC
form's questions, the current answers under them, and the Code's four
themes as a checklist. What the editor saves is read back by heading, so
the answers can be as long as they need to be and may contain blank lines.

Lines inside ``<!-- … -->`` are guidance and are dropped when read back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from netjournal.domain.cpd import NMC_THEMES
from netjournal.errors import InputError

#: The NMC reflective account form's questions, in its order.
NATURE = "What was the nature of the CPD activity, feedback or experience?"
LEARNING = "What did you learn from it?"
CHANGE = "How did you change or improve your practice as a result?"
CODE = "How is this relevant to the Code? (tick one or more themes)"
HEADINGS = (NATURE, LEARNING, CHANGE, CODE)

_GUIDANCE = re.compile(r"<!--.*?-->", re.S)
_TICK = re.compile(r"^\s*[-*]\s*\[([ xX✓✔])\]\s*(.+?)\s*$")


@dataclass(frozen=True, slots=True)
class ReflectionText:
    """The answers of one reflective account, as the user wrote them."""

    nature: str
    learning: str
    practice_change: str
    themes: tuple[str, ...]  # NMC theme keys: prioritise, practise, preserve, promote


def reflection_template(about: str, current: ReflectionText) -> str:
    """The file the editor opens: guidance, the four questions, current answers, the themes."""
    ticks = "\n".join(
        f"- [{'x' if key in current.themes else ' '}] {label}" for key, label in NMC_THEMES.items()
    )
    return (
        f"<!-- Reflective account for: {about}\n"
        "     Write under each question; save and close the editor to keep it.\n"
        "     Do not include anything that could identify a patient, a service user\n"
        "     or a colleague. Saving the template unchanged, or an empty file, cancels. -->\n\n"
        f"## {NATURE}\n\n{current.nature}\n\n"
        f"## {LEARNING}\n\n{current.learning}\n\n"
        f"## {CHANGE}\n\n{current.practice_change}\n\n"
        f"## {CODE}\n\n{ticks}\n"
    )


def parse_reflection(text: str) -> ReflectionText:
    """The answers under each of the four headings of :func:`reflection_template`.

    A heading that is missing or renamed is refused (the answers could not
    be placed); a ticked line names a Code theme by its label.
    """
    body = _GUIDANCE.sub("", text)
    sections: dict[str, list[str]] = {}
    current: str | None = None
    for line in body.splitlines():
        if line.startswith("## "):
            heading = line[3:].strip()
            if heading not in HEADINGS:
                raise InputError(
                    f"unknown heading {heading!r} in the reflective account",
                    field="reflection",
                    hint="keep the four headings of the template",
                )
            current = heading
            sections[current] = []
        elif current is not None:
            sections[current].append(line)
    missing = [h for h in HEADINGS if h not in sections]
    if missing:
        raise InputError(
            f"the reflective account lost its heading {missing[0]!r}",
            field="reflection",
            hint="keep the four headings of the template",
        )
    labels = {label.lower(): key for key, label in NMC_THEMES.items()}
    themes = []
    for line in sections[CODE]:
        match = _TICK.match(line)
        if match and match.group(1) != " ":
            key = labels.get(match.group(2).strip().lower())
            if key is None:
                raise InputError(f"unknown Code theme {match.group(2)!r}", field="reflection")
            themes.append(key)
    return ReflectionText(
        nature=_paragraphs(sections[NATURE]),
        learning=_paragraphs(sections[LEARNING]),
        practice_change=_paragraphs(sections[CHANGE]),
        themes=tuple(themes),
    )


def _paragraphs(lines: list[str]) -> str:
    """The lines as written, without the blank lines around them."""
    return "\n".join(lines).strip()
