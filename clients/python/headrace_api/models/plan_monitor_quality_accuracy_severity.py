from typing import Literal

PlanMonitorQualityAccuracySeverity = Literal["critical", "warning"]

PLAN_MONITOR_QUALITY_ACCURACY_SEVERITY_VALUES: set[
    PlanMonitorQualityAccuracySeverity
] = {
    "critical",
    "warning",
}


def check_plan_monitor_quality_accuracy_severity(
    value: str,
) -> PlanMonitorQualityAccuracySeverity:
    if value in PLAN_MONITOR_QUALITY_ACCURACY_SEVERITY_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PLAN_MONITOR_QUALITY_ACCURACY_SEVERITY_VALUES!r}"
    )
