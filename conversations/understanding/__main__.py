"""Train the intent classifier now and cache it: `python -m conversations.understanding`."""

from conversations.understanding.trained import cache_folder, model

print(f"{len(model().index)} features, cached in {cache_folder()}")
