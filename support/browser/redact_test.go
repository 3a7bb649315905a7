package browser

import (
	"archive/zip"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func writeZip(t *testing.T, files map[string]string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "trace.zip")
	f, err := os.Create(path)
	require.NoError(t, err)
	w := zip.NewWriter(f)
	for name, body := range files {
		out, err := w.Create(name)
		require.NoError(t, err)
		_, err = out.Write([]byte(body))
		require.NoError(t, err)
	}
	require.NoError(t, w.Close())
	require.NoError(t, f.Close())
	return path
}

func readZip(t *testing.T, path string) map[string]string {
	t.Helper()
	r, err := zip.OpenReader(path)
	require.NoError(t, err)
	defer r.Close()
	out := map[string]string{}
	for _, f := range r.File {
		rc, err := f.Open()
		require.NoError(t, err)
		data, err := io.ReadAll(rc)
		require.NoError(t, err)
		rc.Close()
		out[f.Name] = string(data)
	}
	return out
}

func TestRedactZipReplacesSecretsInEveryEntry(t *testing.T) {
	path := writeZip(t, map[string]string{
		"trace.network":      `{"postData":"{\"password\":\"Mm1-s3cret-pass\"}","cookie":"MMAUTHTOKEN=tok123456789"}`,
		"resources/abc.json": `{"token":"tok123456789"}`,
		"trace.trace":        `{"title":"Log out from Windows"}`,
	})

	require.NoError(t, RedactZip(path, []string{"Mm1-s3cret-pass", "tok123456789"}))

	files := readZip(t, path)
	assert.Equal(t, `{"postData":"{\"password\":\"[REDACTED]\"}","cookie":"MMAUTHTOKEN=[REDACTED]"}`, files["trace.network"])
	assert.Equal(t, `{"token":"[REDACTED]"}`, files["resources/abc.json"])
	assert.Equal(t, `{"title":"Log out from Windows"}`, files["trace.trace"])
}

func TestRedactZipSkipsShortSecrets(t *testing.T) {
	path := writeZip(t, map[string]string{"a": "the admin logs in"})

	require.NoError(t, RedactZip(path, []string{"admin", ""}))

	assert.Equal(t, "the admin logs in", readZip(t, path)["a"])
}

func TestRedactBytesLongestFirst(t *testing.T) {
	secrets := usableSecrets([]string{"abcdef", "abcdefghij"})

	got := RedactBytes([]byte("x abcdefghij y"), secrets)

	assert.Equal(t, "x [REDACTED] y", string(got))
}

func TestRedactBytesFindsSecretsByPlace(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"session cookie", `cookie: MMAUTHTOKEN=abc123; MMUSERID=u1`, `cookie: MMAUTHTOKEN=[REDACTED]; MMUSERID=u1`},
		{"csrf cookie", `"MMCSRF=xyz987"`, `"MMCSRF=[REDACTED]"`},
		{"cookie list", `"cookies":[{"name":"MMAUTHTOKEN","value":"abc123","path":"/"},{"name":"MMUSERID","value":"u1"}]`,
			`"cookies":[{"name":"MMAUTHTOKEN","value":"[REDACTED]","path":"/"},{"name":"MMUSERID","value":"u1"}]`},
		{"csrf in cookie list", `{"name": "MMCSRF", "value": "c5rf"}`, `{"name": "MMCSRF", "value": "[REDACTED]"}`},
		{"token header", `{"name":"Token","value":"t0k3n"}`, `{"name":"Token","value":"[REDACTED]"}`},
		{"authorization header", `{"name": "authorization", "value": "Bearer t0k3n"}`,
			`{"name": "authorization", "value": "[REDACTED]"}`},
		{"password in JSON", `{"login_id":"u","password":"p4ss"}`, `{"login_id":"u","password":"[REDACTED]"}`},
		{"password in a JSON string", `"postData":"{\"password\":\"p4ss\"}"`, `"postData":"{\"password\":\"[REDACTED]\"}"`},
		{"plain text stays", `the password field`, `the password field`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, string(RedactBytes([]byte(tt.in), nil)))
		})
	}
}
