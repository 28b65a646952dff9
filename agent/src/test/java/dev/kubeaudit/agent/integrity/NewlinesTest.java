package dev.kubeaudit.agent.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class NewlinesTest {
    private static int naive(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    @Test
    void findsTheSameNewlineAsAByteByByteScanAtEveryOffset() {
        Random random = new Random(11);
        for (int round = 0; round < 2000; round++) {
            byte[] b = new byte[random.nextInt(40)];
            for (int i = 0; i < b.length; i++) {
                // bytes near '\n' (0x09, 0x0B, 0x8A) and high bytes catch a wrong bit trick
                int pick = random.nextInt(6);
                b[i] = (byte) (pick == 0 ? '\n' : pick == 1 ? 0x0B : pick == 2 ? 0x09 : pick == 3 ? 0x8A
                        : pick == 4 ? 0xFF : random.nextInt(256));
            }
            for (int from = 0; from <= b.length; from++) {
                for (int to = from; to <= b.length; to++) {
                    assertThat(Newlines.next(b, from, to)).as("round %d [%d, %d)", round, from, to)
                            .isEqualTo(naive(b, from, to));
                }
            }
        }
    }
}
