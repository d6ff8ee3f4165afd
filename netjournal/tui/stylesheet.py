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
so an edited file is parsed anew too). Given a
:class:`~netjournal.tui.css_cache.ParsedCssCache`, it also keeps each
source's parsed rules between starts, so most starts parse no CSS at all.
See "First frame" in docs/architecture-tui.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.css.stylesheet import Stylesheet

if TYPE_CHECKING:
    from textual.css.model import RuleSet
    from textual.css.types import CSSLocation

    from netjournal.tui.css_cache import ParsedCssCache


class OneParseStylesheet(Stylesheet):
    """A :class:`Stylesheet` that does not re-parse unchanged CSS with unchanged variables."""

    def __init__(
        self,
        *,
        variables: dict[str, str] | None = None,
        parsed: ParsedCssCache | None = None,
    ) -> None:
        super().__init__(variables=variables)
        self.parsed = parsed

    def _parse_rules(
        self,
        css: str,
        read_from: CSSLocation,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> list[RuleSet]:
        """The base class's parse (and its in-memory cache), first asking the kept parses."""
        parsed = self.parsed
        if parsed is None:
            return super()._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)
        in_memory = (css, read_from, is_default_rules, tie_breaker, scope)
        rules = self._parse_cache.get(in_memory)
        if rules is not None:
            return rules
        source = (read_from, is_default_rules, tie_breaker, scope)
        rules = parsed.get(self._variables, css, source)
        if rules is not None:
            self._parse_cache[in_memory] = rules
            return rules
        rules = super()._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)
        if not any(rule.errors for rule in rules):
            parsed.put(self._variables, css, source, rules)
        return rules

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
