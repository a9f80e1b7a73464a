// Command cgo serves the result of a C function compiled in through cgo.
package main

/*
#include <stdio.h>

static int add(int a, int b) { return a + b; }

static void describe(char *buf, int n, int v) {
	snprintf(buf, n, "computed in C via snprintf: %d", v);
}
*/
import "C"

import (
	"fmt"
	"log"
	"net/http"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		sum := C.add(40, 2)
		var buf [64]C.char
		C.describe(&buf[0], C.int(len(buf)), sum)
		fmt.Fprintf(w, "C.add(40, 2) = %d\n%s\n", int(sum), C.GoString(&buf[0]))
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}
