"""The condition language of rule files: one class per operator, found by its YAML key.

A rule's `when` (and `escalate_to_red_when`, and a tolerance's `holds`) is a mapping with one key, the
operator: `missing: lead_agency`, `all: [...]`. Each operator's class, in the module of this package
that suits it, documents its YAML form and holds everything about it (see `base.Condition`): its parse,
its durable-rules expression, its meaning for the reference evaluator, the fields it looks at and its
sentence. Any number N, value or list may instead name one of the rule's parameters. Nothing in a rule
file is ever run as Python.

Every module of this package is imported here, and defining an operator's class registers it, so adding
an operator is adding its class (and its tests and its line in the README's list of operators).
"""

from __future__ import annotations

import importlib
import pkgutil

from .base import Compilation, Condition, Leaf, operators
from .combinators import All, Any_, conjuncts
from .base import MAX_ONE_OF, ConditionParser

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")

__all__ = [
    "MAX_ONE_OF",
    "All",
    "Any_",
    "Compilation",
    "Condition",
    "ConditionParser",
    "Leaf",
    "conjuncts",
    "operators",
]
