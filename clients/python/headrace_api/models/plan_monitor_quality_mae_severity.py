from typing import Literal

PlanMonitorQualityMaeSeverity = Literal["critical", "warning"]

PLAN_MONITOR_QUALITY_MAE_SEVERITY_VALUES: set[PlanMonitorQualityMaeSeverity] = {
    "critical",
    "warning",
}


def check_plan_monitor_quality_mae_severity(
    value: str,
) -> PlanMonitorQualityMaeSeverity:
    if value in PLAN_MONITOR_QUALITY_MAE_SEVERITY_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PLAN_MONITOR_QUALITY_MAE_SEVERITY_VALUES!r}"
    )
