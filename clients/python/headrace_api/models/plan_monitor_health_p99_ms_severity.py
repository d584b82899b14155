from typing import Literal

PlanMonitorHealthP99MsSeverity = Literal["critical", "warning"]

PLAN_MONITOR_HEALTH_P99_MS_SEVERITY_VALUES: set[PlanMonitorHealthP99MsSeverity] = {
    "critical",
    "warning",
}


def check_plan_monitor_health_p99_ms_severity(
    value: str,
) -> PlanMonitorHealthP99MsSeverity:
    if value in PLAN_MONITOR_HEALTH_P99_MS_SEVERITY_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PLAN_MONITOR_HEALTH_P99_MS_SEVERITY_VALUES!r}"
    )
