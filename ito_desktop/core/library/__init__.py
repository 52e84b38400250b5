"""The clause library: schema, loading of the bundled and user layers, validation."""
