"""The local web server behind ``netjournal serve`` (the optional ``serve`` extra)."""
