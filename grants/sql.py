"""A query's SQL and parameters, for the queries a page runs on every request whose compiling
costs more than running them: their callers compile once per process (``functools.cache``,
keyed by all the query depends on) and execute the SQL with a cursor."""

from django.db import connection


def compiled(queryset) -> tuple[str, tuple]:
    sql, params = queryset.query.get_compiler(connection=connection).as_sql()
    return sql, tuple(params)
