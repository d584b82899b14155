"""Headrace from Python: start a run and wait for it, follow its logs, list and promote model versions, predict.

The whole REST API is under ``Headrace(...).api``: the client generated from the OpenAPI document
(``headrace_api``), to call with any operation of ``headrace_api.api``.
"""

from .client import FINISHED, Headrace, HeadraceError, RunFailed

__all__ = ["FINISHED", "Headrace", "HeadraceError", "RunFailed"]
