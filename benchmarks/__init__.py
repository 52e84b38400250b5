"""On-demand measurements of ITO Review's accuracy and speed (not part of the test suite)."""
