"""The REST API over grants: calls, municipalities, applicants and applications.

Views are thin: visibility comes from ``grants.selectors`` (404 for what the user may not
see), exactly as on the web pages.
"""
