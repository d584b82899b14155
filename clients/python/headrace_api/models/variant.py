from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.variant_role import VariantRole, check_variant_role
from ..models.variant_stage import VariantStage, check_variant_stage

T = TypeVar("T", bound="Variant")


@_attrs_define
class Variant:
    name: str
    role: VariantRole
    weight: float
    model_version_id: UUID
    model: str
    version: int
    stage: VariantStage

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        role: str = self.role

        weight = self.weight

        model_version_id = str(self.model_version_id)

        model = self.model

        version = self.version

        stage: str = self.stage

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "role": role,
                "weight": weight,
                "modelVersionId": model_version_id,
                "model": model,
                "version": version,
                "stage": stage,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        name = d.pop("name")

        role = check_variant_role(d.pop("role"))

        weight = d.pop("weight")

        model_version_id = UUID(d.pop("modelVersionId"))

        model = d.pop("model")

        version = d.pop("version")

        stage = check_variant_stage(d.pop("stage"))

        variant = cls(
            name=name,
            role=role,
            weight=weight,
            model_version_id=model_version_id,
            model=model,
            version=version,
            stage=stage,
        )

        return variant
