#!/bin/sh
# The image's entry command. One image, three roles:
#   web     migrate, load the reference data (idempotent), then serve with gunicorn
#   worker  the Celery worker;  beat  the Celery scheduler
#   check   migrate and load the reference data, then let gunicorn import the application and exit
#           (what `web` does, minus serving: used by the tests on a machine without Docker)
# Anything else is run as given, e.g. `docker compose run web python manage.py createsuperuser`.
set -eu
cd "$(dirname "$0")/.."

prepare() {
    python manage.py migrate --noinput
    python manage.py load_reference_data
}

case "${1:-web}" in
    web)
        prepare
        exec gunicorn --config docker/gunicorn.conf.py config.wsgi:application ;;
    check)
        prepare
        exec gunicorn --config docker/gunicorn.conf.py --check-config config.wsgi:application ;;
    worker)
        exec celery -A config worker --loglevel=INFO --concurrency="${CELERY_CONCURRENCY:-2}" ;;
    beat)
        exec celery -A config beat --loglevel=INFO --pidfile="${VAR_DIR:-/tmp}/celerybeat.pid" ;;
    *)
        exec "$@" ;;
esac
