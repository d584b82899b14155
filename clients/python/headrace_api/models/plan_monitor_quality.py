from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.plan_monitor_quality_accuracy import PlanMonitorQualityAccuracy
    from ..models.plan_monitor_quality_f1_macro import PlanMonitorQualityF1Macro
    from ..models.plan_monitor_quality_log_loss import PlanMonitorQualityLogLoss
    from ..models.plan_monitor_quality_mae import PlanMonitorQualityMae
    from ..models.plan_monitor_quality_rmse import PlanMonitorQualityRmse


T = TypeVar("T", bound="PlanMonitorQuality")


@_attrs_define
class PlanMonitorQuality:
    """Bounds on quality from late labels"""

    min_labelled: int = 30
    """ Labelled rows a window needs before its quality is judged (default 30) """
    accuracy: PlanMonitorQualityAccuracy | Unset = UNSET
    f_1_macro: PlanMonitorQualityF1Macro | Unset = UNSET
    log_loss: PlanMonitorQualityLogLoss | Unset = UNSET
    rmse: PlanMonitorQualityRmse | Unset = UNSET
    mae: PlanMonitorQualityMae | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        min_labelled = self.min_labelled

        accuracy: dict[str, Any] | Unset = UNSET
        if not isinstance(self.accuracy, Unset):
            accuracy = self.accuracy.to_dict()

        f_1_macro: dict[str, Any] | Unset = UNSET
        if not isinstance(self.f_1_macro, Unset):
            f_1_macro = self.f_1_macro.to_dict()

        log_loss: dict[str, Any] | Unset = UNSET
        if not isinstance(self.log_loss, Unset):
            log_loss = self.log_loss.to_dict()

        rmse: dict[str, Any] | Unset = UNSET
        if not isinstance(self.rmse, Unset):
            rmse = self.rmse.to_dict()

        mae: dict[str, Any] | Unset = UNSET
        if not isinstance(self.mae, Unset):
            mae = self.mae.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "minLabelled": min_labelled,
            }
        )
        if accuracy is not UNSET:
            field_dict["accuracy"] = accuracy
        if f_1_macro is not UNSET:
            field_dict["f1Macro"] = f_1_macro
        if log_loss is not UNSET:
            field_dict["logLoss"] = log_loss
        if rmse is not UNSET:
            field_dict["rmse"] = rmse
        if mae is not UNSET:
            field_dict["mae"] = mae

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.plan_monitor_quality_accuracy import PlanMonitorQualityAccuracy
        from ..models.plan_monitor_quality_f1_macro import PlanMonitorQualityF1Macro
        from ..models.plan_monitor_quality_log_loss import PlanMonitorQualityLogLoss
        from ..models.plan_monitor_quality_mae import PlanMonitorQualityMae
        from ..models.plan_monitor_quality_rmse import PlanMonitorQualityRmse

        d = dict(src_dict)
        min_labelled = d.pop("minLabelled")

        _accuracy = d.pop("accuracy", UNSET)
        accuracy: PlanMonitorQualityAccuracy | Unset
        if isinstance(_accuracy, Unset):
            accuracy = UNSET
        else:
            accuracy = PlanMonitorQualityAccuracy.from_dict(_accuracy)

        _f_1_macro = d.pop("f1Macro", UNSET)
        f_1_macro: PlanMonitorQualityF1Macro | Unset
        if isinstance(_f_1_macro, Unset):
            f_1_macro = UNSET
        else:
            f_1_macro = PlanMonitorQualityF1Macro.from_dict(_f_1_macro)

        _log_loss = d.pop("logLoss", UNSET)
        log_loss: PlanMonitorQualityLogLoss | Unset
        if isinstance(_log_loss, Unset):
            log_loss = UNSET
        else:
            log_loss = PlanMonitorQualityLogLoss.from_dict(_log_loss)

        _rmse = d.pop("rmse", UNSET)
        rmse: PlanMonitorQualityRmse | Unset
        if isinstance(_rmse, Unset):
            rmse = UNSET
        else:
            rmse = PlanMonitorQualityRmse.from_dict(_rmse)

        _mae = d.pop("mae", UNSET)
        mae: PlanMonitorQualityMae | Unset
        if isinstance(_mae, Unset):
            mae = UNSET
        else:
            mae = PlanMonitorQualityMae.from_dict(_mae)

        plan_monitor_quality = cls(
            min_labelled=min_labelled,
            accuracy=accuracy,
            f_1_macro=f_1_macro,
            log_loss=log_loss,
            rmse=rmse,
            mae=mae,
        )

        return plan_monitor_quality
