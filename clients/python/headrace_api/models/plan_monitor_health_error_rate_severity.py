from typing import Literal

PlanMonitorHealthErrorRateSeverity = Literal["critical", "warning"]

PLAN_MONITOR_HEALTH_ERROR_RATE_SEVERITY_VALUES: set[
    PlanMonitorHealthErrorRateSeverity
] = {
    "critical",
    "warning",
}


def check_plan_monitor_health_error_rate_severity(
    value: str,
) -> PlanMonitorHealthErrorRateSeverity:
    if value in PLAN_MONITOR_HEALTH_ERROR_RATE_SEVERITY_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PLAN_MONITOR_HEALTH_ERROR_RATE_SEVERITY_VALUES!r}"
    )
