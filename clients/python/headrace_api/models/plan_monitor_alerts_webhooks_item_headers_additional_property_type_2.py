from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

T = TypeVar("T", bound="PlanMonitorAlertsWebhooksItemHeadersAdditionalPropertyType2")


@_attrs_define
class PlanMonitorAlertsWebhooksItemHeadersAdditionalPropertyType2:
    """A secret value, read from the worker's environment when the request is made"""

    env: str
    """ The worker's environment variable holding the value """

    def to_dict(self) -> dict[str, Any]:
        env = self.env

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "env": env,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        env = d.pop("env")

        plan_monitor_alerts_webhooks_item_headers_additional_property_type_2 = cls(
            env=env,
        )

        return plan_monitor_alerts_webhooks_item_headers_additional_property_type_2
