"""When a reminder is due. Pure functions of a call and a moment, no queries.

A deadline reminder is due from its moment (the call's reminder time, Brussels, the given
number of days before the deadline's day) for one day: a sweep that was down catches up,
but a draft started a week later does not get last week's reminder.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

CATCH_UP = timedelta(days=1)


def brussels() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def reminder_moment(call, offset_days: int, deadline: datetime | None = None) -> datetime:
    day = (deadline or call.deadline).astimezone(brussels()).date() - timedelta(days=offset_days)
    return datetime.combine(day, call.reminder_time, tzinfo=brussels())


def due_offset(call, at: datetime, deadline: datetime | None = None) -> int | None:
    """The deadline offset whose reminder is due at ``at``, or None. ``deadline`` is the call's,
    or the end of an extension granted to one application (its reminders move with it)."""
    if at >= (deadline or call.deadline):
        return None
    for offset in sorted(set(call.reminder_offsets_days or [])):
        moment = reminder_moment(call, offset, deadline)
        if moment <= at < moment + CATCH_UP:
            return offset
    return None


def clarification_moment(deadline: datetime, days_before: int, reminder_time: time) -> datetime:
    day = deadline.astimezone(brussels()).date() - timedelta(days=days_before)
    return datetime.combine(day, reminder_time, tzinfo=brussels())


def report_reminder_moment(due_on, days_before: int, reminder_time: time) -> datetime:
    """A yearly report's reminder: ``days_before`` the due day (negative: after it), at the
    call's reminder time in Brussels."""
    return datetime.combine(due_on - timedelta(days=days_before), reminder_time, tzinfo=brussels())


def due_report_offsets(call, due_on, at: datetime) -> list[int]:
    """The report reminders of one due date whose moment is now (within the catch-up day)."""
    return [days for days in sorted(set(call.report_reminder_days or []))
            if (moment := report_reminder_moment(due_on, days, call.reminder_time)) <= at < moment + CATCH_UP]
