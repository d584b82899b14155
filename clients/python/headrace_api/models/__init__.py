"""Contains all the data models used in inputs/outputs"""

from .condition_compare import ConditionCompare
from .condition_compare_op import ConditionCompareOp
from .condition_literal import ConditionLiteral
from .condition_logic import ConditionLogic
from .condition_logic_kind import ConditionLogicKind
from .condition_metric import ConditionMetric
from .condition_not import ConditionNot
from .condition_state import ConditionState
from .dataset_get_response_200 import DatasetGetResponse200
from .dataset_get_response_200_models_item import DatasetGetResponse200ModelsItem
from .dataset_get_response_200_schema_item import DatasetGetResponse200SchemaItem
from .dataset_get_response_200_uses_item import DatasetGetResponse200UsesItem
from .dataset_get_response_200_uses_item_direction import (
    DatasetGetResponse200UsesItemDirection,
)
from .dataset_list_response_200 import DatasetListResponse200
from .dataset_list_response_200_items_item import DatasetListResponse200ItemsItem
from .dataset_list_response_200_items_item_schema_item import (
    DatasetListResponse200ItemsItemSchemaItem,
)
from .decision import Decision
from .declared_schedule import DeclaredSchedule
from .declared_schedule_overlap import DeclaredScheduleOverlap
from .deployment import Deployment
from .deployment_config import DeploymentConfig
from .deployment_status import DeploymentStatus
from .deployment_strategy import DeploymentStrategy
from .endpoint import Endpoint
from .endpoint_deploy_body import EndpointDeployBody
from .endpoint_deploy_body_canary import EndpointDeployBodyCanary
from .endpoint_deploy_body_sticky import EndpointDeployBodySticky
from .endpoint_deploy_body_strategy import EndpointDeployBodyStrategy
from .endpoint_deploy_body_variants_item import EndpointDeployBodyVariantsItem
from .endpoint_deploy_response_200 import EndpointDeployResponse200
from .endpoint_deploy_response_200_config import EndpointDeployResponse200Config
from .endpoint_deploy_response_200_status import EndpointDeployResponse200Status
from .endpoint_deploy_response_200_strategy import EndpointDeployResponse200Strategy
from .endpoint_get_response_200 import EndpointGetResponse200
from .endpoint_rollback_body import EndpointRollbackBody
from .endpoint_rollback_response_200 import EndpointRollbackResponse200
from .endpoint_rollback_response_200_config import EndpointRollbackResponse200Config
from .endpoint_rollback_response_200_status import EndpointRollbackResponse200Status
from .endpoint_rollback_response_200_strategy import EndpointRollbackResponse200Strategy
from .endpoint_stats_response_200 import EndpointStatsResponse200
from .endpoint_stats_response_200_answering import EndpointStatsResponse200Answering
from .endpoint_stats_response_200_variants_item import (
    EndpointStatsResponse200VariantsItem,
)
from .endpoint_stats_response_200_variants_item_shadow_type_0 import (
    EndpointStatsResponse200VariantsItemShadowType0,
)
from .error import Error
from .error_error import ErrorError
from .error_error_issues_item import ErrorErrorIssuesItem
from .log_line import LogLine
from .log_line_level import LogLineLevel
from .log_page import LogPage
from .log_page_run_status import LogPageRunStatus
from .model import Model
from .model_latest import ModelLatest
from .model_tag_body import ModelTagBody
from .model_tag_body_tags import ModelTagBodyTags
from .model_transition_body import ModelTransitionBody
from .model_transition_body_stage import ModelTransitionBodyStage
from .model_version import ModelVersion
from .model_version_approvals_item import ModelVersionApprovalsItem
from .model_version_detail import ModelVersionDetail
from .model_version_detail_approvals_item import ModelVersionDetailApprovalsItem
from .model_version_detail_features_item import ModelVersionDetailFeaturesItem
from .model_version_detail_hyperparameters import ModelVersionDetailHyperparameters
from .model_version_detail_lineage import ModelVersionDetailLineage
from .model_version_detail_metrics import ModelVersionDetailMetrics
from .model_version_detail_runtime import ModelVersionDetailRuntime
from .model_version_detail_stage import ModelVersionDetailStage
from .model_version_detail_tags import ModelVersionDetailTags
from .model_version_features_item import ModelVersionFeaturesItem
from .model_version_hyperparameters import ModelVersionHyperparameters
from .model_version_lineage import ModelVersionLineage
from .model_version_metrics import ModelVersionMetrics
from .model_version_runtime import ModelVersionRuntime
from .model_version_stage import ModelVersionStage
from .model_version_tags import ModelVersionTags
from .monitor_alerts_response_200_item import MonitorAlertsResponse200Item
from .monitor_alerts_response_200_item_delivery_type_0 import (
    MonitorAlertsResponse200ItemDeliveryType0,
)
from .monitor_alerts_response_200_item_delivery_type_0_state import (
    MonitorAlertsResponse200ItemDeliveryType0State,
)
from .monitor_alerts_response_200_item_details import (
    MonitorAlertsResponse200ItemDetails,
)
from .monitor_alerts_response_200_item_retraining_item import (
    MonitorAlertsResponse200ItemRetrainingItem,
)
from .monitor_alerts_response_200_item_retraining_item_status import (
    MonitorAlertsResponse200ItemRetrainingItemStatus,
)
from .monitor_alerts_response_200_item_retraining_item_versions_item import (
    MonitorAlertsResponse200ItemRetrainingItemVersionsItem,
)
from .monitor_get_response_200 import MonitorGetResponse200
from .monitor_get_response_200_spec import MonitorGetResponse200Spec
from .monitor_get_response_200_workflow_type_0 import MonitorGetResponse200WorkflowType0
from .monitor_get_response_200_workflow_type_0_progress_type_0 import (
    MonitorGetResponse200WorkflowType0ProgressType0,
)
from .monitor_list_response_200_item import MonitorListResponse200Item
from .monitor_list_response_200_item_last_alert_type_0 import (
    MonitorListResponse200ItemLastAlertType0,
)
from .monitor_list_response_200_item_last_window_type_0 import (
    MonitorListResponse200ItemLastWindowType0,
)
from .monitor_list_response_200_item_window_type_1 import (
    MonitorListResponse200ItemWindowType1,
)
from .pipeline import Pipeline
from .pipeline_list_item import PipelineListItem
from .pipeline_save_body import PipelineSaveBody
from .pipeline_save_response_200 import PipelineSaveResponse200
from .pipeline_save_response_200_monitor import PipelineSaveResponse200Monitor
from .pipeline_save_response_200_monitor_status import (
    PipelineSaveResponse200MonitorStatus,
)
from .pipeline_save_response_200_status import PipelineSaveResponse200Status
from .pipeline_validate_body import PipelineValidateBody
from .pipeline_validate_response_200_item import PipelineValidateResponse200Item
from .pipeline_validate_response_200_item_severity import (
    PipelineValidateResponse200ItemSeverity,
)
from .pipeline_version import PipelineVersion
from .pipeline_version_layout_type_0 import PipelineVersionLayoutType0
from .pipeline_version_layout_type_0_additional_property import (
    PipelineVersionLayoutType0AdditionalProperty,
)
from .pipeline_versions_response_200_item import PipelineVersionsResponse200Item
from .pipeline_with_version import PipelineWithVersion
from .plan import Plan
from .plan_monitor import PlanMonitor
from .plan_monitor_alerts import PlanMonitorAlerts
from .plan_monitor_alerts_webhooks_item import PlanMonitorAlertsWebhooksItem
from .plan_monitor_alerts_webhooks_item_headers import (
    PlanMonitorAlertsWebhooksItemHeaders,
)
from .plan_monitor_alerts_webhooks_item_headers_additional_property_type_1 import (
    PlanMonitorAlertsWebhooksItemHeadersAdditionalPropertyType1,
)
from .plan_monitor_alerts_webhooks_item_headers_additional_property_type_2 import (
    PlanMonitorAlertsWebhooksItemHeadersAdditionalPropertyType2,
)
from .plan_monitor_alerts_webhooks_item_min_severity import (
    PlanMonitorAlertsWebhooksItemMinSeverity,
)
from .plan_monitor_drift import PlanMonitorDrift
from .plan_monitor_drift_severity import PlanMonitorDriftSeverity
from .plan_monitor_features import PlanMonitorFeatures
from .plan_monitor_features_additional_property import (
    PlanMonitorFeaturesAdditionalProperty,
)
from .plan_monitor_health import PlanMonitorHealth
from .plan_monitor_health_error_rate import PlanMonitorHealthErrorRate
from .plan_monitor_health_error_rate_severity import PlanMonitorHealthErrorRateSeverity
from .plan_monitor_health_p99_ms import PlanMonitorHealthP99Ms
from .plan_monitor_health_p99_ms_severity import PlanMonitorHealthP99MsSeverity
from .plan_monitor_health_requests import PlanMonitorHealthRequests
from .plan_monitor_health_requests_severity import PlanMonitorHealthRequestsSeverity
from .plan_monitor_prediction import PlanMonitorPrediction
from .plan_monitor_quality import PlanMonitorQuality
from .plan_monitor_quality_accuracy import PlanMonitorQualityAccuracy
from .plan_monitor_quality_accuracy_severity import PlanMonitorQualityAccuracySeverity
from .plan_monitor_quality_f1_macro import PlanMonitorQualityF1Macro
from .plan_monitor_quality_f1_macro_severity import PlanMonitorQualityF1MacroSeverity
from .plan_monitor_quality_log_loss import PlanMonitorQualityLogLoss
from .plan_monitor_quality_log_loss_severity import PlanMonitorQualityLogLossSeverity
from .plan_monitor_quality_mae import PlanMonitorQualityMae
from .plan_monitor_quality_mae_severity import PlanMonitorQualityMaeSeverity
from .plan_monitor_quality_rmse import PlanMonitorQualityRmse
from .plan_monitor_quality_rmse_severity import PlanMonitorQualityRmseSeverity
from .plan_monitor_window_type_1 import PlanMonitorWindowType1
from .plan_params import PlanParams
from .plan_steps_item import PlanStepsItem
from .plan_steps_item_config import PlanStepsItemConfig
from .plan_steps_item_gate_item import PlanStepsItemGateItem
from .plan_steps_item_gate_item_op import PlanStepsItemGateItemOp
from .plan_steps_item_inputs import PlanStepsItemInputs
from .plan_steps_item_inputs_additional_property import (
    PlanStepsItemInputsAdditionalProperty,
)
from .plan_steps_item_mode import PlanStepsItemMode
from .plan_steps_item_resources import PlanStepsItemResources
from .plan_steps_item_retry import PlanStepsItemRetry
from .plan_steps_item_sweep import PlanStepsItemSweep
from .plan_steps_item_sweep_select import PlanStepsItemSweepSelect
from .plan_steps_item_sweep_select_metric import PlanStepsItemSweepSelectMetric
from .plan_steps_item_sweep_select_mode import PlanStepsItemSweepSelectMode
from .plan_steps_item_sweep_select_stopping import PlanStepsItemSweepSelectStopping
from .plan_steps_item_sweep_trials_item import PlanStepsItemSweepTrialsItem
from .plan_steps_item_sweep_trials_item_config import PlanStepsItemSweepTrialsItemConfig
from .plan_steps_item_sweep_trials_item_values import PlanStepsItemSweepTrialsItemValues
from .plan_steps_item_trial import PlanStepsItemTrial
from .plan_steps_item_trial_metric import PlanStepsItemTrialMetric
from .plan_steps_item_trial_mode import PlanStepsItemTrialMode
from .plan_steps_item_trial_stopping import PlanStepsItemTrialStopping
from .plan_steps_item_when import PlanStepsItemWhen
from .plan_triggers_item_type_0 import PlanTriggersItemType0
from .plan_triggers_item_type_1 import PlanTriggersItemType1
from .plan_triggers_item_type_1_overlap import PlanTriggersItemType1Overlap
from .plan_triggers_item_type_2_type_0 import PlanTriggersItemType2Type0
from .plan_triggers_item_type_2_type_1 import PlanTriggersItemType2Type1
from .plan_triggers_item_type_3 import PlanTriggersItemType3
from .plan_triggers_item_type_3_severity import PlanTriggersItemType3Severity
from .plan_triggers_item_type_4 import PlanTriggersItemType4
from .plan_triggers_item_type_4_metric import PlanTriggersItemType4Metric
from .principal import Principal
from .principal_role import PrincipalRole
from .principal_via import PrincipalVia
from .run import Run
from .run_approve_body import RunApproveBody
from .run_cancel_response_200 import RunCancelResponse200
from .run_detail import RunDetail
from .run_detail_params import RunDetailParams
from .run_detail_status import RunDetailStatus
from .run_detail_waiting_item import RunDetailWaitingItem
from .run_epochs_response_200_item import RunEpochsResponse200Item
from .run_epochs_response_200_item_epochs_item import RunEpochsResponse200ItemEpochsItem
from .run_list_item import RunListItem
from .run_list_item_metrics import RunListItemMetrics
from .run_list_item_params import RunListItemParams
from .run_list_item_status import RunListItemStatus
from .run_list_status import RunListStatus
from .run_list_trigger import RunListTrigger
from .run_page import RunPage
from .run_params import RunParams
from .run_reject_body import RunRejectBody
from .run_rerun_body import RunRerunBody
from .run_rerun_body_params import RunRerunBodyParams
from .run_start_body import RunStartBody
from .run_start_body_params import RunStartBodyParams
from .run_status import RunStatus
from .stage_change import StageChange
from .step_run import StepRun
from .step_run_status import StepRunStatus
from .trigger_details import TriggerDetails
from .trigger_details_kind import TriggerDetailsKind
from .trigger_details_window import TriggerDetailsWindow
from .variant import Variant
from .variant_role import VariantRole
from .variant_stage import VariantStage

__all__ = (
    "ConditionCompare",
    "ConditionCompareOp",
    "ConditionLiteral",
    "ConditionLogic",
    "ConditionLogicKind",
    "ConditionMetric",
    "ConditionNot",
    "ConditionState",
    "DatasetGetResponse200",
    "DatasetGetResponse200ModelsItem",
    "DatasetGetResponse200SchemaItem",
    "DatasetGetResponse200UsesItem",
    "DatasetGetResponse200UsesItemDirection",
    "DatasetListResponse200",
    "DatasetListResponse200ItemsItem",
    "DatasetListResponse200ItemsItemSchemaItem",
    "Decision",
    "DeclaredSchedule",
    "DeclaredScheduleOverlap",
    "Deployment",
    "DeploymentConfig",
    "DeploymentStatus",
    "DeploymentStrategy",
    "Endpoint",
    "EndpointDeployBody",
    "EndpointDeployBodyCanary",
    "EndpointDeployBodySticky",
    "EndpointDeployBodyStrategy",
    "EndpointDeployBodyVariantsItem",
    "EndpointDeployResponse200",
    "EndpointDeployResponse200Config",
    "EndpointDeployResponse200Status",
    "EndpointDeployResponse200Strategy",
    "EndpointGetResponse200",
    "EndpointRollbackBody",
    "EndpointRollbackResponse200",
    "EndpointRollbackResponse200Config",
    "EndpointRollbackResponse200Status",
    "EndpointRollbackResponse200Strategy",
    "EndpointStatsResponse200",
    "EndpointStatsResponse200Answering",
    "EndpointStatsResponse200VariantsItem",
    "EndpointStatsResponse200VariantsItemShadowType0",
    "Error",
    "ErrorError",
    "ErrorErrorIssuesItem",
    "LogLine",
    "LogLineLevel",
    "LogPage",
    "LogPageRunStatus",
    "Model",
    "ModelLatest",
    "ModelTagBody",
    "ModelTagBodyTags",
    "ModelTransitionBody",
    "ModelTransitionBodyStage",
    "ModelVersion",
    "ModelVersionApprovalsItem",
    "ModelVersionDetail",
    "ModelVersionDetailApprovalsItem",
    "ModelVersionDetailFeaturesItem",
    "ModelVersionDetailHyperparameters",
    "ModelVersionDetailLineage",
    "ModelVersionDetailMetrics",
    "ModelVersionDetailRuntime",
    "ModelVersionDetailStage",
    "ModelVersionDetailTags",
    "ModelVersionFeaturesItem",
    "ModelVersionHyperparameters",
    "ModelVersionLineage",
    "ModelVersionMetrics",
    "ModelVersionRuntime",
    "ModelVersionStage",
    "ModelVersionTags",
    "MonitorAlertsResponse200Item",
    "MonitorAlertsResponse200ItemDeliveryType0",
    "MonitorAlertsResponse200ItemDeliveryType0State",
    "MonitorAlertsResponse200ItemDetails",
    "MonitorAlertsResponse200ItemRetrainingItem",
    "MonitorAlertsResponse200ItemRetrainingItemStatus",
    "MonitorAlertsResponse200ItemRetrainingItemVersionsItem",
    "MonitorGetResponse200",
    "MonitorGetResponse200Spec",
    "MonitorGetResponse200WorkflowType0",
    "MonitorGetResponse200WorkflowType0ProgressType0",
    "MonitorListResponse200Item",
    "MonitorListResponse200ItemLastAlertType0",
    "MonitorListResponse200ItemLastWindowType0",
    "MonitorListResponse200ItemWindowType1",
    "Pipeline",
    "PipelineListItem",
    "PipelineSaveBody",
    "PipelineSaveResponse200",
    "PipelineSaveResponse200Monitor",
    "PipelineSaveResponse200MonitorStatus",
    "PipelineSaveResponse200Status",
    "PipelineValidateBody",
    "PipelineValidateResponse200Item",
    "PipelineValidateResponse200ItemSeverity",
    "PipelineVersion",
    "PipelineVersionLayoutType0",
    "PipelineVersionLayoutType0AdditionalProperty",
    "PipelineVersionsResponse200Item",
    "PipelineWithVersion",
    "Plan",
    "PlanMonitor",
    "PlanMonitorAlerts",
    "PlanMonitorAlertsWebhooksItem",
    "PlanMonitorAlertsWebhooksItemHeaders",
    "PlanMonitorAlertsWebhooksItemHeadersAdditionalPropertyType1",
    "PlanMonitorAlertsWebhooksItemHeadersAdditionalPropertyType2",
    "PlanMonitorAlertsWebhooksItemMinSeverity",
    "PlanMonitorDrift",
    "PlanMonitorDriftSeverity",
    "PlanMonitorFeatures",
    "PlanMonitorFeaturesAdditionalProperty",
    "PlanMonitorHealth",
    "PlanMonitorHealthErrorRate",
    "PlanMonitorHealthErrorRateSeverity",
    "PlanMonitorHealthP99Ms",
    "PlanMonitorHealthP99MsSeverity",
    "PlanMonitorHealthRequests",
    "PlanMonitorHealthRequestsSeverity",
    "PlanMonitorPrediction",
    "PlanMonitorQuality",
    "PlanMonitorQualityAccuracy",
    "PlanMonitorQualityAccuracySeverity",
    "PlanMonitorQualityF1Macro",
    "PlanMonitorQualityF1MacroSeverity",
    "PlanMonitorQualityLogLoss",
    "PlanMonitorQualityLogLossSeverity",
    "PlanMonitorQualityMae",
    "PlanMonitorQualityMaeSeverity",
    "PlanMonitorQualityRmse",
    "PlanMonitorQualityRmseSeverity",
    "PlanMonitorWindowType1",
    "PlanParams",
    "PlanStepsItem",
    "PlanStepsItemConfig",
    "PlanStepsItemGateItem",
    "PlanStepsItemGateItemOp",
    "PlanStepsItemInputs",
    "PlanStepsItemInputsAdditionalProperty",
    "PlanStepsItemMode",
    "PlanStepsItemResources",
    "PlanStepsItemRetry",
    "PlanStepsItemSweep",
    "PlanStepsItemSweepSelect",
    "PlanStepsItemSweepSelectMetric",
    "PlanStepsItemSweepSelectMode",
    "PlanStepsItemSweepSelectStopping",
    "PlanStepsItemSweepTrialsItem",
    "PlanStepsItemSweepTrialsItemConfig",
    "PlanStepsItemSweepTrialsItemValues",
    "PlanStepsItemTrial",
    "PlanStepsItemTrialMetric",
    "PlanStepsItemTrialMode",
    "PlanStepsItemTrialStopping",
    "PlanStepsItemWhen",
    "PlanTriggersItemType0",
    "PlanTriggersItemType1",
    "PlanTriggersItemType1Overlap",
    "PlanTriggersItemType2Type0",
    "PlanTriggersItemType2Type1",
    "PlanTriggersItemType3",
    "PlanTriggersItemType3Severity",
    "PlanTriggersItemType4",
    "PlanTriggersItemType4Metric",
    "Principal",
    "PrincipalRole",
    "PrincipalVia",
    "Run",
    "RunApproveBody",
    "RunCancelResponse200",
    "RunDetail",
    "RunDetailParams",
    "RunDetailStatus",
    "RunDetailWaitingItem",
    "RunEpochsResponse200Item",
    "RunEpochsResponse200ItemEpochsItem",
    "RunListItem",
    "RunListItemMetrics",
    "RunListItemParams",
    "RunListItemStatus",
    "RunListStatus",
    "RunListTrigger",
    "RunPage",
    "RunParams",
    "RunRejectBody",
    "RunRerunBody",
    "RunRerunBodyParams",
    "RunStartBody",
    "RunStartBodyParams",
    "RunStatus",
    "StageChange",
    "StepRun",
    "StepRunStatus",
    "TriggerDetails",
    "TriggerDetailsKind",
    "TriggerDetailsWindow",
    "Variant",
    "VariantRole",
    "VariantStage",
)
