"""The review in progress: its controller, background jobs, worker bodies and staged GUI work."""
