from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.pipeline_save_response_200_monitor_status import (
    PipelineSaveResponse200MonitorStatus,
    check_pipeline_save_response_200_monitor_status,
)

T = TypeVar("T", bound="PipelineSaveResponse200Monitor")


@_attrs_define
class PipelineSaveResponse200Monitor:
    endpoint: str
    status: PipelineSaveResponse200MonitorStatus
    version: int

    def to_dict(self) -> dict[str, Any]:
        endpoint = self.endpoint

        status: str = self.status

        version = self.version

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "endpoint": endpoint,
                "status": status,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        endpoint = d.pop("endpoint")

        status = check_pipeline_save_response_200_monitor_status(d.pop("status"))

        version = d.pop("version")

        pipeline_save_response_200_monitor = cls(
            endpoint=endpoint,
            status=status,
            version=version,
        )

        return pipeline_save_response_200_monitor
