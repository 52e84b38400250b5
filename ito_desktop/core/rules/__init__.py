"""Risk rules and parameter checks that run on matched clauses."""
