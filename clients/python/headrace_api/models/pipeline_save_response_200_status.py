from typing import Literal

PipelineSaveResponse200Status = Literal["created", "unchanged", "updated"]

PIPELINE_SAVE_RESPONSE_200_STATUS_VALUES: set[PipelineSaveResponse200Status] = {
    "created",
    "unchanged",
    "updated",
}


def check_pipeline_save_response_200_status(
    value: str,
) -> PipelineSaveResponse200Status:
    if value in PIPELINE_SAVE_RESPONSE_200_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PIPELINE_SAVE_RESPONSE_200_STATUS_VALUES!r}"
    )
