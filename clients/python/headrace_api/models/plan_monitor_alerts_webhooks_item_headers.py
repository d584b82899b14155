from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

if TYPE_CHECKING:
    from ..models.plan_monitor_alerts_webhooks_item_headers_additional_property_type_1 import (
        PlanMonitorAlertsWebhooksItemHeadersAdditionalPropertyType1,
    )
    from ..models.plan_monitor_alerts_webhooks_item_headers_additional_property_type_2 import (
        PlanMonitorAlertsWebhooksItemHeadersAdditionalPropertyType2,
    )


T = TypeVar("T", bound="PlanMonitorAlertsWebhooksItemHeaders")


@_attrs_define
class PlanMonitorAlertsWebhooksItemHeaders:
    """Extra request headers; a secret one as { secret: NAME } (the secret store) or { env: NAME }"""

    additional_properties: dict[
        str,
        PlanMonitorAlertsWebhooksItemHeadersAdditionalPropertyType1
        | PlanMonitorAlertsWebhooksItemHeadersAdditionalPropertyType2
        | str,
    ] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.plan_monitor_alerts_webhooks_item_headers_additional_property_type_1 import (
            PlanMonitorAlertsWebhooksItemHeadersAdditionalPropertyType1,
        )
        from ..models.plan_monitor_alerts_webhooks_item_headers_additional_property_type_2 import (
            PlanMonitorAlertsWebhooksItemHeadersAdditionalPropertyType2,
        )

        field_dict: dict[str, Any] = {}
        for prop_name, prop in self.additional_properties.items():
            if isinstance(
                prop, PlanMonitorAlertsWebhooksItemHeadersAdditionalPropertyType1
            ) or isinstance(
                prop, PlanMonitorAlertsWebhooksItemHeadersAdditionalPropertyType2
            ):
                field_dict[prop_name] = prop.to_dict()
            else:
                field_dict[prop_name] = prop

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.plan_monitor_alerts_webhooks_item_headers_additional_property_type_1 import (
            PlanMonitorAlertsWebhooksItemHeadersAdditionalPropertyType1,
        )
        from ..models.plan_monitor_alerts_webhooks_item_headers_additional_property_type_2 import (
            PlanMonitorAlertsWebhooksItemHeadersAdditionalPropertyType2,
        )

        d = dict(src_dict)
        plan_monitor_alerts_webhooks_item_headers = cls()

        additional_properties = {}
        for prop_name, prop_dict in d.items():

            def _parse_additional_property(
                data: object,
            ) -> (
                PlanMonitorAlertsWebhooksItemHeadersAdditionalPropertyType1
                | PlanMonitorAlertsWebhooksItemHeadersAdditionalPropertyType2
                | str
            ):
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    additional_property_type_1 = PlanMonitorAlertsWebhooksItemHeadersAdditionalPropertyType1.from_dict(
                        data
                    )

                    return additional_property_type_1
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    additional_property_type_2 = PlanMonitorAlertsWebhooksItemHeadersAdditionalPropertyType2.from_dict(
                        data
                    )

                    return additional_property_type_2
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                return cast(
                    PlanMonitorAlertsWebhooksItemHeadersAdditionalPropertyType1
                    | PlanMonitorAlertsWebhooksItemHeadersAdditionalPropertyType2
                    | str,
                    data,
                )

            additional_property = _parse_additional_property(prop_dict)

            additional_properties[prop_name] = additional_property

        plan_monitor_alerts_webhooks_item_headers.additional_properties = (
            additional_properties
        )
        return plan_monitor_alerts_webhooks_item_headers

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(
        self, key: str
    ) -> (
        PlanMonitorAlertsWebhooksItemHeadersAdditionalPropertyType1
        | PlanMonitorAlertsWebhooksItemHeadersAdditionalPropertyType2
        | str
    ):
        return self.additional_properties[key]

    def __setitem__(
        self,
        key: str,
        value: PlanMonitorAlertsWebhooksItemHeadersAdditionalPropertyType1
        | PlanMonitorAlertsWebhooksItemHeadersAdditionalPropertyType2
        | str,
    ) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
