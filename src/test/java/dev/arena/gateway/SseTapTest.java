package dev.arena.gateway;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SseTapTest {
    @Test
    void eventsSplitAnywhereWithAnyLineEndingComeOutWhole() {
        String stream = ": keep-alive\r\nevent: a\r\ndata: {\"n\":1}\r\n\r\n"
                + "event: b\ndata: line one\ndata:line two\nid: 7\n\n"
                + "data: {\"n\":3}\r\rdata: [DONE]";
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        List<String> events = new ArrayList<>();
        SseTap tap = new SseTap(events::add);

        for (int i = 0; i < bytes.length; i++) { // one byte at a time: every split point at once
            tap.accept(bytes, i, 1);
        }
        tap.finish();

        assertEquals(List.of("{\"n\":1}", "line one\nline two", "{\"n\":3}", "[DONE]"), events);
    }
}
