"""The applicant's pages. Thin: reads come from grants.selectors, writes from grants.services."""
