"""Queries a page runs on every request whose compiling costs more than running them: their SQL
compiled once per process and executed with this request's values."""

from functools import cache as once_per_process

from django.db import connection


def compiled(queryset) -> tuple[str, tuple]:
    """The queryset's SQL and parameters (its callers keep them per process, keyed by all the
    query depends on)."""
    sql, params = queryset.query.get_compiler(connection=connection).as_sql()
    return sql, tuple(params)


def rows_of(build, *ids) -> list:
    """The model instances of ``build(*ids)`` (a queryset of one model, no ``select_related``;
    ``ids`` are integers compared as they are, such as a user's id), its SQL compiled once per
    process for every ``ids``."""
    model, sql, slots = _compiled_with_slots(build, len(ids))
    return list(model.objects.raw(sql, [ids[slot] if isinstance(slot, _Slot) else slot for slot in slots]))


class _Slot(int):
    """Where the query takes the nth value."""


# Stand-ins no real id equals: compiled with them, their places in the parameters are the slots.
_STAND_IN = -7_340_000_000


@once_per_process
def _compiled_with_slots(build, count: int) -> tuple:
    stand_ins = [_STAND_IN - n for n in range(count)]
    queryset = build(*stand_ins)
    sql, params = compiled(queryset)
    slots = [_Slot(stand_ins.index(p)) if p in stand_ins else p for p in params]
    missing = set(range(count)) - {slot for slot in slots if isinstance(slot, _Slot)}
    if missing:
        raise ValueError(f"{build.__qualname__}: values {sorted(missing)} do not reach the SQL as they are")
    return queryset.model, sql, slots
