"""Statements built with SQLAlchemy once, run on the driver's own connection.

On the tablet's check-in, SQLAlchemy's execution of a statement (parameter processing, events,
result wrapping) cost 30-50 µs on SQLite, against 3-5 µs for the statement itself in sqlite3.
A statement compiled once per dialect keeps SQLAlchemy's SQL and its conversion of each value
(dates, UTC times, JSON), and runs as one cursor call; sqlite3 and psycopg keep the statement
prepared for the next run. Results come back as the driver gives them: use it for plain
columns (numbers, text), not for columns whose type converts what it reads (dates, JSON).
"""

from typing import Any

import sqlalchemy as sa


class Prepared:
    """One statement for one dialect. `names` are the parameters given at each run; `fixed`
    ones are the same at every run, so they are converted once, here. For an INSERT with no
    values of its own (`columns`), both name the columns written."""

    def __init__(
        self,
        statement: sa.Executable,
        dialect: sa.Dialect,
        names: tuple[str, ...],
        *,
        columns: bool = False,
        fixed: dict[str, Any] | None = None,
    ) -> None:
        fixed = fixed or {}
        compiled = statement.compile(dialect=dialect, column_keys=[*names, *fixed] if columns else None)
        # Expanded once: the statement's IN lists are constants, so one rendering serves every run.
        state = compiled.construct_expanded_state(dict.fromkeys(names) | fixed)
        processors = {name: _processor(compiled, state, name, dialect) for name in state.parameters}
        self.sql = state.statement
        self.order = state.positiontup  # None when the driver takes named parameters
        self.constants = {
            name: value if processors[name] is None else processors[name](value)
            for name, value in state.parameters.items()
            if name not in names
        }
        self.processors = tuple((name, processors[name]) for name in names)
        if self.order is not None:  # each place: a value given at each run (and how to convert it), or a constant
            given = dict(self.processors)
            constant = self.constants.get
            self._places = [
                (name, given[name], None) if name in given else (None, None, constant(name)) for name in self.order
            ]

    def parameters(self, given: dict[str, Any]) -> dict[str, Any] | list[Any]:
        if self.order is not None:
            return [
                constant if name is None else given[name] if process is None else process(given[name])
                for name, process, constant in self._places
            ]
        values = dict(self.constants)
        for name, process in self.processors:
            value = given[name]
            values[name] = value if process is None else process(value)
        return values

    def slot(self, name: str) -> int:
        """Where the value of `name` goes in a positional `parameters` list, for a value known
        only while the statement's transaction runs: put in as it is, so it must need no conversion."""
        if dict(self.processors).get(name) is not None:
            raise ValueError(f"{name} is converted by its type: it can't be put in as it is")
        return self.order.index(name)

    def run(self, driver_connection, **given: Any) -> list[tuple]:
        return self.run_with(driver_connection, self.parameters(given))

    def run_with(self, driver_connection, parameters: dict[str, Any] | list[Any]) -> list[tuple]:
        """Run with values `parameters` already made for the driver."""
        cursor = driver_connection.cursor()
        try:
            cursor.execute(self.sql, parameters)
            return cursor.fetchall() if cursor.description else []
        finally:
            cursor.close()


def _processor(compiled, state, name: str, dialect: sa.Dialect):
    """How SQLAlchemy turns the value of one parameter into what the driver takes (None: as it is)."""
    if name in state.processors:  # a value of an IN list
        return state.processors[name]
    bind = compiled.binds.get(name)
    return None if bind is None else bind.type.dialect_impl(dialect).bind_processor(dialect)
