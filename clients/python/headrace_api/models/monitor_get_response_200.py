from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from typing_extensions import Self

if TYPE_CHECKING:
    from ..models.monitor_get_response_200_spec import MonitorGetResponse200Spec
    from ..models.monitor_get_response_200_workflow_type_0 import (
        MonitorGetResponse200WorkflowType0,
    )


T = TypeVar("T", bound="MonitorGetResponse200")


@_attrs_define
class MonitorGetResponse200:
    id: UUID
    endpoint: str
    spec: MonitorGetResponse200Spec
    source: None | str
    origin: None | str
    version: int
    enabled: bool
    created_by: None | str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    workflow_id: str
    workflow: MonitorGetResponse200WorkflowType0 | None

    def to_dict(self) -> dict[str, Any]:
        from ..models.monitor_get_response_200_workflow_type_0 import (
            MonitorGetResponse200WorkflowType0,
        )

        id = str(self.id)

        endpoint = self.endpoint

        spec = self.spec.to_dict()

        source: None | str
        source = self.source

        origin: None | str
        origin = self.origin

        version = self.version

        enabled = self.enabled

        created_by: None | str
        created_by = self.created_by

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        workflow_id = self.workflow_id

        workflow: dict[str, Any] | None
        if isinstance(self.workflow, MonitorGetResponse200WorkflowType0):
            workflow = self.workflow.to_dict()
        else:
            workflow = self.workflow

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "endpoint": endpoint,
                "spec": spec,
                "source": source,
                "origin": origin,
                "version": version,
                "enabled": enabled,
                "createdBy": created_by,
                "createdAt": created_at,
                "updatedAt": updated_at,
                "workflowId": workflow_id,
                "workflow": workflow,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.monitor_get_response_200_spec import MonitorGetResponse200Spec
        from ..models.monitor_get_response_200_workflow_type_0 import (
            MonitorGetResponse200WorkflowType0,
        )

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        endpoint = d.pop("endpoint")

        spec = MonitorGetResponse200Spec.from_dict(d.pop("spec"))

        def _parse_source(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        source = _parse_source(d.pop("source"))

        def _parse_origin(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        origin = _parse_origin(d.pop("origin"))

        version = d.pop("version")

        enabled = d.pop("enabled")

        def _parse_created_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        created_by = _parse_created_by(d.pop("createdBy"))

        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updatedAt"))

        workflow_id = d.pop("workflowId")

        def _parse_workflow(data: object) -> MonitorGetResponse200WorkflowType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                workflow_type_0 = MonitorGetResponse200WorkflowType0.from_dict(data)

                return workflow_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MonitorGetResponse200WorkflowType0 | None, data)

        workflow = _parse_workflow(d.pop("workflow"))

        monitor_get_response_200 = cls(
            id=id,
            endpoint=endpoint,
            spec=spec,
            source=source,
            origin=origin,
            version=version,
            enabled=enabled,
            created_by=created_by,
            created_at=created_at,
            updated_at=updated_at,
            workflow_id=workflow_id,
            workflow=workflow,
        )

        return monitor_get_response_200
