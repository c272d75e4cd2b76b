"""The pages, one package per audience: ``portal`` for applicants and municipalities,
``department`` for the department's workspace (and, to come, ``committee``). They read
through the domain parts' selectors and write through their services; nothing below
imports them. See docs/architecture.md."""
