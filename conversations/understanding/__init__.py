"""Understanding a message in words: a classifier trained on the corpus the project ships."""
