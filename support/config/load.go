package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Load returns Default() overlaid with the settings file at path. An empty
// path returns Default(). A missing file is an error that wraps
// fs.ErrNotExist, so a caller can fall back to the defaults when the path
// was DefaultPath and not chosen by the user.
//
// Every error names the file, the line and, where there is one, the key.
// Load rejects YAML syntax errors, unknown keys, values of the wrong type,
// values that are invalid on their own, and keys that look like credentials.
func Load(path string) (Config, error) {
	cfg := Default()
	if path == "" {
		return cfg, nil
	}

	data, err := os.ReadFile(path)
	if err != nil {
		return cfg, fmt.Errorf("read settings: %w", err)
	}

	if err := decode(path, data, &cfg); err != nil {
		return cfg, err
	}

	return cfg, nil
}

// Parse is Load for settings already in memory; name stands for the file in
// error messages.
func Parse(name string, data []byte) (Config, error) {
	cfg := Default()
	err := decode(name, data, &cfg)

	return cfg, err
}

// decoder walks the YAML node tree into a Config, collecting one error per
// problem with its line.
type decoder struct {
	file   string
	errs   []error
	lines  map[string]int  // line of each key set by the file
	failed map[string]bool // keys whose value could not be decoded
}

var durationType = reflect.TypeFor[time.Duration]()

func decode(file string, data []byte, cfg *Config) error {
	d := &decoder{file: file, lines: map[string]int{}, failed: map[string]bool{}}

	dec := yaml.NewDecoder(bytes.NewReader(data))

	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil // an empty file keeps the defaults
		}

		return d.syntaxError(err)
	}

	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		line := extra.Line
		if err != nil {
			return d.syntaxError(err)
		}

		return fmt.Errorf("%s:%d: a second YAML document starts here, keep all settings in one", file, line)
	}

	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) > 0 {
		root = root.Content[0]
	}

	d.decodeStruct(root, reflect.ValueOf(cfg).Elem(), "")

	// Values of the right type may still be invalid, e.g. concurrency 0.
	for _, ck := range checks {
		line, set := d.lines[ck.key]
		if !set || d.failed[ck.key] {
			continue
		}
		if err := ck.fn(cfg); err != nil {
			d.errs = append(d.errs, fmt.Errorf("%s:%d: key %s: %w", file, line, ck.key, err))
		}
	}

	return errors.Join(d.errs...)
}

var yamlLinePattern = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// syntaxError rewrites yaml.v3's "yaml: line 3: ..." as "file:3: ...".
func (d *decoder) syntaxError(err error) error {
	if m := yamlLinePattern.FindStringSubmatch(err.Error()); m != nil {
		return fmt.Errorf("%s:%s: invalid YAML: %s", d.file, m[1], m[2])
	}

	return fmt.Errorf("%s: invalid YAML: %s", d.file, strings.TrimPrefix(err.Error(), "yaml: "))
}

func (d *decoder) fail(node *yaml.Node, key, format string, args ...any) {
	d.failed[key] = true
	msg := fmt.Sprintf(format, args...)
	if key == "" {
		d.errs = append(d.errs, fmt.Errorf("%s:%d: %s", d.file, node.Line, msg))

		return
	}

	d.errs = append(d.errs, fmt.Errorf("%s:%d: key %s: %s", d.file, node.Line, key, msg))
}

// decodeStruct fills the struct v from a mapping node. prefix is the key
// path of the mapping, empty at the top.
func (d *decoder) decodeStruct(node *yaml.Node, v reflect.Value, prefix string) {
	node = resolve(node)
	if isNull(node) {
		return
	}
	if node.Kind != yaml.MappingNode {
		if prefix == "" {
			d.fail(node, "", "the settings must be a mapping of keys to values, got %s", describe(node))
		} else {
			d.fail(node, prefix, "expected a mapping of keys to values, got %s", describe(node))
		}

		return
	}

	fields := yamlFields(v.Type())
	seen := map[string]int{}

	for i := 0; i+1 < len(node.Content); i += 2 {
		keyNode, valueNode := node.Content[i], node.Content[i+1]
		name := keyNode.Value
		key := joinKey(prefix, name)

		if keyNode.Kind != yaml.ScalarNode {
			d.fail(keyNode, prefix, "a key must be a plain name, got %s", describe(keyNode))

			continue
		}
		if first, dup := seen[name]; dup {
			d.fail(keyNode, key, "duplicate key, first set on line %d", first)

			continue
		}
		seen[name] = keyNode.Line

		if isCredentialKey(name) {
			d.fail(keyNode, key, "credentials are not read from godog.yml, remove the key and set MMSPEC_ADMIN_TOKEN, "+
				"or MMSPEC_ADMIN_USERNAME and MMSPEC_ADMIN_PASSWORD, in the environment")

			continue
		}

		index, ok := fields[name]
		if !ok {
			d.fail(keyNode, key, "unknown key%s", suggest(name, fields, prefix))

			continue
		}

		d.lines[key] = valueNode.Line
		d.decodeValue(valueNode, v.Field(index), key)
	}
}

// decodeValue fills one field from its value node.
func (d *decoder) decodeValue(node *yaml.Node, field reflect.Value, key string) {
	node = resolve(node)

	if field.Kind() == reflect.Struct {
		d.decodeStruct(node, field, key)

		return
	}

	// An empty value ("key:" or "key: ~") sets the zero value.
	if isNull(node) {
		field.SetZero()

		return
	}

	switch {
	case field.Type() == durationType:
		if node.Kind != yaml.ScalarNode {
			d.fail(node, key, "expected a duration like 30s, got %s", describe(node))

			return
		}
		duration, err := time.ParseDuration(node.Value)
		if err != nil {
			d.fail(node, key, "invalid duration %q, use a Go duration like 30s", node.Value)

			return
		}
		field.SetInt(int64(duration))

	case field.Kind() == reflect.String:
		if node.Kind != yaml.ScalarNode {
			d.fail(node, key, "expected a string, got %s", describe(node))

			return
		}
		field.SetString(node.Value)

	case field.Kind() == reflect.Bool:
		value, err := strconv.ParseBool(node.Value)
		if node.Kind != yaml.ScalarNode || node.Tag != "!!bool" || err != nil {
			d.fail(node, key, "invalid boolean %s, use true or false", describe(node))

			return
		}
		field.SetBool(value)

	case field.Kind() == reflect.Int:
		value, err := strconv.Atoi(node.Value)
		if node.Kind != yaml.ScalarNode || node.Tag != "!!int" || err != nil {
			d.fail(node, key, "invalid integer %s, use a whole number like 2", describe(node))

			return
		}
		field.SetInt(int64(value))

	case field.Kind() == reflect.Slice && field.Type().Elem().Kind() == reflect.String:
		d.decodeStrings(node, field, key)

	case field.Kind() == reflect.Slice && field.Type().Elem().Kind() == reflect.Struct:
		d.decodeStructs(node, field, key)

	default:
		// Only reachable when Config gains a field of a new type.
		panic(fmt.Sprintf("config: key %s has unsupported type %s", key, field.Type()))
	}
}

// decodeStructs fills a list of mappings, such as accessibility.accepted.
// Each item's keys are named key[i].name in errors.
func (d *decoder) decodeStructs(node *yaml.Node, field reflect.Value, key string) {
	if node.Kind != yaml.SequenceNode {
		d.fail(node, key, "expected a list of mappings, got %s", describe(node))

		return
	}
	if len(node.Content) == 0 {
		field.SetZero() // "[]" means none, like an absent key

		return
	}
	list := reflect.MakeSlice(field.Type(), len(node.Content), len(node.Content))
	for i, item := range node.Content {
		d.decodeStruct(item, list.Index(i), fmt.Sprintf("%s[%d]", key, i))
	}
	field.Set(list)
}

func (d *decoder) decodeStrings(node *yaml.Node, field reflect.Value, key string) {
	if node.Kind != yaml.SequenceNode {
		d.fail(node, key, "expected a list like [a, b], got %s", describe(node))

		return
	}

	items := make([]string, 0, len(node.Content))
	for i, item := range node.Content {
		item = resolve(item)
		if item.Kind != yaml.ScalarNode || isNull(item) {
			d.fail(item, key, "item %d: expected a string, got %s", i+1, describe(item))

			return
		}
		items = append(items, item.Value)
	}

	if len(items) == 0 {
		field.SetZero() // "faults: []" equals no faults, as in Default()

		return
	}

	field.Set(reflect.ValueOf(items))
}

// yamlFields maps the yaml tag names of a struct type to field indexes.
func yamlFields(t reflect.Type) map[string]int {
	fields := map[string]int{}
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		if name != "" && name != "-" {
			fields[name] = i
		}
	}

	return fields
}

// isCredentialKey reports whether a key looks like it holds a secret. The
// Config has no such key, so the file is rejected instead of ignored.
func isCredentialKey(name string) bool {
	lower := strings.ToLower(name)
	for _, word := range []string{"admin", "password", "passwd", "token", "secret", "credential"} {
		if strings.Contains(lower, word) {
			return true
		}
	}

	return false
}

// suggest names the closest known key, or lists them all.
func suggest(name string, fields map[string]int, prefix string) string {
	known := make([]string, 0, len(fields))
	for field := range fields {
		known = append(known, field)
	}
	sort.Strings(known)

	best, bestDistance := "", 3 // suggest only up to two edits away
	for _, candidate := range known {
		if distance := levenshtein(name, candidate); distance < bestDistance {
			best, bestDistance = candidate, distance
		}
	}
	if best != "" {
		return fmt.Sprintf(", did you mean %s?", joinKey(prefix, best))
	}

	where := "at the top level"
	if prefix != "" {
		where = "under " + prefix
	}

	return fmt.Sprintf("; the keys %s are %s", where, strings.Join(known, ", "))
}

func levenshtein(a, b string) int {
	previous := make([]int, len(b)+1)
	current := make([]int, len(b)+1)
	for j := range previous {
		previous[j] = j
	}

	for i := 1; i <= len(a); i++ {
		current[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			current[j] = min(previous[j]+1, current[j-1]+1, previous[j-1]+cost)
		}
		previous, current = current, previous
	}

	return previous[len(b)]
}

func joinKey(prefix, name string) string {
	if prefix == "" {
		return name
	}

	return prefix + "." + name
}

// resolve follows an alias (*name) to the node it refers to.
func resolve(node *yaml.Node) *yaml.Node {
	for node.Kind == yaml.AliasNode && node.Alias != nil {
		node = node.Alias
	}

	return node
}

func isNull(node *yaml.Node) bool {
	return node.Kind == yaml.ScalarNode && node.Tag == "!!null"
}

// describe names a node's kind for error messages.
func describe(node *yaml.Node) string {
	switch node.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if isNull(node) {
			return "an empty value"
		}

		return strconv.Quote(node.Value)
	default:
		return "an unsupported YAML node"
	}
}
