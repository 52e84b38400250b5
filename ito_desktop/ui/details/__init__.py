"""The details dock: why a finding has its status, its risks, guidance and the review controls."""
