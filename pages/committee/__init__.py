"""The monitoring pages: read by the central monitoring committee (Role.MONITORINGSCOMITE) and
by the department's staff. Read-only: the dashboard with its map and charts, the
parliamentary table with its PDF and XLSX, the aggregates. No dossier, no internal note, no
personal data, no action: everything here reads ``monitoring``."""
