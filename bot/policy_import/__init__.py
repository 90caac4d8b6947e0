"""Importing an association's own policy document as a draft policy file.

`python -m bot policy import DOCUMENT [-o OUT.toml]`: the document is read into
paragraphs (`paragraphs`, `word`, `pdf`), its sections and lists found (`sections`,
`lists`), its facts taken in its own words (`association`, `review`, `findings`), forms
copied from the closest preset (`forms`), and the draft written as TOML with a TODO for
what it does not state (`writing`, `drafting`).
"""

from bot.policy_import.drafting import Draft, NotImported, draft
from bot.policy_import.findings import Todo

__all__ = ["Draft", "NotImported", "Todo", "draft"]
