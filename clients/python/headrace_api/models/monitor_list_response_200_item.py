from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

if TYPE_CHECKING:
    from ..models.monitor_list_response_200_item_last_alert_type_0 import (
        MonitorListResponse200ItemLastAlertType0,
    )
    from ..models.monitor_list_response_200_item_last_window_type_0 import (
        MonitorListResponse200ItemLastWindowType0,
    )
    from ..models.monitor_list_response_200_item_window_type_1 import (
        MonitorListResponse200ItemWindowType1,
    )


T = TypeVar("T", bound="MonitorListResponse200Item")


@_attrs_define
class MonitorListResponse200Item:
    endpoint: str
    version: int
    enabled: bool
    window: MonitorListResponse200ItemWindowType1 | str
    origin: None | str
    updated_at: datetime.datetime
    workflow_id: str
    last_window: MonitorListResponse200ItemLastWindowType0 | None
    last_alert: MonitorListResponse200ItemLastAlertType0 | None

    def to_dict(self) -> dict[str, Any]:
        from ..models.monitor_list_response_200_item_last_alert_type_0 import (
            MonitorListResponse200ItemLastAlertType0,
        )
        from ..models.monitor_list_response_200_item_last_window_type_0 import (
            MonitorListResponse200ItemLastWindowType0,
        )
        from ..models.monitor_list_response_200_item_window_type_1 import (
            MonitorListResponse200ItemWindowType1,
        )

        endpoint = self.endpoint

        version = self.version

        enabled = self.enabled

        window: dict[str, Any] | str
        if isinstance(self.window, MonitorListResponse200ItemWindowType1):
            window = self.window.to_dict()
        else:
            window = self.window

        origin: None | str
        origin = self.origin

        updated_at = self.updated_at.isoformat()

        workflow_id = self.workflow_id

        last_window: dict[str, Any] | None
        if isinstance(self.last_window, MonitorListResponse200ItemLastWindowType0):
            last_window = self.last_window.to_dict()
        else:
            last_window = self.last_window

        last_alert: dict[str, Any] | None
        if isinstance(self.last_alert, MonitorListResponse200ItemLastAlertType0):
            last_alert = self.last_alert.to_dict()
        else:
            last_alert = self.last_alert

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "endpoint": endpoint,
                "version": version,
                "enabled": enabled,
                "window": window,
                "origin": origin,
                "updatedAt": updated_at,
                "workflowId": workflow_id,
                "lastWindow": last_window,
                "lastAlert": last_alert,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.monitor_list_response_200_item_last_alert_type_0 import (
            MonitorListResponse200ItemLastAlertType0,
        )
        from ..models.monitor_list_response_200_item_last_window_type_0 import (
            MonitorListResponse200ItemLastWindowType0,
        )
        from ..models.monitor_list_response_200_item_window_type_1 import (
            MonitorListResponse200ItemWindowType1,
        )

        d = dict(src_dict)
        endpoint = d.pop("endpoint")

        version = d.pop("version")

        enabled = d.pop("enabled")

        def _parse_window(data: object) -> MonitorListResponse200ItemWindowType1 | str:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                window_type_1 = MonitorListResponse200ItemWindowType1.from_dict(data)

                return window_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MonitorListResponse200ItemWindowType1 | str, data)

        window = _parse_window(d.pop("window"))

        def _parse_origin(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        origin = _parse_origin(d.pop("origin"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updatedAt"))

        workflow_id = d.pop("workflowId")

        def _parse_last_window(
            data: object,
        ) -> MonitorListResponse200ItemLastWindowType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                last_window_type_0 = (
                    MonitorListResponse200ItemLastWindowType0.from_dict(data)
                )

                return last_window_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MonitorListResponse200ItemLastWindowType0 | None, data)

        last_window = _parse_last_window(d.pop("lastWindow"))

        def _parse_last_alert(
            data: object,
        ) -> MonitorListResponse200ItemLastAlertType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                last_alert_type_0 = MonitorListResponse200ItemLastAlertType0.from_dict(
                    data
                )

                return last_alert_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MonitorListResponse200ItemLastAlertType0 | None, data)

        last_alert = _parse_last_alert(d.pop("lastAlert"))

        monitor_list_response_200_item = cls(
            endpoint=endpoint,
            version=version,
            enabled=enabled,
            window=window,
            origin=origin,
            updated_at=updated_at,
            workflow_id=workflow_id,
            last_window=last_window,
            last_alert=last_alert,
        )

        return monitor_list_response_200_item
