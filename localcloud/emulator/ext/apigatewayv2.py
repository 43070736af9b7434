"""An HTTP API stage's route settings after its creation, which moto 5.2 cannot change.

moto keeps DefaultRouteSettings and RouteSettings from CreateStage, but has neither UpdateStage
(PATCH /v2/apis/<api>/stages/<stage>) nor DeleteRouteSettings (DELETE .../routesettings/<key>):
the AWS provider calls them when a stage's throttling changes (modules/http_api's
route_throttling), so the second apply of a changed environment failed. Both as on AWS: settings
for a route key the API does not have are refused with 404 "Unable to find Route by key ... within
the provided RouteSettings" (CreateStage too, so a stage created before its routes fails here as it
does on AWS); UpdateStage replaces the settings of each route key it names and keeps the others;
a stage variable set to "" is removed.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote

from moto.apigatewayv2 import models, responses, urls
from moto.apigatewayv2.exceptions import APIGatewayV2Error
from moto.core.utils import utcnow

_INSTALLED = False
_original_create_stage = models.Api.create_stage


class RouteKeyNotFound(APIGatewayV2Error):
    code = 404

    def __init__(self, route_key: str) -> None:
        super().__init__(
            "NotFoundException",
            f"Unable to find Route by key {route_key} within the provided RouteSettings",
        )


class RouteSettingsNotFound(APIGatewayV2Error):
    code = 404

    def __init__(self, route_key: str) -> None:
        super().__init__("NotFoundException", f"No route settings for route key {route_key}")


def _check_route_keys(api: models.Api, route_settings: dict[str, Any]) -> None:
    known = {route.route_key for route in api.routes.values()}
    for key in route_settings:
        if key not in known:
            raise RouteKeyNotFound(key)


def _create_stage(self: models.Api, config: dict[str, Any]) -> models.Stage:
    _check_route_keys(self, config.get("routeSettings") or {})
    return _original_create_stage(self, config)


def _stage_path(path: str) -> tuple[str, str]:
    parts = path.split("/")  # /v2/apis/<api>/stages/<stage>[/routesettings/<key>]
    return parts[3], unquote(parts[5])


def update_stage(self: responses.ApiGatewayV2Response) -> tuple[int, dict[str, Any], str]:
    api_id, stage_name = _stage_path(self.path)
    api = self.apigatewayv2_backend.get_api(api_id)
    stage = api.get_stage(stage_name)
    params = json.loads(self.body or "{}")
    _check_route_keys(api, params.get("routeSettings") or {})
    if "defaultRouteSettings" in params:
        stage.default_route_settings = {
            **stage.default_route_settings,
            **params["defaultRouteSettings"],
        }
    stage.route_settings = {**stage.route_settings, **(params.get("routeSettings") or {})}
    variables = {**stage.stage_variables, **(params.get("stageVariables") or {})}
    stage.stage_variables = {name: value for name, value in variables.items() if value != ""}
    for key, attribute in (
        ("accessLogSettings", "access_log_settings"),
        ("autoDeploy", "auto_deploy"),
        ("clientCertificateId", "client_certificate_id"),
        ("description", "description"),
    ):
        if key in params:
            setattr(stage, attribute, params[key])
    stage.updated = utcnow()
    return 200, {}, json.dumps(stage.to_json())


def delete_route_settings(self: responses.ApiGatewayV2Response) -> tuple[int, dict[str, Any], str]:
    api_id, stage_name = _stage_path(self.path)
    # The key's slashes arrive decoded ("POST /api/x"): all after routesettings/ is the key.
    route_key = unquote(self.path.split("/routesettings/", 1)[1])
    stage = self.apigatewayv2_backend.get_api(api_id).get_stage(stage_name)
    if route_key not in stage.route_settings:
        raise RouteSettingsNotFound(route_key)
    stage.route_settings = {k: v for k, v in stage.route_settings.items() if k != route_key}
    stage.updated = utcnow()
    return 204, {}, ""


def install() -> None:
    global _INSTALLED
    if _INSTALLED:
        return
    urls.url_paths[
        "{0}/v2/apis/(?P<api_id>[^/]+)/stages/(?P<stage_name>[^/]+)/routesettings/(?P<route_key>.+)$"
    ] = responses.ApiGatewayV2Response.dispatch
    responses.ApiGatewayV2Response.update_stage = update_stage  # type: ignore[attr-defined]
    responses.ApiGatewayV2Response.delete_route_settings = delete_route_settings  # type: ignore[attr-defined]
    models.Api.create_stage = _create_stage  # type: ignore[method-assign]
    _INSTALLED = True
