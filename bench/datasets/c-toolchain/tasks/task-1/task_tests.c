#include "check.h"
#include "strbuf.h"

int main(void) {
    char out[64];
    CHECK(sb_trim("  a  ", out, sizeof out) == 1);
    CHECK_STR(out, "a");
    CHECK(sb_trim("b\t\n", out, sizeof out) == 1);
    CHECK_STR(out, "b");
    CHECK(sb_trim("   ", out, sizeof out) == 0);
    CHECK_STR(out, "");
    CHECK(sb_trim(" ab ", out, sizeof out) == 2);
    CHECK_STR(out, "ab");
    DONE();
}
