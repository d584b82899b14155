from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

from ..types import UNSET, Unset

T = TypeVar("T", bound="MonitorGetResponse200WorkflowType0ProgressType0")


@_attrs_define
class MonitorGetResponse200WorkflowType0ProgressType0:
    endpoint: str
    windows: float
    last_window_end: str | Unset = UNSET
    next_window_end: str | Unset = UNSET
    last_error: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        endpoint = self.endpoint

        windows = self.windows

        last_window_end = self.last_window_end

        next_window_end = self.next_window_end

        last_error = self.last_error

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "endpoint": endpoint,
                "windows": windows,
            }
        )
        if last_window_end is not UNSET:
            field_dict["lastWindowEnd"] = last_window_end
        if next_window_end is not UNSET:
            field_dict["nextWindowEnd"] = next_window_end
        if last_error is not UNSET:
            field_dict["lastError"] = last_error

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        endpoint = d.pop("endpoint")

        windows = d.pop("windows")

        last_window_end = d.pop("lastWindowEnd", UNSET)

        next_window_end = d.pop("nextWindowEnd", UNSET)

        last_error = d.pop("lastError", UNSET)

        monitor_get_response_200_workflow_type_0_progress_type_0 = cls(
            endpoint=endpoint,
            windows=windows,
            last_window_end=last_window_end,
            next_window_end=next_window_end,
            last_error=last_error,
        )

        return monitor_get_response_200_workflow_type_0_progress_type_0
