package main

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mmspec/support/config"
	"mmspec/support/mattermost"
	"mmspec/support/mmlite"
)

const testAdminPassword = "admin-Passw0rd-for-tests"

// newMmlite serves mmlite through wrap, which may alter its responses.
func newMmlite(t *testing.T, wrap func(http.Handler) http.Handler) string {
	t.Helper()
	srv, err := mmlite.New(mmlite.Options{AdminUsername: "admin", AdminPassword: testAdminPassword})
	require.NoError(t, err)
	h := srv.Handler()
	if wrap != nil {
		h = wrap(h)
	}
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts.URL
}

func runPreflight(t *testing.T, url string, admin config.Credentials) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := preflight{url: url, admin: admin}.run(ctx, "test")
	return err
}

func TestPreflightPasses(t *testing.T) {
	url := newMmlite(t, nil)

	err := runPreflight(t, url, config.Credentials{Username: "admin", Password: testAdminPassword})

	assert.NoError(t, err)
}

func TestPreflightWrongPassword(t *testing.T) {
	url := newMmlite(t, nil)

	err := runPreflight(t, url, config.Credentials{Username: "admin", Password: "wrong"})

	require.Error(t, err)
	assert.Contains(t, err.Error(), "rejected the admin credentials from MMSPEC_ADMIN_USERNAME and MMSPEC_ADMIN_PASSWORD")
	assert.NotContains(t, err.Error(), "wrong")
}

func TestPreflightWrongToken(t *testing.T) {
	url := newMmlite(t, nil)

	err := runPreflight(t, url, config.Credentials{Token: "not-a-token"})

	require.Error(t, err)
	assert.Contains(t, err.Error(), "rejected the admin credentials from MMSPEC_ADMIN_TOKEN")
	assert.NotContains(t, err.Error(), "not-a-token")
}

func TestPreflightUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	url := "http://" + ln.Addr().String()
	require.NoError(t, ln.Close())

	err = runPreflight(t, url, config.Credentials{Username: "admin", Password: "x"})

	require.Error(t, err)
	assert.Contains(t, err.Error(), "cannot reach "+url)
	assert.Contains(t, err.Error(), "connection refused")
}

func TestPreflightNotMattermost(t *testing.T) {
	ts := httptest.NewServer(http.NotFoundHandler())
	defer ts.Close()

	err := runPreflight(t, ts.URL, config.Credentials{Username: "admin", Password: "x"})

	require.Error(t, err)
	assert.Contains(t, err.Error(), "does not respond as a Mattermost server")
	assert.Contains(t, err.Error(), "404")
}

func TestPreflightUntrustedCertificate(t *testing.T) {
	ts := httptest.NewTLSServer(http.NotFoundHandler())
	defer ts.Close()

	err := runPreflight(t, ts.URL, config.Credentials{Username: "admin", Password: "x"})

	require.Error(t, err)
	assert.Contains(t, err.Error(), "TLS with "+ts.URL+" failed")
}

func TestPreflightNotSystemAdmin(t *testing.T) {
	url := newMmlite(t, nil)
	ctx := context.Background()
	c, err := mattermost.New(url)
	require.NoError(t, err)
	login, err := c.Login(ctx, mattermost.LoginRequest{LoginID: "admin", Password: testAdminPassword})
	require.NoError(t, err)
	_, err = c.WithToken(login.Token).CreateUser(ctx, mattermost.CreateUser{
		Email: "plain@mmspec.invalid", Username: "plain", Password: "Plain-Passw0rd",
	})
	require.NoError(t, err)

	err = runPreflight(t, url, config.Credentials{Username: "plain", Password: "Plain-Passw0rd"})

	require.Error(t, err)
	assert.Contains(t, err.Error(), `the account "plain"`)
	assert.Contains(t, err.Error(), "is not a system admin")
}

func TestPreflightUserCreationDisabled(t *testing.T) {
	rejectUserCreation := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost && r.URL.Path == "/api/v4/users" {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusNotImplemented)
				_, _ = w.Write([]byte(`{"id":"api.user.create_user.signup_email_disabled.app_error",` +
					`"message":"User sign-up is disabled.","status_code":501}`))
				return
			}
			next.ServeHTTP(w, r)
		})
	}
	url := newMmlite(t, rejectUserCreation)

	err := runPreflight(t, url, config.Credentials{Username: "admin", Password: testAdminPassword})

	require.Error(t, err)
	assert.Contains(t, err.Error(), "does not let the admin create users")
	assert.Contains(t, err.Error(), "signup_email_disabled")
}
