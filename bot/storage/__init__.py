"""Durable storage on SQLite through aiosqlite."""
