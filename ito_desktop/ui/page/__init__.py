"""The original PDF page: rendered off the GUI thread, with the evidence boxes drawn on it."""
