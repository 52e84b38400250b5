"""What every room of the UI may use: status colours, words and icons; the File menu."""
