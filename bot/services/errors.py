"""Errors the services raise; each carries a catalog key the handlers show to the user."""

from __future__ import annotations


class ServiceError(Exception):
    """A request the domain refuses; `key` names the message in the catalogs."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values
