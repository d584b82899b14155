from typing import Literal

PlanMonitorAlertsWebhooksItemMinSeverity = Literal["critical", "warning"]

PLAN_MONITOR_ALERTS_WEBHOOKS_ITEM_MIN_SEVERITY_VALUES: set[
    PlanMonitorAlertsWebhooksItemMinSeverity
] = {
    "critical",
    "warning",
}


def check_plan_monitor_alerts_webhooks_item_min_severity(
    value: str,
) -> PlanMonitorAlertsWebhooksItemMinSeverity:
    if value in PLAN_MONITOR_ALERTS_WEBHOOKS_ITEM_MIN_SEVERITY_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PLAN_MONITOR_ALERTS_WEBHOOKS_ITEM_MIN_SEVERITY_VALUES!r}"
    )
