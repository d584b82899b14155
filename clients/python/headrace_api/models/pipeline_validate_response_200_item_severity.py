from typing import Literal

PipelineValidateResponse200ItemSeverity = Literal["error", "warning"]

PIPELINE_VALIDATE_RESPONSE_200_ITEM_SEVERITY_VALUES: set[
    PipelineValidateResponse200ItemSeverity
] = {
    "error",
    "warning",
}


def check_pipeline_validate_response_200_item_severity(
    value: str,
) -> PipelineValidateResponse200ItemSeverity:
    if value in PIPELINE_VALIDATE_RESPONSE_200_ITEM_SEVERITY_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PIPELINE_VALIDATE_RESPONSE_200_ITEM_SEVERITY_VALUES!r}"
    )
