#include "check.h"
#include "strbuf.h"

int main(void) {
    CHECK(sb_count_words("") == 0);
    CHECK(sb_count_words("   \t\n") == 0);
    CHECK(sb_count_words("one") == 1);
    CHECK(sb_count_words("  two words  ") == 2);
    CHECK(sb_count_words("a\tb\nc  d") == 4);
    DONE();
}
