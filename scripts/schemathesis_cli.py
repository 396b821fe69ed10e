"""Schemathesis's command line, with Hypothesis's lambda descriptions made safe on CPython 3.11.

Hypothesis describes each strategy's lambdas by parsing their source (only for its reprs); on CPython 3.11.7
`ast.parse` of some of them fails with "AST constructor recursion depth mismatch", which stops a whole run
although every generated case passed. A description that cannot be parsed reads `lambda: <unknown>` here, as
Hypothesis itself writes for source it cannot find. `scripts/contract_check.py` runs Schemathesis through this.
"""

from __future__ import annotations

import sys
from typing import Any

from hypothesis.internal import lambda_sources
from schemathesis.cli import schemathesis

_describe = lambda_sources._lambda_description


def _safe_description(f: Any, *args: Any, **kwargs: Any) -> str:
    """Hypothesis's description of a lambda, or the unknown one when CPython's parser fails on its source."""
    try:
        return _describe(f, *args, **kwargs)
    except (SystemError, RecursionError):
        return "lambda: <unknown>"


lambda_sources._lambda_description = _safe_description

if __name__ == "__main__":
    sys.exit(schemathesis())
