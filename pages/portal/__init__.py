"""The portal: the pages of applicants and municipalities. The home page with their
applications and the open calls (home), starting an application (start), editing it one
section at a time (editing, attachments, with sections and common for the side navigation,
the checklist and the refusal of edits after submission), and submitting it, its receipt,
its follow-up and withdrawal (submission). Their forms are in forms, the routes in urls,
the templates in templates/portal/. Thin: reads come from the domain parts' selectors,
writes go through grants.services and workflow.services.fire."""
