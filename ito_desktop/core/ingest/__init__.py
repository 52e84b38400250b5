"""Readers that turn DOCX, PDF and TXT files into the Document model."""
