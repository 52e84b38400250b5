"""Core: reading contracts, the clause library, matching and risk rules. No Qt here."""
