from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

if TYPE_CHECKING:
    from ..models.plan_monitor_alerts_webhooks_item import PlanMonitorAlertsWebhooksItem


T = TypeVar("T", bound="PlanMonitorAlerts")


@_attrs_define
class PlanMonitorAlerts:
    """Where alerts are sent"""

    webhooks: list[PlanMonitorAlertsWebhooksItem]
    """ Webhooks each alert is sent to (retried, every attempt in the delivery log) """

    def to_dict(self) -> dict[str, Any]:
        webhooks = []
        for webhooks_item_data in self.webhooks:
            webhooks_item = webhooks_item_data.to_dict()
            webhooks.append(webhooks_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "webhooks": webhooks,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.plan_monitor_alerts_webhooks_item import (
            PlanMonitorAlertsWebhooksItem,
        )

        d = dict(src_dict)
        webhooks = []
        _webhooks = d.pop("webhooks")
        for webhooks_item_data in _webhooks:
            webhooks_item = PlanMonitorAlertsWebhooksItem.from_dict(webhooks_item_data)

            webhooks.append(webhooks_item)

        plan_monitor_alerts = cls(
            webhooks=webhooks,
        )

        return plan_monitor_alerts
