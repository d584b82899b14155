from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

T = TypeVar("T", bound="PlanMonitorAlertsWebhooksItemHeadersAdditionalPropertyType1")


@_attrs_define
class PlanMonitorAlertsWebhooksItemHeadersAdditionalPropertyType1:
    """A secret value, read from the platform's secret store when the request is made"""

    secret: str
    """ The name of a secret in the platform's secret store (headrace secret set NAME) """

    def to_dict(self) -> dict[str, Any]:
        secret = self.secret

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "secret": secret,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        secret = d.pop("secret")

        plan_monitor_alerts_webhooks_item_headers_additional_property_type_1 = cls(
            secret=secret,
        )

        return plan_monitor_alerts_webhooks_item_headers_additional_property_type_1
