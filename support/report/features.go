package report

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	gherkin "github.com/cucumber/gherkin/go/v42"
	messages "github.com/cucumber/messages/go/v34"

	"mmspec/support/spec"
)

// clientColumn is the Examples column that names the client type.
const clientColumn = "client"

// featureFile is a feature file as written, with its Examples rows by line.
type featureFile struct {
	Path string
	Text string
	rows map[int64]examplesRow
}

// examplesRow is one body row of an Examples table.
type examplesRow struct {
	// Examples is the table's name, e.g. "Mobile apps".
	Examples string
	Header   []string
	Cells    []string
}

// cell returns the row's value in the named column, or "".
func (r examplesRow) cell(column string) string {
	for i, h := range r.Header {
		if h == column && i < len(r.Cells) {
			return r.Cells[i]
		}
	}
	return ""
}

func readFeatureFiles(paths []string) ([]featureFile, error) {
	var out []featureFile
	for _, p := range paths {
		f, err := readFeatureFile(stripLineSuffix(p))
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

func readFeatureFile(path string) (featureFile, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return featureFile{}, fmt.Errorf("read feature file: %w", err)
	}
	ids := 0
	doc, err := gherkin.ParseGherkinDocument(bytes.NewReader(data), func() string { ids++; return strconv.Itoa(ids) })
	if err != nil {
		return featureFile{}, fmt.Errorf("parse feature file %s: %w", path, err)
	}
	f := featureFile{Path: path, Text: string(data), rows: map[int64]examplesRow{}}
	for _, sc := range spec.Scenarios(doc) {
		for _, ex := range sc.Examples {
			if ex.TableHeader == nil {
				continue
			}
			header := cellValues(ex.TableHeader)
			for _, row := range ex.TableBody {
				f.rows[row.Location.Line] = examplesRow{Examples: ex.Name, Header: header, Cells: cellValues(row)}
			}
		}
	}
	return f, nil
}

func cellValues(row *messages.TableRow) []string {
	out := make([]string, len(row.Cells))
	for i, c := range row.Cells {
		out[i] = c.Value
	}
	return out
}

// matchFeatureFile finds the feature file that a Cucumber JSON uri names:
// the same path, or else the only file whose path ends in the same
// elements (a uri is relative to where godog ran, the paths to the caller).
func matchFeatureFile(files []featureFile, uri string) (featureFile, bool) {
	uri = filepath.Clean(stripLineSuffix(uri))
	for _, f := range files {
		if filepath.Clean(f.Path) == uri {
			return f, true
		}
	}
	best, bestLen, count := featureFile{}, 0, 0
	for _, f := range files {
		n := commonSuffixElements(filepath.Clean(f.Path), uri)
		switch {
		case n > bestLen:
			best, bestLen, count = f, n, 1
		case n == bestLen && n > 0:
			count++
		}
	}
	return best, bestLen > 0 && count == 1
}

func commonSuffixElements(a, b string) int {
	as := strings.Split(filepath.ToSlash(a), "/")
	bs := strings.Split(filepath.ToSlash(b), "/")
	n := 0
	for n < len(as) && n < len(bs) && as[len(as)-1-n] == bs[len(bs)-1-n] {
		n++
	}
	return n
}
