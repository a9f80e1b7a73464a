/* Prints a greeting and the square roots of 1..3 (links libm). */
#include <math.h>
#include <stdio.h>

int main(void) {
    printf("hello from C\n");
    for (int i = 1; i <= 3; i++) printf("sqrt(%d)=%.3f\n", i, sqrt((double)i));
    return 0;
}
