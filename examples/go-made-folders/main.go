// Command server needs folders and a file its Dockerfile made outside the copied source:
// it writes its state to /var/lib/app (owned by the app user, mode 0700), drops a file into
// the shared /srv/shared (mode 1777) and reads /etc/app/app.conf. It stops at start when one
// of them is missing, and its answer shows their modes and owners.
package main

import (
	"fmt"
	"log"
	"net/http"
	"os"
	"strings"
	"syscall"
)

func describe(p string) string {
	st, err := os.Stat(p)
	if err != nil {
		log.Fatalf("%s: %v", p, err)
	}
	uid := st.Sys().(*syscall.Stat_t).Uid
	return fmt.Sprintf("%s %o uid=%d", p, st.Mode().Perm()|st.Mode()&os.ModeSticky, uid)
}

func main() {
	if err := os.WriteFile("/var/lib/app/started", []byte("ok\n"), 0o600); err != nil {
		log.Fatalf("state folder: %v", err)
	}
	if err := os.WriteFile("/srv/shared/server.pid", []byte(fmt.Sprint(os.Getpid())), 0o644); err != nil {
		log.Fatalf("shared folder: %v", err)
	}
	conf, err := os.ReadFile("/etc/app/app.conf")
	if err != nil {
		log.Fatalf("config: %v", err)
	}
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, strings.TrimSpace(string(conf)))
		fmt.Fprintln(w, describe("/var/lib/app"))
		fmt.Fprintln(w, describe("/srv/shared"))
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}
