// Command app renders a template and serves static files. Its Dockerfile copies the
// service/ folder into the WORKDIR and assets/ into ./static, so every file it reads at run
// time has an image path that differs from its path in the build context.
package main

import (
	"encoding/json"
	"html/template"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
)

func main() {
	raw, err := os.ReadFile("conf/app.json")
	if err != nil {
		log.Fatalf("reading config: %v", err)
	}
	var cfg struct {
		Title string `json:"title"`
	}
	if err := json.Unmarshal(raw, &cfg); err != nil {
		log.Fatalf("parsing config: %v", err)
	}
	page := template.Must(template.ParseFiles("templates/index.html"))
	static := http.StripPrefix("/static/", http.FileServer(http.Dir("./static")))
	http.Handle("/static/", static)
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		static.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/static/style.css", nil))
		css, _ := io.ReadAll(rec.Body)
		page.Execute(w, map[string]string{"Title": cfg.Title, "CSS": strings.TrimSpace(string(css))})
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}
