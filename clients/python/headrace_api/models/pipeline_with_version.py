from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

if TYPE_CHECKING:
    from ..models.pipeline import Pipeline
    from ..models.pipeline_version import PipelineVersion


T = TypeVar("T", bound="PipelineWithVersion")


@_attrs_define
class PipelineWithVersion:
    pipeline: Pipeline
    version: PipelineVersion

    def to_dict(self) -> dict[str, Any]:
        pipeline = self.pipeline.to_dict()

        version = self.version.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "pipeline": pipeline,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.pipeline import Pipeline
        from ..models.pipeline_version import PipelineVersion

        d = dict(src_dict)
        pipeline = Pipeline.from_dict(d.pop("pipeline"))

        version = PipelineVersion.from_dict(d.pop("version"))

        pipeline_with_version = cls(
            pipeline=pipeline,
            version=version,
        )

        return pipeline_with_version
