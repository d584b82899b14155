from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.monitor_alerts_response_200_item_retraining_item_status import (
    MonitorAlertsResponse200ItemRetrainingItemStatus,
    check_monitor_alerts_response_200_item_retraining_item_status,
)

if TYPE_CHECKING:
    from ..models.monitor_alerts_response_200_item_retraining_item_versions_item import (
        MonitorAlertsResponse200ItemRetrainingItemVersionsItem,
    )


T = TypeVar("T", bound="MonitorAlertsResponse200ItemRetrainingItem")


@_attrs_define
class MonitorAlertsResponse200ItemRetrainingItem:
    run_id: UUID
    pipeline: str
    status: MonitorAlertsResponse200ItemRetrainingItemStatus
    created_at: datetime.datetime
    versions: list[MonitorAlertsResponse200ItemRetrainingItemVersionsItem]

    def to_dict(self) -> dict[str, Any]:
        run_id = str(self.run_id)

        pipeline = self.pipeline

        status: str = self.status

        created_at = self.created_at.isoformat()

        versions = []
        for versions_item_data in self.versions:
            versions_item = versions_item_data.to_dict()
            versions.append(versions_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "runId": run_id,
                "pipeline": pipeline,
                "status": status,
                "createdAt": created_at,
                "versions": versions,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.monitor_alerts_response_200_item_retraining_item_versions_item import (
            MonitorAlertsResponse200ItemRetrainingItemVersionsItem,
        )

        d = dict(src_dict)
        run_id = UUID(d.pop("runId"))

        pipeline = d.pop("pipeline")

        status = check_monitor_alerts_response_200_item_retraining_item_status(
            d.pop("status")
        )

        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))

        versions = []
        _versions = d.pop("versions")
        for versions_item_data in _versions:
            versions_item = (
                MonitorAlertsResponse200ItemRetrainingItemVersionsItem.from_dict(
                    versions_item_data
                )
            )

            versions.append(versions_item)

        monitor_alerts_response_200_item_retraining_item = cls(
            run_id=run_id,
            pipeline=pipeline,
            status=status,
            created_at=created_at,
            versions=versions,
        )

        return monitor_alerts_response_200_item_retraining_item
