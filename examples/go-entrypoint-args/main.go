// Command server is started by an entrypoint script that passes its arguments on:
// CMD ["serve", "--port", "8080"] are arguments for this binary, not a command.
package main

import (
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
)

func main() {
	if len(os.Args) < 2 || os.Args[1] != "serve" {
		log.Fatalf("usage: server serve [--port N], got %q", os.Args[1:])
	}
	fs := flag.NewFlagSet("serve", flag.ExitOnError)
	port := fs.String("port", "80", "port to listen on")
	fs.Parse(os.Args[2:])
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "serving on %s, mode %s\n", *port, os.Getenv("APP_MODE"))
	})
	log.Fatal(http.ListenAndServe(":"+*port, nil))
}
