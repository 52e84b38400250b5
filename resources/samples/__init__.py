"""The sample contract written for ITO Review (data)."""
