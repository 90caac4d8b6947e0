"""Channel adapters: platform input to `Incoming`, `Reply` to platform output."""


class Unreachable(Exception):
    """A platform cannot serve the bot at start (its token refused, no connection): `run`
    says so in one line instead of a traceback."""
