"""Decision letters (beslissingsbrieven): the wording lives in templates/letters/, the layout
in ``pdf``, the facts in ``content``; ``services`` stores each letter once and bundles a
call's letters into a ZIP."""
