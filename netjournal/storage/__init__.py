"""The only package that imports TinyDB: crash-safe files, locking, backups."""
