// Package clients is the catalogue of client types that mmspec emulates:
// for each one, the label Mattermost gives its session, the user agent and
// device it presents, and how it signs in.
package clients

import (
	"bytes"
	"crypto/rand"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

//go:embed catalogue.yaml
var builtin []byte

// SignIn is the way a client type gets its session.
type SignIn string

const (
	// SignInBrowser signs in through the login form in the browser.
	SignInBrowser SignIn = "browser"
	// SignInApp signs in through the REST API with a device id, as the
	// native apps do; the browser then carries the session's cookies.
	SignInApp SignIn = "app"
)

// Viewport is a browser viewport size in CSS pixels.
type Viewport struct {
	Width  int `yaml:"width"`
	Height int `yaml:"height"`
}

// Client is one client type of the catalogue.
type Client struct {
	Name       string   `yaml:"name"`
	Label      string   `yaml:"label"`
	Icon       string   `yaml:"icon"`
	SignIn     SignIn   `yaml:"sign_in"`
	UserAgent  string   `yaml:"user_agent"`
	DeviceID   string   `yaml:"device_id"`
	DesktopApp bool     `yaml:"desktop_app"`
	Viewport   Viewport `yaml:"viewport"`
	Scale      float64  `yaml:"scale"`
	Mobile     bool     `yaml:"mobile"`
	Touch      bool     `yaml:"touch"`
	Tags       []string `yaml:"tags"`
}

// NewDeviceID returns a device id as the client's app sends it: the prefix
// followed by a random 64-digit hex push token, so that no two logins share
// one (Mattermost revokes a user's earlier sessions with the same device id).
// It returns "" for clients that send no device id.
func (c Client) NewDeviceID() string {
	if c.DeviceID == "" {
		return ""
	}
	token := make([]byte, 32)
	if _, err := rand.Read(token); err != nil {
		panic(fmt.Sprintf("read random push token: %v", err))
	}
	return c.DeviceID + hex.EncodeToString(token)
}

// Catalogue is an ordered set of client types, looked up by name.
type Catalogue struct {
	clients []Client
}

// Builtin returns the catalogue that ships with mmspec.
func Builtin() *Catalogue {
	c, err := Parse("catalogue.yaml", builtin)
	if err != nil {
		panic(fmt.Sprintf("built-in client catalogue: %v", err))
	}
	return c
}

// Load reads a catalogue file.
func Load(path string) (*Catalogue, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read client catalogue: %w", err)
	}
	return Parse(path, data)
}

// Parse decodes and validates a catalogue. Every problem names the file,
// the entry and the field.
func Parse(name string, data []byte) (*Catalogue, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var list []Client
	if err := dec.Decode(&list); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}

	var problems []error
	seen := map[string]bool{}
	for i, c := range list {
		where := fmt.Sprintf("%s: entry %d (%q)", name, i+1, c.Name)
		for _, err := range c.validate() {
			problems = append(problems, fmt.Errorf("%s: %w", where, err))
		}
		if seen[c.Name] {
			problems = append(problems, fmt.Errorf("%s: duplicate name", where))
		}
		seen[c.Name] = true
	}
	if len(list) == 0 {
		problems = append(problems, fmt.Errorf("%s: no client types", name))
	}
	if err := errors.Join(problems...); err != nil {
		return nil, err
	}
	return &Catalogue{clients: list}, nil
}

func (c Client) validate() []error {
	var errs []error
	if strings.TrimSpace(c.Name) == "" {
		errs = append(errs, errors.New("name is missing"))
	}
	if strings.TrimSpace(c.Label) == "" {
		errs = append(errs, errors.New("label is missing"))
	}
	if strings.TrimSpace(c.UserAgent) == "" {
		errs = append(errs, errors.New("user_agent is missing"))
	}
	switch c.SignIn {
	case SignInBrowser:
	case SignInApp:
		if c.DeviceID == "" {
			errs = append(errs, errors.New("sign_in app needs a device_id prefix, such as \"apple_rn-v2:\""))
		}
	default:
		errs = append(errs, fmt.Errorf("sign_in %q is invalid, use browser or app", c.SignIn))
	}
	if c.Viewport.Width <= 0 || c.Viewport.Height <= 0 {
		errs = append(errs, fmt.Errorf("viewport %dx%d is invalid, give width and height in CSS pixels",
			c.Viewport.Width, c.Viewport.Height))
	}
	if c.Scale < 0 {
		errs = append(errs, fmt.Errorf("scale %g is invalid, use a positive device scale factor", c.Scale))
	}
	return errs
}

// Merge returns a catalogue with the other's client types added, where a
// client type of the same name replaces this one's in place.
func (c *Catalogue) Merge(other *Catalogue) *Catalogue {
	out := &Catalogue{clients: append([]Client(nil), c.clients...)}
	for _, cl := range other.clients {
		replaced := false
		for i := range out.clients {
			if out.clients[i].Name == cl.Name {
				out.clients[i] = cl
				replaced = true
			}
		}
		if !replaced {
			out.clients = append(out.clients, cl)
		}
	}
	return out
}

// Open returns the built-in catalogue merged with the file at path, or the
// built-in one alone when path is empty.
func Open(path string) (*Catalogue, error) {
	if path == "" {
		return Builtin(), nil
	}
	extra, err := Load(path)
	if err != nil {
		return nil, err
	}
	return Builtin().Merge(extra), nil
}

// All returns the client types in catalogue order.
func (c *Catalogue) All() []Client {
	return append([]Client(nil), c.clients...)
}

// Names returns the client type names in catalogue order.
func (c *Catalogue) Names() []string {
	names := make([]string, len(c.clients))
	for i, cl := range c.clients {
		names[i] = cl.Name
	}
	return names
}

// Lookup finds a client type by its exact name.
func (c *Catalogue) Lookup(name string) (Client, error) {
	for _, cl := range c.clients {
		if cl.Name == name {
			return cl, nil
		}
	}
	return Client{}, &UnknownError{Name: name, Known: c.Names()}
}

// Others returns up to n client types, in catalogue order, whose labels
// differ from the given client's label and from each other, so that every
// session of a scenario is identified by its label.
func (c *Catalogue) Others(of Client, n int) []Client {
	labels := map[string]bool{of.Label: true}
	var out []Client
	for _, cl := range c.clients {
		if len(out) == n {
			break
		}
		if labels[cl.Label] {
			continue
		}
		labels[cl.Label] = true
		out = append(out, cl)
	}
	return out
}

// UnknownError reports a client type name that the catalogue lacks.
type UnknownError struct {
	Name  string
	Known []string
}

func (e *UnknownError) Error() string {
	msg := fmt.Sprintf("unknown client type %q", e.Name)
	if near := Closest(e.Name, e.Known); near != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", near)
	}
	return msg + "; known client types: " + strings.Join(e.Known, ", ") +
		". Fix the name, or describe the new client type in a catalogue file named in godog.yml's catalogue"
}

// Closest returns the candidate nearest to name by edit distance, ignoring
// case, or "" when none is near enough to be a likely typo.
func Closest(name string, candidates []string) string {
	type scored struct {
		name string
		dist int
	}
	var all []scored
	for _, cand := range candidates {
		all = append(all, scored{cand, Distance(strings.ToLower(name), strings.ToLower(cand))})
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].dist < all[j].dist })
	if len(all) == 0 {
		return ""
	}
	limit := max(2, len([]rune(all[0].name))/3)
	if all[0].dist > limit {
		return ""
	}
	return all[0].name
}

// Distance is the Levenshtein edit distance between a and b.
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
