from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

T = TypeVar("T", bound="MonitorListResponse200ItemLastAlertType0")


@_attrs_define
class MonitorListResponse200ItemLastAlertType0:
    created_at: datetime.datetime
    severity: str
    kind: str
    message: str
    silenced: bool

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        severity = self.severity

        kind = self.kind

        message = self.message

        silenced = self.silenced

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "createdAt": created_at,
                "severity": severity,
                "kind": kind,
                "message": message,
                "silenced": silenced,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))

        severity = d.pop("severity")

        kind = d.pop("kind")

        message = d.pop("message")

        silenced = d.pop("silenced")

        monitor_list_response_200_item_last_alert_type_0 = cls(
            created_at=created_at,
            severity=severity,
            kind=kind,
            message=message,
            silenced=silenced,
        )

        return monitor_list_response_200_item_last_alert_type_0
