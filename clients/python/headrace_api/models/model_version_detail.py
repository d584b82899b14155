from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.model_version_detail_stage import (
    ModelVersionDetailStage,
    check_model_version_detail_stage,
)

if TYPE_CHECKING:
    from ..models.model_version_detail_approvals_item import (
        ModelVersionDetailApprovalsItem,
    )
    from ..models.model_version_detail_features_item import (
        ModelVersionDetailFeaturesItem,
    )
    from ..models.model_version_detail_hyperparameters import (
        ModelVersionDetailHyperparameters,
    )
    from ..models.model_version_detail_lineage import ModelVersionDetailLineage
    from ..models.model_version_detail_metrics import ModelVersionDetailMetrics
    from ..models.model_version_detail_runtime import ModelVersionDetailRuntime
    from ..models.model_version_detail_tags import ModelVersionDetailTags
    from ..models.stage_change import StageChange


T = TypeVar("T", bound="ModelVersionDetail")


@_attrs_define
class ModelVersionDetail:
    id: UUID
    model_id: UUID
    name: str
    version: int
    stage: ModelVersionDetailStage
    artifact_uri: str
    artifact_hash: str
    framework: str
    signature: Any
    training_datasets: list[str]
    metrics: ModelVersionDetailMetrics
    tags: ModelVersionDetailTags
    description: None | str
    notes: None | str
    lineage: ModelVersionDetailLineage
    run_id: None | UUID
    step_id: None | str
    training_started_at: datetime.datetime | None
    training_finished_at: datetime.datetime | None
    runtime: ModelVersionDetailRuntime
    hyperparameters: ModelVersionDetailHyperparameters
    features: list[ModelVersionDetailFeaturesItem]
    pipeline_version_id: None | UUID
    source_hash: None | str
    registered_by: None | str
    reason: None | str
    approvals: list[ModelVersionDetailApprovalsItem]
    created_at: datetime.datetime
    stage_changes: list[StageChange]

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        model_id = str(self.model_id)

        name = self.name

        version = self.version

        stage: str = self.stage

        artifact_uri = self.artifact_uri

        artifact_hash = self.artifact_hash

        framework = self.framework

        signature = self.signature

        training_datasets = self.training_datasets

        metrics = self.metrics.to_dict()

        tags = self.tags.to_dict()

        description: None | str
        description = self.description

        notes: None | str
        notes = self.notes

        lineage = self.lineage.to_dict()

        run_id: None | str
        if isinstance(self.run_id, UUID):
            run_id = str(self.run_id)
        else:
            run_id = self.run_id

        step_id: None | str
        step_id = self.step_id

        training_started_at: None | str
        if isinstance(self.training_started_at, datetime.datetime):
            training_started_at = self.training_started_at.isoformat()
        else:
            training_started_at = self.training_started_at

        training_finished_at: None | str
        if isinstance(self.training_finished_at, datetime.datetime):
            training_finished_at = self.training_finished_at.isoformat()
        else:
            training_finished_at = self.training_finished_at

        runtime = self.runtime.to_dict()

        hyperparameters = self.hyperparameters.to_dict()

        features = []
        for features_item_data in self.features:
            features_item = features_item_data.to_dict()
            features.append(features_item)

        pipeline_version_id: None | str
        if isinstance(self.pipeline_version_id, UUID):
            pipeline_version_id = str(self.pipeline_version_id)
        else:
            pipeline_version_id = self.pipeline_version_id

        source_hash: None | str
        source_hash = self.source_hash

        registered_by: None | str
        registered_by = self.registered_by

        reason: None | str
        reason = self.reason

        approvals = []
        for approvals_item_data in self.approvals:
            approvals_item = approvals_item_data.to_dict()
            approvals.append(approvals_item)

        created_at = self.created_at.isoformat()

        stage_changes = []
        for stage_changes_item_data in self.stage_changes:
            stage_changes_item = stage_changes_item_data.to_dict()
            stage_changes.append(stage_changes_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "modelId": model_id,
                "name": name,
                "version": version,
                "stage": stage,
                "artifactUri": artifact_uri,
                "artifactHash": artifact_hash,
                "framework": framework,
                "signature": signature,
                "trainingDatasets": training_datasets,
                "metrics": metrics,
                "tags": tags,
                "description": description,
                "notes": notes,
                "lineage": lineage,
                "runId": run_id,
                "stepId": step_id,
                "trainingStartedAt": training_started_at,
                "trainingFinishedAt": training_finished_at,
                "runtime": runtime,
                "hyperparameters": hyperparameters,
                "features": features,
                "pipelineVersionId": pipeline_version_id,
                "sourceHash": source_hash,
                "registeredBy": registered_by,
                "reason": reason,
                "approvals": approvals,
                "createdAt": created_at,
                "stageChanges": stage_changes,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.model_version_detail_approvals_item import (
            ModelVersionDetailApprovalsItem,
        )
        from ..models.model_version_detail_features_item import (
            ModelVersionDetailFeaturesItem,
        )
        from ..models.model_version_detail_hyperparameters import (
            ModelVersionDetailHyperparameters,
        )
        from ..models.model_version_detail_lineage import ModelVersionDetailLineage
        from ..models.model_version_detail_metrics import ModelVersionDetailMetrics
        from ..models.model_version_detail_runtime import ModelVersionDetailRuntime
        from ..models.model_version_detail_tags import ModelVersionDetailTags
        from ..models.stage_change import StageChange

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        model_id = UUID(d.pop("modelId"))

        name = d.pop("name")

        version = d.pop("version")

        stage = check_model_version_detail_stage(d.pop("stage"))

        artifact_uri = d.pop("artifactUri")

        artifact_hash = d.pop("artifactHash")

        framework = d.pop("framework")

        signature = d.pop("signature")

        training_datasets = cast(list[str], d.pop("trainingDatasets"))

        metrics = ModelVersionDetailMetrics.from_dict(d.pop("metrics"))

        tags = ModelVersionDetailTags.from_dict(d.pop("tags"))

        def _parse_description(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))

        def _parse_notes(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        notes = _parse_notes(d.pop("notes"))

        lineage = ModelVersionDetailLineage.from_dict(d.pop("lineage"))

        def _parse_run_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                run_id_type_0 = UUID(data)

                return run_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        run_id = _parse_run_id(d.pop("runId"))

        def _parse_step_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        step_id = _parse_step_id(d.pop("stepId"))

        def _parse_training_started_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                training_started_at_type_0 = datetime.datetime.fromisoformat(data)

                return training_started_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        training_started_at = _parse_training_started_at(d.pop("trainingStartedAt"))

        def _parse_training_finished_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                training_finished_at_type_0 = datetime.datetime.fromisoformat(data)

                return training_finished_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        training_finished_at = _parse_training_finished_at(d.pop("trainingFinishedAt"))

        runtime = ModelVersionDetailRuntime.from_dict(d.pop("runtime"))

        hyperparameters = ModelVersionDetailHyperparameters.from_dict(
            d.pop("hyperparameters")
        )

        features = []
        _features = d.pop("features")
        for features_item_data in _features:
            features_item = ModelVersionDetailFeaturesItem.from_dict(features_item_data)

            features.append(features_item)

        def _parse_pipeline_version_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                pipeline_version_id_type_0 = UUID(data)

                return pipeline_version_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        pipeline_version_id = _parse_pipeline_version_id(d.pop("pipelineVersionId"))

        def _parse_source_hash(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        source_hash = _parse_source_hash(d.pop("sourceHash"))

        def _parse_registered_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        registered_by = _parse_registered_by(d.pop("registeredBy"))

        def _parse_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason = _parse_reason(d.pop("reason"))

        approvals = []
        _approvals = d.pop("approvals")
        for approvals_item_data in _approvals:
            approvals_item = ModelVersionDetailApprovalsItem.from_dict(
                approvals_item_data
            )

            approvals.append(approvals_item)

        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))

        stage_changes = []
        _stage_changes = d.pop("stageChanges")
        for stage_changes_item_data in _stage_changes:
            stage_changes_item = StageChange.from_dict(stage_changes_item_data)

            stage_changes.append(stage_changes_item)

        model_version_detail = cls(
            id=id,
            model_id=model_id,
            name=name,
            version=version,
            stage=stage,
            artifact_uri=artifact_uri,
            artifact_hash=artifact_hash,
            framework=framework,
            signature=signature,
            training_datasets=training_datasets,
            metrics=metrics,
            tags=tags,
            description=description,
            notes=notes,
            lineage=lineage,
            run_id=run_id,
            step_id=step_id,
            training_started_at=training_started_at,
            training_finished_at=training_finished_at,
            runtime=runtime,
            hyperparameters=hyperparameters,
            features=features,
            pipeline_version_id=pipeline_version_id,
            source_hash=source_hash,
            registered_by=registered_by,
            reason=reason,
            approvals=approvals,
            created_at=created_at,
            stage_changes=stage_changes,
        )

        return model_version_detail
