"""A submitted version as a PDF the applicant keeps: its facts (content.py), its wording
(templates/versions/versie.xml), laid out by the decision letters' layout (pdf.py). The
version never changes, so its PDF is made on request and not stored."""
