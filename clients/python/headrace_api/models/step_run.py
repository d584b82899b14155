from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.step_run_status import StepRunStatus, check_step_run_status

T = TypeVar("T", bound="StepRun")


@_attrs_define
class StepRun:
    id: UUID
    run_id: UUID
    step_id: str
    attempt: int
    kind: str
    status: StepRunStatus
    outputs: Any
    summary: Any
    error: None | str
    started_at: datetime.datetime
    finished_at: datetime.datetime | None
    duration_ms: int | None

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        run_id = str(self.run_id)

        step_id = self.step_id

        attempt = self.attempt

        kind = self.kind

        status: str = self.status

        outputs = self.outputs

        summary = self.summary

        error: None | str
        error = self.error

        started_at = self.started_at.isoformat()

        finished_at: None | str
        if isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        duration_ms: int | None
        duration_ms = self.duration_ms

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "runId": run_id,
                "stepId": step_id,
                "attempt": attempt,
                "kind": kind,
                "status": status,
                "outputs": outputs,
                "summary": summary,
                "error": error,
                "startedAt": started_at,
                "finishedAt": finished_at,
                "durationMs": duration_ms,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        run_id = UUID(d.pop("runId"))

        step_id = d.pop("stepId")

        attempt = d.pop("attempt")

        kind = d.pop("kind")

        status = check_step_run_status(d.pop("status"))

        outputs = d.pop("outputs")

        summary = d.pop("summary")

        def _parse_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))

        started_at = datetime.datetime.fromisoformat(d.pop("startedAt"))

        def _parse_finished_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                finished_at_type_0 = datetime.datetime.fromisoformat(data)

                return finished_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        finished_at = _parse_finished_at(d.pop("finishedAt"))

        def _parse_duration_ms(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        duration_ms = _parse_duration_ms(d.pop("durationMs"))

        step_run = cls(
            id=id,
            run_id=run_id,
            step_id=step_id,
            attempt=attempt,
            kind=kind,
            status=status,
            outputs=outputs,
            summary=summary,
            error=error,
            started_at=started_at,
            finished_at=finished_at,
            duration_ms=duration_ms,
        )

        return step_run
