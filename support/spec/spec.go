// Package spec reads the feature files and checks them before any browser
// or server starts, so that a product owner's typo fails in a second with
// the file and line, not minutes into a run.
package spec

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	gherkin "github.com/cucumber/gherkin/go/v42"
	messages "github.com/cucumber/messages/go/v34"

	"mmspec/support/clients"
)

// Feature is one parsed feature file.
type Feature struct {
	Path     string
	Document *messages.GherkinDocument
}

// Problem is one thing wrong in a feature file, at a line.
type Problem struct {
	Path    string
	Line    int64
	Message string
}

func (p Problem) String() string {
	return fmt.Sprintf("%s:%d: %s", p.Path, p.Line, p.Message)
}

// Problems is a list of problems that reads as one error.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Load parses every .feature file under paths (files or folders), in path
// order. A syntax error becomes a Problem with the file and line.
func Load(paths []string) ([]Feature, Problems, error) {
	files, err := featureFiles(paths)
	if err != nil {
		return nil, nil, err
	}
	var features []Feature
	var problems Problems
	for _, path := range files {
		f, err := os.Open(path)
		if err != nil {
			return nil, nil, fmt.Errorf("open feature file: %w", err)
		}
		ids := 0
		doc, err := gherkin.ParseGherkinDocument(f, func() string { ids++; return strconv.Itoa(ids) })
		f.Close()
		if err != nil {
			problems = append(problems, syntaxProblems(path, err)...)
			continue
		}
		features = append(features, Feature{Path: path, Document: doc})
	}
	return features, problems, nil
}

func featureFiles(paths []string) ([]string, error) {
	var files []string
	for _, root := range paths {
		root = stripLine(root)
		info, err := os.Stat(root)
		if err != nil {
			return nil, fmt.Errorf("feature path %s: %w", root, err)
		}
		if !info.IsDir() {
			files = append(files, root)
			continue
		}
		err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && strings.HasSuffix(path, ".feature") {
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("read feature folder %s: %w", root, err)
		}
	}
	sort.Strings(files)
	files = slices.Compact(files)
	if len(files) == 0 {
		return nil, fmt.Errorf("no .feature files under %s", strings.Join(paths, ", "))
	}
	return files, nil
}

// stripLine drops a ":line" suffix, with which godog runs one scenario.
func stripLine(path string) string {
	file, _ := splitLine(path)
	return file
}

// syntaxProblems splits a gherkin parse error into problems. The parser's
// error types are unexported, so the text is read: one
// "(line:column): message" line per error, after a "Parser errors:" line
// when there are several.
func syntaxProblems(path string, err error) Problems {
	var problems Problems
	for _, msg := range strings.Split(err.Error(), "\n") {
		msg = strings.TrimSpace(msg)
		if msg == "" || msg == "Parser errors:" {
			continue
		}
		line := int64(0)
		if strings.HasPrefix(msg, "(") {
			if end := strings.Index(msg, ")"); end > 0 {
				loc := strings.SplitN(msg[1:end], ":", 2)
				if n, perr := strconv.ParseInt(loc[0], 10, 64); perr == nil {
					line = n
					msg = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(msg[end+1:]), ":"))
				}
			}
		}
		problems = append(problems, Problem{Path: path, Line: line, Message: "Gherkin syntax: " + msg})
	}
	return problems
}

// ClientColumn is the Examples column that names a client type.
const ClientColumn = "client"

// CheckClients reports every Examples cell of a "client" column that names
// no client type of the catalogue.
func CheckClients(features []Feature, catalogue *clients.Catalogue) Problems {
	var problems Problems
	for _, f := range features {
		for _, sc := range scenarios(f.Document) {
			for _, ex := range sc.Examples {
				problems = append(problems, checkExamples(f.Path, ex, catalogue)...)
			}
			for _, step := range sc.Steps {
				problems = append(problems, checkDataTable(f.Path, step.DataTable, catalogue)...)
			}
		}
	}
	return problems
}

func checkExamples(path string, ex *messages.Examples, catalogue *clients.Catalogue) Problems {
	col := columnIndex(ex, ClientColumn)
	if col < 0 {
		return nil
	}
	var problems Problems
	for _, row := range ex.TableBody {
		if col >= len(row.Cells) {
			continue
		}
		name := row.Cells[col].Value
		if _, err := catalogue.Lookup(name); err != nil {
			problems = append(problems, Problem{Path: path, Line: row.Location.Line, Message: err.Error()})
		}
	}
	return problems
}

// checkDataTable checks the "client" column of a step's data table, such
// as the one of "I am also signed in on these clients:".
func checkDataTable(path string, table *messages.DataTable, catalogue *clients.Catalogue) Problems {
	if table == nil || len(table.Rows) < 2 {
		return nil
	}
	col := -1
	for i, cell := range table.Rows[0].Cells {
		if cell.Value == ClientColumn {
			col = i
		}
	}
	if col < 0 {
		return nil
	}
	var problems Problems
	for _, row := range table.Rows[1:] {
		if col >= len(row.Cells) {
			continue
		}
		if _, err := catalogue.Lookup(row.Cells[col].Value); err != nil {
			problems = append(problems, Problem{Path: path, Line: row.Location.Line, Message: err.Error()})
		}
	}
	return problems
}

// Scenarios returns every scenario of a document, including those inside
// rules, in the order they are written.
func Scenarios(doc *messages.GherkinDocument) []*messages.Scenario {
	return scenarios(doc)
}

// scenarios returns every scenario of a document, including those inside
// rules.
func scenarios(doc *messages.GherkinDocument) []*messages.Scenario {
	if doc == nil || doc.Feature == nil {
		return nil
	}
	var out []*messages.Scenario
	for _, child := range doc.Feature.Children {
		if child.Scenario != nil {
			out = append(out, child.Scenario)
		}
		if child.Rule != nil {
			for _, rc := range child.Rule.Children {
				if rc.Scenario != nil {
					out = append(out, rc.Scenario)
				}
			}
		}
	}
	return out
}

// ClientRows maps each client type named in an Examples "client" column to
// the rows that name it, as "path:line" arguments that make godog run just
// that row.
func ClientRows(features []Feature) map[string][]string {
	rows := map[string][]string{}
	for _, f := range features {
		for _, sc := range scenarios(f.Document) {
			for _, ex := range sc.Examples {
				col := columnIndex(ex, ClientColumn)
				if col < 0 {
					continue
				}
				for _, row := range ex.TableBody {
					if col < len(row.Cells) {
						name := row.Cells[col].Value
						rows[name] = append(rows[name], fmt.Sprintf("%s:%d", f.Path, row.Location.Line))
					}
				}
			}
		}
	}
	return rows
}

func columnIndex(ex *messages.Examples, name string) int {
	if ex.TableHeader == nil {
		return -1
	}
	for i, cell := range ex.TableHeader.Cells {
		if cell.Value == name {
			return i
		}
	}
	return -1
}

// ScenarioLines maps each scenario's name, as written, to its "path:line".
func ScenarioLines(features []Feature) map[string]string {
	lines := map[string]string{}
	for _, f := range features {
		for _, sc := range scenarios(f.Document) {
			lines[sc.Name] = fmt.Sprintf("%s:%d", f.Path, sc.Location.Line)
		}
	}
	return lines
}
