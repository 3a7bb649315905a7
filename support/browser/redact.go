package browser

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
)

// Redacted replaces a secret in files the run writes.
const Redacted = "[REDACTED]"

// RedactZip rewrites the zip file at path, such as a Playwright trace,
// replacing every occurrence of each secret with Redacted in every entry.
// Traces record request bodies and headers, so a login's password and the
// session cookies would otherwise be in them. Secrets shorter than 6 bytes
// are skipped, since they would match ordinary text.
func RedactZip(path string, secrets []string) error {
	list := usableSecrets(secrets)
	if len(list) == 0 {
		return nil
	}
	r, err := zip.OpenReader(path)
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	defer r.Close()

	tmp, err := os.CreateTemp(filepath.Dir(path), ".redact-*.zip")
	if err != nil {
		return fmt.Errorf("redact %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())

	w := zip.NewWriter(tmp)
	for _, f := range r.File {
		if err := copyRedacted(w, f, list); err != nil {
			tmp.Close()
			return fmt.Errorf("redact %s in %s: %w", f.Name, path, err)
		}
	}
	if err := w.Close(); err != nil {
		tmp.Close()
		return fmt.Errorf("redact %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("redact %s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("redact %s: %w", path, err)
	}
	return os.Rename(tmp.Name(), path)
}

func copyRedacted(w *zip.Writer, f *zip.File, secrets [][]byte) error {
	rc, err := f.Open()
	if err != nil {
		return err
	}
	data, err := io.ReadAll(rc)
	rc.Close()
	if err != nil {
		return err
	}
	data = RedactBytes(data, secrets)
	header := f.FileHeader
	out, err := w.CreateHeader(&zip.FileHeader{Name: header.Name, Method: header.Method, Modified: header.Modified})
	if err != nil {
		return err
	}
	_, err = out.Write(data)
	return err
}

// secretPatterns find secrets by their place rather than their value: the
// session and CSRF cookies, in headers and in Playwright's cookie lists, the Token, Authorization, Cookie and CSRF
// headers as Playwright records them, and password fields of JSON bodies,
// also when the body is itself a JSON string.
var secretPatterns = []*regexp.Regexp{
	regexp.MustCompile(`((?:MMAUTHTOKEN|MMCSRF)=)[^;"\s\\]+`),
	regexp.MustCompile(`("name"\s*:\s*"(?:MMAUTHTOKEN|MMCSRF)"\s*,\s*"value"\s*:\s*")[^"]*`),
	regexp.MustCompile(`(?i)("name"\s*:\s*"(?:token|authorization|cookie|set-cookie|x-csrf-token)"\s*,\s*"value"\s*:\s*")[^"]*`),
	regexp.MustCompile(`(\\?"password\\?"\s*:\s*\\?")[^"\\]*`),
}

// RedactBytes replaces every secret in data with Redacted, longest first so
// that a secret containing another is replaced whole, and then every value
// that secretPatterns find.
func RedactBytes(data []byte, secrets [][]byte) []byte {
	for _, s := range secrets {
		data = bytes.ReplaceAll(data, s, []byte(Redacted))
	}
	for _, p := range secretPatterns {
		data = p.ReplaceAll(data, []byte("${1}"+Redacted))
	}
	return data
}

func usableSecrets(secrets []string) [][]byte {
	var out [][]byte
	for _, s := range secrets {
		if len(s) >= 6 {
			out = append(out, []byte(s))
		}
	}
	sort.Slice(out, func(i, j int) bool { return len(out[i]) > len(out[j]) })
	return out
}
