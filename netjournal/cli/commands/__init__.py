"""One module per command group; each defines ORDER and register(subparsers)."""
