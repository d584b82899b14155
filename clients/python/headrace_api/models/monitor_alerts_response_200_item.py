from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

if TYPE_CHECKING:
    from ..models.monitor_alerts_response_200_item_delivery_type_0 import (
        MonitorAlertsResponse200ItemDeliveryType0,
    )
    from ..models.monitor_alerts_response_200_item_details import (
        MonitorAlertsResponse200ItemDetails,
    )
    from ..models.monitor_alerts_response_200_item_retraining_item import (
        MonitorAlertsResponse200ItemRetrainingItem,
    )


T = TypeVar("T", bound="MonitorAlertsResponse200Item")


@_attrs_define
class MonitorAlertsResponse200Item:
    id: int
    endpoint: str
    window_id: int | None
    kind: str
    severity: str
    subject: None | str
    message: str
    details: MonitorAlertsResponse200ItemDetails
    created_at: datetime.datetime
    silence_id: int | None
    silenced: bool
    delivery: MonitorAlertsResponse200ItemDeliveryType0 | None
    retraining: list[MonitorAlertsResponse200ItemRetrainingItem]

    def to_dict(self) -> dict[str, Any]:
        from ..models.monitor_alerts_response_200_item_delivery_type_0 import (
            MonitorAlertsResponse200ItemDeliveryType0,
        )

        id = self.id

        endpoint = self.endpoint

        window_id: int | None
        window_id = self.window_id

        kind = self.kind

        severity = self.severity

        subject: None | str
        subject = self.subject

        message = self.message

        details = self.details.to_dict()

        created_at = self.created_at.isoformat()

        silence_id: int | None
        silence_id = self.silence_id

        silenced = self.silenced

        delivery: dict[str, Any] | None
        if isinstance(self.delivery, MonitorAlertsResponse200ItemDeliveryType0):
            delivery = self.delivery.to_dict()
        else:
            delivery = self.delivery

        retraining = []
        for retraining_item_data in self.retraining:
            retraining_item = retraining_item_data.to_dict()
            retraining.append(retraining_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "endpoint": endpoint,
                "windowId": window_id,
                "kind": kind,
                "severity": severity,
                "subject": subject,
                "message": message,
                "details": details,
                "createdAt": created_at,
                "silenceId": silence_id,
                "silenced": silenced,
                "delivery": delivery,
                "retraining": retraining,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.monitor_alerts_response_200_item_delivery_type_0 import (
            MonitorAlertsResponse200ItemDeliveryType0,
        )
        from ..models.monitor_alerts_response_200_item_details import (
            MonitorAlertsResponse200ItemDetails,
        )
        from ..models.monitor_alerts_response_200_item_retraining_item import (
            MonitorAlertsResponse200ItemRetrainingItem,
        )

        d = dict(src_dict)
        id = d.pop("id")

        endpoint = d.pop("endpoint")

        def _parse_window_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        window_id = _parse_window_id(d.pop("windowId"))

        kind = d.pop("kind")

        severity = d.pop("severity")

        def _parse_subject(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        subject = _parse_subject(d.pop("subject"))

        message = d.pop("message")

        details = MonitorAlertsResponse200ItemDetails.from_dict(d.pop("details"))

        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))

        def _parse_silence_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        silence_id = _parse_silence_id(d.pop("silenceId"))

        silenced = d.pop("silenced")

        def _parse_delivery(
            data: object,
        ) -> MonitorAlertsResponse200ItemDeliveryType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                delivery_type_0 = MonitorAlertsResponse200ItemDeliveryType0.from_dict(
                    data
                )

                return delivery_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MonitorAlertsResponse200ItemDeliveryType0 | None, data)

        delivery = _parse_delivery(d.pop("delivery"))

        retraining = []
        _retraining = d.pop("retraining")
        for retraining_item_data in _retraining:
            retraining_item = MonitorAlertsResponse200ItemRetrainingItem.from_dict(
                retraining_item_data
            )

            retraining.append(retraining_item)

        monitor_alerts_response_200_item = cls(
            id=id,
            endpoint=endpoint,
            window_id=window_id,
            kind=kind,
            severity=severity,
            subject=subject,
            message=message,
            details=details,
            created_at=created_at,
            silence_id=silence_id,
            silenced=silenced,
            delivery=delivery,
            retraining=retraining,
        )

        return monitor_alerts_response_200_item
