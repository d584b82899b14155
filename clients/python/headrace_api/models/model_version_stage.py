from typing import Literal

ModelVersionStage = Literal["archived", "none", "production", "staging"]

MODEL_VERSION_STAGE_VALUES: set[ModelVersionStage] = {
    "archived",
    "none",
    "production",
    "staging",
}


def check_model_version_stage(value: str) -> ModelVersionStage:
    if value in MODEL_VERSION_STAGE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {MODEL_VERSION_STAGE_VALUES!r}"
    )
