package mmlite

import (
	"regexp"
	"strings"
)

// SessionProps is the part of a session's props that the server derives from
// the User-Agent and the device id at login.
type SessionProps struct {
	Platform string `json:"platform"` // Windows, Macintosh, Linux, iPhone, iPad, ..., or Unknown
	OS       string `json:"os"`       // Windows 10, Mac OS, iOS, Android, Linux, Chrome OS, or ""
	Browser  string `json:"browser"`  // "<name>/<version>", e.g. "Chrome/131.0" or "Desktop App/5.10.0"
	IsMobile bool   `json:"isMobile,string"`
}

// maxAppVersionLength caps the version read after "Mattermost/" or
// "Mattermost Mobile/", as Mattermost does.
const maxAppVersionLength = 128

// Describe returns the props that Mattermost 11.0 stores on a session created
// with this User-Agent and device id. A non-empty device id marks the session
// as mobile.
func Describe(userAgent, deviceID string) SessionProps {
	return describe(userAgent, deviceID, false)
}

// describe is Describe with the fault that treats the mobile app's agent as
// the desktop app's, because it contains "Mattermost".
func describe(userAgent, deviceID string, mobileAsDesktop bool) SessionProps {
	platform := detectPlatform(userAgent)
	return SessionProps{
		Platform: platform,
		OS:       detectOS(userAgent, platform),
		Browser:  detectBrowser(userAgent, mobileAsDesktop),
		IsMobile: deviceID != "",
	}
}

func detectPlatform(ua string) string {
	switch {
	case strings.Contains(ua, "Windows Phone"):
		return "Windows Phone"
	case strings.Contains(ua, "iPad"):
		return "iPad"
	case strings.Contains(ua, "iPhone"):
		return "iPhone"
	case strings.Contains(ua, "iPod"):
		return "iPod"
	case strings.Contains(ua, "BlackBerry"), strings.Contains(ua, "BB10"):
		return "BlackBerry"
	case strings.Contains(ua, "Android"), strings.Contains(ua, "CrOS"):
		// Android and Chrome OS are Linux platforms.
		return "Linux"
	case strings.Contains(ua, "Windows"):
		return "Windows"
	case strings.Contains(ua, "Macintosh"), strings.Contains(ua, "Mac OS X"):
		return "Macintosh"
	case strings.Contains(ua, "Linux"), strings.Contains(ua, "X11"):
		return "Linux"
	case strings.HasPrefix(ua, "Mattermost Mobile/"):
		// The mobile app's own agent names no platform when it is not an
		// Apple device: it is the Android app.
		return "Linux"
	default:
		return "Unknown"
	}
}

var windowsNTNames = map[string]string{
	"10.0": "Windows 10",
	"6.3":  "Windows 8.1",
	"6.2":  "Windows 8",
	"6.1":  "Windows 7",
	"6.0":  "Windows Vista",
	"5.2":  "Windows XP",
	"5.1":  "Windows XP",
	"5.0":  "Windows 2000",
}

var windowsNTPattern = regexp.MustCompile(`Windows NT (\d+\.\d+)`)

func detectOS(ua, platform string) string {
	switch platform {
	case "Windows Phone":
		return "Windows Phone"
	case "iPad", "iPhone", "iPod":
		return "iOS"
	case "BlackBerry":
		return "BlackBerry"
	case "Windows":
		if m := windowsNTPattern.FindStringSubmatch(ua); m != nil {
			if name, ok := windowsNTNames[m[1]]; ok {
				return name
			}
		}
		return "Windows"
	case "Macintosh":
		return "Mac OS"
	case "Linux":
		switch {
		case strings.Contains(ua, "Android"), strings.HasPrefix(ua, "Mattermost Mobile/"):
			return "Android"
		case strings.Contains(ua, "CrOS"):
			return "Chrome OS"
		}
		return "Linux"
	}
	return ""
}

// browserPatterns lists browsers in the order they are recognised: Edge and
// Opera agents also name Chrome and Safari, and Chrome agents name Safari.
var browserPatterns = []struct {
	name    string
	pattern *regexp.Regexp
}{
	{"Edge", regexp.MustCompile(`(?:Edg|Edge|EdgA|EdgiOS)/(\d+)(?:\.(\d+))?`)},
	{"Opera", regexp.MustCompile(`(?:OPR|Opera)/(\d+)(?:\.(\d+))?`)},
	{"Firefox", regexp.MustCompile(`(?:Firefox|FxiOS)/(\d+)(?:\.(\d+))?`)},
	{"Chrome", regexp.MustCompile(`(?:Chrome|CriOS)/(\d+)(?:\.(\d+))?`)},
	{"Safari", regexp.MustCompile(`Version/(\d+)(?:\.(\d+))?.*Safari/`)},
	{"Internet Explorer", regexp.MustCompile(`(?:MSIE |Trident/.*rv:)(\d+)(?:\.(\d+))?`)},
}

func detectBrowser(ua string, mobileAsDesktop bool) string {
	isMobileApp := strings.Contains(ua, "Mattermost Mobile")
	isDesktopApp := strings.Contains(ua, "Electron") ||
		(strings.Contains(ua, "Mattermost") && (!isMobileApp || mobileAsDesktop))
	switch {
	case isDesktopApp:
		if version, ok := appVersion(ua, "Mattermost/"); ok {
			return "Desktop App/" + version
		}
		if isMobileApp {
			version, _ := appVersion(ua, "Mattermost Mobile/")
			return "Desktop App/" + version
		}
		return "Desktop App/" + webBrowserVersion(ua)
	case isMobileApp:
		version, _ := appVersion(ua, "Mattermost Mobile/")
		return "Mobile App/" + version
	}
	name, version := webBrowser(ua)
	return name + "/" + version
}

// appVersion returns the text after marker up to the next space.
func appVersion(ua, marker string) (string, bool) {
	i := strings.Index(ua, marker)
	if i < 0 {
		return "", false
	}
	version := ua[i+len(marker):]
	if end := strings.IndexByte(version, ' '); end >= 0 {
		version = version[:end]
	}
	if len(version) > maxAppVersionLength {
		version = version[:maxAppVersionLength]
	}
	return version, true
}

func webBrowser(ua string) (name, version string) {
	for _, b := range browserPatterns {
		if m := b.pattern.FindStringSubmatch(ua); m != nil {
			minor := m[2]
			if minor == "" {
				minor = "0"
			}
			return b.name, m[1] + "." + minor
		}
	}
	return "Unknown", "0.0"
}

func webBrowserVersion(ua string) string {
	_, version := webBrowser(ua)
	return version
}

// Label returns the text the Mattermost web app shows for a session in the
// Active Sessions modal. The first rule that fits decides:
//  1. device id with "apple": iPhone Native App with "apple_rn", else iPhone Native Classic App
//  2. device id with "android": Android Native App with "android_rn", else Android Native Classic App
//  3. os with "Android": Android
//  4. browser with "Desktop App": Native Desktop App
//  5. otherwise the platform as it is
func Label(deviceID string, props SessionProps) string {
	switch {
	case strings.Contains(deviceID, "apple"):
		if strings.Contains(deviceID, "apple_rn") {
			return "iPhone Native App"
		}
		return "iPhone Native Classic App"
	case strings.Contains(deviceID, "android"):
		if strings.Contains(deviceID, "android_rn") {
			return "Android Native App"
		}
		return "Android Native Classic App"
	case strings.Contains(props.OS, "Android"):
		return "Android"
	case strings.Contains(props.Browser, "Desktop App"):
		return "Native Desktop App"
	}
	return props.Platform
}
