package spec

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing/fstest"

	messages "github.com/cucumber/messages/go/v34"
)

// Selection narrows a run to single Examples rows. godog's "path:line"
// filter matches a scenario's line only, so a row is selected by giving
// godog its outline's line and hiding the outline's other rows from it
// through FS.
type Selection struct {
	// Paths are the paths to hand to godog.
	Paths []string
	// rows maps a feature file to the body rows to keep, by line.
	rows map[string]map[int64]bool
}

// Select resolves paths ("file", "folder" or "file:line") and client names
// into godog paths. A line that points at an Examples row selects that row
// only. Clients, when given, keep only the rows whose "client" column names
// one of them.
func Select(features []Feature, paths []string, clientNames []string) (*Selection, error) {
	sel := &Selection{rows: map[string]map[int64]bool{}}
	for _, p := range paths {
		file, line := splitLine(p)
		if line == 0 {
			sel.Paths = append(sel.Paths, p)
			continue
		}
		f, ok := findFeature(features, file)
		if !ok {
			sel.Paths = append(sel.Paths, p)
			continue
		}
		outline, isRow := rowOutline(f.Document, line)
		if !isRow {
			sel.Paths = append(sel.Paths, p)
			continue
		}
		sel.keep(f.Path, line)
		sel.Paths = appendOnce(sel.Paths, fmt.Sprintf("%s:%d", file, outline))
	}
	if len(clientNames) == 0 {
		return sel, nil
	}
	return sel.forClients(features, clientNames)
}

// forClients replaces the paths with the outlines that have rows for the
// clients, keeping only those rows.
func (s *Selection) forClients(features []Feature, clientNames []string) (*Selection, error) {
	out := &Selection{rows: map[string]map[int64]bool{}}
	found := map[string]bool{}
	for _, f := range features {
		for _, sc := range scenarios(f.Document) {
			for _, ex := range sc.Examples {
				col := columnIndex(ex, ClientColumn)
				if col < 0 {
					continue
				}
				for _, row := range ex.TableBody {
					if col >= len(row.Cells) || !slices.Contains(clientNames, row.Cells[col].Value) {
						continue
					}
					if picked := s.rows[f.Path]; len(s.rows) > 0 && !picked[row.Location.Line] {
						continue
					}
					found[row.Cells[col].Value] = true
					out.keep(f.Path, row.Location.Line)
					out.Paths = appendOnce(out.Paths, fmt.Sprintf("%s:%d", f.Path, sc.Location.Line))
				}
			}
		}
	}
	for _, name := range clientNames {
		if !found[name] {
			return nil, fmt.Errorf("no Examples row of the selected features names the client %q", name)
		}
	}
	return out, nil
}

func (s *Selection) keep(path string, line int64) {
	key := filepath.Clean(path)
	if s.rows[key] == nil {
		s.rows[key] = map[int64]bool{}
	}
	s.rows[key][line] = true
}

// FS returns the file system godog reads features from: the real files,
// except that in a file with selected rows every other Examples row is
// commented out, so line numbers stay as written.
func (s *Selection) FS(features []Feature) fs.FS {
	files := map[string][]byte{}
	for _, f := range features {
		keep, ok := s.rows[filepath.Clean(f.Path)]
		if !ok {
			continue
		}
		data, err := os.ReadFile(f.Path)
		if err != nil {
			continue
		}
		files[filepath.Clean(f.Path)] = hideRows(data, f.Document, keep)
	}
	return filteredFS{files: files}
}

func hideRows(data []byte, doc *messages.GherkinDocument, keep map[int64]bool) []byte {
	lines := strings.Split(string(data), "\n")
	for _, sc := range scenarios(doc) {
		for _, ex := range sc.Examples {
			for _, row := range ex.TableBody {
				i := int(row.Location.Line) - 1
				if !keep[row.Location.Line] && i >= 0 && i < len(lines) {
					lines[i] = "# " + lines[i]
				}
			}
		}
	}
	return []byte(strings.Join(lines, "\n"))
}

// filteredFS serves the filtered files from memory and every other path
// from the operating system, as godog does by default.
type filteredFS struct {
	files map[string][]byte
}

func (f filteredFS) Open(name string) (fs.File, error) {
	if data, ok := f.files[filepath.Clean(name)]; ok {
		return fstest.MapFS{"feature": {Data: data, Mode: 0o644}}.Open("feature")
	}
	return os.Open(name)
}

func splitLine(p string) (string, int64) {
	i := strings.LastIndex(p, ":")
	if i < 0 {
		return p, 0
	}
	n, err := strconv.ParseInt(p[i+1:], 10, 64)
	if err != nil {
		return p, 0
	}
	return p[:i], n
}

func findFeature(features []Feature, path string) (Feature, bool) {
	for _, f := range features {
		if filepath.Clean(f.Path) == filepath.Clean(path) {
			return f, true
		}
	}
	return Feature{}, false
}

// rowOutline returns the line of the Scenario Outline whose Examples hold a
// body row at line.
func rowOutline(doc *messages.GherkinDocument, line int64) (int64, bool) {
	for _, sc := range scenarios(doc) {
		for _, ex := range sc.Examples {
			for _, row := range ex.TableBody {
				if row.Location.Line == line {
					return sc.Location.Line, true
				}
			}
		}
	}
	return 0, false
}

func appendOnce(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

// Shard keeps every n-th scenario of the selection, starting at the k-th
// (1 <= k <= n), counting each Examples row as a scenario in file and line
// order, so that n machines that each run one shard run every scenario
// exactly once.
func (s *Selection) Shard(features []Feature, k, n int) (*Selection, error) {
	if n < 1 || k < 1 || k > n {
		return nil, fmt.Errorf("shard %d/%d is invalid, use K/N with 1 <= K <= N, such as 1/3", k, n)
	}
	for _, p := range s.Paths {
		if _, line := splitLine(p); line > 0 && len(s.rows) == 0 {
			return nil, fmt.Errorf("--shard splits whole files and folders, not the line in %s", p)
		}
	}
	out := &Selection{rows: map[string]map[int64]bool{}}
	index := 0
	for _, f := range features {
		picked := s.rows[filepath.Clean(f.Path)]
		for _, sc := range scenarios(f.Document) {
			if len(sc.Examples) == 0 {
				if len(s.rows) > 0 {
					continue // a client selection keeps Examples rows only
				}
				if index%n == k-1 {
					out.Paths = append(out.Paths, fmt.Sprintf("%s:%d", f.Path, sc.Location.Line))
				}
				index++
				continue
			}
			for _, ex := range sc.Examples {
				for _, row := range ex.TableBody {
					if len(s.rows) > 0 && !picked[row.Location.Line] {
						continue
					}
					if index%n == k-1 {
						out.keep(f.Path, row.Location.Line)
						out.Paths = appendOnce(out.Paths, fmt.Sprintf("%s:%d", f.Path, sc.Location.Line))
					}
					index++
				}
			}
		}
	}
	return out, nil
}

// ParseShard reads "K/N".
func ParseShard(v string) (int, int, error) {
	var k, n int
	if _, err := fmt.Sscanf(v, "%d/%d", &k, &n); err != nil || fmt.Sprintf("%d/%d", k, n) != v {
		return 0, 0, fmt.Errorf("shard %q is invalid, use K/N such as 1/3", v)
	}
	if n < 1 || k < 1 || k > n {
		return 0, 0, fmt.Errorf("shard %q is invalid, use K/N with 1 <= K <= N", v)
	}
	return k, n, nil
}
