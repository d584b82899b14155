from typing import Literal

PlanMonitorHealthRequestsSeverity = Literal["critical", "warning"]

PLAN_MONITOR_HEALTH_REQUESTS_SEVERITY_VALUES: set[PlanMonitorHealthRequestsSeverity] = {
    "critical",
    "warning",
}


def check_plan_monitor_health_requests_severity(
    value: str,
) -> PlanMonitorHealthRequestsSeverity:
    if value in PLAN_MONITOR_HEALTH_REQUESTS_SEVERITY_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PLAN_MONITOR_HEALTH_REQUESTS_SEVERITY_VALUES!r}"
    )
