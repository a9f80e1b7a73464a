// Command templates renders html/template files and serves static assets,
// all read from the working directory at run time (no go:embed).
package main

import (
	"encoding/json"
	"html/template"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
)

type config struct {
	Title string   `json:"title"`
	Items []string `json:"items"`
}

func main() {
	raw, err := os.ReadFile("config.json")
	if err != nil {
		log.Fatalf("reading config: %v", err)
	}
	var cfg config
	if err := json.Unmarshal(raw, &cfg); err != nil {
		log.Fatalf("parsing config: %v", err)
	}
	tmpl := template.Must(template.ParseGlob("templates/*.html"))
	static := http.StripPrefix("/static/", http.FileServer(http.Dir("static")))

	http.Handle("/static/", static)
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		// Fetch a static file through the same FileServer, so the page
		// also proves that static/ is present at run time.
		rec := httptest.NewRecorder()
		static.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/static/banner.txt", nil))
		data := struct {
			config
			Banner string
		}{cfg, strings.TrimSpace(rec.Body.String())}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if err := tmpl.ExecuteTemplate(w, "index.html", data); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
		}
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}
