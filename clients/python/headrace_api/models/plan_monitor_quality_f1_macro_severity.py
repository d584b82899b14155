from typing import Literal

PlanMonitorQualityF1MacroSeverity = Literal["critical", "warning"]

PLAN_MONITOR_QUALITY_F1_MACRO_SEVERITY_VALUES: set[
    PlanMonitorQualityF1MacroSeverity
] = {
    "critical",
    "warning",
}


def check_plan_monitor_quality_f1_macro_severity(
    value: str,
) -> PlanMonitorQualityF1MacroSeverity:
    if value in PLAN_MONITOR_QUALITY_F1_MACRO_SEVERITY_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PLAN_MONITOR_QUALITY_F1_MACRO_SEVERITY_VALUES!r}"
    )
