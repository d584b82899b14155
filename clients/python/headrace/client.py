"""The hand-written layer over the generated REST client: what users do most, in one call each."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import httpx

from headrace_api import AuthenticatedClient, Client
from headrace_api.api.models import model_transition, model_versions
from headrace_api.api.runs import run_cancel, run_get, run_list, run_logs, run_start
from headrace_api.models import (
    LogLine,
    ModelTransitionBody,
    ModelVersion,
    ModelVersionDetail,
    Run,
    RunDetail,
    RunListItem,
    RunStartBody,
    RunStartBodyParams,
)
from headrace_api.types import UNSET, Response

#: The states a run ends in.
FINISHED = frozenset({"succeeded", "failed", "cancelled"})

#: Log lines per request.
LOG_PAGE = 1000


class HeadraceError(Exception):
    """An answer other than 2xx: the API's error code, its sentence, and the input field it is about."""

    def __init__(self, status: int, code: str, message: str, field: str | None = None, error_id: str | None = None):
        super().__init__(f"{code} ({status}): {message}")
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.error_id = error_id

    @classmethod
    def from_response(cls, status: int, content: bytes) -> HeadraceError:
        try:
            error = httpx.Response(status, content=content).json()["error"]
            return cls(status, error["code"], error["message"], error.get("field"), error.get("errorId"))
        except (ValueError, KeyError, TypeError):
            text = content.decode("utf-8", "replace").strip()[:300]
            return cls(status, "HTTP_ERROR", text or f"the server answered {status} with no body")


class RunFailed(HeadraceError):
    """A run that ended failed or cancelled, when it was waited for with ``check=True``."""

    def __init__(self, run: RunDetail):
        failed = [s.step_id for s in run.steps if s.status == "failed"]
        where = f" at {', '.join(failed)}" if failed else ""
        reason = run.error if isinstance(run.error, str) else "no error recorded"
        super().__init__(200, "RUN_" + run.status.upper(), f"run {run.id} {run.status}{where}: {reason}")
        self.run = run


class Headrace:
    """A Headrace API server (and, for ``predict``, a predict server).

    ``url`` defaults to ``$HEADRACE_URL``, else http://127.0.0.1:3000; ``token`` to ``$HEADRACE_TOKEN`` (an API token,
    ``headrace tokens create``); ``serve_url`` to ``$HEADRACE_SERVE_URL``, else http://127.0.0.1:8080.
    """

    def __init__(
        self,
        url: str | None = None,
        token: str | None = None,
        *,
        serve_url: str | None = None,
        timeout: float = 30.0,
    ):
        self.url = (url or os.environ.get("HEADRACE_URL") or "http://127.0.0.1:3000").rstrip("/")
        self.token = token if token is not None else (os.environ.get("HEADRACE_TOKEN") or None)
        self.serve_url = (serve_url or os.environ.get("HEADRACE_SERVE_URL") or "http://127.0.0.1:8080").rstrip("/")
        self.timeout = timeout
        base = f"{self.url}/api/v1"
        #: The generated client of the whole REST API (pass it as ``client=`` to any ``headrace_api.api`` call).
        self.api: AuthenticatedClient | Client = (
            AuthenticatedClient(base_url=base, token=self.token, timeout=httpx.Timeout(timeout))
            if self.token
            else Client(base_url=base, timeout=httpx.Timeout(timeout))
        )

    # Runs

    def start_run(
        self,
        pipeline: str,
        params: Mapping[str, Any] | None = None,
        *,
        version: int | None = None,
        idempotency_key: str | None = None,
        wait: bool = False,
        timeout: float | None = None,
    ) -> Run | RunDetail:
        """Starts a run of a saved pipeline (its latest version unless ``version``); with ``wait``, returns it finished.

        The same ``idempotency_key`` twice starts one run and returns it both times.
        """
        body = RunStartBody(
            pipeline=pipeline,
            version=UNSET if version is None else version,
            params=UNSET if params is None else RunStartBodyParams.from_dict(dict(params)),
            idempotency_key=UNSET if idempotency_key is None else idempotency_key,
        )
        run = self._ok(run_start.sync_detailed(client=self.api, body=body))
        return self.wait(run.id, timeout=timeout) if wait else run

    def get_run(self, run_id: str) -> RunDetail:
        """A run with its steps (``run_id`` may be a prefix of 8 or more characters)."""
        return self._ok(run_get.sync_detailed(run_id, client=self.api))

    def runs(self, pipeline: str | None = None, *, status: str | None = None, limit: int = 50) -> list[RunListItem]:
        """The newest runs, filtered by pipeline and status."""
        page = run_list.sync_detailed(
            client=self.api,
            pipeline=UNSET if pipeline is None else pipeline,
            status=UNSET if status is None else status,  # type: ignore[arg-type]
            limit=limit,
        )
        return list(self._ok(page).items)

    def cancel(self, run_id: str) -> None:
        """Asks a running run to stop."""
        self._ok(run_cancel.sync_detailed(run_id, client=self.api))

    def wait(self, run_id: str, *, timeout: float | None = None, poll: float = 1.0, check: bool = True) -> RunDetail:
        """Waits until the run has finished and returns it; raises RunFailed if it did not succeed (unless ``check=False``)."""
        until = None if timeout is None else time.monotonic() + timeout
        while True:
            run = self.get_run(run_id)
            if run.status in FINISHED:
                if check and run.status != "succeeded":
                    raise RunFailed(run)
                return run
            if until is not None and time.monotonic() > until:
                raise TimeoutError(f"run {run_id} still {run.status} after {timeout} s")
            time.sleep(poll)

    def logs(self, run_id: str, *, step: str | None = None, follow: bool = False, poll: float = 1.0) -> Iterator[LogLine]:
        """The run's log lines in order (one step's with ``step``); with ``follow``, new ones as they are written,
        until the run has finished."""
        after: int | None = None
        ended = False
        while True:
            page = self._ok(
                run_logs.sync_detailed(
                    run_id,
                    client=self.api,
                    step=UNSET if step is None else step,
                    after=UNSET if after is None else after,
                    limit=LOG_PAGE,
                )
            )
            yield from page.lines
            if page.next_cursor is not None:
                after = page.next_cursor
            if len(page.lines) == LOG_PAGE:
                continue
            # A run's last lines are written before it is marked finished: one more read after that sees them all.
            if not follow or ended:
                return
            ended = page.run_status in FINISHED
            if not ended:
                time.sleep(poll)

    # The model registry

    def model_versions(self, name: str) -> list[ModelVersion]:
        """A model's versions, newest first."""
        return list(self._ok(model_versions.sync_detailed(name, client=self.api)))

    def promote(self, name: str, version: int, stage: str = "production", *, reason: str) -> ModelVersionDetail:
        """Moves a model version to ``stage`` (none, staging, production, archived), with the reason the audit keeps."""
        body = ModelTransitionBody(stage=stage, reason=reason)  # type: ignore[arg-type]
        return self._ok(model_transition.sync_detailed(name, version, client=self.api, body=body))

    # Serving

    def predict(self, endpoint: str, rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
        """Predictions of an endpoint for rows of ``feature: value`` (the predict server's plain route): the answer
        with ``predictions`` (one per row), the ``model`` that answered and the ``requestId``."""
        headers = {"authorization": f"Bearer {self.token}"} if self.token else {}
        response = httpx.post(
            f"{self.serve_url}/v1/endpoints/{endpoint}/predict",
            json={"rows": [dict(r) for r in rows]},
            headers=headers,
            timeout=self.timeout,
        )
        if not response.is_success:
            raise HeadraceError.from_response(response.status_code, response.content)
        return response.json()

    @staticmethod
    def _ok(response: Response[Any]) -> Any:
        """The parsed answer of a 2xx; a HeadraceError with the API's code, sentence and field otherwise."""
        if 200 <= response.status_code < 300 and response.parsed is not None:
            return response.parsed
        raise HeadraceError.from_response(int(response.status_code), response.content)
