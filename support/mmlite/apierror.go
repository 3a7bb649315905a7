package mmlite

import (
	"encoding/json"
	"net/http"
)

// apiError is the JSON error body of the Mattermost REST API.
type apiError struct {
	ID            string `json:"id"`
	Message       string `json:"message"`
	DetailedError string `json:"detailed_error"`
	RequestID     string `json:"request_id"`
	StatusCode    int    `json:"status_code"`
}

func newAPIError(status int, id, message string) *apiError {
	return &apiError{ID: id, Message: message, StatusCode: status}
}

var (
	errSessionExpired = func() *apiError {
		return newAPIError(http.StatusUnauthorized, "api.context.session_expired.app_error",
			"Invalid or expired session, please login again.")
	}
	errInvalidCredentials = func() *apiError {
		return newAPIError(http.StatusUnauthorized, "api.user.login.invalid_credentials_email_username",
			"Enter a valid email or username and/or password.")
	}
	errPermission = func() *apiError {
		return newAPIError(http.StatusForbidden, "api.context.permissions.app_error",
			"You do not have the appropriate permissions.")
	}
	errNotFound = func() *apiError {
		return newAPIError(http.StatusNotFound, "api.context.404.app_error",
			"Sorry, we could not find the page.")
	}
	errBadJSON = func() *apiError {
		return newAPIError(http.StatusBadRequest, "api.context.invalid_body_param.app_error",
			"Invalid or missing body in request body.")
	}
)

func errInvalidParam(name string) *apiError {
	return newAPIError(http.StatusBadRequest, "api.context.invalid_body_param.app_error",
		"Invalid or missing "+name+" in request body.")
}

func errInvalidURLParam(name string) *apiError {
	return newAPIError(http.StatusBadRequest, "api.context.invalid_url_param.app_error",
		"Invalid or missing "+name+" parameter in request URL.")
}

func writeJSON(w http.ResponseWriter, status int, value any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(value)
}

func writeOK(w http.ResponseWriter) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "OK"})
}

func (s *Server) writeError(w http.ResponseWriter, r *http.Request, e *apiError) {
	e.RequestID = w.Header().Get("X-Request-Id")
	if e.StatusCode >= 500 {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "status", e.StatusCode, "error_id", e.ID)
	} else {
		s.log.Debug("request rejected", "method", r.Method, "path", r.URL.Path, "status", e.StatusCode, "error_id", e.ID)
	}
	writeJSON(w, e.StatusCode, e)
}
