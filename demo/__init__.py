"""The demo: ``make demo``'s data (applications in several states, brought there through the
real workflow) and its command ``load_demo_data``. Development only: it needs time-machine,
a development dependency, so it is outside the product's packages (pyproject.toml) and
installed as an app only when debugging (config/settings.py) and present."""
