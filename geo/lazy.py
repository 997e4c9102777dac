"""Public names bound lazily (PEP 562), for thin package ``__init__`` modules."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_api(
    package: str, namespace: dict[str, Any], api: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """Return ``__getattr__`` and ``__dir__`` for a package whose names load on first use.

    Parameters
    ----------
    package : the package's name, for error messages.
    namespace : the package's ``globals()``; a name is cached there once loaded.
    api : public name -> the module that defines it.
    """

    def __getattr__(name: str) -> Any:
        module = api.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted([*namespace, *api])

    return __getattr__, __dir__
