from typing import Literal

ModelVersionDetailStage = Literal["archived", "none", "production", "staging"]

MODEL_VERSION_DETAIL_STAGE_VALUES: set[ModelVersionDetailStage] = {
    "archived",
    "none",
    "production",
    "staging",
}


def check_model_version_detail_stage(value: str) -> ModelVersionDetailStage:
    if value in MODEL_VERSION_DETAIL_STAGE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {MODEL_VERSION_DETAIL_STAGE_VALUES!r}"
    )
