// Command user reports the account it runs as and proves that its home
// directory exists and is writable.
package main

import (
	"fmt"
	"log"
	"net/http"
	"os"
	"os/user"
	"path/filepath"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		u, err := user.Current()
		if err != nil {
			http.Error(w, "user lookup failed: "+err.Error(), http.StatusInternalServerError)
			return
		}
		home := os.Getenv("HOME")
		path := filepath.Join(home, "probe.txt")
		want := "written by " + u.Username
		if err := os.WriteFile(path, []byte(want), 0o600); err != nil {
			http.Error(w, "write failed: "+err.Error(), http.StatusInternalServerError)
			return
		}
		got, err := os.ReadFile(path)
		if err != nil {
			http.Error(w, "read failed: "+err.Error(), http.StatusInternalServerError)
			return
		}
		fmt.Fprintf(w, "user=%s uid=%s home=%s HOME=%s\n%s: %s\n", u.Username, u.Uid, u.HomeDir, home, path, got)
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}
