from typing import Literal

MonitorAlertsResponse200ItemRetrainingItemStatus = Literal[
    "cancelled", "failed", "queued", "running", "succeeded"
]

MONITOR_ALERTS_RESPONSE_200_ITEM_RETRAINING_ITEM_STATUS_VALUES: set[
    MonitorAlertsResponse200ItemRetrainingItemStatus
] = {
    "cancelled",
    "failed",
    "queued",
    "running",
    "succeeded",
}


def check_monitor_alerts_response_200_item_retraining_item_status(
    value: str,
) -> MonitorAlertsResponse200ItemRetrainingItemStatus:
    if value in MONITOR_ALERTS_RESPONSE_200_ITEM_RETRAINING_ITEM_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {MONITOR_ALERTS_RESPONSE_200_ITEM_RETRAINING_ITEM_STATUS_VALUES!r}"
    )
