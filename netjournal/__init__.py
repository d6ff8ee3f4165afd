"""netjournal: a local-first journal of online and offline professional networking."""

__version__ = "0.1.0"
