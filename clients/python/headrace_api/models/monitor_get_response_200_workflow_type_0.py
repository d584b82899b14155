from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

if TYPE_CHECKING:
    from ..models.monitor_get_response_200_workflow_type_0_progress_type_0 import (
        MonitorGetResponse200WorkflowType0ProgressType0,
    )


T = TypeVar("T", bound="MonitorGetResponse200WorkflowType0")


@_attrs_define
class MonitorGetResponse200WorkflowType0:
    status: str
    progress: MonitorGetResponse200WorkflowType0ProgressType0 | None

    def to_dict(self) -> dict[str, Any]:
        from ..models.monitor_get_response_200_workflow_type_0_progress_type_0 import (
            MonitorGetResponse200WorkflowType0ProgressType0,
        )

        status = self.status

        progress: dict[str, Any] | None
        if isinstance(self.progress, MonitorGetResponse200WorkflowType0ProgressType0):
            progress = self.progress.to_dict()
        else:
            progress = self.progress

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "status": status,
                "progress": progress,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.monitor_get_response_200_workflow_type_0_progress_type_0 import (
            MonitorGetResponse200WorkflowType0ProgressType0,
        )

        d = dict(src_dict)
        status = d.pop("status")

        def _parse_progress(
            data: object,
        ) -> MonitorGetResponse200WorkflowType0ProgressType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                progress_type_0 = (
                    MonitorGetResponse200WorkflowType0ProgressType0.from_dict(data)
                )

                return progress_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MonitorGetResponse200WorkflowType0ProgressType0 | None, data)

        progress = _parse_progress(d.pop("progress"))

        monitor_get_response_200_workflow_type_0 = cls(
            status=status,
            progress=progress,
        )

        return monitor_get_response_200_workflow_type_0
