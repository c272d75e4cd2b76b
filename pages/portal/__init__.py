"""The pages of applicants and their municipalities."""
