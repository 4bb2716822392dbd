"""The inference core: no Qt here."""
