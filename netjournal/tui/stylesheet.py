"""Textual's stylesheet, parsed once per start instead of three times.

Textual 8 parses ``app.tcss`` (and every widget's ``DEFAULT_CSS`` already
seen) three times while the first screen opens: when the screen is
registered, again when the first mode's screen asks for a CSS refresh
(``App.refresh_css`` sets the theme's variables, which empties the parse
cache, and ``Stylesheet.reparse`` parses everything in a throw-away copy), and
a third time as soon as the screen's widgets add their own ``DEFAULT_CSS``
(the cache is still empty). ``app.tcss`` alone is 20–40 ms a parse here.

:class:`OneParseStylesheet` keeps the parse cache while the variables do not
change, and re-parses through that cache; a new theme still re-parses
everything with the new variables (the parse cache is keyed by the CSS text,
so an edited file is parsed anew too). See "First frame" in
docs/architecture-tui.md.
"""

from __future__ import annotations

from textual.css.stylesheet import Stylesheet


class OneParseStylesheet(Stylesheet):
    """A :class:`Stylesheet` that does not re-parse unchanged CSS with unchanged variables."""

    def set_variables(self, variables: dict[str, str]) -> None:
        # Textual calls this on every CSS refresh; the base class empties its
        # parse caches each time, even when the theme did not change.
        if variables == self._variables:
            return
        super().set_variables(variables)

    def reparse(self) -> None:
        """Parse the sources again, reusing the parse of any CSS text already parsed.

        Like the base class, a CSS error raises and leaves the rules in use
        untouched (``parse`` replaces them only when every source parsed).
        """
        self.parse()
