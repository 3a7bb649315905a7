package mattermost

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	testToken    = "tok-3f9a1c0d8e7b"
	testPassword = "pa55-word-9c1e"
	testCSRF     = "csrf-77aa0bb1"
)

// recorded is one request as the test server received it.
type recorded struct {
	Method string
	Path   string
	Query  string
	Header http.Header
	Body   map[string]any
}

// recorder stores the requests a test server received.
type recorder struct {
	mu       sync.Mutex
	requests []recorded
}

func (r *recorder) record(req *http.Request) {
	data, _ := io.ReadAll(req.Body)
	var body map[string]any
	_ = json.Unmarshal(data, &body)

	r.mu.Lock()
	defer r.mu.Unlock()
	r.requests = append(r.requests, recorded{
		Method: req.Method,
		Path:   req.URL.Path,
		Query:  req.URL.RawQuery,
		Header: req.Header.Clone(),
		Body:   body,
	})
}

func (r *recorder) last(t *testing.T) recorded {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	require.NotEmpty(t, r.requests, "the server received no request")

	return r.requests[len(r.requests)-1]
}

// newServer starts a loopback server that records each request and then
// calls reply.
func newServer(t *testing.T, reply http.HandlerFunc) (*httptest.Server, *recorder) {
	t.Helper()
	rec := &recorder{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		rec.record(req)
		reply(w, req)
	}))
	t.Cleanup(srv.Close)

	return srv, rec
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func newClient(t *testing.T, baseURL string, opts ...Option) *Client {
	t.Helper()
	c, err := New(baseURL, opts...)
	require.NoError(t, err)

	return c
}

func TestNewValidatesBaseURL(t *testing.T) {
	tests := []struct {
		name    string
		baseURL string
		want    string // normalized URL, when valid
		wantErr string
	}{
		{name: "http", baseURL: "http://127.0.0.1:8065", want: "http://127.0.0.1:8065"},
		{name: "https with path", baseURL: "https://chat.example.com/mm/", want: "https://chat.example.com/mm"},
		{name: "trailing slash", baseURL: "http://localhost:8065/", want: "http://localhost:8065"},
		{name: "empty", baseURL: "", wantErr: `mattermost: invalid base URL "": use an http:// or https:// URL`},
		{name: "no scheme", baseURL: "localhost:8065", wantErr: `use an http:// or https:// URL`},
		{name: "ftp", baseURL: "ftp://example.com", wantErr: `mattermost: invalid base URL "ftp://example.com": use an http:// or https:// URL`},
		{name: "no host", baseURL: "http:///api", wantErr: `mattermost: invalid base URL "http:///api": the host is missing`},
		{name: "user info", baseURL: "https://admin:hunter2@example.com", wantErr: `"https://admin:xxxxx@example.com": remove the user info`},
		{name: "query", baseURL: "https://example.com/?a=b", wantErr: "remove the query and fragment"},
		{name: "unparsable", baseURL: "http://[::1", wantErr: "mattermost: invalid base URL: missing ']' in host"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := New(tt.baseURL)
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.wantErr)
				assert.NotContains(t, err.Error(), "hunter2")
				assert.Nil(t, c)

				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, c.BaseURL())
		})
	}
}

func TestPingParsesVersion(t *testing.T) {
	tests := []struct {
		name        string
		versionID   string
		wantVersion string
	}{
		{name: "mattermost 9.11", versionID: "9.11.2.9.11.2.4b1c2d3e.false", wantVersion: "9.11.2"},
		{name: "enterprise 11.0", versionID: "11.0.3.11.0.3.abc.true", wantVersion: "11.0.3"},
		{name: "only three parts", versionID: "10.5.0", wantVersion: "10.5.0"},
		{name: "short", versionID: "dev", wantVersion: "dev"},
		{name: "missing", versionID: "", wantVersion: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, rec := newServer(t, func(w http.ResponseWriter, _ *http.Request) {
				if tt.versionID != "" {
					w.Header().Set("X-Version-Id", tt.versionID)
				}
				writeJSON(w, http.StatusOK, map[string]string{"status": "OK"})
			})

			info, err := newClient(t, srv.URL, WithUserAgent("mmspec-test")).Ping(context.Background())
			require.NoError(t, err)
			assert.Equal(t, "OK", info.Status)
			assert.Equal(t, tt.wantVersion, info.Version)
			assert.Equal(t, tt.versionID, info.VersionID)

			req := rec.last(t)
			assert.Equal(t, "GET /api/v4/system/ping", req.Method+" "+req.Path)
			assert.Equal(t, "mmspec-test", req.Header.Get("User-Agent"))
			assert.Empty(t, req.Header.Get("Authorization"))
		})
	}
}

// loginServer imitates POST /users/login: it sets cookies only for
// requests with X-Requested-With, as Mattermost does.
func loginServer(t *testing.T) (*httptest.Server, *recorder) {
	return newServer(t, func(w http.ResponseWriter, req *http.Request) {
		w.Header().Set("Token", testToken)
		if req.Header.Get("X-Requested-With") == "XMLHttpRequest" {
			http.SetCookie(w, &http.Cookie{Name: "MMAUTHTOKEN", Value: testToken, Path: "/", HttpOnly: true, MaxAge: 15552000})
			http.SetCookie(w, &http.Cookie{Name: "MMUSERID", Value: "u1", Path: "/", MaxAge: 15552000})
			http.SetCookie(w, &http.Cookie{Name: "MMCSRF", Value: testCSRF, Path: "/", MaxAge: 15552000})
		}
		writeJSON(w, http.StatusOK, User{ID: "u1", Username: "alice", Email: "alice@example.com", Roles: "system_user"})
	})
}

func TestLogin(t *testing.T) {
	tests := []struct {
		name        string
		in          LoginRequest
		wantCookies []string
		wantBody    map[string]any
	}{
		{
			name:     "api login has no cookies",
			in:       LoginRequest{LoginID: "alice", Password: testPassword},
			wantBody: map[string]any{"login_id": "alice", "password": testPassword},
		},
		{
			name:        "xhr login gets cookies",
			in:          LoginRequest{LoginID: "alice", Password: testPassword, XHR: true},
			wantCookies: []string{"MMAUTHTOKEN", "MMUSERID", "MMCSRF"},
			wantBody:    map[string]any{"login_id": "alice", "password": testPassword},
		},
		{
			name:     "device id and agent",
			in:       LoginRequest{LoginID: "alice", Password: testPassword, DeviceID: "apple_rn-v2:abc", UserAgent: "Mattermost Mobile/2.22.0+581 (iPhone; iOS 17.6; Scale/3.00)"},
			wantBody: map[string]any{"login_id": "alice", "password": testPassword, "device_id": "apple_rn-v2:abc"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, rec := loginServer(t)
			// The client's own token must not go along with a login.
			c := newClient(t, srv.URL, WithUserAgent("default-agent"), WithToken("other-token"))

			login, err := c.Login(context.Background(), tt.in)
			require.NoError(t, err)

			assert.Equal(t, testToken, login.Token)
			assert.Equal(t, "alice", login.User.Username)
			assert.Equal(t, "u1", login.User.ID)

			var names []string
			for _, cookie := range login.Cookies {
				names = append(names, cookie.Name)
			}
			assert.Equal(t, tt.wantCookies, names)

			req := rec.last(t)
			assert.Equal(t, "POST /api/v4/users/login", req.Method+" "+req.Path)
			assert.Equal(t, tt.wantBody, req.Body)
			assert.Empty(t, req.Header.Get("Authorization"))
			assert.Equal(t, "application/json", req.Header.Get("Content-Type"))

			wantAgent := "default-agent"
			if tt.in.UserAgent != "" {
				wantAgent = tt.in.UserAgent
			}
			assert.Equal(t, wantAgent, req.Header.Get("User-Agent"))

			wantXHR := ""
			if tt.in.XHR {
				wantXHR = "XMLHttpRequest"
			}
			assert.Equal(t, wantXHR, req.Header.Get("X-Requested-With"))
		})
	}
}

func TestLoginCookieAttributes(t *testing.T) {
	srv, _ := loginServer(t)

	login, err := newClient(t, srv.URL).Login(context.Background(), LoginRequest{LoginID: "alice", Password: testPassword, XHR: true})
	require.NoError(t, err)
	require.Len(t, login.Cookies, 3)

	auth := login.Cookies[0]
	assert.Equal(t, "MMAUTHTOKEN", auth.Name)
	assert.Equal(t, testToken, auth.Value)
	assert.True(t, auth.HttpOnly)
	assert.Equal(t, "/", auth.Path)
}

func TestLoginWithoutTokenHeader(t *testing.T) {
	srv, _ := newServer(t, func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, User{ID: "u1"})
	})

	_, err := newClient(t, srv.URL).Login(context.Background(), LoginRequest{LoginID: "alice", Password: testPassword})
	require.Error(t, err)
	assert.Equal(t, "POST "+srv.URL+"/api/v4/users/login: the response has no Token header", err.Error())
}

func TestErrorDecoding(t *testing.T) {
	longBody := strings.Repeat("é", 300)

	tests := []struct {
		name          string
		status        int
		contentType   string
		body          string
		requestIDHdr  string
		wantID        string
		wantMessage   string
		wantRequestID string
		wantError     string
	}{
		{
			name:          "mattermost json",
			status:        401,
			contentType:   "application/json",
			body:          `{"id":"api.user.login.invalid_credentials_email_username","message":"Enter a valid email or username and/or password.","request_id":"r123","status_code":401}`,
			wantID:        "api.user.login.invalid_credentials_email_username",
			wantMessage:   "Enter a valid email or username and/or password.",
			wantRequestID: "r123",
			wantError:     "POST /api/v4/users/login: 401 api.user.login.invalid_credentials_email_username: Enter a valid email or username and/or password.",
		},
		{
			name:          "request id from header",
			status:        403,
			contentType:   "application/json",
			body:          `{"id":"api.context.permissions.app_error","message":"no permission"}`,
			requestIDHdr:  "hdr-9",
			wantID:        "api.context.permissions.app_error",
			wantMessage:   "no permission",
			wantRequestID: "hdr-9",
			wantError:     "POST /api/v4/users/login: 403 api.context.permissions.app_error: no permission",
		},
		{
			name:        "html body",
			status:      502,
			contentType: "text/html",
			body:        "<html>\n  <body>Bad   gateway</body>\n</html>",
			wantMessage: "<html> <body>Bad gateway</body> </html>",
			wantError:   "POST /api/v4/users/login: 502 Bad Gateway: <html> <body>Bad gateway</body> </html>",
		},
		{
			name:        "json without id",
			status:      500,
			contentType: "application/json",
			body:        `{"status":"UNHEALTHY"}`,
			wantMessage: `{"status":"UNHEALTHY"}`,
			wantError:   `POST /api/v4/users/login: 500 Internal Server Error: {"status":"UNHEALTHY"}`,
		},
		{
			name:      "empty body",
			status:    404,
			wantError: "POST /api/v4/users/login: 404 Not Found",
		},
		{
			name:        "long body cut at a rune",
			status:      500,
			contentType: "text/plain",
			body:        longBody,
			wantMessage: strings.Repeat("é", 100) + "…",
		},
		{
			name:        "echoed secrets redacted",
			status:      400,
			contentType: "text/plain",
			body:        "bad request: password=" + testPassword,
			wantMessage: "bad request: password=[REDACTED]",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, _ := newServer(t, func(w http.ResponseWriter, _ *http.Request) {
				if tt.contentType != "" {
					w.Header().Set("Content-Type", tt.contentType)
				}
				if tt.requestIDHdr != "" {
					w.Header().Set("X-Request-Id", tt.requestIDHdr)
				}
				w.WriteHeader(tt.status)
				_, _ = io.WriteString(w, tt.body)
			})

			_, err := newClient(t, srv.URL).Login(context.Background(), LoginRequest{LoginID: "alice", Password: testPassword})
			require.Error(t, err)

			var apiErr *Error
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, http.MethodPost, apiErr.Method)
			assert.Equal(t, "/api/v4/users/login", apiErr.Path)
			assert.Equal(t, tt.status, apiErr.StatusCode)
			assert.Equal(t, tt.wantID, apiErr.ID)
			assert.Equal(t, tt.wantMessage, apiErr.Message)
			assert.Equal(t, tt.wantRequestID, apiErr.RequestID)
			if tt.wantError != "" {
				assert.Equal(t, tt.wantError, err.Error())
			}
			assert.NotContains(t, err.Error(), testPassword)
			assert.True(t, IsStatus(err, tt.status))
			assert.False(t, IsStatus(err, http.StatusTeapot))
			if tt.wantID != "" {
				assert.True(t, IsID(err, tt.wantID))
			}
			assert.False(t, IsID(err, "api.other.app_error"))
		})
	}
}

func TestErrorRedactsClientToken(t *testing.T) {
	srv, _ := newServer(t, func(w http.ResponseWriter, req *http.Request) {
		writeJSON(w, http.StatusUnauthorized, map[string]string{
			"id":      "api.context.session_expired.app_error",
			"message": "session expired for " + req.Header.Get("Authorization"),
		})
	})

	_, err := newClient(t, srv.URL, WithToken(testToken)).Me(context.Background())
	require.Error(t, err)
	assert.NotContains(t, err.Error(), testToken)
	assert.Contains(t, err.Error(), "session expired for Bearer [REDACTED]")
}

func TestIsStatusWrapped(t *testing.T) {
	err := fmt.Errorf("clean up: %w", &Error{StatusCode: 404, ID: "app.user.missing_account.const"})

	assert.True(t, IsStatus(err, 404))
	assert.True(t, IsID(err, "app.user.missing_account.const"))
	assert.False(t, IsStatus(errors.New("404"), 404))
	assert.False(t, IsStatus(nil, 404))
	assert.False(t, IsID(nil, ""))
}

func TestNetworkErrorNamesMethodAndURL(t *testing.T) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := listener.Addr().String()
	require.NoError(t, listener.Close())

	_, err = newClient(t, "http://"+addr).Ping(context.Background())
	require.Error(t, err)

	prefix := "GET http://" + addr + "/api/v4/system/ping: dial tcp " + addr + ": "
	assert.True(t, strings.HasPrefix(err.Error(), prefix), "error %q should start with %q", err, prefix)
	assert.Contains(t, err.Error(), "connection refused")
	assert.False(t, IsTLSError(err))
	var netErr *net.OpError
	assert.ErrorAs(t, err, &netErr)
}

func TestContextCancel(t *testing.T) {
	release := make(chan struct{})
	srv, _ := newServer(t, func(w http.ResponseWriter, _ *http.Request) {
		<-release
		writeJSON(w, http.StatusOK, map[string]string{"status": "OK"})
	})
	defer close(release)

	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)

	start := time.Now()
	_, err := newClient(t, srv.URL).Ping(ctx)
	require.Error(t, err)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Contains(t, err.Error(), "GET "+srv.URL+"/api/v4/system/ping: ")
	assert.Less(t, time.Since(start), 5*time.Second)
}

func TestContextDeadline(t *testing.T) {
	release := make(chan struct{})
	srv, _ := newServer(t, func(_ http.ResponseWriter, _ *http.Request) { <-release })
	defer close(release)

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()

	_, err := newClient(t, srv.URL).Me(ctx)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
}

func TestTLSErrors(t *testing.T) {
	tlsSrv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "OK"})
	}))
	// The rejected handshakes are expected, so keep them out of the output.
	tlsSrv.Config.ErrorLog = log.New(io.Discard, "", 0)
	tlsSrv.StartTLS()
	t.Cleanup(tlsSrv.Close)

	plainSrv, _ := newServer(t, func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "OK"})
	})

	t.Run("untrusted certificate", func(t *testing.T) {
		_, err := newClient(t, tlsSrv.URL).Ping(context.Background())
		require.Error(t, err)
		assert.True(t, IsTLSError(err), "error: %v", err)
		assert.True(t, strings.HasPrefix(err.Error(), "GET "+tlsSrv.URL+"/api/v4/system/ping: "), err.Error())
	})

	t.Run("trusted with own http client", func(t *testing.T) {
		info, err := newClient(t, tlsSrv.URL, WithHTTPClient(tlsSrv.Client())).Ping(context.Background())
		require.NoError(t, err)
		assert.Equal(t, "OK", info.Status)
	})

	t.Run("https to a plain server", func(t *testing.T) {
		httpsURL := strings.Replace(plainSrv.URL, "http://", "https://", 1)
		_, err := newClient(t, httpsURL).Ping(context.Background())
		require.Error(t, err)
		assert.True(t, IsTLSError(err), "error: %v", err)
	})

	t.Run("api error is not tls", func(t *testing.T) {
		assert.False(t, IsTLSError(&Error{StatusCode: 500}))
	})
}

func TestResponseBodyLimit(t *testing.T) {
	tests := []struct {
		name    string
		size    int
		wantErr bool
	}{
		{name: "at the limit", size: MaxResponseBytes},
		{name: "over the limit", size: MaxResponseBytes + 1, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, _ := newServer(t, func(w http.ResponseWriter, _ *http.Request) {
				// A JSON string padded with spaces to the exact size.
				body := []byte(`{"status":"OK"}`)
				body = append(body, bytes.Repeat([]byte(" "), tt.size-len(body))...)
				_, _ = w.Write(body)
			})

			_, err := newClient(t, srv.URL).Ping(context.Background())
			if !tt.wantErr {
				assert.NoError(t, err)

				return
			}
			require.Error(t, err)
			assert.Equal(t, "GET "+srv.URL+"/api/v4/system/ping: response body exceeds 1048576 bytes", err.Error())
		})
	}
}

func TestInvalidJSONResponse(t *testing.T) {
	srv, _ := newServer(t, func(w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, "<html>not json</html>")
	})

	_, err := newClient(t, srv.URL).Me(context.Background())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "GET "+srv.URL+"/api/v4/users/me: decode response: ")
}

func TestWithTokenCopies(t *testing.T) {
	srv, rec := newServer(t, func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, User{ID: "u1"})
	})
	anonymous := newClient(t, srv.URL)
	authed := anonymous.WithToken(testToken)

	_, err := authed.Me(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "Bearer "+testToken, rec.last(t).Header.Get("Authorization"))

	_, err = anonymous.Me(context.Background())
	require.NoError(t, err)
	assert.Empty(t, rec.last(t).Header.Get("Authorization"))

	assert.Equal(t, anonymous.BaseURL(), authed.BaseURL())
}

func TestEndpoints(t *testing.T) {
	ctx := context.Background()

	tests := []struct {
		name      string
		call      func(c *Client) (any, error)
		reply     any
		wantReq   string // method, path and query
		wantBody  map[string]any
		wantValue any
	}{
		{
			name:      "me",
			call:      func(c *Client) (any, error) { return c.Me(ctx) },
			reply:     User{ID: "u1", Username: "alice"},
			wantReq:   "GET /api/v4/users/me",
			wantValue: &User{ID: "u1", Username: "alice"},
		},
		{
			name:     "attach device",
			call:     func(c *Client) (any, error) { return nil, c.AttachDevice(ctx, "android_rn-v2:xyz") },
			reply:    map[string]string{"status": "OK"},
			wantReq:  "PUT /api/v4/users/sessions/device",
			wantBody: map[string]any{"device_id": "android_rn-v2:xyz"},
		},
		{
			name: "create user",
			call: func(c *Client) (any, error) {
				return c.CreateUser(ctx, CreateUser{Email: "bob@example.com", Username: "bob", Password: testPassword})
			},
			reply:     User{ID: "u2", Username: "bob", Email: "bob@example.com"},
			wantReq:   "POST /api/v4/users",
			wantBody:  map[string]any{"email": "bob@example.com", "username": "bob", "password": testPassword},
			wantValue: &User{ID: "u2", Username: "bob", Email: "bob@example.com"},
		},
		{
			name:      "user",
			call:      func(c *Client) (any, error) { return c.User(ctx, "u2") },
			reply:     User{ID: "u2", DeleteAt: 17},
			wantReq:   "GET /api/v4/users/u2",
			wantValue: &User{ID: "u2", DeleteAt: 17},
		},
		{
			name:    "deactivate user",
			call:    func(c *Client) (any, error) { return nil, c.DeactivateUser(ctx, "u2") },
			reply:   map[string]string{"status": "OK"},
			wantReq: "DELETE /api/v4/users/u2",
		},
		{
			name:    "delete user",
			call:    func(c *Client) (any, error) { return nil, c.DeleteUser(ctx, "u2") },
			reply:   map[string]string{"status": "OK"},
			wantReq: "DELETE /api/v4/users/u2?permanent=true",
		},
		{
			name:      "create team",
			call:      func(c *Client) (any, error) { return c.CreateTeam(ctx, "mmspec-t1", "MMSpec T1") },
			reply:     Team{ID: "t1", Name: "mmspec-t1", DisplayName: "MMSpec T1", Type: "O"},
			wantReq:   "POST /api/v4/teams",
			wantBody:  map[string]any{"name": "mmspec-t1", "display_name": "MMSpec T1", "type": "O"},
			wantValue: &Team{ID: "t1", Name: "mmspec-t1", DisplayName: "MMSpec T1", Type: "O"},
		},
		{
			name:    "archive team",
			call:    func(c *Client) (any, error) { return nil, c.ArchiveTeam(ctx, "t1") },
			reply:   map[string]string{"status": "OK"},
			wantReq: "DELETE /api/v4/teams/t1",
		},
		{
			name:     "add team member",
			call:     func(c *Client) (any, error) { return nil, c.AddTeamMember(ctx, "t1", "u2") },
			reply:    map[string]string{"team_id": "t1", "user_id": "u2"},
			wantReq:  "POST /api/v4/teams/t1/members",
			wantBody: map[string]any{"team_id": "t1", "user_id": "u2"},
		},
		{
			name: "sessions",
			call: func(c *Client) (any, error) { return c.Sessions(ctx, "u2") },
			reply: []map[string]any{{
				"id": "s1", "token": "", "user_id": "u2", "device_id": "apple_rn-v2:abc", "roles": "system_user",
				"create_at": 1700000000000, "expires_at": 1715552000000, "last_activity_at": 1700000500000,
				"is_oauth": false, "team_members": []any{},
				"props": map[string]string{
					"platform": "iPhone", "os": "iOS", "browser": "Mobile App/2.22.0+581", "isMobile": "true",
					"isOAuthUser": "false", "isSaml": "false", "is_guest": "false", "csrf": testCSRF,
				},
			}},
			wantReq: "GET /api/v4/users/u2/sessions",
			wantValue: []Session{{
				ID: "s1", UserID: "u2", DeviceID: "apple_rn-v2:abc", Roles: "system_user",
				CreateAt: 1700000000000, ExpiresAt: 1715552000000, LastActivityAt: 1700000500000,
				Props: SessionProps{
					Platform: "iPhone", OS: "iOS", Browser: "Mobile App/2.22.0+581", IsMobile: "true",
					IsOAuthUser: "false", IsSaml: "false", IsGuest: "false", CSRF: testCSRF,
				},
			}},
		},
		{
			name:     "revoke session",
			call:     func(c *Client) (any, error) { return nil, c.RevokeSession(ctx, "u2", "s1") },
			reply:    map[string]string{"status": "OK"},
			wantReq:  "POST /api/v4/users/u2/sessions/revoke",
			wantBody: map[string]any{"session_id": "s1"},
		},
		{
			name:    "revoke all sessions",
			call:    func(c *Client) (any, error) { return nil, c.RevokeAllSessions(ctx, "u2") },
			reply:   map[string]string{"status": "OK"},
			wantReq: "POST /api/v4/users/u2/sessions/revoke/all",
		},
		{
			name:    "logout",
			call:    func(c *Client) (any, error) { return nil, c.Logout(ctx) },
			reply:   map[string]string{"status": "OK"},
			wantReq: "POST /api/v4/users/logout",
		},
		{
			name:      "users page",
			call:      func(c *Client) (any, error) { return c.Users(ctx, 2, 50) },
			reply:     []User{{ID: "u1"}},
			wantReq:   "GET /api/v4/users?page=2&per_page=50",
			wantValue: []User{{ID: "u1"}},
		},
		{
			name:      "teams page",
			call:      func(c *Client) (any, error) { return c.Teams(ctx, 0, 200) },
			reply:     []Team{{ID: "t1"}},
			wantReq:   "GET /api/v4/teams?page=0&per_page=200",
			wantValue: []Team{{ID: "t1"}},
		},
		{
			name:      "id is path escaped",
			call:      func(c *Client) (any, error) { return c.User(ctx, "a/b") },
			reply:     User{ID: "a/b"},
			wantReq:   "GET /api/v4/users/a%2Fb",
			wantValue: &User{ID: "a/b"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var rawPath string
			srv, rec := newServer(t, func(w http.ResponseWriter, req *http.Request) {
				rawPath = req.URL.EscapedPath()
				writeJSON(w, http.StatusOK, tt.reply)
			})
			c := newClient(t, srv.URL, WithToken(testToken))

			value, err := tt.call(c)
			require.NoError(t, err)

			req := rec.last(t)
			got := req.Method + " " + rawPath
			if req.Query != "" {
				got += "?" + req.Query
			}
			assert.Equal(t, tt.wantReq, got)
			assert.Equal(t, tt.wantBody, req.Body)
			assert.Equal(t, "Bearer "+testToken, req.Header.Get("Authorization"))
			if tt.wantValue != nil {
				assert.Equal(t, tt.wantValue, value)
			}
		})
	}
}

func TestEmptyIDsRejected(t *testing.T) {
	srv, rec := newServer(t, func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{})
	})
	c := newClient(t, srv.URL)
	ctx := context.Background()

	tests := []struct {
		name    string
		call    func() error
		wantErr string
	}{
		{name: "user", call: func() error { _, err := c.User(ctx, ""); return err }, wantErr: "the user id is empty"},
		{name: "sessions", call: func() error { _, err := c.Sessions(ctx, ""); return err }, wantErr: "the user id is empty"},
		{name: "revoke session id", call: func() error { return c.RevokeSession(ctx, "u1", "") }, wantErr: "the session id is empty"},
		{name: "archive team", call: func() error { return c.ArchiveTeam(ctx, "") }, wantErr: "the team id is empty"},
		{name: "add member user", call: func() error { return c.AddTeamMember(ctx, "t1", "") }, wantErr: "the user id is empty"},
		{name: "attach device", call: func() error { return c.AttachDevice(ctx, "") }, wantErr: "the device id is empty"},
		{name: "page size", call: func() error { _, err := c.Users(ctx, 0, 201); return err }, wantErr: "invalid page 0 or per_page 201"},
		{name: "empty prefix", call: func() error { _, err := c.UsersWithPrefix(ctx, ""); return err }, wantErr: "the prefix is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.wantErr)
		})
	}
	assert.Empty(t, rec.requests, "no request should reach the server")
}

func TestWithPrefixPages(t *testing.T) {
	const total = 450 // three pages: 200, 200, 50

	srv, rec := newServer(t, func(w http.ResponseWriter, req *http.Request) {
		page, _ := strconv.Atoi(req.URL.Query().Get("page"))
		perPage, _ := strconv.Atoi(req.URL.Query().Get("per_page"))

		var users []User
		for i := page * perPage; i < min(total, (page+1)*perPage); i++ {
			name := "someone" + strconv.Itoa(i)
			if i%100 == 7 {
				name = "mmspec-" + strconv.Itoa(i)
			}
			users = append(users, User{ID: strconv.Itoa(i), Username: name})
		}
		writeJSON(w, http.StatusOK, users)
	})

	users, err := newClient(t, srv.URL).UsersWithPrefix(context.Background(), "mmspec-")
	require.NoError(t, err)

	var names []string
	for _, u := range users {
		names = append(names, u.Username)
	}
	assert.Equal(t, []string{"mmspec-7", "mmspec-107", "mmspec-207", "mmspec-307", "mmspec-407"}, names)
	assert.Len(t, rec.requests, 3)
}

func TestTeamsWithPrefixStopsOnError(t *testing.T) {
	srv, _ := newServer(t, func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusForbidden, map[string]string{"id": "api.context.permissions.app_error", "message": "no"})
	})

	_, err := newClient(t, srv.URL).TeamsWithPrefix(context.Background(), "mmspec-")
	assert.True(t, IsStatus(err, http.StatusForbidden))
}

func TestFormattingRedactsSecrets(t *testing.T) {
	c := newClient(t, "http://127.0.0.1:1", WithToken(testToken))
	login := &Login{
		User:  User{ID: "u1", Username: "alice"},
		Token: testToken,
		Cookies: []*http.Cookie{
			{Name: "MMAUTHTOKEN", Value: testToken},
			{Name: "MMCSRF", Value: testCSRF},
		},
	}
	session := Session{ID: "s1", Token: testToken, Props: SessionProps{Platform: "Linux", CSRF: testCSRF}}

	values := map[string]any{
		"client":        c,
		"client value":  *c,
		"login":         login,
		"login value":   *login,
		"login request": LoginRequest{LoginID: "alice", Password: testPassword},
		"create user":   CreateUser{Username: "bob", Password: testPassword},
		"session":       session,
		"sessions":      []Session{session},
		"props":         session.Props,
		"nested":        struct{ L *Login }{login},
	}
	verbs := []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"}

	for name, value := range values {
		for _, verb := range verbs {
			t.Run(name+" "+verb, func(t *testing.T) {
				out := fmt.Sprintf(verb, value)
				for _, secret := range []string{testToken, testPassword, testCSRF} {
					assert.NotContains(t, out, secret)
				}
			})
		}
	}

	assert.Contains(t, fmt.Sprint(login), "MMAUTHTOKEN=[REDACTED]")
	assert.Contains(t, fmt.Sprint(login), "alice")
	assert.Contains(t, fmt.Sprint(session), "Platform:Linux")
}

func TestSlogRedactsSecrets(t *testing.T) {
	c := newClient(t, "http://127.0.0.1:1", WithToken(testToken))
	login := &Login{
		User:    User{ID: "u1", Username: "alice"},
		Token:   testToken,
		Cookies: []*http.Cookie{{Name: "MMAUTHTOKEN", Value: testToken}},
	}
	session := Session{ID: "s1", Token: testToken, Props: SessionProps{CSRF: testCSRF}}

	for _, handler := range []string{"text", "json"} {
		t.Run(handler, func(t *testing.T) {
			var buf bytes.Buffer
			var h slog.Handler = slog.NewTextHandler(&buf, nil)
			if handler == "json" {
				h = slog.NewJSONHandler(&buf, nil)
			}
			logger := slog.New(h)

			logger.Info("logged in",
				"client", c,
				"login", login,
				"login_value", *login,
				"request", LoginRequest{LoginID: "alice", Password: testPassword},
				"user", CreateUser{Username: "bob", Password: testPassword},
				"session", session,
			)

			out := buf.String()
			for _, secret := range []string{testToken, testPassword, testCSRF} {
				assert.NotContains(t, out, secret)
			}
			assert.Contains(t, out, "alice")
			assert.Contains(t, out, "MMAUTHTOKEN")
		})
	}
}

func TestConcurrentUse(t *testing.T) {
	srv, _ := newServer(t, func(w http.ResponseWriter, req *http.Request) {
		writeJSON(w, http.StatusOK, User{ID: strings.TrimPrefix(req.Header.Get("Authorization"), "Bearer ")})
	})
	base := newClient(t, srv.URL)

	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			token := "t" + strconv.Itoa(i)
			user, err := base.WithToken(token).Me(context.Background())
			if assert.NoError(t, err) {
				assert.Equal(t, token, user.ID)
			}
		})
	}
	wg.Wait()
}
