from typing import Literal

PlanMonitorQualityRmseSeverity = Literal["critical", "warning"]

PLAN_MONITOR_QUALITY_RMSE_SEVERITY_VALUES: set[PlanMonitorQualityRmseSeverity] = {
    "critical",
    "warning",
}


def check_plan_monitor_quality_rmse_severity(
    value: str,
) -> PlanMonitorQualityRmseSeverity:
    if value in PLAN_MONITOR_QUALITY_RMSE_SEVERITY_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PLAN_MONITOR_QUALITY_RMSE_SEVERITY_VALUES!r}"
    )
