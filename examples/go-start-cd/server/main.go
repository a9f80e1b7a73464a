// Command server serves a front end built next to it, by a path relative to the folder the
// container's start moves into (cd server), not to the WORKDIR.
package main

import (
	"log"
	"net/http"
	"path/filepath"
)

func main() {
	build := "../frontend/build"
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		http.ServeFile(w, r, filepath.Join(build, "index.html"))
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}
