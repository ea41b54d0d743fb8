#include "check.h"
#include "strbuf.h"

int main(void) {
    char out[64];
    CHECK(sb_trim("  hello  ", out, sizeof out) == 5);
    CHECK_STR(out, "hello");
    CHECK(sb_trim("x", out, sizeof out) == 1);
    CHECK_STR(out, "x");
    CHECK(sb_trim("", out, sizeof out) == 0);
    CHECK_STR(out, "");
    CHECK(sb_trim("abcdef", out, 4) == 3);
    CHECK_STR(out, "abc");

    char r[] = "abcde";
    CHECK_STR(sb_reverse(r), "edcba");
    char e[] = "";
    CHECK_STR(sb_reverse(e), "");

    CHECK(sb_count_char("banana", 'a') == 3);
    CHECK(sb_count_char("", 'a') == 0);
    DONE();
}
