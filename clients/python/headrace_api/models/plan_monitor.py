from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.plan_monitor_alerts import PlanMonitorAlerts
    from ..models.plan_monitor_drift import PlanMonitorDrift
    from ..models.plan_monitor_features import PlanMonitorFeatures
    from ..models.plan_monitor_health import PlanMonitorHealth
    from ..models.plan_monitor_prediction import PlanMonitorPrediction
    from ..models.plan_monitor_quality import PlanMonitorQuality
    from ..models.plan_monitor_window_type_1 import PlanMonitorWindowType1


T = TypeVar("T", bound="PlanMonitor")


@_attrs_define
class PlanMonitor:
    """A monitor: one endpoint watched window by window against its model's training profile"""

    monitor: str
    """ The endpoint watched """
    window: PlanMonitorWindowType1 | str = "1h"
    """ How long a window lasts ("1h"), or { predictions: N } """
    description: str | Unset = UNSET
    features: PlanMonitorFeatures | Unset = UNSET
    """ Thresholds per feature; the key "default" applies to every feature not named """
    drift: PlanMonitorDrift | Unset = UNSET
    """ The dataset-drift rule (as Evidently's): the share of drifted features that raises a drift alert """
    prediction: PlanMonitorPrediction | Unset = UNSET
    """ Thresholds for the drift of the predicted labels against the training target """
    quality: PlanMonitorQuality | Unset = UNSET
    """ Bounds on quality from late labels """
    health: PlanMonitorHealth | Unset = UNSET
    """ Bounds on serving health """
    alerts: PlanMonitorAlerts | Unset = UNSET
    """ Where alerts are sent """

    def to_dict(self) -> dict[str, Any]:
        from ..models.plan_monitor_window_type_1 import PlanMonitorWindowType1

        monitor = self.monitor

        window: dict[str, Any] | str
        if isinstance(self.window, PlanMonitorWindowType1):
            window = self.window.to_dict()
        else:
            window = self.window

        description = self.description

        features: dict[str, Any] | Unset = UNSET
        if not isinstance(self.features, Unset):
            features = self.features.to_dict()

        drift: dict[str, Any] | Unset = UNSET
        if not isinstance(self.drift, Unset):
            drift = self.drift.to_dict()

        prediction: dict[str, Any] | Unset = UNSET
        if not isinstance(self.prediction, Unset):
            prediction = self.prediction.to_dict()

        quality: dict[str, Any] | Unset = UNSET
        if not isinstance(self.quality, Unset):
            quality = self.quality.to_dict()

        health: dict[str, Any] | Unset = UNSET
        if not isinstance(self.health, Unset):
            health = self.health.to_dict()

        alerts: dict[str, Any] | Unset = UNSET
        if not isinstance(self.alerts, Unset):
            alerts = self.alerts.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "monitor": monitor,
                "window": window,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if features is not UNSET:
            field_dict["features"] = features
        if drift is not UNSET:
            field_dict["drift"] = drift
        if prediction is not UNSET:
            field_dict["prediction"] = prediction
        if quality is not UNSET:
            field_dict["quality"] = quality
        if health is not UNSET:
            field_dict["health"] = health
        if alerts is not UNSET:
            field_dict["alerts"] = alerts

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.plan_monitor_alerts import PlanMonitorAlerts
        from ..models.plan_monitor_drift import PlanMonitorDrift
        from ..models.plan_monitor_features import PlanMonitorFeatures
        from ..models.plan_monitor_health import PlanMonitorHealth
        from ..models.plan_monitor_prediction import PlanMonitorPrediction
        from ..models.plan_monitor_quality import PlanMonitorQuality
        from ..models.plan_monitor_window_type_1 import PlanMonitorWindowType1

        d = dict(src_dict)
        monitor = d.pop("monitor")

        def _parse_window(data: object) -> PlanMonitorWindowType1 | str:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                window_type_1 = PlanMonitorWindowType1.from_dict(data)

                return window_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(PlanMonitorWindowType1 | str, data)

        window = _parse_window(d.pop("window"))

        description = d.pop("description", UNSET)

        _features = d.pop("features", UNSET)
        features: PlanMonitorFeatures | Unset
        if isinstance(_features, Unset):
            features = UNSET
        else:
            features = PlanMonitorFeatures.from_dict(_features)

        _drift = d.pop("drift", UNSET)
        drift: PlanMonitorDrift | Unset
        if isinstance(_drift, Unset):
            drift = UNSET
        else:
            drift = PlanMonitorDrift.from_dict(_drift)

        _prediction = d.pop("prediction", UNSET)
        prediction: PlanMonitorPrediction | Unset
        if isinstance(_prediction, Unset):
            prediction = UNSET
        else:
            prediction = PlanMonitorPrediction.from_dict(_prediction)

        _quality = d.pop("quality", UNSET)
        quality: PlanMonitorQuality | Unset
        if isinstance(_quality, Unset):
            quality = UNSET
        else:
            quality = PlanMonitorQuality.from_dict(_quality)

        _health = d.pop("health", UNSET)
        health: PlanMonitorHealth | Unset
        if isinstance(_health, Unset):
            health = UNSET
        else:
            health = PlanMonitorHealth.from_dict(_health)

        _alerts = d.pop("alerts", UNSET)
        alerts: PlanMonitorAlerts | Unset
        if isinstance(_alerts, Unset):
            alerts = UNSET
        else:
            alerts = PlanMonitorAlerts.from_dict(_alerts)

        plan_monitor = cls(
            monitor=monitor,
            window=window,
            description=description,
            features=features,
            drift=drift,
            prediction=prediction,
            quality=quality,
            health=health,
            alerts=alerts,
        )

        return plan_monitor
