package mmlite

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// User agents as real clients send them.
const (
	uaMacChrome        = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
	uaWindowsChrome    = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
	uaDesktopWindows   = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Mattermost/5.10.0 Chrome/126.0.6478.36 Electron/31.0.1 Safari/537.36"
	uaDesktopMac       = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Mattermost/5.10.0 Chrome/126.0.6478.36 Electron/31.0.1 Safari/537.36"
	uaMobileIPhone     = "Mattermost Mobile/2.22.0+581 (iPhone; iOS 17.6; Scale/3.00)"
	uaMobileAndroid    = "Mattermost Mobile/2.22.0+581 (Android; 14; Pixel 7)"
	uaMobileBare       = "Mattermost Mobile/2.22.0+581"
	uaHeadlessLinux    = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36"
	uaAndroidChrome    = "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36"
	uaIPadSafari       = "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
	uaMacSafari        = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15"
	uaLinuxFirefox     = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
	uaWindowsEdge      = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86"
	uaWindows7Chrome   = "Mozilla/5.0 (Windows NT 6.1; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/109.0.0.0 Safari/537.36"
	uaChromebook       = "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
	uaCurl             = "curl/8.5.0"
	uaOkHTTP           = "okhttp/4.12.0"
	deviceIPhoneApp    = "apple_rn-v2:1a2b3c"
	deviceIPhoneBeta   = "apple_rnbeta-v2:1a2b3c"
	deviceIPhoneLegacy = "apple:1a2b3c"
	deviceAndroidApp   = "android_rn-v2:1a2b3c"
	deviceAndroidOld   = "android:1a2b3c"
)

func TestDescribe(t *testing.T) {
	tests := []struct {
		name      string
		userAgent string
		deviceID  string
		want      SessionProps
	}{
		{"mac chrome", uaMacChrome, "", SessionProps{"Macintosh", "Mac OS", "Chrome/131.0", false}},
		{"windows chrome", uaWindowsChrome, "", SessionProps{"Windows", "Windows 10", "Chrome/131.0", false}},
		{"desktop app on windows", uaDesktopWindows, "", SessionProps{"Windows", "Windows 10", "Desktop App/5.10.0", false}},
		{"desktop app on mac", uaDesktopMac, "", SessionProps{"Macintosh", "Mac OS", "Desktop App/5.10.0", false}},
		{"iphone app", uaMobileIPhone, deviceIPhoneApp, SessionProps{"iPhone", "iOS", "Mobile App/2.22.0+581", true}},
		{"android app", uaMobileAndroid, deviceAndroidApp, SessionProps{"Linux", "Android", "Mobile App/2.22.0+581", true}},
		{"mobile app without platform", uaMobileBare, deviceAndroidOld, SessionProps{"Linux", "Android", "Mobile App/2.22.0+581", true}},
		{"headless chromium on linux", uaHeadlessLinux, "", SessionProps{"Linux", "Linux", "Chrome/131.0", false}},
		{"android chrome", uaAndroidChrome, "", SessionProps{"Linux", "Android", "Chrome/131.0", false}},
		{"ipad safari", uaIPadSafari, "", SessionProps{"iPad", "iOS", "Safari/17.5", false}},
		{"mac safari", uaMacSafari, "", SessionProps{"Macintosh", "Mac OS", "Safari/17.5", false}},
		{"linux firefox", uaLinuxFirefox, "", SessionProps{"Linux", "Linux", "Firefox/128.0", false}},
		{"windows edge", uaWindowsEdge, "", SessionProps{"Windows", "Windows 10", "Edge/131.0", false}},
		{"windows 7", uaWindows7Chrome, "", SessionProps{"Windows", "Windows 7", "Chrome/109.0", false}},
		{"chromebook", uaChromebook, "", SessionProps{"Linux", "Chrome OS", "Chrome/131.0", false}},
		{"curl", uaCurl, "", SessionProps{"Unknown", "", "Unknown/0.0", false}},
		{"okhttp with device id", uaOkHTTP, deviceAndroidApp, SessionProps{"Unknown", "", "Unknown/0.0", true}},
		{"empty agent", "", "", SessionProps{"Unknown", "", "Unknown/0.0", false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Describe(tt.userAgent, tt.deviceID)
			assert.Equal(t, tt.want.Platform, got.Platform, "platform")
			assert.Equal(t, tt.want.OS, got.OS, "os")
			assert.Equal(t, tt.want.Browser, got.Browser, "browser")
			assert.Equal(t, tt.want.IsMobile, got.IsMobile, "isMobile")
		})
	}
}

func TestDescribeCapsAppVersion(t *testing.T) {
	long := strings.Repeat("9", 300)
	got := Describe("Mozilla/5.0 (Windows NT 10.0) Mattermost/"+long+" Electron/31.0.1", "")
	assert.Equal(t, "Desktop App/"+long[:maxAppVersionLength], got.Browser)
}

func TestDescribeMobileAsDesktopFault(t *testing.T) {
	got := describe(uaMobileIPhone, deviceIPhoneApp, true)
	assert.Equal(t, "Desktop App/2.22.0+581", got.Browser)
	assert.Equal(t, "iPhone", got.Platform)
}

func TestLabel(t *testing.T) {
	tests := []struct {
		name      string
		userAgent string
		deviceID  string
		want      string
	}{
		{"mac browser", uaMacChrome, "", "Macintosh"},
		{"windows browser", uaWindowsChrome, "", "Windows"},
		{"desktop app", uaDesktopWindows, "", "Native Desktop App"},
		{"iphone app", uaMobileIPhone, deviceIPhoneApp, "iPhone Native App"},
		{"iphone beta app", uaMobileIPhone, deviceIPhoneBeta, "iPhone Native App"},
		{"iphone classic app", uaMobileIPhone, deviceIPhoneLegacy, "iPhone Native Classic App"},
		{"android app", uaMobileAndroid, deviceAndroidApp, "Android Native App"},
		{"android classic app", uaMobileAndroid, deviceAndroidOld, "Android Native Classic App"},
		{"android browser", uaAndroidChrome, "", "Android"},
		{"linux browser", uaHeadlessLinux, "", "Linux"},
		{"ipad safari", uaIPadSafari, "", "iPad"},
		{"curl", uaCurl, "", "Unknown"},
		// The device id decides before the agent, which contains "Mattermost".
		{"mobile agent with apple device", uaMobileBare, deviceIPhoneApp, "iPhone Native App"},
		{"desktop agent with android device", uaDesktopWindows, deviceAndroidApp, "Android Native App"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, Label(tt.deviceID, Describe(tt.userAgent, tt.deviceID)))
		})
	}
}
