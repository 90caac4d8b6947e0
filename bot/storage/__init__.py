"""Durable storage on SQLite: a writer thread, aiosqlite readers, migrations, backups."""
