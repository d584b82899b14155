from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.run_list_item_status import RunListItemStatus, check_run_list_item_status
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.run_list_item_metrics import RunListItemMetrics
    from ..models.run_list_item_params import RunListItemParams
    from ..models.trigger_details import TriggerDetails


T = TypeVar("T", bound="RunListItem")


@_attrs_define
class RunListItem:
    id: UUID
    pipeline_id: UUID
    pipeline_version_id: UUID
    pipeline_name: str
    pipeline_version: int
    workflow_id: str
    status: RunListItemStatus
    trigger: str
    trigger_details: None | TriggerDetails
    params: RunListItemParams
    error: None | str
    created_by: str
    idempotency_key: None | str
    retry_of: None | UUID
    reproduces: None | UUID
    created_at: datetime.datetime
    started_at: datetime.datetime | None
    finished_at: datetime.datetime | None
    metrics: RunListItemMetrics | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.trigger_details import TriggerDetails

        id = str(self.id)

        pipeline_id = str(self.pipeline_id)

        pipeline_version_id = str(self.pipeline_version_id)

        pipeline_name = self.pipeline_name

        pipeline_version = self.pipeline_version

        workflow_id = self.workflow_id

        status: str = self.status

        trigger = self.trigger

        trigger_details: dict[str, Any] | None
        if isinstance(self.trigger_details, TriggerDetails):
            trigger_details = self.trigger_details.to_dict()
        else:
            trigger_details = self.trigger_details

        params = self.params.to_dict()

        error: None | str
        error = self.error

        created_by = self.created_by

        idempotency_key: None | str
        idempotency_key = self.idempotency_key

        retry_of: None | str
        if isinstance(self.retry_of, UUID):
            retry_of = str(self.retry_of)
        else:
            retry_of = self.retry_of

        reproduces: None | str
        if isinstance(self.reproduces, UUID):
            reproduces = str(self.reproduces)
        else:
            reproduces = self.reproduces

        created_at = self.created_at.isoformat()

        started_at: None | str
        if isinstance(self.started_at, datetime.datetime):
            started_at = self.started_at.isoformat()
        else:
            started_at = self.started_at

        finished_at: None | str
        if isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        metrics: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metrics, Unset):
            metrics = self.metrics.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "pipelineId": pipeline_id,
                "pipelineVersionId": pipeline_version_id,
                "pipelineName": pipeline_name,
                "pipelineVersion": pipeline_version,
                "workflowId": workflow_id,
                "status": status,
                "trigger": trigger,
                "triggerDetails": trigger_details,
                "params": params,
                "error": error,
                "createdBy": created_by,
                "idempotencyKey": idempotency_key,
                "retryOf": retry_of,
                "reproduces": reproduces,
                "createdAt": created_at,
                "startedAt": started_at,
                "finishedAt": finished_at,
            }
        )
        if metrics is not UNSET:
            field_dict["metrics"] = metrics

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.run_list_item_metrics import RunListItemMetrics
        from ..models.run_list_item_params import RunListItemParams
        from ..models.trigger_details import TriggerDetails

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        pipeline_id = UUID(d.pop("pipelineId"))

        pipeline_version_id = UUID(d.pop("pipelineVersionId"))

        pipeline_name = d.pop("pipelineName")

        pipeline_version = d.pop("pipelineVersion")

        workflow_id = d.pop("workflowId")

        status = check_run_list_item_status(d.pop("status"))

        trigger = d.pop("trigger")

        def _parse_trigger_details(data: object) -> None | TriggerDetails:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                trigger_details_type_0 = TriggerDetails.from_dict(data)

                return trigger_details_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TriggerDetails, data)

        trigger_details = _parse_trigger_details(d.pop("triggerDetails"))

        params = RunListItemParams.from_dict(d.pop("params"))

        def _parse_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))

        created_by = d.pop("createdBy")

        def _parse_idempotency_key(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        idempotency_key = _parse_idempotency_key(d.pop("idempotencyKey"))

        def _parse_retry_of(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                retry_of_type_0 = UUID(data)

                return retry_of_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        retry_of = _parse_retry_of(d.pop("retryOf"))

        def _parse_reproduces(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                reproduces_type_0 = UUID(data)

                return reproduces_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        reproduces = _parse_reproduces(d.pop("reproduces"))

        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))

        def _parse_started_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                started_at_type_0 = datetime.datetime.fromisoformat(data)

                return started_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        started_at = _parse_started_at(d.pop("startedAt"))

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

        _metrics = d.pop("metrics", UNSET)
        metrics: RunListItemMetrics | Unset
        if isinstance(_metrics, Unset):
            metrics = UNSET
        else:
            metrics = RunListItemMetrics.from_dict(_metrics)

        run_list_item = cls(
            id=id,
            pipeline_id=pipeline_id,
            pipeline_version_id=pipeline_version_id,
            pipeline_name=pipeline_name,
            pipeline_version=pipeline_version,
            workflow_id=workflow_id,
            status=status,
            trigger=trigger,
            trigger_details=trigger_details,
            params=params,
            error=error,
            created_by=created_by,
            idempotency_key=idempotency_key,
            retry_of=retry_of,
            reproduces=reproduces,
            created_at=created_at,
            started_at=started_at,
            finished_at=finished_at,
            metrics=metrics,
        )

        return run_list_item
