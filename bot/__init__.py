"""The runtime: everything that touches the outside world."""
