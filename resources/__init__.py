"""Bundled resources: icons, styles, the sample contract (data; findable as a package)."""
