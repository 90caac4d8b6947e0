"""The babel catalogues, installed with the bot as `bot.locales` (see pyproject.toml)."""
