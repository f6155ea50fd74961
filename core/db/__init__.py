"""Database machinery: the one place for compiled statements, ORM internals,
session setup, the content version and the embedded server."""

from django.db import InterfaceError, OperationalError

#: Errors meaning "the database cannot be reached" rather than "this request is wrong".
DATABASE_DOWN = (OperationalError, InterfaceError)
