from typing import Literal

MonitorAlertsResponse200ItemDeliveryType0State = Literal["delivered", "failed"]

MONITOR_ALERTS_RESPONSE_200_ITEM_DELIVERY_TYPE_0_STATE_VALUES: set[
    MonitorAlertsResponse200ItemDeliveryType0State
] = {
    "delivered",
    "failed",
}


def check_monitor_alerts_response_200_item_delivery_type_0_state(
    value: str,
) -> MonitorAlertsResponse200ItemDeliveryType0State:
    if value in MONITOR_ALERTS_RESPONSE_200_ITEM_DELIVERY_TYPE_0_STATE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {MONITOR_ALERTS_RESPONSE_200_ITEM_DELIVERY_TYPE_0_STATE_VALUES!r}"
    )
