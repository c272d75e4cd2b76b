"""The reminder sweep as a django-celery-beat schedule: data, so the department can change
or pause it in the admin. Every 15 minutes; claims make extra runs harmless."""

from django.db import migrations

TASK_NAME = "Herinneringen versturen (sweep)"


def create_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    schedule, _ = CrontabSchedule.objects.get_or_create(
        minute="*/15", hour="*", day_of_week="*", day_of_month="*", month_of_year="*",
        timezone="Europe/Brussels",
    )
    PeriodicTask.objects.get_or_create(
        name=TASK_NAME,
        defaults={"task": "notifications.sweep", "crontab": schedule, "enabled": True,
                  "description": "Verstuurt de herinneringen die nu verschuldigd zijn."},
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_notifications"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
