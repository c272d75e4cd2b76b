"""The department's workspace, mounted under /departement/ (``urls.py``): a call's list of
applications with its exports and the dashboard (``calls``), the dossier with the
department's own records (``dossier``), the workflow's steps (``steps``) and the
municipalities' VDAB agreements (``municipalities``). Staff of the department only
(``access``). The rules these pages apply live in grants and workflow; the templates are in
templates/department/."""
