from typing import Literal

PipelineSaveResponse200MonitorStatus = Literal["created", "unchanged", "updated"]

PIPELINE_SAVE_RESPONSE_200_MONITOR_STATUS_VALUES: set[
    PipelineSaveResponse200MonitorStatus
] = {
    "created",
    "unchanged",
    "updated",
}


def check_pipeline_save_response_200_monitor_status(
    value: str,
) -> PipelineSaveResponse200MonitorStatus:
    if value in PIPELINE_SAVE_RESPONSE_200_MONITOR_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PIPELINE_SAVE_RESPONSE_200_MONITOR_STATUS_VALUES!r}"
    )
