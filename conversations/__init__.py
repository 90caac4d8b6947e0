"""What the bot says and asks: pure, channel-agnostic dialogue."""
