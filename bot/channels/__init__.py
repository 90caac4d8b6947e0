"""Channel adapters: platform input to `Incoming`, `Reply` to platform output."""
