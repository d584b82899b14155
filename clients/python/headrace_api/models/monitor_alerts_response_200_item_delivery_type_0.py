from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.monitor_alerts_response_200_item_delivery_type_0_state import (
    MonitorAlertsResponse200ItemDeliveryType0State,
    check_monitor_alerts_response_200_item_delivery_type_0_state,
)

T = TypeVar("T", bound="MonitorAlertsResponse200ItemDeliveryType0")


@_attrs_define
class MonitorAlertsResponse200ItemDeliveryType0:
    state: MonitorAlertsResponse200ItemDeliveryType0State
    webhook: str
    attempt: int
    attempts: int
    http_status: int | None
    error: None | str
    at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        state: str = self.state

        webhook = self.webhook

        attempt = self.attempt

        attempts = self.attempts

        http_status: int | None
        http_status = self.http_status

        error: None | str
        error = self.error

        at = self.at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "state": state,
                "webhook": webhook,
                "attempt": attempt,
                "attempts": attempts,
                "httpStatus": http_status,
                "error": error,
                "at": at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        state = check_monitor_alerts_response_200_item_delivery_type_0_state(
            d.pop("state")
        )

        webhook = d.pop("webhook")

        attempt = d.pop("attempt")

        attempts = d.pop("attempts")

        def _parse_http_status(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        http_status = _parse_http_status(d.pop("httpStatus"))

        def _parse_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))

        at = datetime.datetime.fromisoformat(d.pop("at"))

        monitor_alerts_response_200_item_delivery_type_0 = cls(
            state=state,
            webhook=webhook,
            attempt=attempt,
            attempts=attempts,
            http_status=http_status,
            error=error,
            at=at,
        )

        return monitor_alerts_response_200_item_delivery_type_0
