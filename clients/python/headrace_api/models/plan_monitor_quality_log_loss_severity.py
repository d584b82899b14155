from typing import Literal

PlanMonitorQualityLogLossSeverity = Literal["critical", "warning"]

PLAN_MONITOR_QUALITY_LOG_LOSS_SEVERITY_VALUES: set[
    PlanMonitorQualityLogLossSeverity
] = {
    "critical",
    "warning",
}


def check_plan_monitor_quality_log_loss_severity(
    value: str,
) -> PlanMonitorQualityLogLossSeverity:
    if value in PLAN_MONITOR_QUALITY_LOG_LOSS_SEVERITY_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PLAN_MONITOR_QUALITY_LOG_LOSS_SEVERITY_VALUES!r}"
    )
