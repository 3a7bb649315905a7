package mmlite

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func readBody(t *testing.T, resp *http.Response) string {
	t.Helper()
	data, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return string(data)
}

func TestPagesServedWithCSP(t *testing.T) {
	h := newHarness(t)
	for _, path := range []string{"/", "/landing", "/login", "/select_team", "/spec-team/channels/town-square", "/unknown/page"} {
		t.Run(path, func(t *testing.T) {
			resp := h.do(request{method: "GET", path: path})
			assert.Equal(t, http.StatusOK, resp.StatusCode)
			assert.Equal(t, "text/html; charset=utf-8", resp.Header.Get("Content-Type"))
			csp := resp.Header.Get("Content-Security-Policy")
			assert.Contains(t, csp, "script-src 'self'")
			assert.NotContains(t, csp, "unsafe-inline")
			body := readBody(t, resp)
			assert.Contains(t, body, `<script src="/static/app.js"`)
			assert.NotRegexp(t, `<script>`, body, "no inline script")
		})
	}
}

func TestStaticFiles(t *testing.T) {
	h := newHarness(t)
	tests := []struct {
		path        string
		contentType string
		wantStatus  int
	}{
		{"/static/app.js", "text/javascript; charset=utf-8", 200},
		{"/static/app.css", "text/css; charset=utf-8", 200},
		{"/static/favicon.svg", "image/svg+xml", 200},
		{"/static/mmlite-config.js", "text/javascript; charset=utf-8", 200},
		{"/static/missing.js", "", 404},
		{"/static/index.html", "", 404},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp := h.do(request{method: "GET", path: tt.path})
			assert.Equal(t, tt.wantStatus, resp.StatusCode)
			if tt.contentType != "" {
				assert.Equal(t, tt.contentType, resp.Header.Get("Content-Type"))
			}
		})
	}
}

func TestClientConfig(t *testing.T) {
	s, err := New(Options{
		AdminUsername: testAdmin, AdminPassword: testPassword,
		Faults: []string{"more-info-invalid-date", "log-out-does-nothing"}, NoLanding: true, UserMenu: "9",
	})
	require.NoError(t, err)
	h := &harness{t: t, server: s}
	h.http = newTestServer(t, s)
	body := readBody(t, h.do(request{method: "GET", path: "/static/mmlite-config.js"}))
	assert.Equal(t, `window.mmliteConfig = {"faults":["log-out-does-nothing","more-info-invalid-date"],"noLanding":true,"userMenu":"9","version":"11.0.3"};`+"\n", body)
	assert.NotContains(t, body, testPassword)
}

func TestPageRejectsPost(t *testing.T) {
	h := newHarness(t)
	resp := h.do(request{method: "POST", path: "/login"})
	assert.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode)
}

// TestEveryFaultIsWired checks that each registry entry is switched on in the
// web app (fault('name')) or in the server (hasFault("name")).
func TestEveryFaultIsWired(t *testing.T) {
	appJS, err := webFiles.ReadFile("web/app.js")
	require.NoError(t, err)
	var goSource strings.Builder
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		goSource.Write(data)
	}
	for _, f := range Faults() {
		js := regexp.MustCompile(`fault\('` + regexp.QuoteMeta(f.Name) + `'\)`).Match(appJS)
		server := strings.Contains(goSource.String(), `hasFault("`+f.Name+`")`)
		assert.True(t, js || server, "fault %s is not switched on anywhere", f.Name)
	}
}
