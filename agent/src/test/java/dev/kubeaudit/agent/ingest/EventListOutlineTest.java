package dev.kubeaudit.agent.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What one outline pass costs and keeps: nothing allocated per body, nothing held after it. */
class EventListOutlineTest {
    @Test
    void readingAnAcceptedBodyAllocatesNothingOnceWarm() throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported(), "per-thread allocation counting");
        EventListOutline outline = new EventListOutline();
        long thread = Thread.currentThread().getId();
        for (Path file : EventListParserTest.realEventLists()) {
            byte[] body = Files.readAllBytes(file);
            outline.read(body, 0, body.length, IngestLimits.DEFAULTS);
            outline.read(body, 0, body.length, IngestLimits.DEFAULTS);
            long before = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < 3; i++) {
                outline.read(body, 0, body.length, IngestLimits.DEFAULTS);
            }
            long allocated = threads.getThreadAllocatedBytes(thread) - before;
            assertThat(allocated).as(file + ": bytes allocated by three reads").isZero();
            assertThat(outline.count).isPositive();
            assertThat(outline.apiVersion).isSameAs(EventListParser.V1);
            assertThat(outline.firstWhitespace).isEqualTo(body.length - 1);
        }
    }

    @Test
    void theSpansAreHandedOverExactlyAndTheBodyIsNotHeld() throws Exception {
        EventListOutline outline = new EventListOutline();
        byte[] body = ("{\"items\":[" + EventListParserTest.ITEM + "," + EventListParserTest.ITEM + "]}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        outline.read(body, 0, body.length, IngestLimits.DEFAULTS);
        int[] spans = outline.copySpans();
        assertThat(spans).containsExactly(11, EventListParserTest.ITEM.length() - 1, 1,
                12 + EventListParserTest.ITEM.length(), EventListParserTest.ITEM.length() - 1, 1);
        assertThat(outline.spans).isNull();
        assertThat(outline.firstWhitespace).isEqualTo(-1);
        java.lang.reflect.Field held = EventListOutline.class.getDeclaredField("b");
        held.setAccessible(true);
        assertThat(held.get(outline)).isNull();
    }
}
