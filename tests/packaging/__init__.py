"""Tests of the packaged app: spec, icons, licences, About, and the frozen build itself."""
