package mmlite

import (
	"embed"
	"encoding/json"
	"io/fs"
	"net/http"
	"path"
	"slices"
)

//go:embed web
var webFiles embed.FS

// contentSecurityPolicy matches Mattermost's: scripts only from the server's
// own origin, so inline scripts are blocked.
const contentSecurityPolicy = "frame-ancestors 'self'; script-src 'self'"

// clientConfig is the web app's configuration, served as /static/mmlite-config.js.
type clientConfig struct {
	Faults    []string `json:"faults"`
	NoLanding bool     `json:"noLanding"`
	UserMenu  string   `json:"userMenu"`
	Version   string   `json:"version"`
}

func (s *Server) webRoutes(mux *http.ServeMux) {
	static, err := fs.Sub(webFiles, "web")
	if err != nil {
		panic(err) // the embedded folder always exists
	}
	index, err := fs.ReadFile(static, "index.html")
	if err != nil {
		panic(err)
	}
	faultNames := make([]string, 0, len(s.faults))
	for name := range s.faults {
		faultNames = append(faultNames, name)
	}
	slices.Sort(faultNames)
	configJSON, err := json.Marshal(clientConfig{
		Faults: faultNames, NoLanding: s.opts.NoLanding, UserMenu: s.opts.UserMenu, Version: s.opts.Version,
	})
	if err != nil {
		panic(err)
	}
	configScript := []byte("window.mmliteConfig = " + string(configJSON) + ";\n")

	fileServer := http.FileServerFS(static)
	mux.HandleFunc("GET /static/mmlite-config.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write(configScript)
	})
	mux.HandleFunc("GET /static/{file}", func(w http.ResponseWriter, r *http.Request) {
		name := r.PathValue("file")
		if name == "index.html" || path.Ext(name) == "" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "no-cache")
		r2 := r.Clone(r.Context())
		r2.URL.Path = "/" + name
		fileServer.ServeHTTP(w, r2)
	})
	mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/static/favicon.svg", http.StatusMovedPermanently)
	})
	// Every other path is a page of the single-page web app.
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "Method Not Allowed", http.StatusMethodNotAllowed)
			return
		}
		h := w.Header()
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("Cache-Control", "no-cache, max-age=31556926, public")
		h.Set("X-Frame-Options", "SAMEORIGIN")
		_, _ = w.Write(index)
	})
}
