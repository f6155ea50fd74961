"""The API's errors: JSON, with the parameter at fault named."""

import json

from django.http import HttpResponse


class ApiError(Exception):
    """An answer other than 200, raised anywhere in a request and written by the API."""

    def __init__(self, status, code, message, parameter=None, headers=None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.parameter = parameter
        self.headers = headers or {}


def bad_parameter(parameter, message):
    return ApiError(400, "invalid_parameter", message, parameter=parameter)


def not_found():
    # The same words for what does not exist and what the partner may not see.
    return ApiError(404, "not_found", "No such item.")


def json_error(status, code, message, parameter=None, headers=None):
    error = {"status": status, "code": code, "message": message}
    if parameter is not None:
        error["parameter"] = parameter
    response = HttpResponse(
        json.dumps({"error": error}, ensure_ascii=False),
        status=status,
        content_type="application/json",
    )
    response["Cache-Control"] = "no-store"
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def response_for(error: ApiError):
    return json_error(error.status, error.code, error.message, error.parameter, error.headers)


def not_found_view(request, *args, **kwargs):
    """Any other address under /api/: a JSON 404, not the site's HTML page."""
    return json_error(404, "not_found", "No such address.")
