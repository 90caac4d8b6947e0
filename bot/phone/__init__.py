"""The association's phone line on Twilio Voice: a keypad menu to follow a request, leave
a message, or ask to be called back (`python -m bot run` with BOT_TWILIO_VOICE=1)."""
