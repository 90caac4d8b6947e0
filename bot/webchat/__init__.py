"""The website chat's HTTP side: its page, the script that embeds it, ids and limits.

The channel itself (replies out, messages in) is `bot.channels.web`.
"""
