from typing import Literal

PlanMonitorDriftSeverity = Literal["critical", "warning"]

PLAN_MONITOR_DRIFT_SEVERITY_VALUES: set[PlanMonitorDriftSeverity] = {
    "critical",
    "warning",
}


def check_plan_monitor_drift_severity(value: str) -> PlanMonitorDriftSeverity:
    if value in PLAN_MONITOR_DRIFT_SEVERITY_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PLAN_MONITOR_DRIFT_SEVERITY_VALUES!r}"
    )
