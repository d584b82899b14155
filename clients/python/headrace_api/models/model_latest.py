from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.model_version import ModelVersion


T = TypeVar("T", bound="ModelLatest")


@_attrs_define
class ModelLatest:
    none: ModelVersion | Unset = UNSET
    staging: ModelVersion | Unset = UNSET
    production: ModelVersion | Unset = UNSET
    archived: ModelVersion | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        none: dict[str, Any] | Unset = UNSET
        if not isinstance(self.none, Unset):
            none = self.none.to_dict()

        staging: dict[str, Any] | Unset = UNSET
        if not isinstance(self.staging, Unset):
            staging = self.staging.to_dict()

        production: dict[str, Any] | Unset = UNSET
        if not isinstance(self.production, Unset):
            production = self.production.to_dict()

        archived: dict[str, Any] | Unset = UNSET
        if not isinstance(self.archived, Unset):
            archived = self.archived.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if none is not UNSET:
            field_dict["none"] = none
        if staging is not UNSET:
            field_dict["staging"] = staging
        if production is not UNSET:
            field_dict["production"] = production
        if archived is not UNSET:
            field_dict["archived"] = archived

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.model_version import ModelVersion

        d = dict(src_dict)
        _none = d.pop("none", UNSET)
        none: ModelVersion | Unset
        if isinstance(_none, Unset):
            none = UNSET
        else:
            none = ModelVersion.from_dict(_none)

        _staging = d.pop("staging", UNSET)
        staging: ModelVersion | Unset
        if isinstance(_staging, Unset):
            staging = UNSET
        else:
            staging = ModelVersion.from_dict(_staging)

        _production = d.pop("production", UNSET)
        production: ModelVersion | Unset
        if isinstance(_production, Unset):
            production = UNSET
        else:
            production = ModelVersion.from_dict(_production)

        _archived = d.pop("archived", UNSET)
        archived: ModelVersion | Unset
        if isinstance(_archived, Unset):
            archived = UNSET
        else:
            archived = ModelVersion.from_dict(_archived)

        model_latest = cls(
            none=none,
            staging=staging,
            production=production,
            archived=archived,
        )

        return model_latest
