from typing import Literal

ModelTransitionBodyStage = Literal["archived", "none", "production", "staging"]

MODEL_TRANSITION_BODY_STAGE_VALUES: set[ModelTransitionBodyStage] = {
    "archived",
    "none",
    "production",
    "staging",
}


def check_model_transition_body_stage(value: str) -> ModelTransitionBodyStage:
    if value in MODEL_TRANSITION_BODY_STAGE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {MODEL_TRANSITION_BODY_STAGE_VALUES!r}"
    )
