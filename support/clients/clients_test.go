package clients

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBuiltinHasTheSevenClientTypes(t *testing.T) {
	c := Builtin()
	for _, name := range []string{
		"Macintosh", "Windows", "Native Desktop App", "iPhone Native App",
		"Android Native App", "iPhone Native Classic App", "Android Native Classic App", "Linux",
	} {
		t.Run(name, func(t *testing.T) {
			client, err := c.Lookup(name)
			require.NoError(t, err)
			assert.Equal(t, name, client.Label)
			assert.NotEmpty(t, client.UserAgent)
			assert.NotEmpty(t, client.Icon)
		})
	}
}

func TestBuiltinSignInAndDeviceIDs(t *testing.T) {
	c := Builtin()
	tests := []struct {
		name   string
		signIn SignIn
		prefix string
		bridge bool
	}{
		{"Macintosh", SignInBrowser, "", false},
		{"Windows", SignInBrowser, "", false},
		{"Native Desktop App", SignInBrowser, "", true},
		{"iPhone Native App", SignInApp, "apple_rn-v2:", false},
		{"Android Native App", SignInApp, "android_rn-v2:", false},
		{"iPhone Native Classic App", SignInApp, "apple:", false},
		{"Android Native Classic App", SignInApp, "android:", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			client, err := c.Lookup(tt.name)
			require.NoError(t, err)
			assert.Equal(t, tt.signIn, client.SignIn)
			assert.Equal(t, tt.prefix, client.DeviceID)
			assert.Equal(t, tt.bridge, client.DesktopApp)
		})
	}
}

func TestDesktopAppAgentIsElectron(t *testing.T) {
	client, err := Builtin().Lookup("Native Desktop App")
	require.NoError(t, err)

	assert.Contains(t, client.UserAgent, "Mattermost/5.")
	assert.Contains(t, client.UserAgent, "Electron/")
}

func TestNewDeviceIDIsFreshEachTime(t *testing.T) {
	client, err := Builtin().Lookup("iPhone Native App")
	require.NoError(t, err)

	a, b := client.NewDeviceID(), client.NewDeviceID()
	assert.True(t, strings.HasPrefix(a, "apple_rn-v2:"))
	assert.Len(t, a, len("apple_rn-v2:")+64)
	assert.NotEqual(t, a, b)
}

func TestNewDeviceIDEmptyForBrowsers(t *testing.T) {
	client, err := Builtin().Lookup("Windows")
	require.NoError(t, err)

	assert.Empty(t, client.NewDeviceID())
}

func TestLookupUnknownListsKnownAndClosest(t *testing.T) {
	_, err := Builtin().Lookup("Andriod Native App")
	require.Error(t, err)

	assert.Contains(t, err.Error(), `unknown client type "Andriod Native App"`)
	assert.Contains(t, err.Error(), `did you mean "Android Native App"?`)
	assert.Contains(t, err.Error(), "known client types: Macintosh, Windows")
}

func TestLookupFarNameSuggestsNothing(t *testing.T) {
	_, err := Builtin().Lookup("Nokia 3310")
	require.Error(t, err)

	assert.NotContains(t, err.Error(), "did you mean")
}

func TestOthersHaveDistinctLabels(t *testing.T) {
	c := Builtin()
	for _, client := range c.All() {
		t.Run(client.Name, func(t *testing.T) {
			others := c.Others(client, 2)
			require.Len(t, others, 2)
			labels := map[string]bool{client.Label: true}
			for _, o := range others {
				assert.False(t, labels[o.Label], "label %q repeats", o.Label)
				labels[o.Label] = true
			}
		})
	}
}

func TestParseRejectsBadEntries(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want string
	}{
		{"unknown field", "- name: A\n  colour: red\n", "field colour not found"},
		{"missing label", "- name: A\n  sign_in: browser\n  user_agent: x\n  viewport: {width: 1, height: 1}\n",
			"label is missing"},
		{"bad sign_in", "- name: A\n  label: A\n  sign_in: telepathy\n  user_agent: x\n  viewport: {width: 1, height: 1}\n",
			`sign_in "telepathy" is invalid`},
		{"app without device id", "- name: A\n  label: A\n  sign_in: app\n  user_agent: x\n  viewport: {width: 1, height: 1}\n",
			"needs a device_id prefix"},
		{"no viewport", "- name: A\n  label: A\n  sign_in: browser\n  user_agent: x\n", "viewport 0x0 is invalid"},
		{"duplicate", "- {name: A, label: A, sign_in: browser, user_agent: x, viewport: {width: 1, height: 1}}\n" +
			"- {name: A, label: A, sign_in: browser, user_agent: x, viewport: {width: 1, height: 1}}\n", "duplicate name"},
		{"empty", "[]\n", "no client types"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("test.yaml", []byte(tt.yaml))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.Contains(t, err.Error(), "test.yaml")
		})
	}
}

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"abc", "abc", 0},
		{"abc", "abd", 1},
		{"kitten", "sitting", 3},
		{"", "abc", 3},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, Distance(tt.a, tt.b), "%q vs %q", tt.a, tt.b)
	}
}
