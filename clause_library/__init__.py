"""The bundled clause library (YAML data; this file only makes it findable as a package)."""
