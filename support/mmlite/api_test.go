package mmlite

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	testAdmin    = "admin"
	testPassword = "adminpass1"
	userPassword = "userpass12"
)

// harness is an mmlite server behind httptest with an admin token.
type harness struct {
	t          *testing.T
	server     *Server
	http       *httptest.Server
	adminToken string
}

func newHarness(t *testing.T, faults ...string) *harness {
	t.Helper()
	s, err := New(Options{AdminUsername: testAdmin, AdminPassword: testPassword, Faults: faults})
	require.NoError(t, err)
	h := &harness{t: t, server: s, http: newTestServer(t, s)}
	h.adminToken = h.login(testAdmin, testPassword, "", "").Header.Get("Token")
	require.NotEmpty(t, h.adminToken)
	return h
}

type request struct {
	method    string
	path      string
	body      any
	token     string
	userAgent string
	headers   map[string]string
	cookies   []*http.Cookie
}

func (h *harness) do(r request) *http.Response {
	h.t.Helper()
	var body io.Reader
	switch b := r.body.(type) {
	case nil:
	case string:
		body = strings.NewReader(b)
	default:
		data, err := json.Marshal(b)
		require.NoError(h.t, err)
		body = bytes.NewReader(data)
	}
	req, err := http.NewRequest(r.method, h.http.URL+r.path, body)
	require.NoError(h.t, err)
	if r.token != "" {
		req.Header.Set("Authorization", "Bearer "+r.token)
	}
	if r.userAgent != "" {
		req.Header.Set("User-Agent", r.userAgent)
	}
	for k, v := range r.headers {
		req.Header.Set(k, v)
	}
	for _, c := range r.cookies {
		req.AddCookie(c)
	}
	resp, err := h.http.Client().Do(req)
	require.NoError(h.t, err)
	h.t.Cleanup(func() { _ = resp.Body.Close() })
	return resp
}

// newTestServer serves s through httptest until the test ends.
func newTestServer(t *testing.T, s *Server) *httptest.Server {
	t.Helper()
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(func() {
		_ = s.Close()
		ts.Close()
	})
	return ts
}

func (h *harness) login(loginID, password, userAgent, deviceID string, headers ...string) *http.Response {
	h.t.Helper()
	hdr := map[string]string{}
	for i := 0; i+1 < len(headers); i += 2 {
		hdr[headers[i]] = headers[i+1]
	}
	return h.do(request{
		method: "POST", path: "/api/v4/users/login", userAgent: userAgent, headers: hdr,
		body: map[string]string{"login_id": loginID, "password": password, "device_id": deviceID},
	})
}

func (h *harness) loginToken(loginID, userAgent, deviceID string) string {
	h.t.Helper()
	resp := h.login(loginID, userPassword, userAgent, deviceID)
	require.Equal(h.t, http.StatusOK, resp.StatusCode)
	return resp.Header.Get("Token")
}

func decode[T any](t *testing.T, resp *http.Response) T {
	t.Helper()
	var v T
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&v))
	return v
}

// createUser creates a user with userPassword and returns its id.
func (h *harness) createUser(username string) string {
	h.t.Helper()
	resp := h.do(request{method: "POST", path: "/api/v4/users", token: h.adminToken,
		body: map[string]string{"username": username, "email": username + "@example.com", "password": userPassword}})
	require.Equal(h.t, http.StatusCreated, resp.StatusCode)
	return decode[userJSON](h.t, resp).ID
}

func (h *harness) sessions(token, userID string) []sessionJSON {
	h.t.Helper()
	resp := h.do(request{method: "GET", path: "/api/v4/users/" + userID + "/sessions", token: token})
	require.Equal(h.t, http.StatusOK, resp.StatusCode)
	return decode[[]sessionJSON](h.t, resp)
}

func (h *harness) status(r request) int {
	h.t.Helper()
	return h.do(r).StatusCode
}

func cookieByName(resp *http.Response, name string) *http.Cookie {
	for _, c := range resp.Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func TestPing(t *testing.T) {
	h := newHarness(t)
	resp := h.do(request{method: "GET", path: "/api/v4/system/ping"})
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Regexp(t, `^11\.0\.3\.11\.0\.3\.[0-9a-f]{32}\.false$`, resp.Header.Get("X-Version-Id"))
	body := decode[map[string]any](t, resp)
	assert.Equal(t, "OK", body["status"])
}

func TestVersionHeaderOnEveryResponse(t *testing.T) {
	h := newHarness(t)
	for _, path := range []string{"/api/v4/users/me", "/api/v4/nothing", "/login", "/static/app.js"} {
		resp := h.do(request{method: "GET", path: path})
		assert.NotEmpty(t, resp.Header.Get("X-Version-Id"), path)
	}
}

func TestLoginCookies(t *testing.T) {
	tests := []struct {
		name        string
		headers     []string
		wantCookies bool
	}{
		{"without XHR header", nil, false},
		{"with XHR header", []string{"X-Requested-With", "XMLHttpRequest"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			resp := h.login(testAdmin, testPassword, uaMacChrome, "", tt.headers...)
			require.Equal(t, http.StatusOK, resp.StatusCode)
			token := resp.Header.Get("Token")
			assert.Len(t, token, 26)
			user := decode[userJSON](t, resp)
			assert.Equal(t, testAdmin, user.Username)
			if !tt.wantCookies {
				assert.Empty(t, resp.Cookies())
				return
			}
			auth := cookieByName(resp, cookieToken)
			require.NotNil(t, auth)
			assert.Equal(t, token, auth.Value)
			assert.True(t, auth.HttpOnly, "MMAUTHTOKEN is HttpOnly")
			assert.Equal(t, "/", auth.Path)
			assert.Equal(t, 180*24*3600, auth.MaxAge)
			userID := cookieByName(resp, cookieUserID)
			require.NotNil(t, userID)
			assert.Equal(t, user.ID, userID.Value)
			assert.False(t, userID.HttpOnly)
			csrf := cookieByName(resp, cookieCSRF)
			require.NotNil(t, csrf)
			assert.Len(t, csrf.Value, 26)
			assert.False(t, csrf.Secure)
		})
	}
}

func TestLoginErrors(t *testing.T) {
	tests := []struct {
		name       string
		body       any
		wantStatus int
		wantID     string
	}{
		{"wrong password", map[string]string{"login_id": testAdmin, "password": "wrong"}, 401, "api.user.login.invalid_credentials_email_username"},
		{"unknown user", map[string]string{"login_id": "nobody", "password": "wrong"}, 401, "api.user.login.invalid_credentials_email_username"},
		{"bad JSON", "{not json", 400, "api.context.invalid_body_param.app_error"},
		{"blank password", map[string]string{"login_id": testAdmin}, 400, "api.user.login.blank_pwd.app_error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			resp := h.do(request{method: "POST", path: "/api/v4/users/login", body: tt.body})
			assert.Equal(t, tt.wantStatus, resp.StatusCode)
			e := decode[apiError](t, resp)
			assert.Equal(t, tt.wantID, e.ID)
			assert.Equal(t, tt.wantStatus, e.StatusCode)
			assert.NotEmpty(t, e.Message)
			assert.NotEmpty(t, e.RequestID)
		})
	}
}

func TestLoginByEmailIgnoresCase(t *testing.T) {
	h := newHarness(t)
	h.createUser("alice")
	resp := h.login("ALICE@example.com", userPassword, "", "")
	assert.Equal(t, http.StatusOK, resp.StatusCode)
}

func TestSessionProps(t *testing.T) {
	h := newHarness(t)
	userID := h.createUser("alice")
	token := h.loginToken("alice", uaMobileIPhone, deviceIPhoneApp)
	list := h.sessions(token, userID)
	require.Len(t, list, 1)
	s := list[0]
	assert.Empty(t, s.Token, "token is not listed")
	assert.Equal(t, deviceIPhoneApp, s.DeviceID)
	assert.Equal(t, userID, s.UserID)
	assert.Equal(t, "system_user", s.Roles)
	assert.Equal(t, "iPhone", s.Props["platform"])
	assert.Equal(t, "iOS", s.Props["os"])
	assert.Equal(t, "Mobile App/2.22.0+581", s.Props["browser"])
	assert.Equal(t, "true", s.Props["isMobile"])
	assert.Equal(t, "false", s.Props["isOAuthUser"])
	assert.Equal(t, "false", s.Props["isSaml"])
	assert.Equal(t, "false", s.Props["is_guest"])
	assert.NotContains(t, s.Props, "csrf", "CSRF token is not listed")
	assert.Regexp(t, `^[a-z0-9]{26}$`, s.ID)
	assert.InDelta(t, time.Now().UnixMilli(), s.CreateAt, 5000)
	assert.Greater(t, s.ExpiresAt, s.CreateAt)
	assert.GreaterOrEqual(t, s.LastActivityAt, s.CreateAt)
}

func TestSessionsHideAccessTokens(t *testing.T) {
	h := newHarness(t)
	userID := h.createUser("alice")
	token := h.loginToken("alice", uaMacChrome, "")
	h.loginToken("alice", uaWindowsChrome, "")
	h.server.store.mu.Lock()
	for _, s := range h.server.store.sessions {
		if s.UserID == userID && s.Props["platform"] == "Windows" {
			s.Props["type"] = propTypeAccessToken
		}
	}
	h.server.store.mu.Unlock()
	list := h.sessions(token, userID)
	require.Len(t, list, 1)
	assert.Equal(t, "Macintosh", list[0].Props["platform"])
}

func TestSessionsMostRecentlyActiveFirst(t *testing.T) {
	h := newHarness(t)
	userID := h.createUser("alice")
	older := h.loginToken("alice", uaWindowsChrome, "")
	time.Sleep(5 * time.Millisecond)
	h.loginToken("alice", uaMacChrome, "")
	time.Sleep(5 * time.Millisecond)
	list := h.sessions(older, userID) // this request makes the older session the most active
	require.Len(t, list, 2)
	assert.Equal(t, "Windows", list[0].Props["platform"])
	assert.Equal(t, "Macintosh", list[1].Props["platform"])
}

func TestDeviceLoginRevokesSameDevice(t *testing.T) {
	h := newHarness(t)
	userID := h.createUser("alice")
	first := h.loginToken("alice", uaMobileIPhone, deviceIPhoneApp)
	other := h.loginToken("alice", uaMobileAndroid, deviceAndroidApp)
	second := h.loginToken("alice", uaMobileIPhone, deviceIPhoneApp)

	assert.Equal(t, http.StatusUnauthorized, h.status(request{method: "GET", path: "/api/v4/users/me", token: first}), "first token")
	assert.Equal(t, http.StatusOK, h.status(request{method: "GET", path: "/api/v4/users/me", token: second}), "second token")
	assert.Equal(t, http.StatusOK, h.status(request{method: "GET", path: "/api/v4/users/me", token: other}), "other device")
	assert.Len(t, h.sessions(second, userID), 2)
}

func TestAttachDevice(t *testing.T) {
	h := newHarness(t)
	userID := h.createUser("alice")
	earlier := h.loginToken("alice", uaMobileAndroid, deviceAndroidOld)
	token := h.loginToken("alice", uaMobileAndroid, "")
	resp := h.do(request{method: "PUT", path: "/api/v4/users/sessions/device", token: token,
		body: map[string]string{"device_id": deviceAndroidOld}})
	require.Equal(t, http.StatusOK, resp.StatusCode)

	assert.Equal(t, http.StatusUnauthorized, h.status(request{method: "GET", path: "/api/v4/users/me", token: earlier}))
	list := h.sessions(token, userID)
	require.Len(t, list, 1)
	assert.Equal(t, deviceAndroidOld, list[0].DeviceID)
	assert.Equal(t, "true", list[0].Props["isMobile"])
	assert.Equal(t, "Android Native Classic App", Label(list[0].DeviceID, SessionProps{
		Platform: list[0].Props["platform"], OS: list[0].Props["os"], Browser: list[0].Props["browser"],
	}))
}

func TestCSRFRule(t *testing.T) {
	tests := []struct {
		name       string
		headers    func(csrf string) map[string]string
		wantStatus int
	}{
		{"neither token nor XHR", func(string) map[string]string { return nil }, http.StatusUnauthorized},
		{"wrong token", func(string) map[string]string { return map[string]string{"X-CSRF-Token": "wrong"} }, http.StatusUnauthorized},
		{"XHR without token", func(string) map[string]string {
			return map[string]string{"X-Requested-With": "XMLHttpRequest"}
		}, http.StatusOK},
		{"matching token", func(csrf string) map[string]string { return map[string]string{"X-CSRF-Token": csrf} }, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			userID := h.createUser("alice")
			resp := h.login("alice", userPassword, uaMacChrome, "", "X-Requested-With", "XMLHttpRequest")
			require.Equal(t, http.StatusOK, resp.StatusCode)
			cookies := resp.Cookies()
			csrf := cookieByName(resp, cookieCSRF).Value

			got := h.do(request{method: "POST", path: "/api/v4/users/" + userID + "/sessions/revoke/all",
				cookies: cookies, headers: tt.headers(csrf)})
			assert.Equal(t, tt.wantStatus, got.StatusCode)
			if tt.wantStatus == http.StatusUnauthorized {
				assert.Equal(t, "api.context.session_expired.app_error", decode[apiError](t, got).ID)
			}
		})
	}
}

func TestCookieAuthForReads(t *testing.T) {
	h := newHarness(t)
	h.createUser("alice")
	resp := h.login("alice", userPassword, uaMacChrome, "", "X-Requested-With", "XMLHttpRequest")
	me := h.do(request{method: "GET", path: "/api/v4/users/me", cookies: resp.Cookies()})
	assert.Equal(t, http.StatusOK, me.StatusCode)
	assert.Equal(t, "alice", decode[userJSON](t, me).Username)
}

func TestRevokeSession(t *testing.T) {
	h := newHarness(t)
	userID := h.createUser("alice")
	web := h.loginToken("alice", uaMacChrome, "")
	phone := h.loginToken("alice", uaMobileIPhone, deviceIPhoneApp)
	list := h.sessions(web, userID)
	require.Len(t, list, 2)
	var phoneID string
	for _, s := range list {
		if s.DeviceID == deviceIPhoneApp {
			phoneID = s.ID
		}
	}
	require.NotEmpty(t, phoneID)

	resp := h.do(request{method: "POST", path: "/api/v4/users/" + userID + "/sessions/revoke", token: web,
		body: map[string]string{"session_id": phoneID}})
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "OK", decode[map[string]string](t, resp)["status"])
	assert.Equal(t, http.StatusUnauthorized, h.status(request{method: "GET", path: "/api/v4/users/me", token: phone}))
	assert.Len(t, h.sessions(web, userID), 1)

	again := h.do(request{method: "POST", path: "/api/v4/users/" + userID + "/sessions/revoke", token: web,
		body: map[string]string{"session_id": phoneID}})
	assert.Equal(t, http.StatusBadRequest, again.StatusCode, "already revoked")
	missing := h.do(request{method: "POST", path: "/api/v4/users/" + userID + "/sessions/revoke", token: web,
		body: map[string]string{}})
	assert.Equal(t, http.StatusBadRequest, missing.StatusCode, "missing session_id")
}

func TestRevokeOwnSessionEndsIt(t *testing.T) {
	h := newHarness(t)
	userID := h.createUser("alice")
	token := h.loginToken("alice", uaMacChrome, "")
	own := h.sessions(token, userID)[0].ID
	resp := h.do(request{method: "POST", path: "/api/v4/users/" + userID + "/sessions/revoke", token: token,
		body: map[string]string{"session_id": own}})
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, http.StatusUnauthorized, h.status(request{method: "GET", path: "/api/v4/users/" + userID + "/sessions", token: token}))
}

func TestRevokeAll(t *testing.T) {
	h := newHarness(t)
	userID := h.createUser("alice")
	a := h.loginToken("alice", uaMacChrome, "")
	b := h.loginToken("alice", uaWindowsChrome, "")
	resp := h.do(request{method: "POST", path: "/api/v4/users/" + userID + "/sessions/revoke/all", token: h.adminToken})
	require.Equal(t, http.StatusOK, resp.StatusCode)
	for _, token := range []string{a, b} {
		assert.Equal(t, http.StatusUnauthorized, h.status(request{method: "GET", path: "/api/v4/users/me", token: token}))
	}
	assert.Equal(t, http.StatusOK, h.status(request{method: "GET", path: "/api/v4/users/me", token: h.adminToken}), "admin keeps its session")
}

func TestLogout(t *testing.T) {
	h := newHarness(t)
	h.createUser("alice")
	resp := h.login("alice", userPassword, uaMacChrome, "", "X-Requested-With", "XMLHttpRequest")
	cookies := resp.Cookies()
	out := h.do(request{method: "POST", path: "/api/v4/users/logout", cookies: cookies,
		headers: map[string]string{"X-Requested-With": "XMLHttpRequest"}})
	require.Equal(t, http.StatusOK, out.StatusCode)
	cleared := cookieByName(out, cookieToken)
	require.NotNil(t, cleared)
	assert.Negative(t, cleared.MaxAge, "cookie cleared")

	me := h.do(request{method: "GET", path: "/api/v4/users/me", cookies: cookies})
	assert.Equal(t, http.StatusUnauthorized, me.StatusCode)
	assert.Equal(t, "api.context.session_expired.app_error", decode[apiError](t, me).ID)
	assert.NotNil(t, cookieByName(me, cookieToken), "a stale cookie is cleared")
}

func TestPermissions(t *testing.T) {
	h := newHarness(t)
	aliceID := h.createUser("alice")
	bobID := h.createUser("bob")
	alice := h.loginToken("alice", uaMacChrome, "")

	tests := []struct {
		name       string
		req        request
		wantStatus int
	}{
		{"no token", request{method: "GET", path: "/api/v4/users/me"}, 401},
		{"bad token", request{method: "GET", path: "/api/v4/users/me", token: "notatoken"}, 401},
		{"user creates user", request{method: "POST", path: "/api/v4/users", token: alice,
			body: map[string]string{"username": "carol", "email": "carol@example.com", "password": userPassword}}, 403},
		{"user lists another's sessions", request{method: "GET", path: "/api/v4/users/" + bobID + "/sessions", token: alice}, 403},
		{"user revokes another's sessions", request{method: "POST", path: "/api/v4/users/" + bobID + "/sessions/revoke/all", token: alice}, 403},
		{"user deletes another", request{method: "DELETE", path: "/api/v4/users/" + bobID, token: alice}, 403},
		{"user deletes self permanently", request{method: "DELETE", path: "/api/v4/users/" + aliceID + "?permanent=true", token: alice}, 403},
		{"admin lists user's sessions", request{method: "GET", path: "/api/v4/users/" + aliceID + "/sessions", token: h.adminToken}, 200},
		{"user reads another user", request{method: "GET", path: "/api/v4/users/" + bobID, token: alice}, 200},
		{"invalid user id", request{method: "GET", path: "/api/v4/users/not-an-id/sessions", token: alice}, 400},
		{"unknown user", request{method: "GET", path: "/api/v4/users/" + newID(), token: h.adminToken}, 404},
		{"wrong method", request{method: "PUT", path: "/api/v4/users/me/sessions", token: alice}, 405},
		{"unknown route", request{method: "GET", path: "/api/v4/nothing/here", token: alice}, 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := h.do(tt.req)
			assert.Equal(t, tt.wantStatus, resp.StatusCode)
			if tt.wantStatus >= 400 {
				e := decode[apiError](t, resp)
				assert.Equal(t, tt.wantStatus, e.StatusCode)
				assert.NotEmpty(t, e.ID)
			}
		})
	}
}

func TestCreateUserValidation(t *testing.T) {
	h := newHarness(t)
	h.createUser("alice")
	tests := []struct {
		name   string
		body   map[string]string
		wantID string
	}{
		{"duplicate username", map[string]string{"username": "alice", "email": "other@example.com", "password": userPassword}, "app.user.save.username_exists.app_error"},
		{"duplicate email", map[string]string{"username": "other", "email": "alice@example.com", "password": userPassword}, "app.user.save.email_exists.app_error"},
		{"invalid username", map[string]string{"username": "a", "email": "a@example.com", "password": userPassword}, "model.user.is_valid.username.app_error"},
		{"invalid email", map[string]string{"username": "dave", "email": "dave", "password": userPassword}, "model.user.is_valid.email.app_error"},
		{"short password", map[string]string{"username": "dave", "email": "dave@example.com", "password": "short"}, "model.user.is_valid.pwd_length.app_error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := h.do(request{method: "POST", path: "/api/v4/users", token: h.adminToken, body: tt.body})
			assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
			assert.Equal(t, tt.wantID, decode[apiError](t, resp).ID)
		})
	}
}

func TestTeams(t *testing.T) {
	h := newHarness(t)
	aliceID := h.createUser("alice")
	alice := h.loginToken("alice", uaMacChrome, "")

	resp := h.do(request{method: "POST", path: "/api/v4/teams", token: h.adminToken,
		body: map[string]string{"name": "spec-team", "display_name": "Spec Team", "type": "O"}})
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	team := decode[teamJSON](t, resp)
	assert.Equal(t, "spec-team", team.Name)
	assert.Len(t, team.ID, 26)

	dup := h.do(request{method: "POST", path: "/api/v4/teams", token: h.adminToken,
		body: map[string]string{"name": "spec-team", "display_name": "Again", "type": "O"}})
	assert.Equal(t, http.StatusBadRequest, dup.StatusCode, "duplicate name")

	teams := decode[[]teamJSON](t, h.do(request{method: "GET", path: "/api/v4/users/me/teams", token: alice}))
	assert.Empty(t, teams, "not a member yet")

	add := h.do(request{method: "POST", path: "/api/v4/teams/" + team.ID + "/members", token: h.adminToken,
		body: map[string]string{"team_id": team.ID, "user_id": aliceID}})
	require.Equal(t, http.StatusCreated, add.StatusCode)
	member := decode[teamMemberJSON](t, add)
	assert.Equal(t, aliceID, member.UserID)

	teams = decode[[]teamJSON](t, h.do(request{method: "GET", path: "/api/v4/users/me/teams", token: alice}))
	require.Len(t, teams, 1)
	assert.Equal(t, "spec-team", teams[0].Name)
	assert.Equal(t, http.StatusOK, h.status(request{method: "GET", path: "/api/v4/teams/" + team.ID, token: alice}))
	assert.Equal(t, http.StatusForbidden, h.status(request{method: "DELETE", path: "/api/v4/teams/" + team.ID, token: alice}))

	require.Equal(t, http.StatusOK, h.status(request{method: "DELETE", path: "/api/v4/teams/" + team.ID, token: h.adminToken}))
	archived := decode[teamJSON](t, h.do(request{method: "GET", path: "/api/v4/teams/" + team.ID, token: h.adminToken}))
	assert.NotZero(t, archived.DeleteAt, "archived")
	teams = decode[[]teamJSON](t, h.do(request{method: "GET", path: "/api/v4/users/" + aliceID + "/teams", token: alice}))
	assert.Empty(t, teams, "archived teams are not listed")
}

func TestDeleteUser(t *testing.T) {
	tests := []struct {
		name      string
		permanent bool
	}{
		{"deactivate", false},
		{"permanent", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			userID := h.createUser("alice")
			token := h.loginToken("alice", uaMacChrome, "")
			path := "/api/v4/users/" + userID
			if tt.permanent {
				path += "?permanent=true"
			}
			require.Equal(t, http.StatusOK, h.status(request{method: "DELETE", path: path, token: h.adminToken}))
			assert.Equal(t, http.StatusUnauthorized, h.status(request{method: "GET", path: "/api/v4/users/me", token: token}))
			login := h.login("alice", userPassword, "", "")
			assert.Equal(t, http.StatusUnauthorized, login.StatusCode)
			get := h.do(request{method: "GET", path: "/api/v4/users/" + userID, token: h.adminToken})
			if tt.permanent {
				assert.Equal(t, http.StatusNotFound, get.StatusCode)
			} else {
				assert.NotZero(t, decode[userJSON](t, get).DeleteAt)
			}
		})
	}
}

func TestServerFaults(t *testing.T) {
	t.Run("revoke-ignored", func(t *testing.T) {
		h := newHarness(t, "revoke-ignored")
		userID := h.createUser("alice")
		token := h.loginToken("alice", uaMacChrome, "")
		own := h.sessions(token, userID)[0].ID
		resp := h.do(request{method: "POST", path: "/api/v4/users/" + userID + "/sessions/revoke", token: token,
			body: map[string]string{"session_id": own}})
		assert.Equal(t, http.StatusOK, resp.StatusCode)
		assert.Len(t, h.sessions(token, userID), 1, "session kept")
	})
	t.Run("login-fails-after-logout", func(t *testing.T) {
		h := newHarness(t, "login-fails-after-logout")
		h.createUser("alice")
		token := h.loginToken("alice", uaMacChrome, "")
		h.loginToken("alice", uaMacChrome, "") // logins work until a logout
		require.Equal(t, http.StatusOK, h.status(request{method: "POST", path: "/api/v4/users/logout", token: token}))
		resp := h.login("alice", userPassword, uaMacChrome, "")
		assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
		assert.Equal(t, "api.user.login.invalid_credentials_email_username", decode[apiError](t, resp).ID)

		require.Equal(t, http.StatusOK, h.status(request{method: "POST", path: "/api/v4/users/logout", token: h.adminToken}))
		admin := h.login(testAdmin, testPassword, "", "")
		assert.Equal(t, http.StatusOK, admin.StatusCode, "system admins can log back in")
	})
	t.Run("sessions-500", func(t *testing.T) {
		h := newHarness(t, "sessions-500")
		userID := h.createUser("alice")
		login := h.login("alice", userPassword, uaMacChrome, "", "X-Requested-With", "XMLHttpRequest")
		resp := h.do(request{method: "GET", path: "/api/v4/users/" + userID + "/sessions", cookies: login.Cookies()})
		assert.Equal(t, http.StatusInternalServerError, resp.StatusCode, "web app request")
		assert.Equal(t, 500, decode[apiError](t, resp).StatusCode)
		assert.Len(t, h.sessions(h.adminToken, userID), 1, "API clients are not affected")
	})
	t.Run("mobile-app-labelled-as-desktop-app", func(t *testing.T) {
		h := newHarness(t, "mobile-app-labelled-as-desktop-app")
		userID := h.createUser("alice")
		token := h.loginToken("alice", uaMobileIPhone, deviceIPhoneApp)
		assert.Equal(t, "Desktop App/2.22.0+581", h.sessions(token, userID)[0].Props["browser"])
	})
}

func TestSessionsHangEndsWithClient(t *testing.T) {
	h := newHarness(t, "sessions-hang")
	userID := h.createUser("alice")
	login := h.login("alice", userPassword, uaMacChrome, "", "X-Requested-With", "XMLHttpRequest")
	assert.Len(t, h.sessions(h.adminToken, userID), 1, "API clients are not affected")

	client := &http.Client{Timeout: 200 * time.Millisecond}
	req, err := http.NewRequest("GET", h.http.URL+"/api/v4/users/"+userID+"/sessions", nil)
	require.NoError(t, err)
	for _, c := range login.Cookies() {
		req.AddCookie(c)
	}
	start := time.Now()
	_, err = client.Do(req)
	require.Error(t, err, "the request never gets an answer")
	assert.Less(t, time.Since(start), 2*time.Second)

	// httptest.Server.Close blocks until every handler has returned, so it
	// ends only if the hanging handler saw the client go away.
	closed := make(chan struct{})
	go func() {
		h.http.Close()
		close(closed)
	}()
	select {
	case <-closed:
	case <-time.After(2 * time.Second):
		t.Fatal("the sessions handler still runs after its client went away")
	}
}

func TestLatency(t *testing.T) {
	s, err := New(Options{AdminUsername: testAdmin, AdminPassword: testPassword, Latency: 150 * time.Millisecond})
	require.NoError(t, err)
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	start := time.Now()
	resp, err := http.Get(ts.URL + "/api/v4/system/ping")
	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.GreaterOrEqual(t, time.Since(start), 150*time.Millisecond, "API delayed")
	start = time.Now()
	resp, err = http.Get(ts.URL + "/login")
	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.Less(t, time.Since(start), 150*time.Millisecond, "pages not delayed")
}

func TestStartAndClose(t *testing.T) {
	s, err := New(Options{AdminUsername: testAdmin, AdminPassword: testPassword})
	require.NoError(t, err)
	assert.Empty(t, s.URL(), "no URL before Start")
	require.NoError(t, s.Start("127.0.0.1:0"))
	assert.Regexp(t, `^http://127\.0\.0\.1:\d+$`, s.URL())
	resp, err := http.Get(s.URL() + "/api/v4/system/ping")
	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Error(t, s.Start("127.0.0.1:0"), "second Start")
	require.NoError(t, s.Close())
	assert.NoError(t, s.Close(), "second Close")
	_, err = http.Get(s.URL() + "/api/v4/system/ping")
	assert.Error(t, err, "closed")
}

func TestStartRejectsNonLoopback(t *testing.T) {
	s, err := New(Options{AdminUsername: testAdmin, AdminPassword: testPassword})
	require.NoError(t, err)
	for _, addr := range []string{"0.0.0.0:0", ":0", "192.0.2.1:0", "nonsense"} {
		assert.Error(t, s.Start(addr), addr)
	}
}

func TestCloseEndsHangingRequest(t *testing.T) {
	s, err := New(Options{AdminUsername: testAdmin, AdminPassword: testPassword, Faults: []string{"sessions-hang"}})
	require.NoError(t, err)
	require.NoError(t, s.Start("127.0.0.1:0"))
	login, err := http.NewRequest("POST", s.URL()+"/api/v4/users/login",
		strings.NewReader(`{"login_id":"admin","password":"adminpass1"}`))
	require.NoError(t, err)
	login.Header.Set("X-Requested-With", "XMLHttpRequest")
	resp, err := http.DefaultClient.Do(login)
	require.NoError(t, err)
	_ = resp.Body.Close()
	cookies := resp.Cookies()

	done := make(chan struct{})
	go func() {
		defer close(done)
		req, _ := http.NewRequest("GET", s.URL()+"/api/v4/users/me/sessions", nil)
		for _, c := range cookies {
			req.AddCookie(c)
		}
		if resp, err := http.DefaultClient.Do(req); err == nil {
			_ = resp.Body.Close()
		}
	}()
	select {
	case <-done:
		t.Fatal("the sessions request got a response instead of hanging")
	case <-time.After(100 * time.Millisecond):
	}
	start := time.Now()
	require.NoError(t, s.Close())
	assert.Less(t, time.Since(start), 2*time.Second, "Close does not wait for the hanging request")
	<-done
}
