"""Pure domain logic: stdlib only, no TinyDB, no Textual."""
