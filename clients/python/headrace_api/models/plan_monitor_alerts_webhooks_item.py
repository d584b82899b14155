from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.plan_monitor_alerts_webhooks_item_min_severity import (
    PlanMonitorAlertsWebhooksItemMinSeverity,
    check_plan_monitor_alerts_webhooks_item_min_severity,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.plan_monitor_alerts_webhooks_item_headers import (
        PlanMonitorAlertsWebhooksItemHeaders,
    )


T = TypeVar("T", bound="PlanMonitorAlertsWebhooksItem")


@_attrs_define
class PlanMonitorAlertsWebhooksItem:
    """A webhook alerts are posted to as Slack-compatible JSON"""

    name: str
    """ The webhook's name: what the delivery log records (never its URL) """
    url: str | Unset = UNSET
    """ Where alerts are posted (a URL holding a token belongs in urlSecret) """
    url_env: str | Unset = UNSET
    """ The worker's environment variable holding the URL (e.g. a Slack incoming webhook with its token) """
    url_secret: str | Unset = UNSET
    """ The secret store's secret holding the URL (headrace secret set NAME), e.g. a Slack incoming webhook with its
    token """
    min_severity: PlanMonitorAlertsWebhooksItemMinSeverity | Unset = UNSET
    """ Only alerts of this severity or above are sent (default warning: all) """
    headers: PlanMonitorAlertsWebhooksItemHeaders | Unset = UNSET
    """ Extra request headers; a secret one as { secret: NAME } (the secret store) or { env: NAME } """

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        url = self.url

        url_env = self.url_env

        url_secret = self.url_secret

        min_severity: str | Unset = UNSET
        if not isinstance(self.min_severity, Unset):
            min_severity = self.min_severity

        headers: dict[str, Any] | Unset = UNSET
        if not isinstance(self.headers, Unset):
            headers = self.headers.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
            }
        )
        if url is not UNSET:
            field_dict["url"] = url
        if url_env is not UNSET:
            field_dict["urlEnv"] = url_env
        if url_secret is not UNSET:
            field_dict["urlSecret"] = url_secret
        if min_severity is not UNSET:
            field_dict["minSeverity"] = min_severity
        if headers is not UNSET:
            field_dict["headers"] = headers

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.plan_monitor_alerts_webhooks_item_headers import (
            PlanMonitorAlertsWebhooksItemHeaders,
        )

        d = dict(src_dict)
        name = d.pop("name")

        url = d.pop("url", UNSET)

        url_env = d.pop("urlEnv", UNSET)

        url_secret = d.pop("urlSecret", UNSET)

        _min_severity = d.pop("minSeverity", UNSET)
        min_severity: PlanMonitorAlertsWebhooksItemMinSeverity | Unset
        if isinstance(_min_severity, Unset):
            min_severity = UNSET
        else:
            min_severity = check_plan_monitor_alerts_webhooks_item_min_severity(
                _min_severity
            )

        _headers = d.pop("headers", UNSET)
        headers: PlanMonitorAlertsWebhooksItemHeaders | Unset
        if isinstance(_headers, Unset):
            headers = UNSET
        else:
            headers = PlanMonitorAlertsWebhooksItemHeaders.from_dict(_headers)

        plan_monitor_alerts_webhooks_item = cls(
            name=name,
            url=url,
            url_env=url_env,
            url_secret=url_secret,
            min_severity=min_severity,
            headers=headers,
        )

        return plan_monitor_alerts_webhooks_item
