package mmlite

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"
)

// knownLabels are every label the web app's rule can give.
var knownLabels = map[string]bool{
	"iPhone Native App": true, "iPhone Native Classic App": true,
	"Android Native App": true, "Android Native Classic App": true,
	"Android": true, "Native Desktop App": true,
}

func FuzzDescribe(f *testing.F) {
	for _, seed := range []struct{ agent, device string }{
		{"Mattermost Mobile/2.22.0+581 (iPhone; iOS 17.6; Scale/3.00)", "apple_rn-v2:abc"},
		{"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Mattermost/5.10.0 " +
			"Chrome/128.0.6613.178 Electron/32.2.7 Safari/537.36", ""},
		{"Mozilla/5.0 (Linux; Android 9; SM-G960F; wv) Chrome/74.0.3729.157 Mobile Safari/537.36", "android:x"},
		{"curl/8.5.0", ""},
		{"", ""},
		{"Mattermost/", "apple"},
		{"\xff\xfe(\x00;)", "android_rn"},
	} {
		f.Add(seed.agent, seed.device)
	}
	f.Fuzz(func(t *testing.T, agent, device string) {
		props := Describe(agent, device)
		label := Label(device, props)

		if label == "" {
			t.Fatalf("empty label for agent %q, device id %q", agent, device)
		}
		if !knownLabels[label] && label != props.Platform {
			t.Fatalf("label %q is neither a known label nor the platform %q", label, props.Platform)
		}
		if len(props.Browser) > 300 {
			t.Fatalf("browser %d bytes long for agent %q", len(props.Browser), agent)
		}
		if strings.Contains(device, "apple") && !strings.HasPrefix(label, "iPhone") {
			t.Fatalf("device id %q labelled %q, want an iPhone app", device, label)
		}
	})
}

// FuzzAPIRequests sends arbitrary bodies to the endpoints that decode JSON
// and requires a JSON response with a status mmlite documents, never a panic.
func FuzzAPIRequests(f *testing.F) {
	for _, seed := range []string{
		`{"login_id":"admin","password":"adminpass1"}`,
		`{"login_id":1}`, `{`, `null`, `[]`, `"x"`, ``, `{"session_id":"` + strings.Repeat("a", 26) + `"}`,
		`{"username":"u","email":"u@x","password":"` + strings.Repeat("p", 100) + `"}`,
	} {
		f.Add(seed, uint8(0))
		f.Add(seed, uint8(1))
		f.Add(seed, uint8(2))
	}
	s, err := New(Options{AdminUsername: testAdmin, AdminPassword: testPassword})
	if err != nil {
		f.Fatal(err)
	}
	login := httptest.NewRecorder()
	s.Handler().ServeHTTP(login, httptest.NewRequest("POST", "/api/v4/users/login",
		strings.NewReader(`{"login_id":"admin","password":"adminpass1"}`)))
	token := login.Header().Get("Token")
	if token == "" {
		f.Fatal("admin login failed")
	}
	endpoints := []string{"/api/v4/users/login", "/api/v4/users", "/api/v4/users/me/sessions/revoke"}

	f.Fuzz(func(t *testing.T, body string, which uint8) {
		path := endpoints[int(which)%len(endpoints)]
		req := httptest.NewRequest("POST", path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		rec := httptest.NewRecorder()

		s.Handler().ServeHTTP(rec, req)

		if rec.Code >= 500 {
			t.Fatalf("POST %s with %q answered %d", path, body, rec.Code)
		}
		if !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("POST %s with %q answered non-JSON %q", path, body, rec.Body.String())
		}
		if rec.Code >= 400 {
			var e struct {
				ID         string `json:"id"`
				StatusCode int    `json:"status_code"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.ID == "" || e.StatusCode != rec.Code {
				t.Fatalf("POST %s answered %d without a Mattermost error body: %s", path, rec.Code, rec.Body.String())
			}
		}
		if strings.Contains(rec.Body.String(), token) && path != "/api/v4/users/login" {
			t.Fatalf("POST %s leaked the session token", path)
		}
		if !utf8.Valid(rec.Body.Bytes()) {
			t.Fatalf("POST %s answered invalid UTF-8", path)
		}
	})
}

func TestFuzzSeedsStatus(t *testing.T) {
	// The seeds run as ordinary tests; this checks one by hand so a broken
	// harness shows here too.
	s, err := New(Options{AdminUsername: testAdmin, AdminPassword: testPassword})
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest("POST", "/api/v4/users/login", strings.NewReader(`{`)))
	if rec.Code != http.StatusBadRequest {
		t.Fatalf("malformed JSON answered %d, want 400", rec.Code)
	}
}
